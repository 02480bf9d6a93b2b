-- Dependabot alerts dismissed in the last year without a written justification.
-- tables: github_dependabot_alerts
-- population: github_dependabot_alerts where state = 'dismissed' since dismissed_at 365d

WITH dismissed AS (
  SELECT repo, number, severity, dismissed_at, dismissed_reason, dismissed_comment
  FROM github_dependabot_alerts
  WHERE state = 'dismissed'
    AND julianday(soc2_now()) - julianday(dismissed_at) <= 365
)
SELECT
  repo || '#' || number AS resource,
  CASE WHEN trim(coalesce(dismissed_comment, '')) <> '' THEN 'ok' ELSE 'alarm' END AS status,
  severity || ' alert dismissed ' || dismissed_at || ' as ' || coalesce(dismissed_reason, 'unspecified')
    || CASE WHEN trim(coalesce(dismissed_comment, '')) <> '' THEN ': ' || dismissed_comment ELSE ' with no comment' END AS reason
FROM dismissed
UNION ALL
SELECT 'dismissed Dependabot alerts', 'ok', 'no alerts dismissed in the last 365 days'
WHERE NOT EXISTS (SELECT 1 FROM dismissed)
ORDER BY 1;
