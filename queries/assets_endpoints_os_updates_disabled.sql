-- In-use laptops, desktops and phones without automatic operating system updates.
-- tables: asset_inventory
-- population: asset_inventory where lower(asset_type) IN ('laptop', 'desktop', 'mobile') AND lower(status) = 'in_use'

SELECT
  asset_id || ' ' || coalesce(name, '') AS resource,
  CASE WHEN lower(trim(auto_updates)) = 'yes' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN lower(trim(auto_updates)) = 'yes'
    THEN 'automatic OS updates: yes (' || asset_type || ' of ' || coalesce(owner_email, 'nobody') || ')'
    ELSE asset_type || ' of ' || coalesce(owner_email, 'nobody') || ' has no automatic OS updates (recorded: ' || coalesce(auto_updates, 'empty') || ')'
  END AS reason
FROM asset_inventory
WHERE lower(asset_type) IN ('laptop', 'desktop', 'mobile') AND lower(status) = 'in_use'
ORDER BY asset_id;
