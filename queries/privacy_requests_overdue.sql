-- Data subject requests and privacy complaints from the last year not answered by their due date (default 30 days).
-- tables: privacy_requests
-- population: privacy_requests since received_date 365d

WITH requests AS (
  SELECT request_id, request_type, received_date, status, completed_date,
         coalesce(due_date, date(received_date, '+30 days')) AS due
  FROM privacy_requests
  WHERE julianday(soc2_now()) - julianday(received_date) <= 365
)
SELECT
  request_id || ' ' || request_type AS resource,
  CASE
    WHEN completed_date IS NOT NULL AND julianday(completed_date) <= julianday(due) THEN 'ok'
    WHEN completed_date IS NULL AND julianday(soc2_now()) <= julianday(due) THEN 'info'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN completed_date IS NOT NULL AND julianday(completed_date) <= julianday(due) THEN 'received ' || received_date || ', answered ' || completed_date
    WHEN completed_date IS NULL AND julianday(soc2_now()) <= julianday(due) THEN 'open, due ' || due
    WHEN completed_date IS NULL THEN 'received ' || received_date || ', still ' || coalesce(status, 'open') || ' after the due date ' || due
    ELSE 'received ' || received_date || ', answered late on ' || completed_date || ' (due ' || due || ')'
  END AS reason
FROM requests
UNION ALL
SELECT 'privacy requests', 'ok', 'no privacy requests received in the last 365 days'
WHERE NOT EXISTS (SELECT 1 FROM requests)
ORDER BY 1;
