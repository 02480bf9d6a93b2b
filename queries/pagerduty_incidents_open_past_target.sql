-- PagerDuty incidents still open (triggered or acknowledged) past their resolution target, counted
-- from creation: 24 hours for high urgency, 7 days for low. An incident whose urgency is not
-- reported counts as high. Resolved incidents are judged by pagerduty_incidents_resolved_late.
-- tables: pagerduty_incidents, soc2_evidence
-- population: pagerduty_incidents where lower(status) IN ('triggered', 'acknowledged')

WITH collected AS (
  -- The incidents' state is as collected: their age is counted to the collection, not to now.
  SELECT coalesce((SELECT max(collected_at) FROM soc2_evidence WHERE table_name = 'pagerduty_incidents'), soc2_now()) AS at
),
open_incidents AS (
  SELECT '#' || coalesce(incident_number, id) || ' ' || coalesce(title, '') AS incident,
         lower(status) AS status, created_at,
         CASE WHEN lower(urgency) = 'low' THEN 'low' ELSE 'high' END AS urgency,
         CASE WHEN lower(urgency) = 'low' THEN 168 ELSE 24 END AS target,
         (julianday(collected.at) - julianday(created_at)) * 24 AS hours
  FROM pagerduty_incidents, collected
  WHERE lower(status) IN ('triggered', 'acknowledged')
)
SELECT
  incident AS resource,
  CASE WHEN hours <= target THEN 'ok' ELSE 'alarm' END AS status,
  urgency || '-urgency incident ' || status || ', created ' || coalesce(created_at, 'at an unknown time') || ': '
    || CASE
         WHEN hours IS NULL THEN 'open for an unknown time'
         WHEN hours < 48 THEN 'open ' || CAST(hours AS INTEGER) || ' hour(s)'
         ELSE 'open ' || CAST(hours / 24 AS INTEGER) || ' day(s)'
       END
    || CASE WHEN urgency = 'low' THEN ' (target: resolved within 7 days)' ELSE ' (target: resolved within 24 hours)' END
    AS reason
FROM open_incidents
UNION ALL
SELECT 'open incidents', 'ok', 'no open PagerDuty incidents'
WHERE NOT EXISTS (SELECT 1 FROM open_incidents)
ORDER BY 1;
