-- Active employees, contractors and interns without a completed, cleared or adjudicated background check.
-- tables: hr_roster, background_checks
-- population: hr_roster where lower(employment_type) IN ('employee', 'contractor', 'intern') AND lower(status) IN ('active', 'on_leave')

WITH people AS (
  SELECT email, start_date FROM hr_roster WHERE lower(employment_type) IN ('employee', 'contractor', 'intern') AND lower(status) IN ('active', 'on_leave')
),
accepted AS (
  SELECT lower(email) AS e, max(coalesce(adjudication_date, completed_date)) AS decided_on,
         group_concat(DISTINCT check_type) AS types
  FROM background_checks
  WHERE (lower(result) = 'clear' AND completed_date IS NOT NULL)
     OR (lower(result) IN ('consider', 'adverse', 'waived') AND adjudication_date IS NOT NULL
         AND trim(coalesce(adjudicated_by, '')) <> '')
  GROUP BY lower(email)
),
pending AS (
  SELECT lower(email) AS e, min(requested_date) AS since
  FROM background_checks
  WHERE lower(coalesce(result, 'pending')) = 'pending'
  GROUP BY lower(email)
)
SELECT
  p.email AS resource,
  CASE
    WHEN a.e IS NOT NULL THEN 'ok'
    WHEN pd.e IS NOT NULL AND julianday(soc2_now()) - julianday(p.start_date) <= 14 THEN 'info'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN a.e IS NOT NULL THEN 'cleared or adjudicated on ' || a.decided_on || ' (' || a.types || ')'
    WHEN pd.e IS NOT NULL AND julianday(soc2_now()) - julianday(p.start_date) <= 14
      THEN 'started ' || p.start_date || '; check requested ' || pd.since || ' still pending (14-day grace)'
    WHEN pd.e IS NOT NULL THEN 'started ' || p.start_date || '; check requested ' || pd.since || ' is still pending'
    ELSE 'started ' || coalesce(p.start_date, '?') || ' with no background check on record'
  END AS reason
FROM people AS p
LEFT JOIN accepted AS a ON a.e = lower(p.email)
LEFT JOIN pending AS pd ON pd.e = lower(p.email)
ORDER BY p.email;
