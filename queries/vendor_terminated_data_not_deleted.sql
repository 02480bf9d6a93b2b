-- Terminated vendors that held internal, confidential or restricted data without confirmation that the data was returned or deleted.
-- tables: vendor_register
-- population: vendor_register where lower(status) = 'terminated' AND lower(coalesce(data_classification, 'none')) NOT IN ('none', 'public')

SELECT
  v.vendor AS resource,
  CASE WHEN lower(v.data_deletion_confirmed) = 'yes' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN lower(v.data_deletion_confirmed) = 'yes' THEN 'offboarded; return or deletion of ' || v.data_classification || ' data confirmed' ELSE 'offboarded ' || coalesce(v.contract_end_date, '') || ' without confirmed return or deletion of ' || v.data_classification || ' data' END AS reason
FROM vendor_register AS v
WHERE lower(v.status) = 'terminated' AND lower(coalesce(v.data_classification, 'none')) NOT IN ('none', 'public')
ORDER BY v.vendor;
