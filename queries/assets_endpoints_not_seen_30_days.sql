-- In-use endpoints that have not checked in with device management for more than 30 days.
-- tables: asset_inventory
-- population: asset_inventory where lower(asset_type) IN ('laptop', 'desktop', 'mobile') AND lower(status) = 'in_use'

SELECT
  asset_id || ' ' || coalesce(name, '') AS resource,
  CASE WHEN julianday(soc2_now()) - julianday(last_seen_date) <= 30 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN last_seen_date IS NULL THEN 'never seen by device management'
    WHEN julianday(soc2_now()) - julianday(last_seen_date) <= 30 THEN 'last seen ' || last_seen_date
    ELSE 'last seen ' || last_seen_date || ': locate the device or mark it lost'
  END AS reason
FROM asset_inventory
WHERE lower(asset_type) IN ('laptop', 'desktop', 'mobile') AND lower(status) = 'in_use'
ORDER BY asset_id;
