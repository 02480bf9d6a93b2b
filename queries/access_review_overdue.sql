-- Systems whose last completed user access review is more than 100 days old (quarterly cadence).
-- tables: access_reviews
-- population: access_reviews where lower(completed) = 'yes' since review_date 100d

WITH latest AS (
  SELECT system, max(review_date) AS last_review
  FROM access_reviews
  WHERE lower(completed) = 'yes'
  GROUP BY system
),
systems AS (SELECT DISTINCT system FROM access_reviews)
SELECT
  s.system AS resource,
  CASE WHEN julianday(soc2_now()) - julianday(l.last_review) <= 100 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN l.last_review IS NULL THEN 'no completed access review on record'
    ELSE 'last completed review ' || l.last_review || ' (' || CAST(julianday(soc2_now()) - julianday(l.last_review) AS INTEGER) || ' days ago)'
  END AS reason
FROM systems AS s
LEFT JOIN latest AS l ON l.system = s.system
ORDER BY s.system;
