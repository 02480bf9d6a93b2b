-- Open incidents older than their resolution target (critical 7 days, high 14, medium 30, low 90).
-- tables: incident_log
-- population: incident_log where lower(status) IN ('open', 'contained')

WITH open_incidents AS (
  SELECT incident_id, title, severity, detected_date,
         julianday(soc2_now()) - julianday(detected_date) AS age,
         CASE lower(severity) WHEN 'critical' THEN 7 WHEN 'high' THEN 14 WHEN 'medium' THEN 30 ELSE 90 END AS target
  FROM incident_log
  WHERE lower(status) IN ('open', 'contained')
)
SELECT
  incident_id || ' ' || coalesce(title, '') AS resource,
  CASE WHEN age <= target THEN 'ok' ELSE 'alarm' END AS status,
  coalesce(severity, 'unrated') || ' incident open ' || CAST(age AS INTEGER) || ' day(s) since ' || detected_date
    || ', target ' || target || ' days' AS reason
FROM open_incidents
UNION ALL
SELECT 'open incidents', 'ok', 'no open incidents'
WHERE NOT EXISTS (SELECT 1 FROM open_incidents)
ORDER BY 1;
