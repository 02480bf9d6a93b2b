-- Assets in the inventory (not disposed or retired) that have no accountable owner.
-- tables: asset_inventory
-- population: asset_inventory where lower(coalesce(status, '')) NOT IN ('disposed', 'retired')

SELECT
  asset_id || ' ' || coalesce(name, '') AS resource,
  CASE WHEN trim(coalesce(owner_email, '')) <> '' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN trim(coalesce(owner_email, '')) <> '' THEN asset_type || ' owned by ' || owner_email
       ELSE asset_type || ' (' || coalesce(status, 'no status') || ') has no owner' END AS reason
FROM asset_inventory
WHERE lower(coalesce(status, '')) NOT IN ('disposed', 'retired')
ORDER BY asset_id;
