-- Running containers without a memory limit (one pod can exhaust a node and affect others).
-- tables: k8s_pods
-- population: k8s_pods where coalesce(json_extract(status, '$.phase'), 'Running') NOT IN ('Succeeded', 'Failed') AND coalesce(json_extract(metadata, '$.namespace'), '') NOT IN ('kube-system', 'kube-public', 'kube-node-lease')

WITH containers AS (
  SELECT json_extract(p.metadata, '$.namespace') AS ns,
         json_extract(p.metadata, '$.name') AS pod,
         p.spec AS pod_spec,
         c.value AS ctr
  FROM k8s_pods AS p, json_each(p.spec, '$.containers') AS c
  WHERE coalesce(json_extract(p.status, '$.phase'), 'Running') NOT IN ('Succeeded', 'Failed')
)
SELECT
  ns || '/' || pod || '/' || json_extract(ctr, '$.name') AS resource,
  CASE
    WHEN ns IN ('kube-system', 'kube-public', 'kube-node-lease') THEN 'skip'
    WHEN json_extract(ctr, '$.resources.limits.memory') IS NULL THEN 'alarm'
    ELSE 'ok'
  END AS status,
  CASE
    WHEN ns IN ('kube-system', 'kube-public', 'kube-node-lease') THEN 'system namespace managed by the cluster provider'
    WHEN json_extract(ctr, '$.resources.limits.memory') IS NULL THEN 'no memory limit set'
    ELSE 'memory limit ' || json_extract(ctr, '$.resources.limits.memory')
  END AS reason
FROM containers
ORDER BY 1;
