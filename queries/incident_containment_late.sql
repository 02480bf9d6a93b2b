-- Incidents of the last year not contained within the time for their severity (critical 1 day, high
-- 2, medium 7, low 30, counted from detection): contained later than that, still uncontained past
-- it, or resolved without a recorded containment date.
-- tables: incident_log
-- population: incident_log since detected_date 365d

WITH incidents AS (
  SELECT incident_id, title, severity, status, detected_date, contained_date, resolved_date,
         CASE lower(severity) WHEN 'critical' THEN 1 WHEN 'high' THEN 2 WHEN 'medium' THEN 7 ELSE 30 END AS target
  FROM incident_log
  WHERE julianday(detected_date) > julianday(soc2_now()) - 365 AND julianday(detected_date) <= julianday(soc2_now())
)
SELECT
  incident_id || ' ' || coalesce(title, '') AS resource,
  CASE
    WHEN contained_date IS NOT NULL AND julianday(contained_date) - julianday(detected_date) <= target THEN 'ok'
    WHEN contained_date IS NULL AND lower(status) = 'open' AND julianday(soc2_now()) - julianday(detected_date) <= target THEN 'ok'
    ELSE 'alarm'
  END AS status,
  coalesce(severity, 'unrated') || ' incident detected ' || detected_date || ', '
    || CASE
         WHEN contained_date IS NOT NULL THEN 'contained ' || contained_date || ' ('
           || CAST(julianday(contained_date) - julianday(detected_date) AS INTEGER) || ' day(s); target ' || target || ')'
         WHEN lower(status) = 'open' THEN 'not contained yet (' || CAST(julianday(soc2_now()) - julianday(detected_date) AS INTEGER)
           || ' day(s); target ' || target || ')'
         ELSE lower(coalesce(status, 'closed')) || ' with no containment date recorded'
       END AS reason
FROM incidents
ORDER BY incident_id;
