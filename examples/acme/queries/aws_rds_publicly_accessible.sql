-- RDS database instances reachable from the internet (PubliclyAccessible).
-- tables: aws_rds_instances

SELECT
  i.DBInstanceIdentifier AS resource,
  CASE
    WHEN i.PubliclyAccessible = 0 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN i.PubliclyAccessible = 0 THEN 'private: not publicly accessible'
    ELSE 'publicly accessible: the endpoint resolves to a public IP'
  END AS reason
FROM aws_rds_instances AS i
ORDER BY i.DBInstanceIdentifier;
