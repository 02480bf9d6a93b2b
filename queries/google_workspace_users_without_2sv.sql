-- Active Google Workspace accounts not enrolled in 2-step verification, or whose organizational unit
-- does not enforce it (the user could turn it off).
-- tables: google_workspace_users
-- population: google_workspace_users where coalesce(suspended, 0) = 0 AND coalesce(archived, 0) = 0

SELECT
  primaryEmail AS resource,
  CASE WHEN isEnrolledIn2Sv = 1 AND isEnforcedIn2Sv = 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN isEnrolledIn2Sv = 1 AND isEnforcedIn2Sv = 1 THEN '2-step verification enrolled and enforced'
    WHEN coalesce(isEnrolledIn2Sv, 0) = 0 THEN 'not enrolled in 2-step verification'
      || CASE WHEN isEnforcedIn2Sv = 1 THEN ' (enforced: the user cannot sign in until enrolled)' ELSE ', nor enforced for '
      || coalesce(orgUnitPath, '/') END
    ELSE '2-step verification enrolled but not enforced for ' || coalesce(orgUnitPath, '/') || ': enforce it in the Admin console'
  END AS reason
FROM google_workspace_users
WHERE coalesce(suspended, 0) = 0 AND coalesce(archived, 0) = 0
ORDER BY primaryEmail;
