-- Evidence datasets not refreshed in the last 7 days (scheduled collection is not running).
-- tables: soc2_evidence

SELECT
  table_name AS resource,
  CASE WHEN julianday(soc2_now()) - julianday(collected_at) <= 7 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN collected_at IS NULL THEN 'never collected'
    WHEN julianday(soc2_now()) - julianday(collected_at) <= 7 THEN 'collected ' || collected_at
    ELSE 'last collected ' || collected_at || ', ' || CAST(julianday(soc2_now()) - julianday(collected_at) AS INTEGER) || ' days ago'
  END AS reason
FROM soc2_evidence
ORDER BY table_name;
