-- Default branches that allow force pushes (history can be rewritten).
-- tables: github_branch_protection, github_repos
-- population: github_branch_protection

SELECT
  bp.repo || ':' || bp.branch AS resource,
  CASE
    WHEN r.archived = 1 THEN 'skip'
    WHEN bp.protected = 1 AND coalesce(json_extract(bp.allow_force_pushes, '$.enabled'), 0) = 0 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN r.archived = 1 THEN 'repository is archived (read-only)'
    WHEN bp.protected = 1 AND coalesce(json_extract(bp.allow_force_pushes, '$.enabled'), 0) = 0 THEN 'force pushes are blocked'
    ELSE CASE WHEN bp.protected = 1 THEN 'force pushes are allowed' ELSE 'branch is unprotected, so force pushes are allowed' END
  END AS reason
FROM github_branch_protection AS bp
LEFT JOIN github_repos AS r ON r.name = bp.repo
ORDER BY bp.repo;
