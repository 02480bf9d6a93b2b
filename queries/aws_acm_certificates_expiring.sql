-- ACM certificates in use that expire within 30 days or have expired. ACM renews an eligible
-- Amazon-issued certificate 60 days before it expires, so one still this close to expiry is a
-- renewal that failed; an imported certificate is renewed by hand and alarms here in time.
-- A certificate whose details could not be read is a finding, never a pass.
-- tables: aws_acm_certificates
-- population: aws_acm_certificates where in_use = 1 OR errors IS NOT NULL

SELECT
  coalesce(domain, arn) || ' (' || coalesce(region, '?') || ')' AS resource,
  CASE
    WHEN not_after IS NULL THEN 'alarm'
    WHEN julianday(not_after) - julianday(soc2_now()) > 30 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN not_after IS NULL THEN 'no expiry date (' || coalesce(status, 'status unknown')
      || coalesce('; refused: ' || errors, '') || ')'
    WHEN julianday(not_after) <= julianday(soc2_now()) THEN 'expired on ' || substr(not_after, 1, 10) || ' and still in use'
    WHEN julianday(not_after) - julianday(soc2_now()) <= 30 THEN 'expires on ' || substr(not_after, 1, 10) || ' ('
      || CAST(julianday(not_after) - julianday(soc2_now()) AS INTEGER) || ' days): '
      || CASE WHEN type = 'IMPORTED' THEN 'import the renewed certificate' ELSE 'ACM has not renewed it (' || coalesce(renewal_status, 'no renewal status') || ')' END
    ELSE 'valid until ' || substr(not_after, 1, 10)
  END AS reason
FROM aws_acm_certificates
WHERE in_use = 1 OR errors IS NOT NULL
ORDER BY resource;
