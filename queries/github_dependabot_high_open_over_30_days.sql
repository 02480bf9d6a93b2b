-- Open high Dependabot alerts older than 30 days (remediation SLA breached).
-- tables: github_dependabot_alerts
-- population: github_dependabot_alerts where severity = 'high'

WITH open_alerts AS (
  SELECT repo, number, created_at,
         json_extract(dependency, '$.package.name') AS package,
         json_extract(security_advisory, '$.ghsa_id') AS advisory,
         julianday(soc2_now()) - julianday(created_at) AS age
  FROM github_dependabot_alerts
  WHERE state = 'open' AND severity = 'high'
)
SELECT
  repo || '#' || number AS resource,
  CASE WHEN age > 30 THEN 'alarm' ELSE 'ok' END AS status,
  coalesce(package, 'dependency') || ' ' || coalesce(advisory, '') || ': open ' || CAST(age AS INTEGER)
    || ' day(s), SLA 30 days' AS reason
FROM open_alerts
UNION ALL
SELECT 'high Dependabot alerts', 'ok', 'no open high alerts'
WHERE NOT EXISTS (SELECT 1 FROM open_alerts)
ORDER BY 1;
