-- Default security groups that have inbound rules (they should allow no traffic).
-- tables: aws_security_groups
-- population: aws_security_groups where GroupName = 'default'

SELECT
  GroupId || ' (' || coalesce(VpcId, 'no VPC') || ')' AS resource,
  CASE WHEN coalesce(json_array_length(IpPermissions), 0) = 0 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN coalesce(json_array_length(IpPermissions), 0) = 0 THEN 'default security group has no inbound rules'
       ELSE 'default security group has ' || json_array_length(IpPermissions) || ' inbound rule(s): remove them and use dedicated groups' END AS reason
FROM aws_security_groups
WHERE GroupName = 'default'
ORDER BY GroupId;
