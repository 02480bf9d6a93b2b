-- Employees with more than a year of tenure whose last performance review is over 13 months old.
-- tables: hr_roster
-- population: hr_roster where lower(employment_type) = 'employee' AND lower(status) IN ('active', 'on_leave') AND coalesce(julianday(soc2_now()) - julianday(start_date) >= 365, 1)

SELECT
  email AS resource,
  CASE
    WHEN julianday(soc2_now()) - julianday(start_date) < 365 THEN 'skip'
    WHEN julianday(soc2_now()) - julianday(last_performance_review_date) <= 395 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN julianday(soc2_now()) - julianday(start_date) < 365 THEN 'joined ' || start_date || '; first annual review not yet due'
    WHEN last_performance_review_date IS NULL THEN 'employed since ' || start_date || ' with no performance review recorded'
    WHEN julianday(soc2_now()) - julianday(last_performance_review_date) <= 395 THEN 'last reviewed ' || last_performance_review_date
    ELSE 'last reviewed ' || last_performance_review_date || ' (more than 13 months ago)'
  END AS reason
FROM hr_roster
WHERE lower(employment_type) = 'employee' AND lower(status) IN ('active', 'on_leave')
ORDER BY email;
