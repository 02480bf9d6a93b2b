-- Vendors still marked active whose contract end date has passed.
-- tables: vendor_register
-- population: vendor_register where lower(status) = 'active'

SELECT
  v.vendor AS resource,
  CASE WHEN v.contract_end_date IS NULL OR julianday(v.contract_end_date) >= julianday(soc2_now()) THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN v.contract_end_date IS NULL OR julianday(v.contract_end_date) >= julianday(soc2_now()) THEN CASE WHEN v.contract_end_date IS NULL THEN 'evergreen contract' ELSE 'contract runs until ' || v.contract_end_date END ELSE 'contract ended ' || v.contract_end_date || ': renew it or offboard the vendor' END AS reason
FROM vendor_register AS v
WHERE lower(v.status) = 'active'
ORDER BY v.vendor;
