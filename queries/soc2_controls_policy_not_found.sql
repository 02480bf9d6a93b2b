-- Controls that reference a policy id with no policy document in policies/.
-- tables: soc2_controls, soc2_policies
-- population: soc2_controls

SELECT
  c.id || ' -> ' || p.value AS resource,
  CASE WHEN sp.id IS NOT NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN sp.id IS NOT NULL THEN 'policy ' || sp.path
       ELSE 'no policy with id ' || p.value || ' (run soc2 policies init or fix the id)' END AS reason
FROM soc2_controls AS c, json_each(coalesce(c.policies, '[]')) AS p
LEFT JOIN soc2_policies AS sp ON sp.id = p.value
ORDER BY 1;
