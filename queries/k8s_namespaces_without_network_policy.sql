-- Namespaces running pods without a NetworkPolicy that selects every pod of the namespace (an empty
-- podSelector, the base of a default-deny setup): their pods accept traffic from any pod of the
-- cluster. The cluster's own namespaces (kube-system, kube-public, kube-node-lease) are skipped.
-- tables: k8s_pods, k8s_network_policies
-- population: k8s_pods where coalesce(json_extract(status, '$.phase'), 'Running') NOT IN ('Succeeded', 'Failed')

WITH namespaces AS (
  SELECT json_extract(metadata, '$.namespace') AS ns, count(*) AS pods
  FROM k8s_pods
  WHERE coalesce(json_extract(status, '$.phase'), 'Running') NOT IN ('Succeeded', 'Failed')
  GROUP BY 1
),
policies AS (
  SELECT json_extract(metadata, '$.namespace') AS ns,
         count(*) AS n,
         sum(CASE WHEN coalesce(json_extract(spec, '$.podSelector.matchLabels'), '{}') = '{}'
                   AND coalesce(json_extract(spec, '$.podSelector.matchExpressions'), '[]') = '[]' THEN 1 ELSE 0 END) AS all_pods,
         group_concat(json_extract(metadata, '$.name'), ', ') AS names
  FROM k8s_network_policies
  GROUP BY 1
)
SELECT
  n.ns AS resource,
  CASE
    WHEN n.ns IN ('kube-system', 'kube-public', 'kube-node-lease') THEN 'skip'
    WHEN coalesce(p.all_pods, 0) > 0 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN n.ns IN ('kube-system', 'kube-public', 'kube-node-lease') THEN 'system namespace managed by the cluster provider'
    WHEN coalesce(p.all_pods, 0) > 0 THEN n.pods || ' pod(s); policies covering every pod: ' || p.names
    WHEN p.n IS NULL THEN n.pods || ' pod(s) and no NetworkPolicy: any pod of the cluster can reach them; add a default-deny policy'
    ELSE n.pods || ' pod(s); the policies (' || p.names || ') select only some pods: add a default-deny policy with an empty podSelector'
  END AS reason
FROM namespaces AS n
LEFT JOIN policies AS p ON p.ns = n.ns
ORDER BY 1;
