-- Every emergency change merged in the audit period (hotfix/ or emergency/ branches, or "emergency" in the title), with its first independent approval.
-- tables: github_pulls
-- The approval is looked up in every snapshot of the period, so a retroactive review recorded
-- later counts when it was submitted within 3 days of the merge, and never when it was later.

WITH emergency AS (
  SELECT * FROM github_pulls
  WHERE merged_at IS NOT NULL
    AND (head_ref LIKE 'hotfix/%' OR head_ref LIKE 'emergency/%' OR lower(title) LIKE '%emergency%')
),
approval AS (
  SELECT e.repo, e.number, min(json_extract(r.value, '$.submitted_at')) AS first_approval
  FROM emergency AS e, json_each(coalesce(e.reviews, '[]')) AS r
  WHERE json_extract(r.value, '$.state') = 'APPROVED' AND json_extract(r.value, '$.user') <> e.author
  GROUP BY e.repo, e.number
)
SELECT
  e.repo, e.number, e.title, e.author, e.head_ref, e.merged_at, a.first_approval,
  CASE
    WHEN a.first_approval IS NULL AND julianday(soc2_now()) > julianday(e.merged_at) + 3
      THEN 'no approval by another engineer within 3 days of the merge'
    WHEN julianday(a.first_approval) > julianday(e.merged_at) + 3
      THEN 'approved only on ' || a.first_approval || ', more than 3 days after the merge'
  END AS deviation,
  e._first_seen, e._first_commit, e._last_seen, e._last_commit
FROM emergency AS e
LEFT JOIN approval AS a ON a.repo = e.repo AND a.number = e.number
