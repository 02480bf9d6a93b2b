-- Emergency pull requests (hotfix/ or emergency/ branches, or "emergency" in the title) not approved within 3 days of merge.
-- tables: github_pulls
-- population: github_pulls where head_ref LIKE 'hotfix/%' OR head_ref LIKE 'emergency/%' OR title LIKE '%emergency%' since merged_at 90d

WITH emergency AS (
  SELECT repo, number, author, title, head_ref, merged_at, reviews
  FROM github_pulls
  WHERE merged_at IS NOT NULL
    AND julianday(merged_at) > julianday(soc2_now()) - 90
    AND julianday(merged_at) <= julianday(soc2_now())
    AND (head_ref LIKE 'hotfix/%' OR head_ref LIKE 'emergency/%' OR title LIKE '%emergency%')
),
approval AS (
  SELECT e.repo, e.number,
         min(julianday(json_extract(r.value, '$.submitted_at'))) AS first_approval
  FROM emergency AS e, json_each(coalesce(e.reviews, '[]')) AS r
  WHERE json_extract(r.value, '$.state') = 'APPROVED'
    AND json_extract(r.value, '$.user') <> e.author
  GROUP BY e.repo, e.number
)
SELECT
  e.repo || '#' || e.number AS resource,
  CASE
    WHEN a.first_approval <= julianday(e.merged_at) THEN 'ok'
    WHEN a.first_approval <= julianday(e.merged_at) + 3 THEN 'ok'
    WHEN julianday(soc2_now()) <= julianday(e.merged_at) + 3 THEN 'info'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN a.first_approval <= julianday(e.merged_at) THEN 'emergency change approved before merge'
    WHEN a.first_approval <= julianday(e.merged_at) + 3
      THEN 'emergency change reviewed retroactively ' || round(a.first_approval - julianday(e.merged_at), 1) || ' day(s) after merge'
    WHEN julianday(soc2_now()) <= julianday(e.merged_at) + 3
      THEN 'merged ' || e.merged_at || '; retroactive review still within the 3-day window'
    ELSE 'emergency change merged ' || e.merged_at || ' (' || coalesce(e.head_ref, '') || ') without an approval within 3 days'
  END AS reason
FROM emergency AS e
LEFT JOIN approval AS a ON a.repo = e.repo AND a.number = e.number
ORDER BY e.repo, e.number;
