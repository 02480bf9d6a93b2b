-- Risks still being treated after their target completion date.
-- tables: risk_register
-- population: risk_register where lower(status) IN ('open', 'in_treatment') AND lower(coalesce(treatment, '')) <> 'accept'

WITH treating AS (
  SELECT risk_id, title, target_date, treatment_plan
  FROM risk_register
  WHERE lower(status) IN ('open', 'in_treatment') AND lower(coalesce(treatment, '')) <> 'accept'
)
SELECT
  risk_id || ' ' || coalesce(title, '') AS resource,
  CASE WHEN julianday(target_date) >= julianday(soc2_now()) THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN target_date IS NULL THEN 'no target date for the treatment plan'
    WHEN julianday(target_date) >= julianday(soc2_now()) THEN 'treatment due ' || target_date
    ELSE 'treatment was due ' || target_date || ': complete it, re-plan, or accept the risk'
  END AS reason
FROM treating
UNION ALL
SELECT 'risk treatment plans', 'ok', 'no risks currently in treatment'
WHERE NOT EXISTS (SELECT 1 FROM treating)
ORDER BY 1;
