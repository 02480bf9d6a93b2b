-- Incidents from the last year without an assigned owner or a valid severity.
-- tables: incident_log
-- population: incident_log where julianday(soc2_now()) - julianday(detected_date) <= 365 OR lower(status) NOT IN ('resolved', 'closed')

SELECT
  incident_id || ' ' || coalesce(title, '') AS resource,
  CASE WHEN trim(coalesce(owner_email, '')) <> '' AND lower(severity) IN ('critical', 'high', 'medium', 'low')
       THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN trim(coalesce(owner_email, '')) = '' THEN 'no incident owner assigned'
    WHEN lower(coalesce(severity, '')) NOT IN ('critical', 'high', 'medium', 'low') THEN 'severity "' || coalesce(severity, '') || '" is not critical, high, medium or low'
    ELSE severity || ', owned by ' || owner_email
  END AS reason
FROM incident_log
WHERE julianday(soc2_now()) - julianday(detected_date) <= 365 OR lower(status) NOT IN ('resolved', 'closed')
ORDER BY incident_id;
