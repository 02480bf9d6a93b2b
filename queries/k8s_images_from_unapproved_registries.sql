-- Containers (and init containers) of running pods whose image comes from a registry that is not
-- an approved container registry in the asset inventory (asset_type container_registry, in use,
-- its name the registry and path prefix, e.g. ghcr.io/acme). Short Docker Hub names count as
-- docker.io/library/NAME or docker.io/ORG/NAME. The cluster's own namespaces are skipped.
-- tables: k8s_pods, asset_inventory
-- population: k8s_pods where coalesce(json_extract(status, '$.phase'), 'Running') NOT IN ('Succeeded', 'Failed') AND coalesce(json_extract(metadata, '$.namespace'), '') NOT IN ('kube-system', 'kube-public', 'kube-node-lease')

WITH containers AS (
  SELECT json_extract(p.metadata, '$.namespace') AS ns,
         json_extract(p.metadata, '$.name') AS pod,
         json_extract(c.value, '$.name') AS name,
         json_extract(c.value, '$.image') AS image
  FROM k8s_pods AS p, json_each(p.spec, '$.containers') AS c
  WHERE coalesce(json_extract(p.status, '$.phase'), 'Running') NOT IN ('Succeeded', 'Failed')
  UNION ALL
  SELECT json_extract(p.metadata, '$.namespace'), json_extract(p.metadata, '$.name'),
         json_extract(c.value, '$.name'), json_extract(c.value, '$.image')
  FROM k8s_pods AS p, json_each(p.spec, '$.initContainers') AS c
  WHERE coalesce(json_extract(p.status, '$.phase'), 'Running') NOT IN ('Succeeded', 'Failed')
),
named AS (
  SELECT *,
    CASE
      WHEN instr(image, '/') = 0 THEN 'docker.io/library/' || image
      WHEN instr(substr(image, 1, instr(image, '/') - 1), '.') = 0
        AND instr(substr(image, 1, instr(image, '/') - 1), ':') = 0
        AND substr(image, 1, instr(image, '/') - 1) <> 'localhost' THEN 'docker.io/' || image
      ELSE image
    END AS full_image
  FROM containers
),
approved AS (
  SELECT rtrim(lower(trim(name)), '/') AS prefix, asset_id
  FROM asset_inventory
  WHERE lower(asset_type) = 'container_registry' AND lower(status) = 'in_use' AND trim(coalesce(name, '')) <> ''
)
SELECT
  ns || '/' || pod || '/' || name AS resource,
  CASE
    WHEN ns IN ('kube-system', 'kube-public', 'kube-node-lease') THEN 'skip'
    WHEN EXISTS (SELECT 1 FROM approved AS a WHERE lower(full_image) LIKE a.prefix || '/%' OR lower(full_image) LIKE a.prefix || ':%'
                 OR lower(full_image) LIKE a.prefix || '@%') THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN ns IN ('kube-system', 'kube-public', 'kube-node-lease') THEN 'system namespace managed by the cluster provider'
    WHEN EXISTS (SELECT 1 FROM approved AS a WHERE lower(full_image) LIKE a.prefix || '/%' OR lower(full_image) LIKE a.prefix || ':%'
                 OR lower(full_image) LIKE a.prefix || '@%')
      THEN image || ' from approved registry '
        || (SELECT a.asset_id || ' ' || a.prefix FROM approved AS a WHERE lower(full_image) LIKE a.prefix || '/%'
              OR lower(full_image) LIKE a.prefix || ':%' OR lower(full_image) LIKE a.prefix || '@%' ORDER BY length(a.prefix) DESC LIMIT 1)
    ELSE image || ' (' || full_image || ') comes from no approved registry: mirror it into one, or record the registry in the asset inventory'
  END AS reason
FROM named
ORDER BY 1;
