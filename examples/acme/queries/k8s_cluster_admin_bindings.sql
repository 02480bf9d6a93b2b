-- Users, groups or service accounts bound to the cluster-admin role (other than the built-in system:masters group).
-- tables: k8s_rbac_bindings

WITH subjects AS (
  SELECT json_extract(b.metadata, '$.name') AS binding,
         json_extract(b.roleRef, '$.name') AS role,
         json_extract(s.value, '$.kind') AS kind,
         json_extract(s.value, '$.name') AS name,
         json_extract(s.value, '$.namespace') AS namespace
  FROM k8s_rbac_bindings AS b, json_each(coalesce(b.subjects, '[]')) AS s
),
admins AS (
  SELECT * FROM subjects WHERE role = 'cluster-admin'
)
SELECT
  binding || ' -> ' || kind || ' ' || coalesce(namespace || '/', '') || name AS resource,
  CASE WHEN kind = 'Group' AND name = 'system:masters' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN kind = 'Group' AND name = 'system:masters' THEN 'built-in break-glass group'
       ELSE kind || ' has cluster-admin: grant a narrower role' END AS reason
FROM admins
UNION ALL
SELECT 'cluster-admin bindings', 'ok', 'no subject is bound to cluster-admin'
WHERE NOT EXISTS (SELECT 1 FROM admins)
ORDER BY 1;
