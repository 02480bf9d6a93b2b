-- Default branches that do not require passing CI status checks before merge.
-- tables: github_branch_protection, github_repos
-- population: github_branch_protection

SELECT
  bp.repo || ':' || bp.branch AS resource,
  CASE
    WHEN r.archived = 1 THEN 'skip'
    WHEN bp.protected = 1 AND (coalesce(json_array_length(bp.required_status_checks, '$.contexts'), 0) > 0 OR coalesce(json_array_length(bp.required_status_checks, '$.checks'), 0) > 0) THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN r.archived = 1 THEN 'repository is archived (read-only)'
    WHEN bp.protected = 1 AND (coalesce(json_array_length(bp.required_status_checks, '$.contexts'), 0) > 0 OR coalesce(json_array_length(bp.required_status_checks, '$.checks'), 0) > 0) THEN 'required checks: ' || coalesce((SELECT group_concat(value, ', ') FROM json_each(bp.required_status_checks, '$.contexts')), 'configured')
    ELSE CASE WHEN bp.protected = 1 THEN 'no required status checks' ELSE 'branch is unprotected, so no checks are required' END
  END AS reason
FROM github_branch_protection AS bp
LEFT JOIN github_repos AS r ON r.name = bp.repo
ORDER BY bp.repo;
