-- Pull requests merged while a reviewer's latest review still requested changes.
-- tables: github_pulls
-- population: github_pulls since merged_at 90d

WITH pr AS (
  SELECT repo, number, author, merged_at, reviews
  FROM github_pulls
  WHERE merged_at IS NOT NULL
    AND julianday(merged_at) > julianday(soc2_now()) - 90
    AND julianday(merged_at) <= julianday(soc2_now())
),
review AS (
  SELECT pr.repo, pr.number,
         json_extract(r.value, '$.user') AS reviewer,
         json_extract(r.value, '$.state') AS state,
         json_extract(r.value, '$.submitted_at') AS submitted_at
  FROM pr, json_each(coalesce(pr.reviews, '[]')) AS r
  WHERE json_extract(r.value, '$.state') IN ('APPROVED', 'CHANGES_REQUESTED', 'DISMISSED')
    AND julianday(json_extract(r.value, '$.submitted_at')) <= julianday(pr.merged_at)
),
latest AS (
  SELECT repo, number, reviewer, state
  FROM review AS a
  WHERE submitted_at = (SELECT max(b.submitted_at) FROM review AS b
                        WHERE b.repo = a.repo AND b.number = a.number AND b.reviewer = a.reviewer)
),
blocked AS (
  SELECT repo, number, group_concat(reviewer, ', ') AS reviewers
  FROM latest
  WHERE state = 'CHANGES_REQUESTED'
  GROUP BY repo, number
)
SELECT
  pr.repo || '#' || pr.number AS resource,
  CASE WHEN blocked.reviewers IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN blocked.reviewers IS NULL
    THEN 'no outstanding change requests when merged on ' || pr.merged_at
    ELSE 'merged on ' || pr.merged_at || ' while changes requested by ' || blocked.reviewers || ' were unresolved'
  END AS reason
FROM pr
LEFT JOIN blocked ON blocked.repo = pr.repo AND blocked.number = pr.number
ORDER BY pr.repo, pr.number;
