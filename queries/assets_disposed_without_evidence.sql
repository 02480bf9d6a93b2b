-- Disposed assets without a recorded disposal date, sanitization method and evidence (certificate or wipe log).
-- tables: asset_inventory
-- population: asset_inventory where lower(status) = 'disposed'

WITH disposed AS (
  SELECT asset_id, name, asset_type, disposal_date, disposal_method, disposal_evidence
  FROM asset_inventory
  WHERE lower(status) = 'disposed'
)
SELECT
  asset_id || ' ' || coalesce(name, '') AS resource,
  CASE WHEN disposal_date IS NOT NULL AND disposal_method IS NOT NULL AND disposal_evidence IS NOT NULL
       THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN disposal_date IS NOT NULL AND disposal_method IS NOT NULL AND disposal_evidence IS NOT NULL
    THEN disposal_method || ' on ' || disposal_date || ', evidence ' || disposal_evidence
    ELSE 'disposed ' || asset_type || ' missing: '
         || trim(CASE WHEN disposal_date IS NULL THEN 'disposal_date ' ELSE '' END
              || CASE WHEN disposal_method IS NULL THEN 'disposal_method ' ELSE '' END
              || CASE WHEN disposal_evidence IS NULL THEN 'disposal_evidence' ELSE '' END)
  END AS reason
FROM disposed
UNION ALL
SELECT 'disposed assets', 'ok', 'no disposed assets in the inventory'
WHERE NOT EXISTS (SELECT 1 FROM disposed)
ORDER BY 1;
