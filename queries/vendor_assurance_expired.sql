-- Active critical or high vendors whose assurance report (or assessment) is past its validity date.
-- tables: vendor_register
-- population: vendor_register where lower(status) IN ('active', 'offboarding') AND lower(criticality) IN ('critical', 'high') AND lower(coalesce(assurance_type, 'none')) <> 'none'

SELECT
  v.vendor AS resource,
  CASE WHEN julianday(v.assurance_valid_until) >= julianday(soc2_now()) THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN julianday(v.assurance_valid_until) >= julianday(soc2_now()) THEN v.assurance_type || ' valid until ' || v.assurance_valid_until ELSE v.assurance_type || CASE WHEN v.assurance_valid_until IS NULL THEN ' has no validity date' ELSE ' expired on ' || v.assurance_valid_until || ': obtain the current report or a bridge letter' END END AS reason
FROM vendor_register AS v
WHERE lower(v.status) IN ('active', 'offboarding') AND lower(v.criticality) IN ('critical', 'high') AND lower(coalesce(v.assurance_type, 'none')) <> 'none'
ORDER BY v.vendor;
