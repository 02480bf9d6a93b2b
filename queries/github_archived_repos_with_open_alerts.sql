-- Archived repositories that still have open Dependabot alerts (code no longer maintained but possibly still deployed).
-- tables: github_repos, github_dependabot_alerts
-- population: github_repos where archived = 1

WITH open_alerts AS (
  SELECT repo, count(*) AS n, sum(severity IN ('critical', 'high')) AS serious
  FROM github_dependabot_alerts
  WHERE state = 'open'
  GROUP BY repo
)
SELECT
  r.full_name AS resource,
  CASE WHEN a.n IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN a.n IS NULL
    THEN 'archived with no open alerts'
    ELSE 'archived with ' || a.n || ' open alert(s), ' || a.serious || ' critical/high: confirm it is not deployed, then dismiss or fix'
  END AS reason
FROM github_repos AS r
LEFT JOIN open_alerts AS a ON a.repo = r.name
WHERE r.archived = 1
UNION ALL
SELECT 'archived repositories', 'ok', 'no archived repositories'
WHERE NOT EXISTS (SELECT 1 FROM github_repos WHERE archived = 1)
ORDER BY 1;
