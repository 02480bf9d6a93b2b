-- People hired in the last year who did not complete security awareness training within 30 days of starting.
-- tables: hr_roster, training_records
-- population: hr_roster where lower(employment_type) IN ('employee', 'contractor', 'intern') AND lower(status) IN ('active', 'on_leave') AND julianday(soc2_now()) - julianday(start_date) BETWEEN 30 AND 365

WITH hires AS (
  SELECT email, start_date FROM hr_roster
  WHERE lower(employment_type) IN ('employee', 'contractor', 'intern') AND lower(status) IN ('active', 'on_leave')
    AND julianday(soc2_now()) - julianday(start_date) BETWEEN 30 AND 365
),
first_done AS (
  SELECT lower(email) AS e, min(completed_date) AS first_at
  FROM training_records
  WHERE lower(course_type) = 'security_awareness' AND completed_date IS NOT NULL
  GROUP BY lower(email)
)
SELECT
  h.email AS resource,
  CASE WHEN julianday(f.first_at) <= julianday(h.start_date) + 30 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN f.first_at IS NULL THEN 'started ' || h.start_date || '; no security awareness training completed yet'
    WHEN julianday(f.first_at) <= julianday(h.start_date) + 30 THEN 'started ' || h.start_date || ', trained ' || f.first_at
    ELSE 'started ' || h.start_date || ' but first trained on ' || f.first_at
  END AS reason
FROM hires AS h
LEFT JOIN first_done AS f ON f.e = lower(h.email)
UNION ALL
SELECT 'new hires', 'ok', 'no hires between 30 and 365 days ago'
WHERE NOT EXISTS (SELECT 1 FROM hires)
ORDER BY 1;
