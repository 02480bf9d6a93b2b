-- Systems in the backup log whose latest successful backup is more than 7 days old.
-- tables: backup_log
-- population: backup_log where lower(event) = 'backup' AND lower(status) = 'success' since date 7d

WITH systems AS (
  SELECT DISTINCT system FROM backup_log WHERE lower(event) = 'backup'
),
latest AS (
  SELECT system, max(date) AS last_at FROM backup_log WHERE lower(event) = 'backup' AND lower(status) = 'success' GROUP BY system
)
SELECT
  s.system AS resource,
  CASE WHEN julianday(soc2_now()) - julianday(l.last_at) <= 7 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN julianday(soc2_now()) - julianday(l.last_at) <= 7 THEN 'last successful backup ' || l.last_at
    ELSE 'no successful backup in 7 days; last success: ' || coalesce(l.last_at, 'never')
  END AS reason
FROM systems AS s
LEFT JOIN latest AS l ON l.system = s.system
ORDER BY s.system;
