-- Fleet policies (osquery checks Fleet runs on every enrolled host: disk encryption, screen lock,
-- firewall, OS updates, …) that fail on at least one host, from a Fleet policies export
-- (`GET /api/v1/fleet/global/policies`, rows at `policies`). Host counts are Fleet's latest tally
-- (`host_count_updated_at`).
-- tables: fleet_policies

SELECT
  name AS resource,
  CASE WHEN coalesce(failing_host_count, 0) = 0 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN coalesce(failing_host_count, 0) = 0 THEN 'passing on ' || coalesce(passing_host_count, 0) || ' hosts'
    ELSE 'failing on ' || failing_host_count || ' of ' || (failing_host_count + coalesce(passing_host_count, 0))
      || ' hosts' || CASE WHEN critical THEN ' (critical policy)' ELSE '' END
      || coalesce('; fix: ' || nullif(resolution, ''), '')
  END AS reason
FROM fleet_policies
ORDER BY status, resource;
