-- IAM users with two active access keys at once.
-- tables: aws_iam_credential_report
-- population: aws_iam_credential_report where user <> '<root_account>'

SELECT
  user AS resource,
  CASE WHEN access_key_1_active = 'true' AND access_key_2_active = 'true' THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN access_key_1_active = 'true' AND access_key_2_active = 'true'
    THEN 'two active keys (rotated ' || access_key_1_last_rotated || ' and ' || access_key_2_last_rotated || '): finish the rotation'
    ELSE (CASE WHEN access_key_1_active = 'true' THEN 1 ELSE 0 END + CASE WHEN access_key_2_active = 'true' THEN 1 ELSE 0 END) || ' active key(s)'
  END AS reason
FROM aws_iam_credential_report
WHERE user <> '<root_account>'
ORDER BY user;
