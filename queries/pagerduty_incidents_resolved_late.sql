-- PagerDuty incidents resolved in the last 90 days later than their resolution target, counted from
-- creation: 24 hours for high urgency, 7 days for low (an incident whose urgency is not reported
-- counts as high). The resolution time is resolved_at, or last_status_change_at where resolved_at
-- is not reported (a resolved incident's last status change is its resolution).
-- tables: pagerduty_incidents
-- population: pagerduty_incidents where lower(status) = 'resolved' AND julianday(coalesce(resolved_at, last_status_change_at)) BETWEEN julianday(soc2_now()) - 90 AND julianday(soc2_now())

WITH resolved AS (
  SELECT '#' || coalesce(incident_number, id) || ' ' || coalesce(title, '') AS incident,
         created_at, coalesce(resolved_at, last_status_change_at) AS resolved,
         CASE WHEN lower(urgency) = 'low' THEN 'low' ELSE 'high' END AS urgency,
         CASE WHEN lower(urgency) = 'low' THEN 168 ELSE 24 END AS target,
         (julianday(coalesce(resolved_at, last_status_change_at)) - julianday(created_at)) * 24 AS hours
  FROM pagerduty_incidents
  WHERE lower(status) = 'resolved'
    AND julianday(coalesce(resolved_at, last_status_change_at)) BETWEEN julianday(soc2_now()) - 90 AND julianday(soc2_now())
)
SELECT
  incident AS resource,
  CASE WHEN hours <= target THEN 'ok' ELSE 'alarm' END AS status,
  urgency || '-urgency incident created ' || coalesce(created_at, 'at an unknown time') || ', resolved ' || resolved
    || CASE
         WHEN hours IS NULL THEN ''
         WHEN hours < 48 THEN ' (' || CAST(hours AS INTEGER) || ' hour(s)'
         ELSE ' (' || CAST(hours / 24 AS INTEGER) || ' day(s)'
       END
    || CASE
         WHEN hours IS NULL THEN ': time to resolve unknown'
         WHEN urgency = 'low' THEN '; target 7 days)'
         ELSE '; target 24 hours)'
       END AS reason
FROM resolved
ORDER BY incident;
