-- Systems with backups in the last 90 days that were not encrypted.
-- tables: backup_log
-- population: backup_log where lower(event) = 'backup' since date 90d

WITH recent AS (
  SELECT system, date, encrypted FROM backup_log
  WHERE lower(event) = 'backup' AND julianday(soc2_now()) - julianday(date) <= 90
)
SELECT
  system AS resource,
  CASE WHEN sum(lower(coalesce(encrypted, '')) <> 'yes') = 0 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN sum(lower(coalesce(encrypted, '')) <> 'yes') = 0
    THEN count(*) || ' backup(s) in 90 days, all encrypted'
    ELSE sum(lower(coalesce(encrypted, '')) <> 'yes') || ' of ' || count(*) || ' backup(s) in 90 days not recorded as encrypted, latest '
         || max(CASE WHEN lower(coalesce(encrypted, '')) <> 'yes' THEN date END)
  END AS reason
FROM recent
GROUP BY system
ORDER BY system;
