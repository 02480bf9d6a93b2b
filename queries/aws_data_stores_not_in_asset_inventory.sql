-- RDS database instances and S3 buckets that the asset inventory does not list: every store of data
-- is recorded with an owner, a classification and whether it needs backups. An inventory row
-- matches by asset_id or name (case-insensitive); retired and disposed assets do not count.
-- tables: aws_rds_instances, aws_s3_buckets, asset_inventory
-- population: aws_rds_instances
-- population: aws_s3_buckets

WITH inventory AS (
  SELECT lower(asset_id) AS key, asset_id, data_classification, owner_email FROM asset_inventory
  WHERE coalesce(lower(status), '') NOT IN ('retired', 'disposed')
  UNION ALL
  SELECT lower(name), asset_id, data_classification, owner_email FROM asset_inventory
  WHERE coalesce(lower(status), '') NOT IN ('retired', 'disposed') AND name IS NOT NULL
),
stores AS (
  SELECT 'RDS instance ' || DBInstanceIdentifier AS resource,
         lower(DBInstanceIdentifier) AS key FROM aws_rds_instances
  UNION ALL
  SELECT 'S3 bucket ' || Name, lower(Name) FROM aws_s3_buckets
)
SELECT
  s.resource,
  CASE WHEN i.asset_id IS NULL THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN i.asset_id IS NULL THEN 'not in the asset inventory: add it with an owner, a data classification and backup_required'
       ELSE 'inventoried as ' || i.asset_id || ' (' || coalesce(i.data_classification, 'unclassified') || ', '
            || coalesce(i.owner_email, 'no owner') || ')' END AS reason
FROM stores AS s
LEFT JOIN inventory AS i ON i.key = s.key
GROUP BY s.resource
ORDER BY s.resource;
