-- Running containers that run as root or do not enforce runAsNonRoot (outside system namespaces).
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
    WHEN (coalesce(json_extract(ctr, '$.securityContext.runAsUser'), json_extract(pod_spec, '$.securityContext.runAsUser')) = 0
         OR (coalesce(json_extract(ctr, '$.securityContext.runAsUser'), json_extract(pod_spec, '$.securityContext.runAsUser')) IS NULL
             AND coalesce(json_extract(ctr, '$.securityContext.runAsNonRoot'), json_extract(pod_spec, '$.securityContext.runAsNonRoot'), 0) <> 1)) THEN 'alarm'
    ELSE 'ok'
  END AS status,
  CASE
    WHEN ns IN ('kube-system', 'kube-public', 'kube-node-lease') THEN 'system namespace managed by the cluster provider'
    WHEN (coalesce(json_extract(ctr, '$.securityContext.runAsUser'), json_extract(pod_spec, '$.securityContext.runAsUser')) = 0
         OR (coalesce(json_extract(ctr, '$.securityContext.runAsUser'), json_extract(pod_spec, '$.securityContext.runAsUser')) IS NULL
             AND coalesce(json_extract(ctr, '$.securityContext.runAsNonRoot'), json_extract(pod_spec, '$.securityContext.runAsNonRoot'), 0) <> 1)) THEN CASE WHEN coalesce(json_extract(ctr, '$.securityContext.runAsUser'), json_extract(pod_spec, '$.securityContext.runAsUser')) = 0 THEN 'runs as UID 0 (root)' ELSE 'no runAsUser and runAsNonRoot not set: the image may run as root' END
    ELSE 'runs as UID ' || coalesce(json_extract(ctr, '$.securityContext.runAsUser'), json_extract(pod_spec, '$.securityContext.runAsUser'), 'non-root (enforced)')
  END AS reason
FROM containers
ORDER BY 1;
