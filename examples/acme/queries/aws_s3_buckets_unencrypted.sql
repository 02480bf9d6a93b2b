-- S3 buckets without default server-side encryption configured.
-- tables: aws_s3_buckets

SELECT
  b.Name AS resource,
  CASE
    WHEN json_extract(b.encryption, '$.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm') IS NOT NULL THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN json_extract(b.encryption, '$.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm') IS NOT NULL THEN 'default encryption ' || json_extract(b.encryption, '$.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm')
    ELSE 'no default server-side encryption configuration'
  END AS reason
FROM aws_s3_buckets AS b
ORDER BY b.Name;
