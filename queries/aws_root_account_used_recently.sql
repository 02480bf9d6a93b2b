-- The AWS root account was used (console sign-in or access key) in the last 30 days.
-- tables: aws_iam_credential_report
-- population: aws_iam_credential_report where user = '<root_account>'

SELECT
  'AWS root account ' || arn AS resource,
  CASE WHEN coalesce(julianday(soc2_now()) - julianday(password_last_used) > 30, 1)
       AND coalesce(julianday(soc2_now()) - julianday(access_key_1_last_used_date) > 30, 1)
       AND coalesce(julianday(soc2_now()) - julianday(access_key_2_last_used_date) > 30, 1) THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN coalesce(julianday(soc2_now()) - julianday(password_last_used) > 30, 1)
       AND coalesce(julianday(soc2_now()) - julianday(access_key_1_last_used_date) > 30, 1)
       AND coalesce(julianday(soc2_now()) - julianday(access_key_2_last_used_date) > 30, 1) THEN 'root last signed in ' || password_last_used ELSE 'root account used on ' || max(coalesce(CASE WHEN julianday(password_last_used) IS NOT NULL THEN password_last_used END, ''), coalesce(CASE WHEN julianday(access_key_1_last_used_date) IS NOT NULL THEN access_key_1_last_used_date END, ''), coalesce(CASE WHEN julianday(access_key_2_last_used_date) IS NOT NULL THEN access_key_2_last_used_date END, '')) || ': confirm it was an approved break-glass use' END AS reason
FROM aws_iam_credential_report
WHERE user = '<root_account>'
UNION ALL
SELECT 'AWS root account', 'error', 'the credential report has no <root_account> row'
WHERE NOT EXISTS (SELECT 1 FROM aws_iam_credential_report WHERE user = '<root_account>');
