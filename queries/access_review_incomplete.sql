-- Access reviews left incomplete more than 30 days after their period ended, or completed without counting the users reviewed.
-- tables: access_reviews
-- population: access_reviews where julianday(soc2_now()) - julianday(coalesce(period_end, review_date)) <= 365

SELECT
  review_id || ' ' || system AS resource,
  CASE
    WHEN lower(completed) = 'yes' AND CAST(coalesce(users_reviewed, '0') AS INTEGER) > 0 THEN 'ok'
    WHEN lower(completed) = 'yes' THEN 'alarm'
    WHEN julianday(soc2_now()) - julianday(period_end) <= 30 THEN 'info'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN lower(completed) = 'yes' AND CAST(coalesce(users_reviewed, '0') AS INTEGER) > 0 THEN 'completed ' || review_date || ', ' || users_reviewed || ' user(s) reviewed by ' || coalesce(reviewer_email, '?')
    WHEN lower(completed) = 'yes' THEN 'marked completed but users_reviewed is ' || coalesce(users_reviewed, 'empty')
    WHEN julianday(soc2_now()) - julianday(period_end) <= 30 THEN 'in progress for the period ending ' || period_end
    ELSE 'not completed; period ended ' || coalesce(period_end, '?')
  END AS reason
FROM access_reviews
WHERE julianday(soc2_now()) - julianday(coalesce(period_end, review_date)) <= 365
ORDER BY review_id;
