-- Registers (file collectors) that contain no rows, which would hide every finding.
-- tables: soc2_evidence
-- population: soc2_evidence where kind = 'file'

SELECT
  table_name AS resource,
  CASE WHEN coalesce(rows, 0) > 0 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN coalesce(rows, 0) > 0 THEN rows || ' row(s)'
       ELSE 'register is empty: fill it in, or remove the collector and the controls that rely on it' END AS reason
FROM soc2_evidence
WHERE kind = 'file'
ORDER BY table_name;
