-- In-use servers, databases, cloud accounts, SaaS applications and removable media without a valid data classification.
-- tables: asset_inventory
-- population: asset_inventory where lower(asset_type) IN ('server', 'database', 'cloud_account', 'saas_application', 'removable_media') AND lower(status) = 'in_use'

SELECT
  asset_id || ' ' || coalesce(name, '') AS resource,
  CASE WHEN lower(data_classification) IN ('public', 'internal', 'confidential', 'restricted') THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN lower(data_classification) IN ('public', 'internal', 'confidential', 'restricted')
    THEN asset_type || ' classified ' || data_classification
    ELSE asset_type || ' classification is ' || coalesce('"' || data_classification || '"', 'missing')
         || ' (expected public, internal, confidential or restricted)'
  END AS reason
FROM asset_inventory
WHERE lower(asset_type) IN ('server', 'database', 'cloud_account', 'saas_application', 'removable_media')
  AND lower(status) = 'in_use'
ORDER BY asset_id;
