-- Critical and high vendors in use without a recorded approval by key management personnel: the
-- approver (approved_by) is an active person in the HR roster, by email or name, who manages others
-- (someone's manager_email), and approved_date is on or before contract_start_date. An approval
-- recorded after an engagement that began more than a year ago is info (approved retroactively,
-- before this requirement); one after an engagement of the last year is a finding.
-- tables: vendor_register, hr_roster
-- population: vendor_register where lower(criticality) IN ('critical', 'high') AND lower(status) IN ('evaluating', 'active', 'offboarding')

WITH managers AS (
  SELECT lower(p.email) AS email, lower(p.name) AS name, p.email AS who, p.title
  FROM hr_roster AS p
  WHERE lower(p.status) = 'active'
    AND EXISTS (SELECT 1 FROM hr_roster AS r WHERE lower(r.manager_email) = lower(p.email))
),
judged AS (
  SELECT v.*,
         (SELECT m.who || coalesce(' (' || m.title || ')', '') FROM managers AS m
          WHERE m.email = lower(trim(v.approved_by)) OR m.name = lower(trim(v.approved_by))) AS manager
  FROM vendor_register AS v
  WHERE lower(v.criticality) IN ('critical', 'high') AND lower(v.status) IN ('evaluating', 'active', 'offboarding')
)
SELECT
  vendor AS resource,
  CASE
    WHEN approved_by IS NULL OR approved_date IS NULL THEN 'alarm'
    WHEN manager IS NULL THEN 'alarm'
    WHEN contract_start_date IS NOT NULL AND approved_date > contract_start_date
      AND julianday(soc2_now()) - julianday(contract_start_date) <= 365 THEN 'alarm'
    WHEN contract_start_date IS NOT NULL AND approved_date > contract_start_date THEN 'info'
    ELSE 'ok'
  END AS status,
  CASE
    WHEN approved_by IS NULL OR approved_date IS NULL THEN lower(criticality) || ' vendor with no recorded approval (approved_by: '
      || coalesce(approved_by, 'empty') || ', approved_date: ' || coalesce(approved_date, 'empty') || ')'
    WHEN manager IS NULL THEN 'approved by ' || approved_by || ', who is not an active manager in the HR roster'
    WHEN contract_start_date IS NOT NULL AND approved_date > contract_start_date
      AND julianday(soc2_now()) - julianday(contract_start_date) <= 365
      THEN 'engaged on ' || contract_start_date || ' before its approval on ' || approved_date || ' by ' || manager
    WHEN contract_start_date IS NOT NULL AND approved_date > contract_start_date
      THEN 'approved retroactively on ' || approved_date || ' by ' || manager || ' (engaged since ' || contract_start_date || ')'
    ELSE 'approved on ' || approved_date || ' by ' || manager || coalesce(' before the contract began on ' || contract_start_date, '')
  END AS reason
FROM judged
ORDER BY vendor;
