-- The AWS root account does not have multi-factor authentication enabled.
-- tables: aws_iam_credential_report
-- population: aws_iam_credential_report where user = '<root_account>'

SELECT
  'AWS root account ' || arn AS resource,
  CASE WHEN mfa_active = 'true' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN mfa_active = 'true' THEN 'MFA enabled on the root account' ELSE 'root account has no MFA device' END AS reason
FROM aws_iam_credential_report
WHERE user = '<root_account>'
UNION ALL
SELECT 'AWS root account', 'error', 'the credential report has no <root_account> row'
WHERE NOT EXISTS (SELECT 1 FROM aws_iam_credential_report WHERE user = '<root_account>');
