-- S3 buckets without server access logging (log destination buckets are skipped).
-- tables: aws_s3_buckets

SELECT
  b.Name AS resource,
  CASE
    WHEN EXISTS (SELECT 1 FROM aws_s3_buckets AS o WHERE json_extract(o.logging, '$.TargetBucket') = b.Name) THEN 'skip'
    WHEN json_extract(b.logging, '$.TargetBucket') IS NOT NULL THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN EXISTS (SELECT 1 FROM aws_s3_buckets AS o WHERE json_extract(o.logging, '$.TargetBucket') = b.Name) THEN 'log destination bucket for other buckets'
    WHEN json_extract(b.logging, '$.TargetBucket') IS NOT NULL THEN 'access logs delivered to ' || json_extract(b.logging, '$.TargetBucket')
    ELSE 'server access logging disabled'
  END AS reason
FROM aws_s3_buckets AS b
ORDER BY b.Name;
