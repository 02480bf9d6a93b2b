-- Default branches of active repositories that have no branch protection.
-- tables: github_branch_protection, github_repos
-- population: github_branch_protection

SELECT
  bp.repo || ':' || bp.branch AS resource,
  CASE
    WHEN r.archived = 1 THEN 'skip'
    WHEN bp.protected = 1 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN r.archived = 1 THEN 'repository is archived (read-only)'
    WHEN bp.protected = 1 THEN 'default branch is protected'
    ELSE 'default branch ' || bp.branch || ' has no branch protection rule'
  END AS reason
FROM github_branch_protection AS bp
LEFT JOIN github_repos AS r ON r.name = bp.repo
ORDER BY bp.repo;
