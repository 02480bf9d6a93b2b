-- Every person who started in the audit period, with their background check and security awareness training.
-- tables: hr_roster, background_checks, training_records
-- A hire deviates when the check or the training was completed more than 30 days after the start
-- date, or is still missing in a snapshot taken more than 30 days after it.

WITH checks AS (
  SELECT lower(email) AS email, min(completed_date) AS check_completed
  FROM background_checks
  WHERE completed_date IS NOT NULL AND lower(coalesce(result, '')) IN ('clear', 'consider', 'waived')
  GROUP BY lower(email)
),
training AS (
  SELECT lower(email) AS email, min(completed_date) AS training_completed
  FROM training_records
  WHERE completed_date IS NOT NULL AND lower(coalesce(course_type, '')) = 'security_awareness'
  GROUP BY lower(email)
)
SELECT
  h.email, h.name, h.employment_type, h.start_date, c.check_completed, t.training_completed,
  CASE
    WHEN c.check_completed IS NULL AND julianday(h._first_seen) - julianday(h.start_date) > 30
      THEN 'no completed background check ' || CAST(julianday(h._first_seen) - julianday(h.start_date) AS INTEGER) || ' days after starting'
    WHEN julianday(c.check_completed) - julianday(h.start_date) > 30
      THEN 'background check completed ' || c.check_completed || ', more than 30 days after starting on ' || h.start_date
    WHEN t.training_completed IS NULL AND julianday(h._first_seen) - julianday(h.start_date) > 30
      THEN 'no security awareness training ' || CAST(julianday(h._first_seen) - julianday(h.start_date) AS INTEGER) || ' days after starting'
    WHEN julianday(t.training_completed) - julianday(h.start_date) > 30
      THEN 'security awareness training completed ' || t.training_completed || ', more than 30 days after starting on ' || h.start_date
  END AS deviation,
  h._first_seen, h._first_commit, h._last_seen, h._last_commit
FROM hr_roster AS h
LEFT JOIN checks AS c ON c.email = lower(h.email)
LEFT JOIN training AS t ON t.email = lower(h.email)
WHERE h.start_date IS NOT NULL
  AND lower(coalesce(h.employment_type, 'employee')) IN ('employee', 'contractor', 'intern')
