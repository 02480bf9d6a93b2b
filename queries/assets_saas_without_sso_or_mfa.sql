-- In-use SaaS applications and cloud accounts whose users neither sign in through the identity
-- provider (sso) nor face multi-factor authentication at the application's own login (local_mfa).
-- tables: asset_inventory
-- population: asset_inventory where lower(asset_type) IN ('saas_application', 'cloud_account') AND lower(status) = 'in_use'

SELECT
  asset_id || ' ' || coalesce(name, '') AS resource,
  CASE
    WHEN lower(trim(sso)) = 'yes' THEN 'ok'
    WHEN lower(trim(local_mfa)) = 'yes' THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN lower(trim(sso)) = 'yes' THEN 'single sign-on through the identity provider'
    WHEN lower(trim(local_mfa)) = 'yes' THEN 'no single sign-on; the application enforces MFA itself'
    ELSE 'neither single sign-on (sso: ' || coalesce(sso, 'empty') || ') nor MFA at its own login (local_mfa: '
      || coalesce(local_mfa, 'empty') || '): connect it to the identity provider or enforce MFA'
  END AS reason
FROM asset_inventory
WHERE lower(asset_type) IN ('saas_application', 'cloud_account') AND lower(status) = 'in_use'
ORDER BY asset_id;
