-- Active IAM access keys that have not been rotated in the last 90 days.
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
  CASE WHEN julianday(soc2_now()) - julianday(rotated) <= 90 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN julianday(soc2_now()) - julianday(rotated) <= 90 THEN 'rotated ' || rotated
       ELSE 'last rotated ' || coalesce(rotated, 'never') || ' (' || CAST(julianday(soc2_now()) - julianday(rotated) AS INTEGER) || ' days ago)' END AS reason
FROM keys
UNION ALL
SELECT 'IAM access keys', 'ok', 'no active IAM user access keys'
WHERE NOT EXISTS (SELECT 1 FROM keys)
ORDER BY 1;
