-- GitHub organization members who do not map to an active person or owned service account in the HR roster.
-- tables: github_members, hr_roster
-- population: github_members

SELECT
  m.login AS resource,
  CASE
    WHEN m.type = 'Bot' THEN 'skip'
    WHEN lower(h.status) IN ('active', 'on_leave') THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN m.type = 'Bot' THEN 'GitHub App bot account'
    WHEN h.email IS NULL THEN 'no HR roster row has github_login ' || m.login
    WHEN lower(h.status) IN ('active', 'on_leave') THEN 'roster: ' || h.email || ' (' || h.employment_type || ')'
    ELSE 'roster: ' || h.email || ' is ' || h.status
  END AS reason
FROM github_members AS m
LEFT JOIN hr_roster AS h ON lower(h.github_login) = lower(m.login)
ORDER BY m.login;
