-- Open risks in the risk register not reviewed in the last 12 months.
-- tables: risk_register
-- population: risk_register where lower(status) <> 'closed'

SELECT
  risk_id || ' ' || coalesce(title, '') AS resource,
  CASE WHEN julianday(soc2_now()) - julianday(last_reviewed_date) <= 365 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN last_reviewed_date IS NULL THEN 'never reviewed since identification on ' || coalesce(identified_date, '?')
    ELSE 'last reviewed ' || last_reviewed_date
  END AS reason
FROM risk_register
WHERE lower(status) <> 'closed'
ORDER BY risk_id;
