-- Personal data breaches requiring regulator notification that were not notified within 72 hours of detection.
-- tables: incident_log
-- population: incident_log where lower(regulator_notification_required) = 'yes'

WITH required AS (
  SELECT incident_id, title, detected_date, regulator_notified_date AS notified,
         julianday(regulator_notified_date) - julianday(detected_date) AS lag
  FROM incident_log
  WHERE lower(regulator_notification_required) = 'yes'
)
SELECT
  incident_id || ' ' || coalesce(title, '') AS resource,
  CASE
    WHEN notified IS NOT NULL AND lag <= 3 THEN 'ok'
    WHEN notified IS NULL AND julianday(soc2_now()) - julianday(detected_date) <= 3 THEN 'info'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN notified IS NOT NULL AND lag <= 3 THEN 'regulator notified ' || notified || ' (detected ' || detected_date || ')'
    WHEN notified IS NULL AND julianday(soc2_now()) - julianday(detected_date) <= 3 THEN 'detected ' || detected_date || '; regulator notification due within 72 hours'
    WHEN notified IS NULL THEN 'detected ' || detected_date || '; regulator notification required but not recorded'
    ELSE 'regulator notified ' || notified || ', ' || CAST(lag AS INTEGER) || ' days after detection (commitment: 72 hours)'
  END AS reason
FROM required
UNION ALL
SELECT 'incident notifications', 'ok', 'no incident required regulator notification'
WHERE NOT EXISTS (SELECT 1 FROM required)
ORDER BY 1;
