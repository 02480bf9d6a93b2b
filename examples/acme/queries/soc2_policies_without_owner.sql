-- Policies with no accountable owner.
-- tables: soc2_policies

SELECT
  id AS resource,
  CASE WHEN trim(coalesce(owner, '')) <> '' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN trim(coalesce(owner, '')) <> '' THEN 'owned by ' || owner ELSE 'no owner in the front matter' END AS reason
FROM soc2_policies
ORDER BY id;
