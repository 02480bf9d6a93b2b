-- Default branches that do not require a review from the code owners of the changed files.
-- tables: github_branch_protection, github_repos
-- population: github_branch_protection

SELECT
  bp.repo || ':' || bp.branch AS resource,
  CASE
    WHEN r.archived = 1 THEN 'skip'
    WHEN bp.protected = 1 AND json_extract(bp.required_pull_request_reviews, '$.require_code_owner_reviews') = 1 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN r.archived = 1 THEN 'repository is archived (read-only)'
    WHEN bp.protected = 1 AND json_extract(bp.required_pull_request_reviews, '$.require_code_owner_reviews') = 1 THEN 'code owner review required'
    ELSE CASE WHEN bp.protected = 1 THEN 'code owner review is not required' ELSE 'branch is unprotected' END
  END AS reason
FROM github_branch_protection AS bp
LEFT JOIN github_repos AS r ON r.name = bp.repo
ORDER BY bp.repo;
