-- Outside collaborators who are not an active person (typically a contractor) in the HR roster.
-- tables: github_outside_collaborators, hr_roster
-- population: github_outside_collaborators

SELECT
  c.login AS resource,
  CASE WHEN lower(h.status) IN ('active', 'on_leave') THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN h.email IS NULL THEN 'not listed in the HR roster (no row with this github_login)'
    WHEN lower(h.status) IN ('active', 'on_leave') THEN 'roster: ' || h.name || ' (' || h.employment_type || ', ' || h.status || ')'
    ELSE 'roster: ' || h.name || ' is ' || h.status || ' but still has repository access'
  END AS reason
FROM github_outside_collaborators AS c
LEFT JOIN hr_roster AS h ON lower(h.github_login) = lower(c.login)
ORDER BY c.login;
