-- The repository has no CODEOWNERS file assigning reviewers to code.
-- tables: git_files

SELECT
  'CODEOWNERS' AS resource,
  CASE WHEN EXISTS (SELECT 1 FROM git_files WHERE category = 'codeowners' AND present = 1)
       THEN 'ok' ELSE 'alarm' END AS status,
  coalesce(
    (SELECT 'present: ' || group_concat(path, ', ') FROM git_files WHERE category = 'codeowners' AND present = 1),
    'no CODEOWNERS file (repository root, .github/, .gitlab/ or docs/)'
  ) AS reason;
