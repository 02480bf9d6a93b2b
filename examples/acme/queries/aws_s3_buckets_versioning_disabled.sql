-- S3 buckets without object versioning enabled.
-- tables: aws_s3_buckets

SELECT
  b.Name AS resource,
  CASE
    WHEN b.versioning = 'Enabled' THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN b.versioning = 'Enabled' THEN 'versioning enabled'
    ELSE 'versioning ' || coalesce(b.versioning, 'never enabled')
  END AS reason
FROM aws_s3_buckets AS b
ORDER BY b.Name;
