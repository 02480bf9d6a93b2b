-- Endpoints where osquery reports no screen lock, or a password grace period longer than 15 minutes
-- (`osqueryi --json` over the screenlock table on macOS, or the platform's equivalent query with
-- `enabled` and `grace_period` columns). Alongside assets_endpoints_without_screen_lock, which reads
-- the hand-kept inventory.
-- tables: osquery_screenlock

SELECT
  coalesce(hostname, '(unknown host)') AS resource,
  CASE
    WHEN enabled = '1' AND CAST(grace_period AS INTEGER) BETWEEN 0 AND 900 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN enabled IS NOT '1' THEN 'screen lock is off'
    WHEN CAST(grace_period AS INTEGER) < 0 THEN 'screen lock never asks for the password'
    WHEN CAST(grace_period AS INTEGER) > 900 THEN 'password asked only ' || grace_period || 's after the screen locks (more than 15 minutes)'
    ELSE 'screen lock on, password after ' || grace_period || 's'
  END AS reason
FROM osquery_screenlock
ORDER BY resource;
