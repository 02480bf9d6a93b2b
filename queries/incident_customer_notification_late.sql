-- Incidents requiring customer notification where customers were not notified within 72 hours of detection.
-- tables: incident_log
-- population: incident_log where lower(customer_notification_required) = 'yes'

WITH required AS (
  SELECT incident_id, title, detected_date, customers_notified_date AS notified,
         julianday(customers_notified_date) - julianday(detected_date) AS lag
  FROM incident_log
  WHERE lower(customer_notification_required) = 'yes'
)
SELECT
  incident_id || ' ' || coalesce(title, '') AS resource,
  CASE
    WHEN notified IS NOT NULL AND lag <= 3 THEN 'ok'
    WHEN notified IS NULL AND julianday(soc2_now()) - julianday(detected_date) <= 3 THEN 'info'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN notified IS NOT NULL AND lag <= 3 THEN 'customer notified ' || notified || ' (detected ' || detected_date || ')'
    WHEN notified IS NULL AND julianday(soc2_now()) - julianday(detected_date) <= 3 THEN 'detected ' || detected_date || '; customer notification due within 72 hours'
    WHEN notified IS NULL THEN 'detected ' || detected_date || '; customer notification required but not recorded'
    ELSE 'customer notified ' || notified || ', ' || CAST(lag AS INTEGER) || ' days after detection (commitment: 72 hours)'
  END AS reason
FROM required
UNION ALL
SELECT 'incident notifications', 'ok', 'no incident required customer notification'
WHERE NOT EXISTS (SELECT 1 FROM required)
ORDER BY 1;
