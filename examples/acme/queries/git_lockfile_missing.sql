-- The repository has no dependency lockfile pinning the exact third-party versions in use.
-- tables: git_files

SELECT
  'dependency lockfile' AS resource,
  CASE WHEN EXISTS (SELECT 1 FROM git_files WHERE category = 'lockfile' AND present = 1)
       THEN 'ok' ELSE 'alarm' END AS status,
  coalesce(
    (SELECT 'present: ' || group_concat(path, ', ') FROM git_files WHERE category = 'lockfile' AND present = 1),
    'no lockfile: dependency versions are not pinned or inventoried'
  ) AS reason;
