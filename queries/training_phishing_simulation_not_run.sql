-- No phishing simulation campaign has been run in the last 12 months.
-- tables: training_records
-- population: training_records where lower(course_type) = 'phishing_simulation' since completed_date 365d

WITH runs AS (
  SELECT course, completed_date FROM training_records
  WHERE lower(course_type) = 'phishing_simulation' AND completed_date IS NOT NULL
),
latest AS (
  SELECT course, completed_date FROM runs ORDER BY completed_date DESC LIMIT 1
)
SELECT
  'phishing simulation' AS resource,
  CASE WHEN julianday(soc2_now()) - julianday((SELECT completed_date FROM latest)) <= 365 THEN 'ok' ELSE 'alarm' END AS status,
  coalesce(
    'last held ' || (SELECT completed_date FROM latest) || ' (' || (SELECT course FROM latest) || '); '
      || (SELECT count(*) FROM runs WHERE julianday(soc2_now()) - julianday(completed_date) <= 365)
      || ' participation record(s) in the last 12 months',
    'no phishing simulation recorded in training_records'
  ) AS reason;
