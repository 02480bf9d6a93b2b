-- Incidents from the last year that do not record whether personal data was involved.
-- tables: incident_log
-- population: incident_log since detected_date 365d

SELECT
  incident_id || ' ' || coalesce(title, '') AS resource,
  CASE WHEN lower(personal_data_involved) IN ('yes', 'no') THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN lower(personal_data_involved) IN ('yes', 'no') THEN 'personal data involved: ' || personal_data_involved
       ELSE 'personal_data_involved not assessed (expected yes or no)' END AS reason
FROM incident_log
WHERE julianday(soc2_now()) - julianday(detected_date) <= 365
ORDER BY incident_id;
