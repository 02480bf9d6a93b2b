-- S3 buckets that the asset inventory classifies confidential or restricted (a storage asset of the
-- same name) without an enabled replication rule copying them to another bucket (another region or
-- account): their data has no copy outside the bucket. A bucket that is itself the destination of
-- another bucket's replication is the copy.
-- tables: aws_s3_buckets, asset_inventory
-- population: aws_s3_buckets

WITH replicas AS (
  SELECT DISTINCT replace(d.value, 'arn:aws:s3:::', '') AS name
  FROM aws_s3_buckets AS b, json_each(CASE WHEN json_valid(b.replication_destinations) THEN b.replication_destinations ELSE '[]' END) AS d
),
buckets AS (
  SELECT b.Name AS name, b.errors,
         CASE WHEN json_valid(b.replication_destinations) THEN json_array_length(b.replication_destinations) ELSE 0 END AS copies,
         b.replication_destinations AS destinations,
         (SELECT lower(a.data_classification) FROM asset_inventory AS a
          WHERE lower(a.asset_type) = 'storage' AND lower(a.status) = 'in_use' AND lower(trim(a.name)) = lower(b.Name)) AS classification
  FROM aws_s3_buckets AS b
)
SELECT
  name AS resource,
  CASE
    WHEN classification IS NULL OR classification NOT IN ('confidential', 'restricted') THEN 'skip'
    WHEN copies > 0 OR name IN (SELECT name FROM replicas) THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN classification IS NULL THEN 'not a storage asset in use in the inventory (AM-12 reports it)'
    WHEN classification NOT IN ('confidential', 'restricted') THEN classification || ' data'
    WHEN copies > 0 THEN classification || ' data replicated to ' || replace(destinations, 'arn:aws:s3:::', '')
    WHEN name IN (SELECT name FROM replicas) THEN classification || ' data; this bucket is a replica of another'
    WHEN json_extract(errors, '$.replication_destinations') IS NOT NULL THEN classification
      || ' data; its replication configuration could not be read (' || json_extract(errors, '$.replication_destinations') || ')'
    ELSE classification || ' data with no replication: add a replication rule to a bucket in another region or account'
  END AS reason
FROM buckets
ORDER BY name;
