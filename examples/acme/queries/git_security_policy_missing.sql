-- The repository has no SECURITY.md telling outsiders how to report vulnerabilities.
-- tables: git_files

SELECT
  'SECURITY.md' AS resource,
  CASE WHEN EXISTS (SELECT 1 FROM git_files WHERE category = 'security_policy' AND present = 1)
       THEN 'ok' ELSE 'alarm' END AS status,
  coalesce(
    (SELECT 'present: ' || group_concat(path, ', ') FROM git_files WHERE category = 'security_policy' AND present = 1),
    'no SECURITY.md security policy'
  ) AS reason;
