-- In-scope trust services criteria that no control maps to.
-- tables: soc2_criteria, soc2_controls
-- population: soc2_criteria where in_scope = 1

WITH mapped AS (
  SELECT cr.value AS criterion, group_concat(c.id, ', ') AS controls
  FROM soc2_controls AS c, json_each(coalesce(c.criteria, '[]')) AS cr
  GROUP BY cr.value
)
SELECT
  k.id AS resource,
  CASE WHEN m.controls IS NOT NULL THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN m.controls IS NOT NULL THEN 'covered by ' || m.controls
       ELSE 'no control maps to ' || k.id || ' (' || coalesce(k.title, k.category) || ')' END AS reason
FROM soc2_criteria AS k
LEFT JOIN mapped AS m ON m.criterion = k.id
WHERE k.in_scope = 1
ORDER BY k.series, k.id;
