-- Active workforce members with no signed confidentiality agreement on record.
-- tables: hr_roster
-- population: hr_roster where lower(employment_type) IN ('employee', 'contractor', 'intern') AND lower(status) IN ('active', 'on_leave')

SELECT
  email AS resource,
  CASE
    WHEN confidentiality_agreement_date IS NULL THEN 'alarm'
    WHEN julianday(confidentiality_agreement_date) <= julianday(start_date) + 7 THEN 'ok'
    ELSE 'info'
  END AS status,
  CASE
    WHEN confidentiality_agreement_date IS NULL THEN employment_type || ' since ' || coalesce(start_date, '?') || ' with no signed confidentiality agreement'
    WHEN julianday(confidentiality_agreement_date) <= julianday(start_date) + 7 THEN 'signed ' || confidentiality_agreement_date
    ELSE 'signed ' || confidentiality_agreement_date || ', more than a week after the start date ' || start_date
  END AS reason
FROM hr_roster
WHERE lower(employment_type) IN ('employee', 'contractor', 'intern') AND lower(status) IN ('active', 'on_leave')
ORDER BY email;
