-- Endpoints whose host firewall osquery reports off (`osqueryi --json` over the alf table on macOS:
-- global_state 0 off, 1 on, 2 blocking all incoming; the platform's equivalent query elsewhere).
-- Alongside assets_endpoints_firewall_disabled, which reads the hand-kept inventory.
-- tables: osquery_firewall

SELECT
  coalesce(hostname, '(unknown host)') AS resource,
  CASE WHEN global_state IN ('1', '2') THEN 'ok' ELSE 'alarm' END AS status,
  CASE global_state
    WHEN '1' THEN 'firewall on'
    WHEN '2' THEN 'firewall on, blocking all incoming connections'
    ELSE 'firewall off'
  END AS reason
FROM osquery_firewall
ORDER BY resource;
