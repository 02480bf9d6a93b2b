-- IAM users who can sign in to the AWS console with a password but have no MFA device.
-- tables: aws_iam_credential_report
-- population: aws_iam_credential_report where user <> '<root_account>' AND password_enabled = 'true'

SELECT
  user AS resource,
  CASE WHEN mfa_active = 'true' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN mfa_active = 'true' THEN 'console password with MFA'
       ELSE 'console password without MFA (last sign-in ' || password_last_used || ')' END AS reason
FROM aws_iam_credential_report
WHERE user <> '<root_account>' AND password_enabled = 'true'
UNION ALL
SELECT 'IAM console users', 'ok', 'no IAM user has a console password'
WHERE NOT EXISTS (SELECT 1 FROM aws_iam_credential_report WHERE user <> '<root_account>' AND password_enabled = 'true')
ORDER BY 1;
