-- Public repositories that have not been approved for publication with the "public-approved" topic.
-- tables: github_repos

SELECT
  full_name AS resource,
  CASE
    WHEN coalesce(visibility, CASE WHEN private = 1 THEN 'private' ELSE 'public' END) <> 'public' THEN 'ok'
    WHEN EXISTS (SELECT 1 FROM json_each(coalesce(topics, '[]')) WHERE value = 'public-approved') THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN coalesce(visibility, CASE WHEN private = 1 THEN 'private' ELSE 'public' END) <> 'public'
      THEN coalesce(visibility, 'private') || ' repository'
    WHEN EXISTS (SELECT 1 FROM json_each(coalesce(topics, '[]')) WHERE value = 'public-approved')
      THEN 'public, approved for publication (topic public-approved)'
    ELSE 'public repository without the public-approved topic: confirm publication was approved'
  END AS reason
FROM github_repos
ORDER BY full_name;
