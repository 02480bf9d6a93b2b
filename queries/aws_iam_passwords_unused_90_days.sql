-- IAM users with a console password not used in the last 90 days.
-- tables: aws_iam_credential_report
-- population: aws_iam_credential_report where user <> '<root_account>' AND password_enabled = 'true'

WITH console AS (
  SELECT user, password_last_used, user_creation_time,
         coalesce(julianday(password_last_used), julianday(user_creation_time)) AS last_activity
  FROM aws_iam_credential_report
  WHERE user <> '<root_account>' AND password_enabled = 'true'
)
SELECT
  user AS resource,
  CASE WHEN julianday(soc2_now()) - last_activity <= 90 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN julianday(password_last_used) IS NULL THEN 'password never used since creation on ' || user_creation_time
    ELSE 'password last used ' || password_last_used
  END AS reason
FROM console
UNION ALL
SELECT 'IAM console users', 'ok', 'no IAM user has a console password'
WHERE NOT EXISTS (SELECT 1 FROM console)
ORDER BY 1;
