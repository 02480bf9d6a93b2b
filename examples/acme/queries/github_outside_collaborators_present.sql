-- Outside collaborators (non-members) with access to organization repositories.
-- tables: github_outside_collaborators

SELECT login AS resource, 'alarm' AS status,
       'outside collaborator with repository access; remove, or make them a member under the access policy' AS reason
FROM github_outside_collaborators
UNION ALL
SELECT 'GitHub outside collaborators', 'ok', 'no outside collaborators'
WHERE NOT EXISTS (SELECT 1 FROM github_outside_collaborators)
ORDER BY 1;
