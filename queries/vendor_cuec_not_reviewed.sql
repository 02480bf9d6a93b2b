-- Active vendors with a SOC report whose complementary user entity controls (CUECs) were not reviewed.
-- tables: vendor_register
-- population: vendor_register where lower(status) IN ('active', 'offboarding') AND lower(assurance_type) LIKE 'soc%'

SELECT
  v.vendor AS resource,
  CASE WHEN lower(v.cuec_reviewed) = 'yes' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN lower(v.cuec_reviewed) = 'yes' THEN 'CUECs in the ' || v.assurance_type || ' report reviewed and mapped' ELSE v.assurance_type || ' report on file but CUECs not reviewed' END AS reason
FROM vendor_register AS v
WHERE lower(v.status) IN ('active', 'offboarding') AND lower(v.assurance_type) LIKE 'soc%'
ORDER BY v.vendor;
