-- Processing errors (incidents of category processing_error) still open after 14 days.
-- tables: incident_log
-- population: incident_log where lower(category) = 'processing_error'

WITH errors AS (
  SELECT incident_id, title, status, detected_date, resolved_date,
         julianday(soc2_now()) - julianday(detected_date) AS age
  FROM incident_log
  WHERE lower(category) = 'processing_error'
)
SELECT
  incident_id || ' ' || coalesce(title, '') AS resource,
  CASE WHEN lower(status) IN ('resolved', 'closed') OR age <= 14 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN lower(status) IN ('resolved', 'closed') THEN 'resolved ' || coalesce(resolved_date, '?')
    ELSE status || ' for ' || CAST(age AS INTEGER) || ' day(s) since ' || detected_date || ' (target 14 days)'
  END AS reason
FROM errors
UNION ALL
SELECT 'processing errors', 'ok', 'no processing errors logged'
WHERE NOT EXISTS (SELECT 1 FROM errors)
ORDER BY 1;
