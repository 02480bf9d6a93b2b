-- Backed-up systems without a successful restore test in the last 12 months.
-- tables: backup_log
-- population: backup_log where lower(event) = 'restore_test' AND lower(status) = 'success' since date 365d

WITH systems AS (
  SELECT DISTINCT system FROM backup_log WHERE lower(event) = 'backup'
),
latest AS (
  SELECT system, max(date) AS last_at FROM backup_log WHERE lower(event) = 'restore_test' AND lower(status) = 'success' GROUP BY system
)
SELECT
  s.system AS resource,
  CASE WHEN julianday(soc2_now()) - julianday(l.last_at) <= 365 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN julianday(soc2_now()) - julianday(l.last_at) <= 365 THEN 'last successful restore test ' || l.last_at
    ELSE 'no successful restore test in 12 months; last: ' || coalesce(l.last_at, 'never')
  END AS reason
FROM systems AS s
LEFT JOIN latest AS l ON l.system = s.system
ORDER BY s.system;
