-- Background checks with a "consider" or adverse result and no documented adjudication decision.
-- tables: background_checks
-- population: background_checks where lower(result) IN ('consider', 'adverse')

WITH flagged AS (
  SELECT email, check_type, result, completed_date, adjudicated_by, adjudication_date
  FROM background_checks
  WHERE lower(result) IN ('consider', 'adverse')
)
SELECT
  email || ' ' || check_type AS resource,
  CASE WHEN adjudication_date IS NOT NULL AND trim(coalesce(adjudicated_by, '')) <> '' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN adjudication_date IS NOT NULL AND trim(coalesce(adjudicated_by, '')) <> ''
    THEN result || ' result adjudicated by ' || adjudicated_by || ' on ' || adjudication_date
    ELSE result || ' result of ' || coalesce(completed_date, '?') || ' has no documented adjudication'
  END AS reason
FROM flagged
UNION ALL
SELECT 'background check results', 'ok', 'no consider or adverse results'
WHERE NOT EXISTS (SELECT 1 FROM flagged)
ORDER BY 1;
