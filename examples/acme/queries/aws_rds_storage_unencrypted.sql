-- RDS database instances whose storage is not encrypted at rest.
-- tables: aws_rds_instances

SELECT
  i.DBInstanceIdentifier AS resource,
  CASE
    WHEN i.StorageEncrypted = 1 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN i.StorageEncrypted = 1 THEN 'storage encrypted'
    ELSE 'storage is not encrypted at rest'
  END AS reason
FROM aws_rds_instances AS i
ORDER BY i.DBInstanceIdentifier;
