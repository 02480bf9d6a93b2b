-- Enabled customer-managed KMS keys without automatic key rotation.
-- tables: aws_kms_keys
-- population: aws_kms_keys where KeyManager = 'CUSTOMER' AND KeyState = 'Enabled'

SELECT
  KeyId AS resource,
  CASE WHEN rotation_enabled = 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN rotation_enabled = 1 THEN 'automatic rotation enabled' ELSE 'customer-managed key without automatic rotation' END AS reason
FROM aws_kms_keys
WHERE KeyManager = 'CUSTOMER' AND KeyState = 'Enabled'
ORDER BY KeyId;
