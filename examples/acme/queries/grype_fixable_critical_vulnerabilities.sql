-- Grype scan matches of critical severity for which a fixed version exists.
-- tables: grype_matches

WITH critical AS (
  SELECT json_extract(vulnerability, '$.id') AS id,
         json_extract(artifact, '$.name') AS name,
         json_extract(artifact, '$.version') AS version,
         json_extract(vulnerability, '$.fix.state') AS fix_state,
         json_extract(vulnerability, '$.fix.versions[0]') AS fixed_in
  FROM grype_matches
  WHERE lower(json_extract(vulnerability, '$.severity')) = 'critical'
)
SELECT
  name || '@' || version || ' ' || id AS resource,
  CASE WHEN fix_state = 'fixed' THEN 'alarm' ELSE 'info' END AS status,
  CASE WHEN fix_state = 'fixed' THEN 'critical, fixed in ' || coalesce(fixed_in, 'a newer version') || ': upgrade'
       ELSE 'critical, no fix available (' || coalesce(fix_state, 'unknown') || '): assess and mitigate' END AS reason
FROM critical
UNION ALL
SELECT 'grype critical matches', 'ok', 'no critical vulnerabilities'
WHERE NOT EXISTS (SELECT 1 FROM critical)
ORDER BY 1;
