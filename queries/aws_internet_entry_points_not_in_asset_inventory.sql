-- The ways into the AWS accounts from the internet (internet-facing load balancers, running EC2
-- instances with a public IP address) that the asset inventory does not list: every entry point is
-- documented with an owner. An inventory row matches by asset_id or name (case-insensitive).
-- tables: aws_lb_listeners, aws_ec2_instances, asset_inventory
-- population: aws_lb_listeners where Scheme = 'internet-facing'
-- population: aws_ec2_instances where state = 'running' AND public_ip IS NOT NULL

WITH inventory AS (
  SELECT lower(asset_id) AS key, asset_id, owner_email FROM asset_inventory
  WHERE coalesce(lower(status), '') NOT IN ('retired', 'disposed')
  UNION ALL
  SELECT lower(name), asset_id, owner_email FROM asset_inventory
  WHERE coalesce(lower(status), '') NOT IN ('retired', 'disposed') AND name IS NOT NULL
),
entries AS (
  SELECT DISTINCT 'load balancer ' || LoadBalancerName || ' (' || coalesce(Region, '?') || ')' AS resource,
         lower(LoadBalancerName) AS key, 'internet-facing ' || coalesce(LoadBalancerType, '') || ' load balancer' AS what
  FROM aws_lb_listeners WHERE Scheme = 'internet-facing'
  UNION ALL
  SELECT 'instance ' || coalesce(name, instance_id) || ' ' || instance_id || ' (' || coalesce(region, '?') || ')',
         lower(coalesce(name, instance_id)), 'instance with public IP ' || public_ip
  FROM aws_ec2_instances WHERE state = 'running' AND public_ip IS NOT NULL
)
SELECT
  e.resource,
  CASE WHEN i.asset_id IS NULL THEN 'alarm' ELSE 'ok' END AS status,
  CASE WHEN i.asset_id IS NULL THEN e.what || ', not in the asset inventory: record it with its owner'
       ELSE e.what || ', inventoried as ' || i.asset_id || ' (' || coalesce(i.owner_email, 'no owner') || ')' END AS reason
FROM entries AS e
LEFT JOIN inventory AS i ON i.key = e.key
GROUP BY e.resource
ORDER BY e.resource;
