-- IAM users that do not belong to an active person or owned service account in the HR roster (aws_username).
-- tables: aws_iam_users, hr_roster
-- population: aws_iam_users

SELECT
  u.UserName AS resource,
  CASE WHEN lower(h.status) IN ('active', 'on_leave') THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN h.email IS NULL THEN 'no HR roster row has aws_username ' || u.UserName || ' (created ' || u.CreateDate || ')'
    WHEN lower(h.status) IN ('active', 'on_leave') THEN 'roster: ' || h.email || ' (' || h.employment_type || ')'
    ELSE 'roster: ' || h.email || ' is ' || h.status
  END AS reason
FROM aws_iam_users AS u
LEFT JOIN hr_roster AS h ON lower(h.aws_username) = lower(u.UserName)
ORDER BY u.UserName;
