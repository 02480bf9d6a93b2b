-- Repositories with no push in over a year that have not been archived.
-- tables: github_repos

SELECT
  full_name AS resource,
  CASE
    WHEN archived = 1 THEN 'skip'
    WHEN julianday(soc2_now()) - julianday(pushed_at) <= 365 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN archived = 1 THEN 'archived'
    WHEN julianday(soc2_now()) - julianday(pushed_at) <= 365 THEN 'last push ' || pushed_at
    ELSE 'no push since ' || coalesce(pushed_at, 'creation') || ': archive it or record why it is still maintained'
  END AS reason
FROM github_repos
ORDER BY full_name;
