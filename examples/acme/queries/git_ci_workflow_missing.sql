-- The repository has no CI workflow that builds and tests changes.
-- tables: git_files

SELECT
  'CI workflow' AS resource,
  CASE WHEN EXISTS (SELECT 1 FROM git_files WHERE category = 'ci_workflow' AND present = 1)
       THEN 'ok' ELSE 'alarm' END AS status,
  coalesce(
    (SELECT 'present: ' || group_concat(path, ', ') FROM git_files WHERE category = 'ci_workflow' AND present = 1),
    'no CI workflow definition found'
  ) AS reason;
