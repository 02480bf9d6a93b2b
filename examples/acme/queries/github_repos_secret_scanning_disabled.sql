-- Active repositories without GitHub secret scanning enabled.
-- tables: github_repos

SELECT
  full_name AS resource,
  CASE
    WHEN archived = 1 THEN 'skip'
    WHEN security_and_analysis IS NULL THEN 'error'
    WHEN json_extract(security_and_analysis, '$.secret_scanning.status') = 'enabled' THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN archived = 1 THEN 'repository is archived'
    WHEN security_and_analysis IS NULL THEN 'security settings not visible: the collector token needs admin access to the repository'
    WHEN json_extract(security_and_analysis, '$.secret_scanning.status') = 'enabled' THEN 'secret scanning enabled'
    ELSE 'secret scanning ' || coalesce(json_extract(security_and_analysis, '$.secret_scanning.status'), 'not available')
  END AS reason
FROM github_repos
ORDER BY full_name;
