-- Enabled Microsoft Entra ID member accounts not registered for multi-factor authentication: the
-- account's row of the authentication-methods registration report (entra_mfa, joined on the user's
-- object id) says isMfaRegistered is not true, or the account has no row in the report. Guests
-- register at their home organization and are left out; an account whose state or type is not
-- reported counts as an enabled member.
-- tables: entra_users, entra_mfa
-- population: entra_users where coalesce(accountEnabled, 1) = 1 AND lower(coalesce(userType, 'Member')) = 'member'

WITH accounts AS (
  SELECT coalesce(u.userPrincipalName, u.mail, u.id) AS upn, m.id AS reported, m.isMfaRegistered AS registered,
         (SELECT group_concat(x.value, ', ')
          FROM json_each(CASE WHEN json_valid(m.methodsRegistered) THEN m.methodsRegistered ELSE '[]' END) AS x)
           AS methods
  FROM entra_users AS u
  LEFT JOIN entra_mfa AS m ON m.id = u.id
  WHERE coalesce(u.accountEnabled, 1) = 1 AND lower(coalesce(u.userType, 'Member')) = 'member'
)
SELECT
  upn AS resource,
  CASE WHEN registered = 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN registered = 1 THEN 'registered for multi-factor authentication (' || coalesce(methods, 'no method listed') || ')'
    WHEN reported IS NULL THEN 'not in the authentication-methods registration report: '
      || 'no registration on record; check the account in the Entra admin center'
    ELSE 'not registered for multi-factor authentication (methods: ' || coalesce(methods, 'none')
      || '): require registration, e.g. with a Conditional Access policy'
  END AS reason
FROM accounts
ORDER BY upn;
