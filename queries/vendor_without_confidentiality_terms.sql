-- Active vendors with access to confidential or restricted data whose contract lacks confidentiality terms.
-- tables: vendor_register
-- population: vendor_register where lower(status) IN ('active', 'offboarding') AND lower(data_classification) IN ('confidential', 'restricted')

SELECT
  v.vendor AS resource,
  CASE WHEN lower(v.confidentiality_terms) = 'yes' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN lower(v.confidentiality_terms) = 'yes' THEN 'contract includes confidentiality terms for ' || v.data_classification || ' data' ELSE 'has ' || v.data_classification || ' data but confidentiality_terms is ' || coalesce(v.confidentiality_terms, 'empty') END AS reason
FROM vendor_register AS v
WHERE lower(v.status) IN ('active', 'offboarding') AND lower(v.data_classification) IN ('confidential', 'restricted')
ORDER BY v.vendor;
