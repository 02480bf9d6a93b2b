-- In-use laptops and desktops without the host firewall enabled.
-- tables: asset_inventory
-- population: asset_inventory where lower(asset_type) IN ('laptop', 'desktop') AND lower(status) = 'in_use'

SELECT
  asset_id || ' ' || coalesce(name, '') AS resource,
  CASE WHEN lower(trim(firewall_enabled)) = 'yes' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN lower(trim(firewall_enabled)) = 'yes'
    THEN 'host firewall: yes (' || asset_type || ' of ' || coalesce(owner_email, 'nobody') || ')'
    ELSE asset_type || ' of ' || coalesce(owner_email, 'nobody') || ' has no host firewall (recorded: ' || coalesce(firewall_enabled, 'empty') || ')'
  END AS reason
FROM asset_inventory
WHERE lower(asset_type) IN ('laptop', 'desktop') AND lower(status) = 'in_use'
ORDER BY asset_id;
