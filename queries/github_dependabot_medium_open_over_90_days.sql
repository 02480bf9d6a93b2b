-- Open medium Dependabot alerts older than 90 days (remediation SLA breached).
-- tables: github_dependabot_alerts
-- population: github_dependabot_alerts where severity = 'medium'

WITH open_alerts AS (
  SELECT repo, number, created_at,
         json_extract(dependency, '$.package.name') AS package,
         json_extract(security_advisory, '$.ghsa_id') AS advisory,
         julianday(soc2_now()) - julianday(created_at) AS age
  FROM github_dependabot_alerts
  WHERE state = 'open' AND severity = 'medium'
)
SELECT
  repo || '#' || number AS resource,
  CASE WHEN age > 90 THEN 'alarm' ELSE 'ok' END AS status,
  coalesce(package, 'dependency') || ' ' || coalesce(advisory, '') || ': open ' || CAST(age AS INTEGER)
    || ' day(s), SLA 90 days' AS reason
FROM open_alerts
UNION ALL
SELECT 'medium Dependabot alerts', 'ok', 'no open medium alerts'
WHERE NOT EXISTS (SELECT 1 FROM open_alerts)
ORDER BY 1;
