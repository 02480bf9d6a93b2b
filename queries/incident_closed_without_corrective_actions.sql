-- Closed incidents with no corrective or preventive actions recorded.
-- tables: incident_log
-- population: incident_log where lower(status) = 'closed'

SELECT
  incident_id || ' ' || coalesce(title, '') AS resource,
  CASE WHEN trim(coalesce(corrective_actions, '')) <> '' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN trim(coalesce(corrective_actions, '')) <> '' THEN 'actions: ' || corrective_actions
       ELSE 'closed with no corrective actions recorded' END AS reason
FROM incident_log
WHERE lower(status) = 'closed'
ORDER BY incident_id;
