-- The repository has no Dependabot configuration for automated dependency updates.
-- tables: git_files

SELECT
  'Dependabot configuration' AS resource,
  CASE WHEN EXISTS (SELECT 1 FROM git_files WHERE category = 'dependabot' AND present = 1)
       THEN 'ok' ELSE 'alarm' END AS status,
  coalesce(
    (SELECT 'present: ' || group_concat(path, ', ') FROM git_files WHERE category = 'dependabot' AND present = 1),
    'no .github/dependabot.yml'
  ) AS reason;
