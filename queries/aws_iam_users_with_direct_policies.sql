-- IAM users with policies attached to them directly or inline, instead of receiving permissions
-- through groups or roles (role-based access: a user's rights are those of the groups it is in).
-- tables: aws_iam_authorization
-- population: aws_iam_authorization where type = 'user'

SELECT
  name AS resource,
  CASE
    WHEN json_array_length(coalesce(attached_policy_names, '[]')) + json_array_length(coalesce(inline_policy_names, '[]')) = 0 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN json_array_length(coalesce(attached_policy_names, '[]')) + json_array_length(coalesce(inline_policy_names, '[]')) = 0
      THEN 'permissions through groups only (' || coalesce(groups, '[]') || ')'
    ELSE 'policies on the user itself:'
      || CASE WHEN json_array_length(coalesce(attached_policy_names, '[]')) > 0 THEN ' attached ' || attached_policy_names ELSE '' END
      || CASE WHEN json_array_length(coalesce(inline_policy_names, '[]')) > 0 THEN ' inline ' || inline_policy_names ELSE '' END
      || '; grant them through a group or a role'
  END AS reason
FROM aws_iam_authorization
WHERE type = 'user'
ORDER BY name;
