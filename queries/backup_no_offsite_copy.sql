-- Systems with no successful backup copied offsite (another region or provider) in the last 7 days.
-- tables: backup_log
-- population: backup_log where lower(event) = 'backup' AND lower(status) = 'success' AND lower(offsite_copy) = 'yes' since date 7d

WITH systems AS (
  SELECT DISTINCT system FROM backup_log WHERE lower(event) = 'backup'
),
latest AS (
  SELECT system, max(date) AS last_at FROM backup_log WHERE lower(event) = 'backup' AND lower(status) = 'success' AND lower(offsite_copy) = 'yes' GROUP BY system
)
SELECT
  s.system AS resource,
  CASE WHEN julianday(soc2_now()) - julianday(l.last_at) <= 7 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN julianday(soc2_now()) - julianday(l.last_at) <= 7 THEN 'latest offsite copy ' || l.last_at
    ELSE 'no offsite copy in 7 days; latest: ' || coalesce(l.last_at, 'never')
  END AS reason
FROM systems AS s
LEFT JOIN latest AS l ON l.system = s.system
ORDER BY s.system;
