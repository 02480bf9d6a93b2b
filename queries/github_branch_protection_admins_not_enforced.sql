-- Default branches whose protection rules can be bypassed by repository administrators.
-- tables: github_branch_protection, github_repos
-- population: github_branch_protection

SELECT
  bp.repo || ':' || bp.branch AS resource,
  CASE
    WHEN r.archived = 1 THEN 'skip'
    WHEN bp.protected = 1 AND json_extract(bp.enforce_admins, '$.enabled') = 1 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN r.archived = 1 THEN 'repository is archived (read-only)'
    WHEN bp.protected = 1 AND json_extract(bp.enforce_admins, '$.enabled') = 1 THEN 'protection also applies to administrators'
    ELSE CASE WHEN bp.protected = 1 THEN 'administrators can bypass the protection rules' ELSE 'branch is unprotected' END
  END AS reason
FROM github_branch_protection AS bp
LEFT JOIN github_repos AS r ON r.name = bp.repo
ORDER BY bp.repo;
