-- Production RDS database instances without deletion protection.
-- tables: aws_rds_instances

SELECT
  i.DBInstanceIdentifier AS resource,
  CASE
    WHEN EXISTS (SELECT 1 FROM json_each(coalesce(i.TagList, '[]')) AS t
            WHERE lower(json_extract(t.value, '$.Key')) IN ('environment', 'env')
              AND lower(json_extract(t.value, '$.Value')) IN ('dev', 'development', 'test', 'staging', 'sandbox')) THEN 'skip'
    WHEN i.DeletionProtection = 1 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN EXISTS (SELECT 1 FROM json_each(coalesce(i.TagList, '[]')) AS t
            WHERE lower(json_extract(t.value, '$.Key')) IN ('environment', 'env')
              AND lower(json_extract(t.value, '$.Value')) IN ('dev', 'development', 'test', 'staging', 'sandbox')) THEN 'non-production instance (Environment tag)'
    WHEN i.DeletionProtection = 1 THEN 'deletion protection enabled'
    ELSE 'deletion protection disabled'
  END AS reason
FROM aws_rds_instances AS i
ORDER BY i.DBInstanceIdentifier;
