-- CloudTrail trails that exist but are not currently logging.
-- tables: aws_cloudtrail_trails

SELECT
  Name AS resource,
  CASE WHEN is_logging = 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN is_logging = 1 THEN 'logging to s3://' || S3BucketName ELSE 'trail is stopped: no events are recorded' END AS reason
FROM aws_cloudtrail_trails
ORDER BY Name;
