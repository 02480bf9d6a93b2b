-- IAM principals whose own policies grant every action on every resource (AdministratorAccess, or an
-- Allow of Action "*" on Resource "*", as aws_iam_authorization judges it), other than roles tagged
-- `break-glass` (the emergency role, used under the access control policy and alerting on use). A
-- group with administrator rights is a finding for each of its members; an empty one is not.
-- tables: aws_iam_authorization

WITH members AS (
  SELECT g.value AS grp, group_concat(u.name, ', ') AS users
  FROM (SELECT name, groups FROM aws_iam_authorization WHERE type = 'user' ORDER BY name) AS u,
       json_each(coalesce(u.groups, '[]')) AS g
  GROUP BY g.value
),
break_glass AS (
  SELECT p.arn FROM aws_iam_authorization AS p, json_each(coalesce(p.tags, '[]')) AS t
  WHERE p.type = 'role' AND lower(json_extract(t.value, '$.Key')) = 'break-glass'
)
SELECT
  p.type || ' ' || p.name AS resource,
  CASE
    WHEN coalesce(p.admin, 0) = 0 THEN 'ok'
    WHEN p.arn IN (SELECT arn FROM break_glass) THEN 'ok'
    WHEN p.type = 'group' AND m.users IS NULL THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN coalesce(p.admin, 0) = 0 THEN 'no policy of its own grants * on *'
    WHEN p.arn IN (SELECT arn FROM break_glass) THEN 'break-glass role (' || coalesce(p.admin_policies, '[]') || ')'
    WHEN p.type = 'group' AND m.users IS NULL THEN 'grants * on * (' || coalesce(p.admin_policies, '[]') || ') but has no members'
    WHEN p.type = 'group' THEN 'grants * on * (' || coalesce(p.admin_policies, '[]') || ') to its members: ' || m.users
    ELSE 'grants * on * through ' || coalesce(p.admin_policies, '[]')
      || ': scope it to the task, or tag the emergency role break-glass'
  END AS reason
FROM aws_iam_authorization AS p
LEFT JOIN members AS m ON p.type = 'group' AND m.grp = p.name
ORDER BY p.type, p.name;
