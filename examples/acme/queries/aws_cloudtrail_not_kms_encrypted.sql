-- CloudTrail trails whose log files are not encrypted with a KMS key.
-- tables: aws_cloudtrail_trails

SELECT
  Name AS resource,
  CASE WHEN KmsKeyId IS NOT NULL AND KmsKeyId <> '' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN KmsKeyId IS NOT NULL AND KmsKeyId <> '' THEN 'encrypted with ' || KmsKeyId ELSE 'log files use S3-managed encryption only (no KMS key)' END AS reason
FROM aws_cloudtrail_trails
ORDER BY Name;
