-- Active workforce members who have not acknowledged the security policies and code of conduct in the last 12 months.
-- tables: hr_roster, training_records
-- population: hr_roster where lower(employment_type) IN ('employee', 'contractor', 'intern') AND lower(status) IN ('active', 'on_leave')

WITH people AS (
  SELECT email, start_date, department FROM hr_roster
  WHERE lower(employment_type) IN ('employee', 'contractor', 'intern') AND lower(status) IN ('active', 'on_leave')
),
done AS (
  SELECT lower(email) AS e, max(completed_date) AS last_done
  FROM training_records
  WHERE lower(course_type) = 'policy_acknowledgement' AND completed_date IS NOT NULL
  GROUP BY lower(email)
),
exempt AS (
  SELECT DISTINCT lower(email) AS e FROM training_records
  WHERE lower(course_type) = 'policy_acknowledgement' AND lower(status) = 'exempt'
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
    WHEN x.e IS NOT NULL THEN 'exempt from policy acknowledgement (recorded in training_records)'
    WHEN julianday(soc2_now()) - julianday(d.last_done) <= 365 THEN 'policy acknowledgement completed ' || d.last_done
    WHEN julianday(soc2_now()) - julianday(p.start_date) <= 30 THEN 'joined ' || p.start_date || '; policy acknowledgement due within 30 days of start'
    WHEN d.last_done IS NULL THEN 'no policy acknowledgement completion on record'
    ELSE 'policy acknowledgement last completed ' || d.last_done || ', more than a year ago'
  END AS reason
FROM people AS p
LEFT JOIN done AS d ON d.e = lower(p.email)
LEFT JOIN exempt AS x ON x.e = lower(p.email)
ORDER BY p.email;
