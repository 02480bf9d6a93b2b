-- No successful disaster recovery test that met its recovery time objective in the last 12 months.
-- tables: backup_log
-- population: backup_log where lower(event) = 'dr_test' AND lower(status) = 'success' since date 365d

WITH tests AS (
  SELECT date, system, status, rto_met, evidence_link FROM backup_log WHERE lower(event) = 'dr_test'
),
good AS (
  SELECT * FROM tests
  WHERE lower(status) = 'success' AND lower(coalesce(rto_met, 'yes')) <> 'no'
    AND julianday(soc2_now()) - julianday(date) <= 365
  ORDER BY date DESC LIMIT 1
)
SELECT
  'disaster recovery test' AS resource,
  CASE WHEN EXISTS (SELECT 1 FROM good) THEN 'ok' ELSE 'alarm' END AS status,
  coalesce(
    (SELECT 'last successful test ' || date || ' (' || system || '), RTO met' FROM good),
    (SELECT 'last test ' || date || ' ' || status || CASE WHEN lower(rto_met) = 'no' THEN ', RTO not met' ELSE '' END
            || ': no successful DR test in 12 months' FROM tests ORDER BY date DESC LIMIT 1),
    'no disaster recovery test recorded (event dr_test in backup_log)'
  ) AS reason;
