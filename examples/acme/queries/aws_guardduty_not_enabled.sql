-- AWS regions without an enabled GuardDuty threat detector.
-- tables: aws_guardduty_detectors

SELECT
  Region AS resource,
  CASE WHEN Status = 'ENABLED' THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN DetectorId IS NULL THEN 'no GuardDuty detector in this region'
    WHEN Status = 'ENABLED' THEN 'detector ' || DetectorId || ' enabled'
    ELSE 'detector ' || DetectorId || ' is ' || coalesce(Status, 'in an unknown state')
  END AS reason
FROM aws_guardduty_detectors
ORDER BY Region;
