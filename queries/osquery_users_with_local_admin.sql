-- Hosts where a workforce user holds local administrator rights, from osquery: each host osquery
-- reports (osquery_os_version) against the members of its administrators group (osquery_local_admins:
-- `admin` on macOS, `Administrators` on Windows, `sudo`/`wheel` on Linux). Built-in accounts (root,
-- Administrator, and names starting with `_`) are not users; a managed break-glass account is named
-- in the list below (edit it for yours).
-- tables: osquery_os_version, osquery_local_admins
-- population: osquery_os_version

WITH exempt(username) AS (VALUES ('root'), ('Administrator'), ('admin-breakglass')),
admins AS (
  SELECT hostname, group_concat(username, ', ') AS users, count(*) AS n
  FROM (SELECT DISTINCT hostname, username FROM osquery_local_admins
        WHERE username NOT IN (SELECT username FROM exempt) AND username NOT LIKE '\_%' ESCAPE '\'
        ORDER BY hostname, username)
  GROUP BY hostname
)
SELECT
  h.hostname AS resource,
  CASE WHEN a.n IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN a.n IS NULL THEN 'no workforce user is a local administrator on ' || coalesce(h.name, 'this host')
       ELSE 'local administrator rights for ' || a.users || ': software can be installed without the IT team'
  END AS reason
FROM (SELECT DISTINCT hostname, name FROM osquery_os_version) AS h
LEFT JOIN admins AS a ON a.hostname = h.hostname
ORDER BY h.hostname;
