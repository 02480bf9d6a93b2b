-- The risk register shows no risk assessment activity (risks identified or reviewed) in the last 12 months.
-- tables: risk_register
-- population: risk_register where julianday(soc2_now()) - julianday(last_reviewed_date) <= 365 OR julianday(soc2_now()) - julianday(identified_date) <= 365

WITH activity AS (
  SELECT max(max(coalesce(last_reviewed_date, '')), max(coalesce(identified_date, ''))) AS last_activity,
         count(*) AS risks,
         sum(julianday(soc2_now()) - julianday(last_reviewed_date) <= 365) AS reviewed
  FROM risk_register
)
SELECT
  'risk assessment' AS resource,
  CASE WHEN julianday(soc2_now()) - julianday(nullif(last_activity, '')) <= 365 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN risks = 0 THEN 'the risk register is empty'
    ELSE risks || ' risk(s), ' || coalesce(reviewed, 0) || ' reviewed in the last 12 months; last activity ' || coalesce(nullif(last_activity, ''), 'never')
  END AS reason
FROM activity;
