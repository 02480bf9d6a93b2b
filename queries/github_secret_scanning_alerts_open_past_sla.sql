-- Open secret-scanning alerts past their time to be revoked and closed: 1 day for a secret the
-- provider reports as still valid or that leaked publicly, 7 days for any other. Every open alert
-- is a credential that may be compromised.
-- tables: github_secret_scanning_alerts
-- population: github_secret_scanning_alerts where state = 'open'

WITH open_alerts AS (
  SELECT repo, number, created_at, validity, publicly_leaked, push_protection_bypassed,
         coalesce(secret_type_display_name, secret_type, 'secret') AS what,
         julianday(soc2_now()) - julianday(created_at) AS age,
         CASE WHEN lower(coalesce(validity, '')) = 'active' OR publicly_leaked = 1 THEN 1 ELSE 7 END AS target
  FROM github_secret_scanning_alerts
  WHERE state = 'open'
)
SELECT
  repo || '#' || number AS resource,
  CASE WHEN age > target THEN 'alarm' ELSE 'ok' END AS status,
  what || ' open ' || CAST(age AS INTEGER) || ' day(s) (limit ' || target || ')'
    || CASE WHEN lower(coalesce(validity, '')) = 'active' THEN ', still valid' ELSE '' END
    || CASE WHEN publicly_leaked = 1 THEN ', leaked publicly' ELSE '' END
    || CASE WHEN push_protection_bypassed = 1 THEN ', pushed past push protection' ELSE '' END
    || CASE WHEN age > target THEN ': revoke the secret, rotate it and resolve the alert' ELSE '' END AS reason
FROM open_alerts
ORDER BY repo, number;
