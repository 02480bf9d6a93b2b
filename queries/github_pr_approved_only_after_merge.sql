-- Pull requests whose independent approvals were all submitted after the merge (rubber-stamp reviews).
-- tables: github_pulls
-- population: github_pulls since merged_at 90d

WITH pr AS (
  SELECT repo, number, author, merged_at, approvals, reviews
  FROM github_pulls
  WHERE merged_at IS NOT NULL
    AND julianday(merged_at) > julianday(soc2_now()) - 90
    AND julianday(merged_at) <= julianday(soc2_now())
),
approval AS (
  SELECT pr.repo, pr.number,
         json_extract(r.value, '$.submitted_at') AS submitted_at,
         julianday(json_extract(r.value, '$.submitted_at')) <= julianday(pr.merged_at) AS before_merge
  FROM pr, json_each(coalesce(pr.reviews, '[]')) AS r
  WHERE json_extract(r.value, '$.state') = 'APPROVED'
    AND json_extract(r.value, '$.user') <> pr.author
),
summary AS (
  SELECT repo, number, sum(before_merge) AS before_n, count(*) AS total_n, min(submitted_at) AS first_at
  FROM approval
  GROUP BY repo, number
)
SELECT
  pr.repo || '#' || pr.number AS resource,
  CASE
    WHEN s.total_n IS NULL THEN 'skip'
    WHEN s.before_n > 0 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN s.total_n IS NULL THEN 'no independent approval at all (reported by github_pr_merged_without_approval)'
    WHEN s.before_n > 0 THEN s.before_n || ' approval(s) before the merge on ' || pr.merged_at
    ELSE 'merged on ' || pr.merged_at || '; first approval only on ' || s.first_at
  END AS reason
FROM pr
LEFT JOIN summary AS s ON s.repo = pr.repo AND s.number = pr.number
ORDER BY pr.repo, pr.number;
