-- Production RDS database instances not deployed across multiple availability zones.
-- tables: aws_rds_instances

SELECT
  i.DBInstanceIdentifier AS resource,
  CASE
    WHEN EXISTS (SELECT 1 FROM json_each(coalesce(i.TagList, '[]')) AS t
            WHERE lower(json_extract(t.value, '$.Key')) IN ('environment', 'env')
              AND lower(json_extract(t.value, '$.Value')) IN ('dev', 'development', 'test', 'staging', 'sandbox')) THEN 'skip'
    WHEN i.MultiAZ = 1 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN EXISTS (SELECT 1 FROM json_each(coalesce(i.TagList, '[]')) AS t
            WHERE lower(json_extract(t.value, '$.Key')) IN ('environment', 'env')
              AND lower(json_extract(t.value, '$.Value')) IN ('dev', 'development', 'test', 'staging', 'sandbox')) THEN 'non-production instance (Environment tag)'
    WHEN i.MultiAZ = 1 THEN 'Multi-AZ deployment'
    ELSE 'single-AZ production database: an AZ outage takes it down'
  END AS reason
FROM aws_rds_instances AS i
ORDER BY i.DBInstanceIdentifier;
