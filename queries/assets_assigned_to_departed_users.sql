-- In-use assets whose owner is terminated or not an active person or service account in the HR roster.
-- tables: asset_inventory, hr_roster
-- population: asset_inventory where lower(status) IN ('in_use', 'in_repair')

SELECT
  a.asset_id || ' ' || coalesce(a.name, '') AS resource,
  CASE WHEN lower(h.status) IN ('active', 'on_leave') THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN a.owner_email IS NULL THEN a.asset_type || ' has no owner'
    WHEN h.email IS NULL THEN 'owner ' || a.owner_email || ' is not in the HR roster'
    WHEN lower(h.status) IN ('active', 'on_leave') THEN 'owner ' || a.owner_email || ' is ' || h.status
    ELSE 'owner ' || a.owner_email || ' is ' || h.status || ' since ' || coalesce(h.end_date, '?') || ': recover or reassign the asset'
  END AS reason
FROM asset_inventory AS a
LEFT JOIN hr_roster AS h ON lower(h.email) = lower(a.owner_email)
WHERE lower(a.status) IN ('in_use', 'in_repair')
ORDER BY a.asset_id;
