-- Active IAM access keys not used in the last 90 days (or never used since creation 90+ days ago).
-- tables: aws_iam_credential_report
-- population: aws_iam_credential_report where user <> '<root_account>' AND (access_key_1_active = 'true' OR access_key_2_active = 'true')

WITH keys AS (
  SELECT user, 1 AS key_no, access_key_1_last_rotated AS rotated, access_key_1_last_used_date AS used, user_creation_time
  FROM aws_iam_credential_report WHERE user <> '<root_account>' AND access_key_1_active = 'true'
  UNION ALL
  SELECT user, 2, access_key_2_last_rotated, access_key_2_last_used_date, user_creation_time
  FROM aws_iam_credential_report WHERE user <> '<root_account>' AND access_key_2_active = 'true'
)
SELECT
  user || ' key ' || key_no AS resource,
  CASE WHEN julianday(soc2_now()) - julianday(coalesce(nullif(used, 'N/A'), rotated)) <= 90 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN used = 'N/A' OR used IS NULL THEN 'never used since ' || coalesce(rotated, '?')
    ELSE 'last used ' || used
  END AS reason
FROM keys
UNION ALL
SELECT 'IAM access keys', 'ok', 'no active IAM user access keys'
WHERE NOT EXISTS (SELECT 1 FROM keys)
ORDER BY 1;
