-- High risks (likelihood x impact of 15 or more) with no treatment decision or plan.
-- tables: risk_register
-- population: risk_register where lower(status) <> 'closed' AND CAST(likelihood AS INTEGER) * CAST(impact AS INTEGER) >= 15

SELECT
  risk_id || ' ' || coalesce(title, '') AS resource,
  CASE
    WHEN lower(treatment) IN ('mitigate', 'transfer', 'avoid') AND trim(coalesce(treatment_plan, '')) <> '' THEN 'ok'
    WHEN lower(treatment) = 'accept' THEN 'ok'
    ELSE 'alarm'
  END AS status,
  'score ' || (CAST(likelihood AS INTEGER) * CAST(impact AS INTEGER)) || ': ' || CASE
    WHEN lower(treatment) IN ('mitigate', 'transfer', 'avoid') AND trim(coalesce(treatment_plan, '')) <> ''
      THEN treatment || ' - ' || treatment_plan
    WHEN lower(treatment) = 'accept' THEN 'accepted (see risk_accepted_without_approval)'
    WHEN treatment IS NULL THEN 'no treatment decision'
    ELSE treatment || ' chosen but no treatment plan written'
  END AS reason
FROM risk_register
WHERE lower(status) <> 'closed' AND CAST(likelihood AS INTEGER) * CAST(impact AS INTEGER) >= 15
UNION ALL
SELECT 'high risks', 'ok', 'no open risk scores 15 or more'
WHERE NOT EXISTS (SELECT 1 FROM risk_register WHERE lower(status) <> 'closed' AND CAST(likelihood AS INTEGER) * CAST(impact AS INTEGER) >= 15)
ORDER BY 1;
