-- People marked terminated in the HR roster who still have an AWS IAM user.
-- tables: hr_roster, aws_iam_users
-- population: hr_roster where lower(status) = 'terminated' AND trim(coalesce(aws_username, '')) <> ''

WITH leavers AS (
  SELECT email, end_date, aws_username
  FROM hr_roster
  WHERE lower(status) = 'terminated' AND trim(coalesce(aws_username, '')) <> ''
)
SELECT
  l.aws_username AS resource,
  CASE WHEN u.UserName IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN u.UserName IS NULL
    THEN l.email || ' left on ' || coalesce(l.end_date, '?') || '; IAM user deleted'
    ELSE l.email || ' left on ' || coalesce(l.end_date, '?') || ' but IAM user ' || u.Arn || ' still exists'
  END AS reason
FROM leavers AS l
LEFT JOIN aws_iam_users AS u ON lower(u.UserName) = lower(l.aws_username)
UNION ALL
SELECT 'AWS leavers', 'ok', 'no terminated person in the roster has an aws_username'
WHERE NOT EXISTS (SELECT 1 FROM leavers)
ORDER BY 1;
