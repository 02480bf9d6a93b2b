-- Controls that are not linked to any policy.
-- tables: soc2_controls

SELECT
  id AS resource,
  CASE WHEN coalesce(json_array_length(policies), 0) > 0 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN coalesce(json_array_length(policies), 0) > 0
    THEN 'policies: ' || (SELECT group_concat(value, ', ') FROM json_each(soc2_controls.policies))
    ELSE 'no policy governs this control'
  END AS reason
FROM soc2_controls
ORDER BY id;
