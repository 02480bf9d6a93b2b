-- Every incident detected in the audit period, with its owner, resolution time and post-incident review.
-- tables: incident_log
-- Resolution targets: critical 7 days, high 14, medium 30, low 90.

WITH incidents AS (
  SELECT *,
         CASE lower(coalesce(severity, '')) WHEN 'critical' THEN 7 WHEN 'high' THEN 14 WHEN 'medium' THEN 30 ELSE 90 END AS target_days
  FROM incident_log
  WHERE detected_date IS NOT NULL
)
SELECT
  incident_id, title, category, severity, status, detected_date, resolved_date, owner_email, root_cause, target_days,
  CASE
    WHEN coalesce(owner_email, '') = '' AND julianday(_first_seen) - julianday(detected_date) > 1 THEN 'no owner a day after detection'
    WHEN resolved_date IS NOT NULL AND julianday(resolved_date) - julianday(detected_date) > target_days
      THEN 'resolved after ' || CAST(julianday(resolved_date) - julianday(detected_date) AS INTEGER) || ' days; target ' || target_days
    WHEN resolved_date IS NULL AND julianday(_first_seen) - julianday(detected_date) > target_days
      THEN 'still unresolved ' || CAST(julianday(_first_seen) - julianday(detected_date) AS INTEGER) || ' days after detection; target ' || target_days
    WHEN lower(coalesce(status, '')) IN ('resolved', 'closed') AND coalesce(root_cause, '') = ''
      THEN 'closed without a root cause'
  END AS deviation,
  _first_seen, _first_commit, _last_seen, _last_commit
FROM incidents
