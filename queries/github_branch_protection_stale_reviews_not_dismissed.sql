-- Default branches where an approval stays valid after new commits are pushed.
-- tables: github_branch_protection, github_repos
-- population: github_branch_protection

SELECT
  bp.repo || ':' || bp.branch AS resource,
  CASE
    WHEN r.archived = 1 THEN 'skip'
    WHEN bp.protected = 1 AND json_extract(bp.required_pull_request_reviews, '$.dismiss_stale_reviews') = 1 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN r.archived = 1 THEN 'repository is archived (read-only)'
    WHEN bp.protected = 1 AND json_extract(bp.required_pull_request_reviews, '$.dismiss_stale_reviews') = 1 THEN 'approvals are dismissed when new commits are pushed'
    ELSE CASE WHEN bp.protected = 1 THEN 'approvals survive new commits (dismiss_stale_reviews is off)' ELSE 'branch is unprotected' END
  END AS reason
FROM github_branch_protection AS bp
LEFT JOIN github_repos AS r ON r.name = bp.repo
ORDER BY bp.repo;
