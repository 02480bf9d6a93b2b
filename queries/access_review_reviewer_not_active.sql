-- Access reviews from the last year not performed by a person who was in the HR roster and employed on the review date.
-- tables: access_reviews, hr_roster
-- population: access_reviews since review_date 365d

SELECT
  a.review_id || ' ' || a.system AS resource,
  CASE WHEN lower(h.status) IN ('active', 'on_leave', 'terminated') AND lower(h.employment_type) <> 'service_account'
            AND (h.end_date IS NULL OR julianday(h.end_date) >= julianday(a.review_date)) THEN 'ok'
       ELSE 'alarm' END AS status,
  CASE
    WHEN a.reviewer_email IS NULL THEN 'no reviewer recorded'
    WHEN h.email IS NULL THEN 'reviewer ' || a.reviewer_email || ' is not in the HR roster'
    WHEN lower(h.employment_type) = 'service_account' THEN 'reviewer ' || a.reviewer_email || ' is a service account, not a person'
    WHEN h.end_date IS NOT NULL AND julianday(h.end_date) < julianday(a.review_date) THEN 'reviewer ' || a.reviewer_email || ' had left on ' || h.end_date
    ELSE 'reviewed by ' || h.name || ' (' || coalesce(h.title, '?') || ')'
  END AS reason
FROM access_reviews AS a
LEFT JOIN hr_roster AS h ON lower(h.email) = lower(a.reviewer_email)
WHERE julianday(soc2_now()) - julianday(a.review_date) <= 365
ORDER BY a.review_id;
