-- Enabled Microsoft Entra ID member accounts (guests, invited from other organizations, are not
-- members) that belong to no active person or service account of the HR roster: unknown accounts,
-- and accounts of people who have left. An account is a person's when its userPrincipalName or its
-- mail is the person's email; an account whose state or type is not reported counts as an enabled
-- member.
-- tables: entra_users, hr_roster
-- population: entra_users where coalesce(accountEnabled, 1) = 1 AND lower(coalesce(userType, 'Member')) = 'member'

WITH accounts AS (
  SELECT coalesce(u.userPrincipalName, u.mail, u.id) AS upn, u.createdDateTime AS created,
         -- the person the account is, an active or on-leave one first when both addresses match
         (SELECT r.email FROM hr_roster AS r
          WHERE lower(r.email) IN (lower(u.userPrincipalName), lower(u.mail))
          ORDER BY lower(r.status) IN ('active', 'on_leave') DESC, r.email
          LIMIT 1) AS person
  FROM entra_users AS u
  WHERE coalesce(u.accountEnabled, 1) = 1 AND lower(coalesce(u.userType, 'Member')) = 'member'
)
SELECT
  a.upn AS resource,
  CASE WHEN lower(r.status) IN ('active', 'on_leave') THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN lower(r.status) IN ('active', 'on_leave') THEN 'roster: ' || lower(r.status)
    WHEN r.email IS NULL THEN 'enabled account of no one in the HR roster (created '
      || coalesce(a.created, 'on an unknown date') || '): disable it or add its owner to the roster'
    ELSE 'roster: ' || coalesce(lower(r.status), 'no status') || coalesce(' since ' || r.end_date, '')
      || ', but the account is enabled: disable it'
  END AS reason
FROM accounts AS a
LEFT JOIN hr_roster AS r ON r.email = a.person
ORDER BY a.upn;
