-- GitHub organization members who have not enabled two-factor authentication.
-- tables: github_members

SELECT
  login AS resource,
  CASE
    WHEN two_factor_disabled = 0 THEN 'ok'
    WHEN two_factor_disabled = 1 THEN 'alarm'
    ELSE 'error'
  END AS status,
  CASE
    WHEN two_factor_disabled = 0 THEN coalesce(role, 'member') || ' with two-factor authentication enabled'
    WHEN two_factor_disabled = 1 THEN coalesce(role, 'member') || ' without two-factor authentication'
    ELSE 'two-factor status unknown: the collector token needs organization owner access'
  END AS reason
FROM github_members
ORDER BY login;
