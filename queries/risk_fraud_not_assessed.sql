-- No fraud risk has been identified or reviewed in the risk register in the last 12 months.
-- tables: risk_register
-- population: risk_register where lower(category) = 'fraud' AND julianday(soc2_now()) - julianday(coalesce(last_reviewed_date, identified_date)) <= 365

WITH fraud AS (
  SELECT risk_id, title, coalesce(last_reviewed_date, identified_date) AS assessed_on
  FROM risk_register
  WHERE lower(category) = 'fraud'
)
SELECT
  'fraud risk assessment' AS resource,
  CASE WHEN EXISTS (SELECT 1 FROM fraud WHERE julianday(soc2_now()) - julianday(assessed_on) <= 365)
       THEN 'ok' ELSE 'alarm' END AS status,
  coalesce(
    (SELECT count(*) || ' fraud risk(s), latest assessed ' || max(assessed_on) FROM fraud HAVING count(*) > 0),
    'no risk with category fraud in the register'
  ) AS reason;
