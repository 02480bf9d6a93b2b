-- Active vendors not reviewed within their cycle (12 months for critical/high, 24 months for medium/low).
-- tables: vendor_register
-- population: vendor_register where lower(status) IN ('active', 'offboarding')

SELECT
  v.vendor AS resource,
  CASE WHEN julianday(soc2_now()) - julianday(v.last_review_date) <= CASE WHEN lower(v.criticality) IN ('critical', 'high') THEN 365 ELSE 730 END THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN julianday(soc2_now()) - julianday(v.last_review_date) <= CASE WHEN lower(v.criticality) IN ('critical', 'high') THEN 365 ELSE 730 END THEN v.criticality || ' vendor reviewed ' || v.last_review_date ELSE v.criticality || ' vendor ' || CASE WHEN v.last_review_date IS NULL THEN 'never reviewed' ELSE 'last reviewed ' || v.last_review_date END END AS reason
FROM vendor_register AS v
WHERE lower(v.status) IN ('active', 'offboarding')
ORDER BY v.vendor;
