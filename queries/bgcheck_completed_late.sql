-- Background checks for people hired in the last year that completed more than 30 days after their start date.
-- tables: hr_roster, background_checks
-- population: hr_roster where lower(employment_type) IN ('employee', 'contractor', 'intern') AND lower(status) IN ('active', 'on_leave') since start_date 365d

WITH hires AS (
  SELECT email, start_date FROM hr_roster
  WHERE lower(employment_type) IN ('employee', 'contractor', 'intern') AND lower(status) IN ('active', 'on_leave')
    AND julianday(soc2_now()) - julianday(start_date) BETWEEN 0 AND 365
),
first_done AS (
  SELECT lower(email) AS e, min(completed_date) AS completed
  FROM background_checks
  WHERE completed_date IS NOT NULL
  GROUP BY lower(email)
)
SELECT
  h.email AS resource,
  CASE
    WHEN f.completed IS NULL THEN 'skip'
    WHEN julianday(f.completed) <= julianday(h.start_date) + 30 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN f.completed IS NULL THEN 'not completed yet (see bgcheck_missing_for_active_workforce)'
    WHEN julianday(f.completed) <= julianday(h.start_date) + 30 THEN 'started ' || h.start_date || ', check completed ' || f.completed
    ELSE 'started ' || h.start_date || ' but check completed only on ' || f.completed
  END AS reason
FROM hires AS h
LEFT JOIN first_done AS f ON f.e = lower(h.email)
UNION ALL
SELECT 'recent hires', 'ok', 'no hires in the last 365 days'
WHERE NOT EXISTS (SELECT 1 FROM hires)
ORDER BY 1;
