-- Engineers who have not completed secure development training in the last 12 months.
-- tables: hr_roster, training_records
-- population: hr_roster where lower(employment_type) IN ('employee', 'contractor', 'intern') AND lower(status) IN ('active', 'on_leave') AND (lower(department) LIKE '%engineering%' OR lower(department) IN ('security', 'devops', 'sre', 'infrastructure', 'platform', 'data'))

WITH people AS (
  SELECT email, start_date, department FROM hr_roster
  WHERE lower(employment_type) IN ('employee', 'contractor', 'intern') AND lower(status) IN ('active', 'on_leave')
    AND (lower(department) LIKE '%engineering%' OR lower(department) IN ('security', 'devops', 'sre', 'infrastructure', 'platform', 'data'))
),
done AS (
  SELECT lower(email) AS e, max(completed_date) AS last_done
  FROM training_records
  WHERE lower(course_type) = 'secure_development' AND completed_date IS NOT NULL
  GROUP BY lower(email)
),
exempt AS (
  SELECT DISTINCT lower(email) AS e FROM training_records
  WHERE lower(course_type) = 'secure_development' AND lower(status) = 'exempt'
)
SELECT
  p.email AS resource,
  CASE
    WHEN x.e IS NOT NULL THEN 'skip'
    WHEN julianday(soc2_now()) - julianday(d.last_done) <= 365 THEN 'ok'
    WHEN julianday(soc2_now()) - julianday(p.start_date) <= 30 THEN 'info'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN x.e IS NOT NULL THEN 'exempt from secure development training (recorded in training_records)'
    WHEN julianday(soc2_now()) - julianday(d.last_done) <= 365 THEN 'secure development training completed ' || d.last_done
    WHEN julianday(soc2_now()) - julianday(p.start_date) <= 30 THEN 'joined ' || p.start_date || '; secure development training due within 30 days of start'
    WHEN d.last_done IS NULL THEN 'no secure development training completion on record'
    ELSE 'secure development training last completed ' || d.last_done || ', more than a year ago'
  END AS reason
FROM people AS p
LEFT JOIN done AS d ON d.e = lower(p.email)
LEFT JOIN exempt AS x ON x.e = lower(p.email)
ORDER BY p.email;
