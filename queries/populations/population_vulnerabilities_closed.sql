-- Every critical or high Dependabot alert fixed or dismissed in the audit period, with how long it stayed open against its SLA (critical 15 days, high 30).
-- tables: github_dependabot_alerts

WITH closed AS (
  SELECT *, coalesce(fixed_at, dismissed_at) AS closed_at,
         CASE lower(severity) WHEN 'critical' THEN 15 ELSE 30 END AS sla_days
  FROM github_dependabot_alerts
  WHERE coalesce(fixed_at, dismissed_at) IS NOT NULL AND lower(coalesce(severity, '')) IN ('critical', 'high')
)
SELECT
  repo, number, severity, state, created_at, closed_at, dismissed_reason, sla_days,
  json_extract(dependency, '$.package.name') AS package,
  CASE
    WHEN julianday(closed_at) - julianday(created_at) > sla_days
      THEN 'closed after ' || CAST(julianday(closed_at) - julianday(created_at) AS INTEGER) || ' days; SLA ' || sla_days || ' days'
    WHEN dismissed_at IS NOT NULL AND coalesce(dismissed_reason, '') = ''
      THEN 'dismissed without a reason'
  END AS deviation,
  _first_seen, _first_commit, _last_seen, _last_commit
FROM closed
