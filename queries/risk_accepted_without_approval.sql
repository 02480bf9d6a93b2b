-- Accepted risks without a named approver or with an acceptance older than 12 months.
-- tables: risk_register
-- population: risk_register where (lower(treatment) = 'accept' OR lower(status) = 'accepted') AND lower(status) <> 'closed'

WITH accepted AS (
  SELECT risk_id, title, accepted_by, accepted_date
  FROM risk_register
  WHERE (lower(treatment) = 'accept' OR lower(status) = 'accepted') AND lower(status) <> 'closed'
)
SELECT
  risk_id || ' ' || coalesce(title, '') AS resource,
  CASE
    WHEN trim(coalesce(accepted_by, '')) <> '' AND julianday(soc2_now()) - julianday(accepted_date) <= 365 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN trim(coalesce(accepted_by, '')) = '' THEN 'accepted without a named approver'
    WHEN accepted_date IS NULL THEN 'accepted by ' || accepted_by || ' with no acceptance date'
    WHEN julianday(soc2_now()) - julianday(accepted_date) <= 365 THEN 'accepted by ' || accepted_by || ' on ' || accepted_date
    ELSE 'acceptance by ' || accepted_by || ' on ' || accepted_date || ' is more than a year old: re-approve'
  END AS reason
FROM accepted
UNION ALL
SELECT 'accepted risks', 'ok', 'no accepted risks'
WHERE NOT EXISTS (SELECT 1 FROM accepted)
ORDER BY 1;
