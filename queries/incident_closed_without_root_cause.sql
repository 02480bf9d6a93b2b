-- Resolved or closed incidents with no documented root cause.
-- tables: incident_log
-- population: incident_log where lower(status) IN ('resolved', 'closed')

SELECT
  incident_id || ' ' || coalesce(title, '') AS resource,
  CASE WHEN trim(coalesce(root_cause, '')) <> '' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN trim(coalesce(root_cause, '')) <> '' THEN 'root cause: ' || root_cause
       ELSE severity || ' incident ' || status || ' on ' || coalesce(resolved_date, '?') || ' with no root cause recorded' END AS reason
FROM incident_log
WHERE lower(status) IN ('resolved', 'closed')
ORDER BY incident_id;
