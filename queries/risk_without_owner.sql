-- Open risks without an owner who is an active person in the HR roster.
-- tables: risk_register, hr_roster
-- population: risk_register where lower(status) <> 'closed'

SELECT
  r.risk_id || ' ' || coalesce(r.title, '') AS resource,
  CASE WHEN lower(h.status) IN ('active', 'on_leave') THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN r.owner_email IS NULL THEN 'no owner'
    WHEN h.email IS NULL THEN 'owner ' || r.owner_email || ' is not in the HR roster'
    WHEN lower(h.status) IN ('active', 'on_leave') THEN 'owned by ' || r.owner_email
    ELSE 'owner ' || r.owner_email || ' is ' || h.status
  END AS reason
FROM risk_register AS r
LEFT JOIN hr_roster AS h ON lower(h.email) = lower(r.owner_email)
WHERE lower(r.status) <> 'closed'
ORDER BY r.risk_id;
