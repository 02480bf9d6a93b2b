-- Policies that have never been approved by management.
-- tables: soc2_policies

SELECT
  id AS resource,
  CASE WHEN approved_at IS NOT NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN approved_at IS NOT NULL
    THEN 'version ' || coalesce(version, '?') || ' approved by ' || coalesce(approved_by, 'unknown') || ' on ' || approved_at
    ELSE title || ' has no recorded approval (soc2 review --approve)'
  END AS reason
FROM soc2_policies
ORDER BY id;
