-- Running EC2 instances that no infrastructure-as-code tool or orchestrator created: an instance
-- passes when it carries the tag its creator sets (aws:cloudformation:stack-name, an Auto Scaling
-- group, EKS or Karpenter) or a `managed-by` / `ManagedBy` tag naming the tool (terraform, pulumi,
-- cdk, …). One launched by hand from the console has none: its configuration is not in code.
-- tables: aws_ec2_instances
-- population: aws_ec2_instances where state = 'running'

WITH managed AS (
  SELECT i.instance_id,
         group_concat(json_extract(t.value, '$.Key') || coalesce('=' || json_extract(t.value, '$.Value'), ''), ', ') AS by_tags
  FROM aws_ec2_instances AS i, json_each(coalesce(i.tags, '[]')) AS t
  WHERE json_extract(t.value, '$.Key') IN ('aws:cloudformation:stack-name', 'aws:autoscaling:groupName',
          'eks:cluster-name', 'eks:nodegroup-name', 'karpenter.sh/nodepool', 'aws:ec2launchtemplate:id')
     OR (lower(json_extract(t.value, '$.Key')) IN ('managed-by', 'managedby', 'managed_by')
         AND coalesce(json_extract(t.value, '$.Value'), '') <> '')
  GROUP BY i.instance_id
)
SELECT
  coalesce(i.name, i.instance_id) || ' ' || i.instance_id || ' (' || coalesce(i.region, '?') || ')' AS resource,
  CASE WHEN m.by_tags IS NULL THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN m.by_tags IS NULL THEN 'no tag of an infrastructure-as-code tool or orchestrator: define it in code (and tag it managed-by)'
       ELSE 'managed as code (' || m.by_tags || ')' END AS reason
FROM aws_ec2_instances AS i
LEFT JOIN managed AS m ON m.instance_id = i.instance_id
WHERE i.state = 'running'
ORDER BY resource;
