-- Policies edited after their last approval, so the approval no longer covers the text.
-- tables: soc2_policies

SELECT
  id AS resource,
  CASE
    WHEN approved_at IS NULL THEN 'skip'
    WHEN approved_current = 1 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN approved_at IS NULL THEN 'never approved (reported by soc2_policies_not_approved)'
    WHEN approved_current = 1 THEN 'approval of ' || approved_at || ' covers the current text'
    ELSE 'text changed after the approval of ' || approved_at || ' by ' || coalesce(approved_by, 'unknown') || ': re-approve'
  END AS reason
FROM soc2_policies
ORDER BY id;
