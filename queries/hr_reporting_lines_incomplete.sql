-- Active roster entries without a manager, or whose manager is not an active person in the roster.
-- tables: hr_roster
-- population: hr_roster where lower(status) IN ('active', 'on_leave')

SELECT
  h.email AS resource,
  CASE
    WHEN h.manager_email IS NULL AND (lower(h.title) LIKE '%chief executive%'
         OR ' ' || lower(replace(replace(h.title, ',', ' '), '&', ' ')) || ' ' LIKE '% ceo %') THEN 'ok'
    WHEN h.manager_email IS NULL THEN 'alarm'
    WHEN m.email IS NULL THEN 'alarm'
    ELSE 'ok'
  END AS status,
  CASE
    WHEN h.manager_email IS NULL AND (lower(h.title) LIKE '%chief executive%'
         OR ' ' || lower(replace(replace(h.title, ',', ' '), '&', ' ')) || ' ' LIKE '% ceo %') THEN 'head of the organization; reports to the board'
    WHEN h.manager_email IS NULL THEN coalesce(h.title, 'no title') || ' with no manager recorded'
    WHEN m.email IS NULL THEN 'manager ' || h.manager_email || ' is not an active person in the roster'
    ELSE 'reports to ' || coalesce(m.name, m.email) || ' (' || coalesce(m.title, 'no title') || ')'
  END AS reason
FROM hr_roster AS h
LEFT JOIN hr_roster AS m ON lower(m.email) = lower(h.manager_email) AND lower(m.status) IN ('active', 'on_leave')
WHERE lower(h.status) IN ('active', 'on_leave')
ORDER BY h.email;
