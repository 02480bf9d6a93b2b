-- HR roster rows with missing or contradictory data (unknown status, terminated without end date, duplicates).
-- tables: hr_roster

WITH checked AS (
  SELECT email, name,
    CASE
      WHEN trim(coalesce(email, '')) = '' THEN 'row without an email'
      WHEN (SELECT count(*) FROM hr_roster AS d WHERE lower(d.email) = lower(h.email)) > 1 THEN 'email appears on more than one row'
      WHEN lower(coalesce(status, '')) NOT IN ('active', 'on_leave', 'terminated')
        THEN 'status "' || coalesce(status, '') || '" is not active, on_leave or terminated'
      WHEN lower(coalesce(employment_type, '')) NOT IN ('employee', 'contractor', 'intern', 'service_account')
        THEN 'employment_type "' || coalesce(employment_type, '') || '" is not employee, contractor, intern or service_account'
      WHEN lower(employment_type) <> 'service_account' AND julianday(start_date) IS NULL
        THEN 'missing or malformed start_date'
      WHEN lower(status) = 'terminated' AND julianday(end_date) IS NULL THEN 'terminated without a valid end_date'
      WHEN lower(status) <> 'terminated' AND julianday(end_date) < julianday(soc2_now())
        THEN 'end_date ' || end_date || ' has passed but status is still ' || status
      WHEN lower(employment_type) = 'service_account' AND trim(coalesce(manager_email, '')) = ''
        THEN 'service account without an owner in manager_email'
    END AS problem
  FROM hr_roster AS h
)
SELECT
  coalesce(email, name, '(row without email)') AS resource,
  CASE WHEN problem IS NULL THEN 'ok' ELSE 'alarm' END AS status,
  coalesce(problem, 'consistent') AS reason
FROM checked
ORDER BY 1;
