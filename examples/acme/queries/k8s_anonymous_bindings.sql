-- Cluster role bindings granting permissions to anonymous or unauthenticated users (beyond the built-in public info endpoints).
-- tables: k8s_rbac_bindings

WITH subjects AS (
  SELECT json_extract(b.metadata, '$.name') AS binding,
         json_extract(b.roleRef, '$.name') AS role,
         json_extract(s.value, '$.kind') AS kind,
         json_extract(s.value, '$.name') AS name,
         json_extract(s.value, '$.namespace') AS namespace
  FROM k8s_rbac_bindings AS b, json_each(coalesce(b.subjects, '[]')) AS s
),
anonymous AS (
  SELECT * FROM subjects WHERE name IN ('system:anonymous', 'system:unauthenticated')
)
SELECT
  binding || ' -> ' || name AS resource,
  CASE WHEN role = 'system:public-info-viewer' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN role = 'system:public-info-viewer' THEN 'built-in binding: /healthz, /livez, /readyz and /version only'
       ELSE 'grants role ' || role || ' to ' || name END AS reason
FROM anonymous
UNION ALL
SELECT 'anonymous bindings', 'ok', 'no binding grants access to anonymous or unauthenticated users'
WHERE NOT EXISTS (SELECT 1 FROM anonymous)
ORDER BY 1;
