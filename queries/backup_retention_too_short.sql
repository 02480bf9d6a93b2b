-- Systems with backups in the last 90 days kept for fewer than 30 days.
-- tables: backup_log
-- population: backup_log where lower(event) = 'backup' AND lower(status) = 'success' since date 90d

WITH recent AS (
  SELECT system, CAST(retention_days AS INTEGER) AS days FROM backup_log
  WHERE lower(event) = 'backup' AND lower(status) = 'success' AND julianday(soc2_now()) - julianday(date) <= 90
)
SELECT
  system AS resource,
  CASE WHEN min(coalesce(days, 0)) >= 30 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN min(coalesce(days, 0)) >= 30 THEN 'retention ' || min(days) || ' to ' || max(days) || ' days'
       ELSE 'shortest retention ' || coalesce(min(days), 0) || ' days (minimum 30)' END AS reason
FROM recent
GROUP BY system
ORDER BY system;
