-- Evidence datasets whose most recent collection run failed.
-- tables: soc2_evidence

SELECT
  table_name AS resource,
  CASE WHEN trim(coalesce(last_error, '')) = '' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN trim(coalesce(last_error, '')) = ''
    THEN 'collected ' || coalesce(collected_at, 'never') || ', ' || coalesce(rows, 0) || ' row(s)'
    ELSE 'last run failed: ' || last_error
  END AS reason
FROM soc2_evidence
ORDER BY table_name;
