-- High-urgency PagerDuty incidents still triggered, acknowledged by no one, more than 30 minutes
-- after they were created (an incident whose urgency is not reported counts as high). Acknowledged
-- incidents are ok; a triggered one younger than 30 minutes is pending. The API empties an
-- incident's acknowledgements once it is resolved, so how soon a resolved incident was acknowledged
-- is not on record: the open incidents are judged as collected.
-- tables: pagerduty_incidents, soc2_evidence
-- population: pagerduty_incidents where lower(coalesce(urgency, 'high')) <> 'low' AND lower(status) IN ('triggered', 'acknowledged')

WITH collected AS (
  -- The incidents' state is as collected: their age is counted to the collection, not to now.
  SELECT coalesce((SELECT max(collected_at) FROM soc2_evidence WHERE table_name = 'pagerduty_incidents'), soc2_now()) AS at
),
open_high AS (
  SELECT '#' || coalesce(incident_number, id) || ' ' || coalesce(title, '') AS incident,
         lower(status) AS status, created_at,
         (julianday(collected.at) - julianday(created_at)) * 1440 AS minutes,
         CASE WHEN json_valid(acknowledgements) THEN json_extract(acknowledgements, '$[0].acknowledger.summary') END AS who,
         CASE WHEN json_valid(acknowledgements) THEN json_extract(acknowledgements, '$[0].at') END AS acknowledged_at
  FROM pagerduty_incidents, collected
  WHERE lower(coalesce(urgency, 'high')) <> 'low' AND lower(status) IN ('triggered', 'acknowledged')
)
SELECT
  incident AS resource,
  CASE
    WHEN status = 'acknowledged' THEN 'ok'
    WHEN minutes <= 30 THEN 'info'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN status = 'acknowledged' THEN 'acknowledged' || coalesce(' by ' || who, '') || coalesce(' at ' || acknowledged_at, '')
      || ' (created ' || coalesce(created_at, 'at an unknown time') || ')'
    WHEN minutes IS NULL THEN 'triggered and not acknowledged; creation time not reported (target: acknowledged within 30 minutes)'
    WHEN minutes <= 30 THEN 'triggered ' || CAST(minutes AS INTEGER) || ' minute(s) ago (created ' || created_at
      || '): acknowledgement due within 30 minutes'
    ELSE 'triggered and not acknowledged '
      || CASE WHEN minutes < 120 THEN CAST(minutes AS INTEGER) || ' minute(s)' ELSE CAST(minutes / 60 AS INTEGER) || ' hour(s)' END
      || ' after it was created (' || created_at || '; target: acknowledged within 30 minutes)'
  END AS reason
FROM open_high
UNION ALL
SELECT 'open high-urgency incidents', 'ok', 'no open high-urgency PagerDuty incidents'
WHERE NOT EXISTS (SELECT 1 FROM open_high)
ORDER BY 1;
