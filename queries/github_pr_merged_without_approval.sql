-- Pull requests merged in the last 90 days without an approving review from someone other than the author.
-- tables: github_pulls
-- population: github_pulls since merged_at 90d

SELECT
  repo || '#' || number AS resource,
  CASE WHEN coalesce(approvals, 0) >= 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN coalesce(approvals, 0) >= 1
    THEN approvals || ' independent approval(s); merged by ' || coalesce(merged_by, 'unknown') || ' on ' || merged_at
    ELSE 'merged by ' || coalesce(merged_by, 'unknown') || ' on ' || merged_at
         || ' with no approval from anyone other than the author (' || author || ')'
  END AS reason
FROM github_pulls
WHERE merged_at IS NOT NULL
  AND julianday(merged_at) > julianday(soc2_now()) - 90
    AND julianday(merged_at) <= julianday(soc2_now())
ORDER BY repo, number;
