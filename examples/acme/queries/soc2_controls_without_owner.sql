-- Controls with no accountable owner.
-- tables: soc2_controls

SELECT
  id AS resource,
  CASE WHEN trim(coalesce(owner, '')) <> '' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN trim(coalesce(owner, '')) <> '' THEN 'owned by ' || owner ELSE 'no owner' END AS reason
FROM soc2_controls
ORDER BY id;
