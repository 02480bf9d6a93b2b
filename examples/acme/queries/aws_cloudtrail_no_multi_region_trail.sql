-- There is no CloudTrail trail that is multi-region and currently logging.
-- tables: aws_cloudtrail_trails

SELECT
  'CloudTrail (all regions)' AS resource,
  CASE WHEN EXISTS (SELECT 1 FROM aws_cloudtrail_trails WHERE IsMultiRegionTrail = 1 AND is_logging = 1)
       THEN 'ok' ELSE 'alarm' END AS status,
  coalesce(
    (SELECT 'multi-region trail(s) logging: ' || group_concat(Name, ', ') FROM aws_cloudtrail_trails
     WHERE IsMultiRegionTrail = 1 AND is_logging = 1),
    'no multi-region trail is logging; API activity in some regions is not recorded'
  ) AS reason;
