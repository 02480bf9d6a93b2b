-- Security groups exposing anything other than HTTP/HTTPS (80/443) or ICMP to the internet.
-- tables: aws_security_groups

WITH rules AS (
  SELECT g.GroupId, g.GroupName, g.VpcId,
         json_extract(p.value, '$.IpProtocol') AS proto,
         json_extract(p.value, '$.FromPort') AS from_port,
         json_extract(p.value, '$.ToPort') AS to_port,
         (EXISTS (SELECT 1 FROM json_each(p.value, '$.IpRanges') AS r WHERE json_extract(r.value, '$.CidrIp') = '0.0.0.0/0')
          OR EXISTS (SELECT 1 FROM json_each(p.value, '$.Ipv6Ranges') AS r WHERE json_extract(r.value, '$.CidrIpv6') = '::/0')) AS world
  FROM aws_security_groups AS g, json_each(coalesce(g.IpPermissions, '[]')) AS p
),
open_rules AS (
  SELECT GroupId, proto,
         CASE WHEN proto = '-1' THEN 'all traffic'
              WHEN from_port = to_port THEN proto || '/' || from_port
              ELSE proto || '/' || from_port || '-' || to_port END AS label,
         from_port, to_port
  FROM rules
  WHERE world
),
bad AS (
  SELECT GroupId, group_concat(label, ', ') AS labels
  FROM open_rules
  WHERE proto = '-1' OR (proto NOT IN ('icmp', 'icmpv6', '1', '58') AND NOT (from_port = to_port AND from_port IN (80, 443)))
  GROUP BY GroupId
)
SELECT
  g.GroupId || ' (' || g.GroupName || ')' AS resource,
  CASE WHEN bad.labels IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN bad.labels IS NULL THEN 'no non-web port open to the internet'
       ELSE 'open to 0.0.0.0/0 or ::/0: ' || bad.labels END AS reason
FROM aws_security_groups AS g
LEFT JOIN bad ON bad.GroupId = g.GroupId
ORDER BY g.GroupId;
