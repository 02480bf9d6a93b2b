-- Active Google Workspace accounts (not suspended or archived) that belong to no active person or
-- service account of the HR roster: unknown accounts, and accounts of people who have left.
-- tables: google_workspace_users, hr_roster
-- population: google_workspace_users where coalesce(suspended, 0) = 0 AND coalesce(archived, 0) = 0

WITH accounts AS (
  SELECT u.primaryEmail AS email, u.lastLoginTime AS last_login,
         (SELECT r.status FROM hr_roster AS r WHERE lower(r.email) = lower(u.primaryEmail)) AS roster_status,
         (SELECT r.end_date FROM hr_roster AS r WHERE lower(r.email) = lower(u.primaryEmail)) AS end_date
  FROM google_workspace_users AS u
  WHERE coalesce(u.suspended, 0) = 0 AND coalesce(u.archived, 0) = 0
)
SELECT
  email AS resource,
  CASE WHEN lower(roster_status) IN ('active', 'on_leave') THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN lower(roster_status) IN ('active', 'on_leave') THEN 'roster: ' || lower(roster_status)
    WHEN roster_status IS NULL THEN 'active account of no one in the HR roster (last sign-in '
      || coalesce(last_login, 'never') || '): suspend it or add its owner to the roster'
    ELSE 'roster: ' || lower(roster_status) || coalesce(' since ' || end_date, '')
      || ', but the account is active (last sign-in ' || coalesce(last_login, 'never') || '): suspend it'
  END AS reason
FROM accounts
ORDER BY email;
