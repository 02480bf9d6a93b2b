-- CloudTrail trails without log file integrity validation.
-- tables: aws_cloudtrail_trails

SELECT
  Name AS resource,
  CASE WHEN LogFileValidationEnabled = 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN LogFileValidationEnabled = 1 THEN 'log file validation enabled (digest files)' ELSE 'log file validation disabled: tampering with log files would go undetected' END AS reason
FROM aws_cloudtrail_trails
ORDER BY Name;
