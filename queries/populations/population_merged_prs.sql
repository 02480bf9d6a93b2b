-- Every pull request merged in the audit period, with its independent approvals as collected.
-- tables: github_pulls
-- One row per version of a pull request as the snapshots held it (soc2 keeps the first as the
-- occurrence); CHG-01 marks a deviation where `approvals < 1`.

SELECT
  repo, number, title, author, merged_by, merged_at, base_ref, head_ref, merge_commit_sha, html_url,
  coalesce(approvals, 0) AS approvals,
  _first_seen, _first_commit, _last_seen, _last_commit
FROM github_pulls
WHERE merged_at IS NOT NULL
