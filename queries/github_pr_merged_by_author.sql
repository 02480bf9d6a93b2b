-- Pull requests merged by their own author; alarm when no one else approved them (segregation of duties).
-- tables: github_pulls
-- population: github_pulls since merged_at 90d

SELECT
  repo || '#' || number AS resource,
  CASE
    WHEN merged_by IS NULL OR merged_by <> author THEN 'ok'
    WHEN coalesce(approvals, 0) >= 1 THEN 'info'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN merged_by IS NULL OR merged_by <> author
      THEN 'authored by ' || author || ', merged by ' || coalesce(merged_by, 'unknown')
    WHEN coalesce(approvals, 0) >= 1
      THEN 'merged by its author ' || author || ' after ' || approvals || ' independent approval(s)'
    ELSE 'authored and merged by ' || author || ' on ' || merged_at || ' with no independent approval'
  END AS reason
FROM github_pulls
WHERE merged_at IS NOT NULL
  AND julianday(merged_at) > julianday(soc2_now()) - 90
    AND julianday(merged_at) <= julianday(soc2_now())
ORDER BY repo, number;
