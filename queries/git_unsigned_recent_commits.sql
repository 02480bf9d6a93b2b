-- Commits from the last 30 days that are not signed (strict commit-signing requirement).
-- tables: git_commits
-- population: git_commits since committed_at 30d

SELECT
  substr(sha, 1, 12) || ' ' || subject AS resource,
  CASE WHEN signed = 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN signed = 1 THEN 'signed commit by ' || author_email
       ELSE 'unsigned commit by ' || author_email || ' on ' || committed_at END AS reason
FROM git_commits
WHERE julianday(committed_at) > julianday(soc2_now()) - 30
  AND julianday(committed_at) <= julianday(soc2_now())
ORDER BY committed_at DESC, sha;
