-- People marked terminated in the HR roster who are still GitHub organization members or outside collaborators.
-- tables: hr_roster, github_members, github_outside_collaborators
-- population: hr_roster where lower(status) = 'terminated' AND trim(coalesce(github_login, '')) <> ''

WITH leavers AS (
  SELECT email, end_date, github_login
  FROM hr_roster
  WHERE lower(status) = 'terminated' AND trim(coalesce(github_login, '')) <> ''
)
SELECT
  l.github_login AS resource,
  CASE WHEN m.login IS NULL AND c.login IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN m.login IS NOT NULL THEN l.email || ' left on ' || coalesce(l.end_date, '?') || ' but is still an organization ' || coalesce(m.role, 'member')
    WHEN c.login IS NOT NULL THEN l.email || ' left on ' || coalesce(l.end_date, '?') || ' but is still an outside collaborator'
    ELSE l.email || ' left on ' || coalesce(l.end_date, '?') || ' and has no GitHub access'
  END AS reason
FROM leavers AS l
LEFT JOIN github_members AS m ON lower(m.login) = lower(l.github_login)
LEFT JOIN github_outside_collaborators AS c ON lower(c.login) = lower(l.github_login)
UNION ALL
SELECT 'GitHub leavers', 'ok', 'no terminated person in the roster has a github_login'
WHERE NOT EXISTS (SELECT 1 FROM leavers)
ORDER BY 1;
