-- Privacy complaints and inquiries still open more than 30 days after receipt.
-- tables: privacy_requests
-- population: privacy_requests where lower(request_type) IN ('complaint', 'inquiry')

WITH complaints AS (
  SELECT request_id, request_type, received_date, status, completed_date,
         julianday(soc2_now()) - julianday(received_date) AS age
  FROM privacy_requests
  WHERE lower(request_type) IN ('complaint', 'inquiry')
)
SELECT
  request_id || ' ' || request_type AS resource,
  CASE WHEN completed_date IS NOT NULL OR lower(status) IN ('completed', 'rejected') OR age <= 30 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN completed_date IS NOT NULL OR lower(status) IN ('completed', 'rejected') THEN 'resolved ' || coalesce(completed_date, '?')
    ELSE 'open for ' || CAST(age AS INTEGER) || ' day(s) since ' || received_date
  END AS reason
FROM complaints
UNION ALL
SELECT 'privacy complaints', 'ok', 'no privacy complaints or inquiries logged'
WHERE NOT EXISTS (SELECT 1 FROM complaints)
ORDER BY 1;
