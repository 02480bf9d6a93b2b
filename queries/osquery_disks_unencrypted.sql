-- Endpoint disks osquery reports unencrypted (`osqueryi --json` over the disk_encryption table, one
-- row per host and volume, every value a string). Alongside assets_endpoints_unencrypted, which reads
-- the hand-kept inventory: this one reads what the devices themselves say.
-- tables: osquery_disk_encryption

SELECT
  coalesce(hostname, '(unknown host)') || ' ' || coalesce(name, '') AS resource,
  CASE WHEN encrypted = '1' THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN encrypted = '1' THEN 'encrypted (' || coalesce(nullif(type, ''), 'unknown type') || ')'
    ELSE 'not encrypted (encryption_status: ' || coalesce(nullif(encryption_status, ''), 'unknown') || ')'
  END AS reason
FROM osquery_disk_encryption
ORDER BY resource;
