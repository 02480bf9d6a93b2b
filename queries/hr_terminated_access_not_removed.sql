-- People who left in the last year whose access was not recorded as removed within 1 day of their end date.
-- tables: hr_roster
-- population: hr_roster where lower(status) = 'terminated' since end_date 365d

WITH leavers AS (
  SELECT email, name, end_date, access_removed_date,
         julianday(access_removed_date) - julianday(end_date) AS lag_days
  FROM hr_roster
  WHERE lower(status) = 'terminated'
    AND (end_date IS NULL OR julianday(soc2_now()) - julianday(end_date) <= 365)
)
SELECT
  email AS resource,
  CASE WHEN lag_days <= 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN end_date IS NULL THEN 'terminated but no end_date recorded'
    WHEN access_removed_date IS NULL THEN 'left on ' || end_date || '; no access removal recorded'
    WHEN lag_days <= 1 THEN 'left on ' || end_date || ', access removed on ' || access_removed_date
    ELSE 'left on ' || end_date || ', access removed only on ' || access_removed_date || ' (' || CAST(lag_days AS INTEGER) || ' days later)'
  END AS reason
FROM leavers
UNION ALL
SELECT 'terminations', 'ok', 'no terminations in the last 365 days'
WHERE NOT EXISTS (SELECT 1 FROM leavers)
ORDER BY 1;
