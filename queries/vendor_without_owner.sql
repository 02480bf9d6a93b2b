-- Active vendors with no owner, or whose owner is no longer an active person in the HR roster.
-- tables: vendor_register, hr_roster
-- population: vendor_register where lower(status) IN ('active', 'offboarding')

SELECT
  v.vendor AS resource,
  CASE WHEN lower(h.status) IN ('active', 'on_leave') THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN lower(h.status) IN ('active', 'on_leave') THEN 'owned by ' || v.owner_email ELSE CASE WHEN v.owner_email IS NULL THEN 'no owner' ELSE 'owner ' || v.owner_email || ' is not an active person in the roster' END END AS reason
FROM vendor_register AS v
LEFT JOIN hr_roster AS h ON lower(h.email) = lower(v.owner_email)
WHERE lower(v.status) IN ('active', 'offboarding')
ORDER BY v.vendor;
