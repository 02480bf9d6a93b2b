-- Merge commits on the default branch in the last 90 days that were not made through a pull request.
-- tables: git_branches, git_commits, git_merges
-- population: git_merges since committed_at 90d

WITH RECURSIVE chain(sha) AS (
  SELECT head FROM git_branches WHERE is_default = 1
  UNION
  SELECT json_extract(c.parents, '$[0]')
  FROM chain JOIN git_commits AS c ON c.sha = chain.sha
  WHERE c.parent_count > 0
)
SELECT
  substr(m.sha, 1, 12) || ' ' || m.subject AS resource,
  CASE WHEN m.pr_number IS NOT NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN m.pr_number IS NOT NULL
    THEN 'merge of pull request #' || m.pr_number
    ELSE 'local merge of ' || coalesce(m.merged_branch, 'an unnamed branch') || ' pushed by '
         || m.committer_name || ' on ' || m.committed_at || ', no pull request'
  END AS reason
FROM chain
JOIN git_merges AS m ON m.sha = chain.sha
WHERE julianday(m.committed_at) > julianday(soc2_now()) - 90
  AND julianday(m.committed_at) <= julianday(soc2_now())
ORDER BY m.committed_at DESC, m.sha;
