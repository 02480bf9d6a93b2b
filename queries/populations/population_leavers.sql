-- Every person whose employment ended in the audit period, with the day their access was removed.
-- tables: hr_roster
-- A version of a leaver's row deviates when it records access removed more than 1 day after the
-- end date, or no removal yet in a snapshot taken more than 1 day after it.

SELECT
  email, name, employment_type, end_date, access_removed_date, status,
  CASE
    WHEN access_removed_date IS NOT NULL AND julianday(access_removed_date) - julianday(end_date) > 1
      THEN 'access removed on ' || access_removed_date || ', '
        || CAST(julianday(access_removed_date) - julianday(end_date) AS INTEGER) || ' days after leaving on ' || end_date
    WHEN access_removed_date IS NULL AND julianday(_first_seen) - julianday(end_date) > 1
      THEN 'left on ' || end_date || '; no access removal recorded on ' || substr(_first_seen, 1, 10)
  END AS deviation,
  _first_seen, _first_commit, _last_seen, _last_commit
FROM hr_roster
WHERE lower(status) = 'terminated' AND end_date IS NOT NULL
