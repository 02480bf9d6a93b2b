-- Access reviews whose exceptions (inappropriate access found) were not all remediated within 30 days.
-- tables: access_reviews
-- population: access_reviews where CAST(coalesce(exceptions_found, '0') AS INTEGER) > 0

WITH flagged AS (
  SELECT review_id, system, review_date, remediation_date,
         CAST(coalesce(exceptions_found, '0') AS INTEGER) AS found,
         CAST(coalesce(exceptions_remediated, '0') AS INTEGER) AS fixed
  FROM access_reviews
  WHERE CAST(coalesce(exceptions_found, '0') AS INTEGER) > 0
)
SELECT
  review_id || ' ' || system AS resource,
  CASE
    WHEN fixed >= found AND remediation_date IS NOT NULL THEN 'ok'
    WHEN julianday(soc2_now()) - julianday(review_date) <= 30 THEN 'info'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN fixed >= found AND remediation_date IS NOT NULL THEN found || ' exception(s) remediated on ' || remediation_date
    WHEN julianday(soc2_now()) - julianday(review_date) <= 30 THEN fixed || ' of ' || found || ' exception(s) remediated; within 30 days of the review'
    ELSE fixed || ' of ' || found || ' exception(s) remediated, review of ' || review_date || ' is more than 30 days old'
  END AS reason
FROM flagged
UNION ALL
SELECT 'access review exceptions', 'ok', 'no exceptions found in access reviews'
WHERE NOT EXISTS (SELECT 1 FROM flagged)
ORDER BY 1;
