-- Incidents requiring customer notification where customers were not notified within the committed
-- window, counted from detection: `incident_notification_hours` of soc2.toml [organization] (the
-- number the incident response policy states), 72 hours when it is not set.
-- tables: incident_log, soc2_organization
-- population: incident_log where lower(customer_notification_required) = 'yes'

WITH commitment AS (
  SELECT coalesce(
    (SELECT CAST(value AS REAL) FROM soc2_organization WHERE key = 'incident_notification_hours'), 72
  ) AS hours
),
required AS (
  SELECT incident_id, title, detected_date, customers_notified_date AS notified,
         julianday(customers_notified_date) - julianday(detected_date) AS lag
  FROM incident_log
  WHERE lower(customer_notification_required) = 'yes'
)
SELECT
  incident_id || ' ' || coalesce(title, '') AS resource,
  CASE
    WHEN notified IS NOT NULL AND lag * 24 <= (SELECT hours FROM commitment) THEN 'ok'
    WHEN notified IS NULL AND (julianday(soc2_now()) - julianday(detected_date)) * 24 <= (SELECT hours FROM commitment) THEN 'info'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN notified IS NOT NULL AND lag * 24 <= (SELECT hours FROM commitment) THEN 'customer notified ' || notified || ' (detected ' || detected_date || ')'
    WHEN notified IS NULL AND (julianday(soc2_now()) - julianday(detected_date)) * 24 <= (SELECT hours FROM commitment) THEN 'detected ' || detected_date || '; customer notification due within ' || CAST((SELECT hours FROM commitment) AS INTEGER) || ' hours'
    WHEN notified IS NULL THEN 'detected ' || detected_date || '; customer notification required but not recorded'
    ELSE 'customer notified ' || notified || ', ' || CAST(lag AS INTEGER) || ' days after detection (commitment: ' || CAST((SELECT hours FROM commitment) AS INTEGER) || ' hours)'
  END AS reason
FROM required
UNION ALL
SELECT 'incident notifications', 'ok', 'no incident required customer notification'
WHERE NOT EXISTS (SELECT 1 FROM required)
ORDER BY 1;
