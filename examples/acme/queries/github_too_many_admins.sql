-- The GitHub organization has more than 3 owners (or none at all).
-- tables: github_members

WITH owners AS (
  SELECT login FROM github_members WHERE role = 'admin' ORDER BY login
),
counts AS (
  SELECT (SELECT count(*) FROM owners) AS n,
         (SELECT group_concat(login, ', ') FROM owners) AS logins,
         (SELECT count(*) FROM github_members) AS total
)
SELECT
  'GitHub organization owners' AS resource,
  -- Limit: 3 owners. Raise it here if your organization documents a reason for more.
  CASE WHEN n BETWEEN 1 AND 3 THEN 'ok' ELSE 'alarm' END AS status,
  n || ' owner(s) among ' || total || ' member(s), limit 3: ' || coalesce(logins, 'none') AS reason
FROM counts;
