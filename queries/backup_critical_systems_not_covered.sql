-- In-use assets marked backup_required with no successful backup in the backup log in the last 7 days.
-- tables: asset_inventory, backup_log
-- population: asset_inventory where lower(backup_required) = 'yes' AND lower(status) = 'in_use'

WITH required AS (
  SELECT asset_id, name, asset_type FROM asset_inventory
  WHERE lower(backup_required) = 'yes' AND lower(status) = 'in_use'
),
latest AS (
  SELECT lower(system) AS system, max(date) AS last_at FROM backup_log WHERE lower(event) = 'backup' AND lower(status) = 'success' GROUP BY lower(system)
)
SELECT
  r.name AS resource,
  CASE WHEN julianday(soc2_now()) - julianday(l.last_at) <= 7 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN l.last_at IS NULL THEN r.asset_type || ' requires backups but none is logged (match backup_log.system to the asset name)'
    WHEN julianday(soc2_now()) - julianday(l.last_at) <= 7 THEN 'last successful backup ' || l.last_at
    ELSE 'last successful backup ' || l.last_at || ', more than 7 days ago'
  END AS reason
FROM required AS r
LEFT JOIN latest AS l ON l.system = lower(r.name)
UNION ALL
SELECT 'backup coverage', 'alarm', 'no in-use asset has backup_required = yes in the asset inventory'
WHERE NOT EXISTS (SELECT 1 FROM required)
ORDER BY 1;
