-- Running pods (outside system namespaces) sharing the node's network, PID or IPC namespace.
-- tables: k8s_pods
-- population: k8s_pods where coalesce(json_extract(status, '$.phase'), 'Running') NOT IN ('Succeeded', 'Failed') AND coalesce(json_extract(metadata, '$.namespace'), '') NOT IN ('kube-system', 'kube-public', 'kube-node-lease')

WITH pods AS (
  SELECT json_extract(metadata, '$.namespace') AS ns,
         json_extract(metadata, '$.name') AS pod,
         coalesce(json_extract(spec, '$.hostNetwork'), 0) AS host_network,
         coalesce(json_extract(spec, '$.hostPID'), 0) AS host_pid,
         coalesce(json_extract(spec, '$.hostIPC'), 0) AS host_ipc
  FROM k8s_pods
  WHERE coalesce(json_extract(status, '$.phase'), 'Running') NOT IN ('Succeeded', 'Failed')
)
SELECT
  ns || '/' || pod AS resource,
  CASE
    WHEN ns IN ('kube-system', 'kube-public', 'kube-node-lease') THEN 'skip'
    WHEN host_network = 1 OR host_pid = 1 OR host_ipc = 1 THEN 'alarm'
    ELSE 'ok'
  END AS status,
  CASE
    WHEN ns IN ('kube-system', 'kube-public', 'kube-node-lease') THEN 'system namespace managed by the cluster provider'
    WHEN host_network = 1 OR host_pid = 1 OR host_ipc = 1
      THEN 'shares the host ' || rtrim(CASE WHEN host_network = 1 THEN 'network, ' ELSE '' END
                                      || CASE WHEN host_pid = 1 THEN 'PID, ' ELSE '' END
                                      || CASE WHEN host_ipc = 1 THEN 'IPC, ' ELSE '' END, ', ') || ' namespace(s)'
    ELSE 'isolated from host namespaces'
  END AS reason
FROM pods
ORDER BY 1;
