-- In-use laptops, desktops and phones without an enforced automatic screen lock.
-- tables: asset_inventory
-- population: asset_inventory where lower(asset_type) IN ('laptop', 'desktop', 'mobile') AND lower(status) = 'in_use'

SELECT
  asset_id || ' ' || coalesce(name, '') AS resource,
  CASE WHEN lower(trim(screen_lock)) = 'yes' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN lower(trim(screen_lock)) = 'yes'
    THEN 'automatic screen lock: yes (' || asset_type || ' of ' || coalesce(owner_email, 'nobody') || ')'
    ELSE asset_type || ' of ' || coalesce(owner_email, 'nobody') || ' has no automatic screen lock (recorded: ' || coalesce(screen_lock, 'empty') || ')'
  END AS reason
FROM asset_inventory
WHERE lower(asset_type) IN ('laptop', 'desktop', 'mobile') AND lower(status) = 'in_use'
ORDER BY asset_id;
