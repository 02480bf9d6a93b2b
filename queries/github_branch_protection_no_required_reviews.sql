-- Default branches that do not require at least one approving review before merge.
-- tables: github_branch_protection, github_repos
-- population: github_branch_protection

SELECT
  bp.repo || ':' || bp.branch AS resource,
  CASE
    WHEN r.archived = 1 THEN 'skip'
    WHEN bp.protected = 1 AND coalesce(json_extract(bp.required_pull_request_reviews, '$.required_approving_review_count'), 0) >= 1 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN r.archived = 1 THEN 'repository is archived (read-only)'
    WHEN bp.protected = 1 AND coalesce(json_extract(bp.required_pull_request_reviews, '$.required_approving_review_count'), 0) >= 1 THEN json_extract(bp.required_pull_request_reviews, '$.required_approving_review_count') || ' approving review(s) required'
    ELSE CASE WHEN bp.protected = 1 THEN 'protection does not require an approving review' ELSE 'branch is unprotected, so no review is required' END
  END AS reason
FROM github_branch_protection AS bp
LEFT JOIN github_repos AS r ON r.name = bp.repo
ORDER BY bp.repo;
