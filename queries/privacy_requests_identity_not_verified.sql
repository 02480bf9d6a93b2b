-- Completed access, deletion, correction or portability requests where the requester's identity was not verified.
-- tables: privacy_requests
-- population: privacy_requests where lower(request_type) IN ('access', 'deletion', 'correction', 'portability') AND lower(status) = 'completed'

SELECT
  request_id || ' ' || request_type AS resource,
  CASE WHEN lower(identity_verified) = 'yes' THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN lower(identity_verified) = 'yes' THEN 'identity verified before fulfilment on ' || coalesce(completed_date, '?')
       ELSE 'fulfilled on ' || coalesce(completed_date, '?') || ' without recorded identity verification' END AS reason
FROM privacy_requests
WHERE lower(request_type) IN ('access', 'deletion', 'correction', 'portability')
  AND lower(status) = 'completed'
ORDER BY request_id;
