-- Running containers whose image uses the mutable ":latest" tag or no tag at all instead of a version or digest.
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
    WHEN instr(json_extract(ctr, '$.image'), '@sha256:') = 0 AND (instr(substr(json_extract(ctr, '$.image'), length(rtrim(json_extract(ctr, '$.image'), replace(json_extract(ctr, '$.image'), '/', ''))) + 1), ':') = 0 OR substr(json_extract(ctr, '$.image'), length(rtrim(json_extract(ctr, '$.image'), replace(json_extract(ctr, '$.image'), '/', ''))) + 1) LIKE '%:latest') THEN 'alarm'
    ELSE 'ok'
  END AS status,
  CASE
    WHEN ns IN ('kube-system', 'kube-public', 'kube-node-lease') THEN 'system namespace managed by the cluster provider'
    WHEN instr(json_extract(ctr, '$.image'), '@sha256:') = 0 AND (instr(substr(json_extract(ctr, '$.image'), length(rtrim(json_extract(ctr, '$.image'), replace(json_extract(ctr, '$.image'), '/', ''))) + 1), ':') = 0 OR substr(json_extract(ctr, '$.image'), length(rtrim(json_extract(ctr, '$.image'), replace(json_extract(ctr, '$.image'), '/', ''))) + 1) LIKE '%:latest') THEN 'mutable image reference ' || json_extract(ctr, '$.image') || ': pin a version tag or digest'
    ELSE 'pinned image ' || json_extract(ctr, '$.image')
  END AS reason
FROM containers
ORDER BY 1;
