-- In-use laptops, desktops and phones without full-disk encryption.
-- tables: asset_inventory
-- population: asset_inventory where lower(asset_type) IN ('laptop', 'desktop', 'mobile') AND lower(status) = 'in_use'

SELECT
  asset_id || ' ' || coalesce(name, '') AS resource,
  CASE WHEN lower(trim(disk_encrypted)) = 'yes' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN lower(trim(disk_encrypted)) = 'yes'
    THEN 'full-disk encryption: yes (' || asset_type || ' of ' || coalesce(owner_email, 'nobody') || ')'
    ELSE asset_type || ' of ' || coalesce(owner_email, 'nobody') || ' has no full-disk encryption (recorded: ' || coalesce(disk_encrypted, 'empty') || ')'
  END AS reason
FROM asset_inventory
WHERE lower(asset_type) IN ('laptop', 'desktop', 'mobile') AND lower(status) = 'in_use'
ORDER BY asset_id;
