-- Release tags from the last year that are lightweight (no tagger, date or message recorded).
-- tables: git_tags, git_commits
-- population: git_tags where name GLOB 'v[0-9]*' OR name GLOB '[0-9]*.[0-9]*' since tagged_at 365d

WITH release AS (
  SELECT t.name, t.annotated, t.signed, t.tagger_name, coalesce(t.tagged_at, c.committed_at) AS released_at
  FROM git_tags AS t
  LEFT JOIN git_commits AS c ON c.sha = t.target
  WHERE (t.name GLOB 'v[0-9]*' OR t.name GLOB '[0-9]*.[0-9]*')
    AND julianday(coalesce(t.tagged_at, c.committed_at)) > julianday(soc2_now()) - 365
)
SELECT
  'tag ' || name AS resource,
  CASE WHEN annotated = 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN annotated = 1 THEN 'annotated tag by ' || coalesce(tagger_name, 'unknown') ELSE 'lightweight tag on a commit of ' || released_at || ': no tagger or release message' END AS reason
FROM release
UNION ALL
SELECT 'release tags', 'info', 'no release tags (v1.2.3 or 1.2.3) in the last 365 days'
WHERE NOT EXISTS (SELECT 1 FROM release)
ORDER BY 1;
