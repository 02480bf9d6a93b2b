-- Active vendors processing personal data on our behalf that are not listed in the published subprocessor list.
-- tables: vendor_register
-- population: vendor_register where lower(status) IN ('active', 'offboarding') AND lower(processes_personal_data) = 'yes'

SELECT
  v.vendor AS resource,
  CASE WHEN lower(v.subprocessor_disclosed) = 'yes' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN lower(v.subprocessor_disclosed) = 'yes' THEN 'listed on the public subprocessor page' ELSE 'processes personal data but is not disclosed as a subprocessor' END AS reason
FROM vendor_register AS v
WHERE lower(v.status) IN ('active', 'offboarding') AND lower(v.processes_personal_data) = 'yes'
ORDER BY v.vendor;
