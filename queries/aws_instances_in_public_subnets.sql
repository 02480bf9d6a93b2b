-- Running EC2 instances placed in a public subnet (its route table sends 0.0.0.0/0 or ::/0 to an
-- internet gateway) or holding a public IP address. Only edge hosts belong there: instances tagged
-- `role` = `edge`, `bastion` or `nat` pass; everything else sits in private subnets behind a load
-- balancer. An instance whose subnet is not in aws_subnets is a finding (collect both together).
-- tables: aws_ec2_instances, aws_subnets
-- population: aws_ec2_instances where state = 'running'

WITH roles AS (
  SELECT i.instance_id, lower(json_extract(t.value, '$.Value')) AS role
  FROM aws_ec2_instances AS i, json_each(coalesce(i.tags, '[]')) AS t
  WHERE lower(json_extract(t.value, '$.Key')) = 'role'
)
SELECT
  coalesce(i.name, i.instance_id) || ' ' || i.instance_id || ' (' || coalesce(i.region, '?') || ')' AS resource,
  CASE
    WHEN r.role IN ('edge', 'bastion', 'nat') THEN 'ok'
    WHEN s.subnet_id IS NULL THEN 'alarm'
    WHEN s.routes_to_igw = 1 OR i.public_ip IS NOT NULL THEN 'alarm'
    ELSE 'ok'
  END AS status,
  CASE
    WHEN r.role IN ('edge', 'bastion', 'nat') THEN 'edge host (role ' || r.role || ')'
    WHEN s.subnet_id IS NULL THEN 'subnet ' || coalesce(i.subnet_id, 'unknown') || ' is not in aws_subnets'
    WHEN s.routes_to_igw = 1 OR i.public_ip IS NOT NULL THEN
      CASE WHEN s.routes_to_igw = 1 THEN 'in public subnet ' || coalesce(s.name || ' ', '') || s.subnet_id || ' (routes to an internet gateway)'
           ELSE 'in subnet ' || s.subnet_id END
      || CASE WHEN i.public_ip IS NOT NULL THEN ' with public IP ' || i.public_ip ELSE '' END
      || ': move it to a private subnet behind a load balancer, or tag it role=edge'
    ELSE 'private subnet ' || coalesce(s.name || ' ', '') || s.subnet_id
  END AS reason
FROM aws_ec2_instances AS i
LEFT JOIN aws_subnets AS s ON s.subnet_id = i.subnet_id
LEFT JOIN roles AS r ON r.instance_id = i.instance_id
WHERE i.state = 'running'
ORDER BY resource;
