-- GuardDuty findings still open (not archived) past the time to record their outcome: 7 days for
-- high severity (7.0 and above), 30 days for medium (4.0 to 6.9), counted from when GuardDuty first
-- saw the activity. Archiving a finding with its triage outcome (false positive, expected activity,
-- or handled as an incident) closes it; suppression rules archive expected activity automatically.
-- The population is the enabled detectors: a detector with no open finding passes.
-- tables: aws_guardduty_findings, aws_guardduty_detectors
-- population: aws_guardduty_detectors where Status = 'ENABLED'

WITH open AS (
  SELECT *,
         CAST(julianday(soc2_now()) - julianday(created_at) AS INTEGER) AS age,
         CASE WHEN severity >= 7 THEN 7 ELSE 30 END AS sla
  FROM aws_guardduty_findings
  WHERE coalesce(archived, 0) = 0
)
SELECT
  coalesce(type, 'finding') || ' on ' || coalesce(resource_type, '?') || ' ' || coalesce(resource_id, '?')
    || ' (' || coalesce(region, '?') || ', ' || id || ')' AS resource,
  CASE WHEN julianday(soc2_now()) - julianday(created_at) > sla THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN severity >= 7 THEN 'high' ELSE 'medium' END || ' (' || severity || '), open ' || age || ' days since '
    || substr(created_at, 1, 10)
    || CASE WHEN julianday(soc2_now()) - julianday(created_at) > sla
            THEN ': past the ' || sla || ' days to triage and archive it' ELSE '' END
    || ' — ' || coalesce(title, '') AS reason
FROM open
UNION ALL
SELECT
  'GuardDuty ' || d.Region || ' detector ' || d.DetectorId,
  'ok',
  (SELECT count(*) FROM open AS o WHERE o.detector_id = d.DetectorId) || ' open finding(s), '
    || (SELECT count(*) FROM open AS o WHERE o.detector_id = d.DetectorId
        AND julianday(soc2_now()) - julianday(o.created_at) > o.sla) || ' past their triage time'
FROM aws_guardduty_detectors AS d
WHERE d.Status = 'ENABLED'
ORDER BY 2, 1;
