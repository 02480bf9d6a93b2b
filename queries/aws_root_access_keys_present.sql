-- The AWS root account has active access keys.
-- tables: aws_iam_credential_report
-- population: aws_iam_credential_report where user = '<root_account>'

SELECT
  'AWS root account ' || arn AS resource,
  CASE WHEN access_key_1_active <> 'true' AND access_key_2_active <> 'true' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN access_key_1_active <> 'true' AND access_key_2_active <> 'true' THEN 'no active root access keys' ELSE 'root account has an active access key (last used ' || CASE WHEN access_key_1_active = 'true' THEN access_key_1_last_used_date ELSE access_key_2_last_used_date END || '): remove it' END AS reason
FROM aws_iam_credential_report
WHERE user = '<root_account>'
UNION ALL
SELECT 'AWS root account', 'error', 'the credential report has no <root_account> row'
WHERE NOT EXISTS (SELECT 1 FROM aws_iam_credential_report WHERE user = '<root_account>');
