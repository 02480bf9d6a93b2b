-- Container image scan targets (trivy) with critical vulnerabilities that have a fixed version available.
-- tables: trivy_results

WITH vulns AS (
  SELECT r.Target,
         json_extract(v.value, '$.VulnerabilityID') AS id,
         json_extract(v.value, '$.PkgName') AS pkg,
         json_extract(v.value, '$.InstalledVersion') AS installed,
         json_extract(v.value, '$.FixedVersion') AS fixed
  FROM trivy_results AS r, json_each(coalesce(r.Vulnerabilities, '[]')) AS v
  WHERE json_extract(v.value, '$.Severity') = 'CRITICAL'
),
fixable AS (
  SELECT Target, count(*) AS n,
         group_concat(id || ' in ' || pkg || ' ' || installed || ' (fixed in ' || fixed || ')', '; ') AS detail
  FROM vulns
  WHERE trim(coalesce(fixed, '')) <> ''
  GROUP BY Target
),
unfixed AS (
  SELECT Target, count(*) AS n FROM vulns WHERE trim(coalesce(fixed, '')) = '' GROUP BY Target
)
SELECT
  t.Target AS resource,
  CASE WHEN f.n IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN f.n IS NOT NULL THEN f.n || ' fixable critical: ' || f.detail
    WHEN u.n IS NOT NULL THEN 'no fixable critical vulnerabilities (' || u.n || ' without a fix yet: track under the vulnerability policy)'
    ELSE 'no critical vulnerabilities'
  END AS reason
FROM (SELECT DISTINCT Target FROM trivy_results) AS t
LEFT JOIN fixable AS f ON f.Target = t.Target
LEFT JOIN unfixed AS u ON u.Target = t.Target
ORDER BY t.Target;
