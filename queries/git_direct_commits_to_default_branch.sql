-- Commits in the last 90 days that landed on the default branch directly instead of through a merged pull request.
-- tables: git_branches, git_commits
-- population: git_commits since committed_at 90d

-- Walks the first-parent history of the default branch. A commit counts as coming from a pull request
-- when it is a merge commit, when its subject ends with GitHub's "(#123)" squash/rebase marker, or
-- when GitHub itself committed it (web merge).
WITH RECURSIVE chain(sha) AS (
  SELECT head FROM git_branches WHERE is_default = 1
  UNION
  SELECT json_extract(c.parents, '$[0]')
  FROM chain JOIN git_commits AS c ON c.sha = chain.sha
  WHERE c.parent_count > 0
)
SELECT
  substr(c.sha, 1, 12) || ' ' || c.subject AS resource,
  CASE
    WHEN c.is_merge = 1 THEN 'ok'
    WHEN c.subject GLOB '*(#[0-9]*)' THEN 'ok'
    WHEN c.committer_email = 'noreply@github.com' THEN 'ok'
    WHEN c.parent_count = 0 THEN 'info'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN c.is_merge = 1 THEN 'merge commit'
    WHEN c.subject GLOB '*(#[0-9]*)' THEN 'squash or rebase merge of a pull request'
    WHEN c.committer_email = 'noreply@github.com' THEN 'committed by GitHub on merge'
    WHEN c.parent_count = 0 THEN 'initial commit'
    ELSE 'pushed directly by ' || c.committer_name || ' <' || c.committer_email || '> on ' || c.committed_at
  END AS reason
FROM chain
JOIN git_commits AS c ON c.sha = chain.sha
WHERE julianday(c.committed_at) > julianday(soc2_now()) - 90
  AND julianday(c.committed_at) <= julianday(soc2_now())
ORDER BY c.committed_at DESC, c.sha;
