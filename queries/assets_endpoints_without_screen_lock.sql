-- In-use laptops, desktops and phones without an enforced automatic screen lock. The limit is
-- `screen_lock_minutes` of soc2.toml [organization] (the number the acceptable use policy states),
-- 15 minutes when it is not set; the inventory records whether the lock is enforced.
-- tables: asset_inventory, soc2_organization
-- population: asset_inventory where lower(asset_type) IN ('laptop', 'desktop', 'mobile') AND lower(status) = 'in_use'

WITH lock_limit AS (
  SELECT coalesce(
    (SELECT CAST(value AS INTEGER) FROM soc2_organization WHERE key = 'screen_lock_minutes'), 15
  ) AS minutes
)
SELECT
  asset_id || ' ' || coalesce(name, '') AS resource,
  CASE WHEN lower(trim(screen_lock)) = 'yes' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN lower(trim(screen_lock)) = 'yes'
    THEN 'automatic screen lock: yes (' || asset_type || ' of ' || coalesce(owner_email, 'nobody') || ')'
    ELSE asset_type || ' of ' || coalesce(owner_email, 'nobody') || ' has no automatic screen lock of at most '
      || (SELECT minutes FROM lock_limit) || ' minutes (recorded: ' || coalesce(screen_lock, 'empty') || ')'
  END AS reason
FROM asset_inventory
WHERE lower(asset_type) IN ('laptop', 'desktop', 'mobile') AND lower(status) = 'in_use'
ORDER BY asset_id;
