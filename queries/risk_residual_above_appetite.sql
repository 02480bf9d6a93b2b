-- Open risks whose residual score stays at 15 or more without a documented management acceptance.
-- tables: risk_register
-- population: risk_register where lower(status) <> 'closed'

SELECT
  risk_id || ' ' || coalesce(title, '') AS resource,
  CASE
    WHEN CAST(coalesce(residual_likelihood, likelihood) AS INTEGER) * CAST(coalesce(residual_impact, impact) AS INTEGER) < 15 THEN 'ok'
    WHEN trim(coalesce(accepted_by, '')) <> '' THEN 'ok'
    ELSE 'alarm'
  END AS status,
  'residual score ' || (CAST(coalesce(residual_likelihood, likelihood) AS INTEGER) * CAST(coalesce(residual_impact, impact) AS INTEGER)) || CASE
    WHEN CAST(coalesce(residual_likelihood, likelihood) AS INTEGER) * CAST(coalesce(residual_impact, impact) AS INTEGER) < 15 THEN ' is within appetite (below 15)'
    WHEN trim(coalesce(accepted_by, '')) <> '' THEN ' above appetite, accepted by ' || accepted_by
    ELSE ' is above appetite (15) and not accepted by management'
  END AS reason
FROM risk_register
WHERE lower(status) <> 'closed'
ORDER BY risk_id;
