-- Active repositories without Dependabot security update pull requests enabled.
-- tables: github_repos

SELECT
  full_name AS resource,
  CASE
    WHEN archived = 1 THEN 'skip'
    WHEN security_and_analysis IS NULL THEN 'error'
    WHEN json_extract(security_and_analysis, '$.dependabot_security_updates.status') = 'enabled' THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN archived = 1 THEN 'repository is archived'
    WHEN security_and_analysis IS NULL THEN 'security settings not visible: the collector token needs admin access to the repository'
    WHEN json_extract(security_and_analysis, '$.dependabot_security_updates.status') = 'enabled' THEN 'Dependabot security updates enabled'
    ELSE 'Dependabot security updates ' || coalesce(json_extract(security_and_analysis, '$.dependabot_security_updates.status'), 'not available')
  END AS reason
FROM github_repos
ORDER BY full_name;
