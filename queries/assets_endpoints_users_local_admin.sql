-- In-use laptops and desktops whose user is a local administrator (or where the inventory does not
-- say), and can therefore install software outside device management.
-- tables: asset_inventory
-- population: asset_inventory where lower(asset_type) IN ('laptop', 'desktop') AND lower(status) = 'in_use'

SELECT
  asset_id || ' ' || coalesce(name, '') AS resource,
  CASE WHEN lower(trim(local_admin)) = 'no' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN lower(trim(local_admin)) = 'no'
    THEN 'standard user account (' || asset_type || ' of ' || coalesce(owner_email, 'nobody') || ')'
    ELSE asset_type || ' of ' || coalesce(owner_email, 'nobody') || ': the user is a local administrator (recorded: '
      || coalesce(local_admin, 'empty') || '); remove the rights and install software through device management'
  END AS reason
FROM asset_inventory
WHERE lower(asset_type) IN ('laptop', 'desktop') AND lower(status) = 'in_use'
ORDER BY asset_id;
