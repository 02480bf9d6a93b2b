-- Pull requests merged in the last 90 days whose head commit's checks did not all pass: a check
-- failed, had not finished at the merge, or no check ran at all (or the token could not read them).
-- tables: github_pulls
-- population: github_pulls since merged_at 90d

WITH merged AS (
  SELECT repo, number, author, merged_by, merged_at, checks_state,
         (SELECT group_concat(json_extract(c.value, '$.name') || ' ' || coalesce(json_extract(c.value, '$.conclusion'), 'no result'), ', ')
          FROM json_each(CASE WHEN json_valid(checks) THEN checks ELSE '[]' END) AS c
          WHERE coalesce(json_extract(c.value, '$.conclusion'), '') NOT IN ('success', 'neutral', 'skipped')) AS not_passed,
         (SELECT count(*) FROM json_each(CASE WHEN json_valid(checks) THEN checks ELSE '[]' END)) AS n
  FROM github_pulls
  WHERE merged_at IS NOT NULL
    AND julianday(merged_at) > julianday(soc2_now()) - 90
    AND julianday(merged_at) <= julianday(soc2_now())
)
SELECT
  repo || '#' || number AS resource,
  CASE WHEN checks_state = 'success' THEN 'ok' ELSE 'alarm' END AS status,
  CASE coalesce(checks_state, 'unknown')
    WHEN 'success' THEN n || ' check(s) passed; merged by ' || coalesce(merged_by, 'unknown') || ' on ' || merged_at
    WHEN 'failure' THEN 'merged by ' || coalesce(merged_by, 'unknown') || ' on ' || merged_at || ' although checks failed: ' || coalesce(not_passed, '')
    WHEN 'pending' THEN 'merged by ' || coalesce(merged_by, 'unknown') || ' on ' || merged_at || ' before its checks finished: ' || coalesce(not_passed, '')
    WHEN 'skipped' THEN 'merged on ' || merged_at || ' with every check skipped: nothing was tested'
    WHEN 'none' THEN 'merged on ' || merged_at || ' with no check run on its head commit: add CI to ' || repo || ' and require it'
    ELSE 'checks not collected for this pull request: give the token checks:read and statuses:read'
  END AS reason
FROM merged
ORDER BY repo, number;
