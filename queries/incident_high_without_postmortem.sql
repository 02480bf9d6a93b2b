-- Critical or high incidents resolved more than 14 days ago without a post-incident review (postmortem).
-- tables: incident_log
-- population: incident_log where lower(severity) IN ('critical', 'high') AND lower(status) IN ('resolved', 'closed')

WITH serious AS (
  SELECT incident_id, title, severity, resolved_date, postmortem_link
  FROM incident_log
  WHERE lower(severity) IN ('critical', 'high') AND lower(status) IN ('resolved', 'closed')
)
SELECT
  incident_id || ' ' || coalesce(title, '') AS resource,
  CASE
    WHEN trim(coalesce(postmortem_link, '')) <> '' THEN 'ok'
    WHEN julianday(soc2_now()) - julianday(resolved_date) <= 14 THEN 'info'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN trim(coalesce(postmortem_link, '')) <> '' THEN 'postmortem ' || postmortem_link
    WHEN julianday(soc2_now()) - julianday(resolved_date) <= 14 THEN 'resolved ' || resolved_date || '; postmortem due within 14 days'
    ELSE severity || ' incident resolved ' || coalesce(resolved_date, '?') || ' with no postmortem'
  END AS reason
FROM serious
UNION ALL
SELECT 'critical and high incidents', 'ok', 'no resolved critical or high incidents'
WHERE NOT EXISTS (SELECT 1 FROM serious)
ORDER BY 1;
