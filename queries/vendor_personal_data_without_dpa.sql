-- Active vendors processing personal data on our behalf without a signed data processing agreement.
-- tables: vendor_register
-- population: vendor_register where lower(status) IN ('active', 'offboarding') AND lower(processes_personal_data) = 'yes'

SELECT
  v.vendor AS resource,
  CASE WHEN lower(v.dpa_signed) = 'yes' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN lower(v.dpa_signed) = 'yes' THEN 'data processing agreement signed' ELSE 'processes personal data but dpa_signed is ' || coalesce(v.dpa_signed, 'empty') END AS reason
FROM vendor_register AS v
WHERE lower(v.status) IN ('active', 'offboarding') AND lower(v.processes_personal_data) = 'yes'
ORDER BY v.vendor;
