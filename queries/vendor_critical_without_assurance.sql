-- Active critical or high vendors with no independent assurance (SOC 2, ISO 27001, PCI DSS) or security assessment on file.
-- tables: vendor_register
-- population: vendor_register where lower(status) IN ('active', 'offboarding') AND lower(criticality) IN ('critical', 'high')

SELECT
  v.vendor AS resource,
  CASE WHEN lower(coalesce(v.assurance_type, 'none')) <> 'none' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN lower(coalesce(v.assurance_type, 'none')) <> 'none' THEN v.criticality || ' vendor; assurance: ' || v.assurance_type ELSE v.criticality || ' vendor for ' || coalesce(v.service, '?') || ' with no assurance report or assessment on file' END AS reason
FROM vendor_register AS v
WHERE lower(v.status) IN ('active', 'offboarding') AND lower(v.criticality) IN ('critical', 'high')
ORDER BY v.vendor;
