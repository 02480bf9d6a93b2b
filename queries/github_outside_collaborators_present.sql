-- Outside collaborators (non-members) with access to organization repositories.
-- tables: github_outside_collaborators, github_members
-- population: github_outside_collaborators
-- population: github_members

-- Everyone with repository access is examined: the collaborators, and the
-- members who are the whole list when there are none.
SELECT login AS resource, 'alarm' AS status,
       'outside collaborator with repository access; remove, or make them a member under the access policy' AS reason
FROM github_outside_collaborators
UNION ALL
SELECT 'GitHub outside collaborators', 'ok',
       'no outside collaborators: repository access is held by the '
       || (SELECT count(*) FROM github_members) || ' organization member(s) only'
WHERE NOT EXISTS (SELECT 1 FROM github_outside_collaborators)
ORDER BY 1;
