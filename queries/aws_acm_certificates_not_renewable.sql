-- ACM certificates in use that ACM will not renew by itself: Amazon-issued certificates that are
-- ineligible for managed renewal (their validation records are gone) or whose renewal failed. An
-- imported certificate is renewed by hand: info, with the date its replacement is due
-- (aws_acm_certificates_expiring alarms 30 days before it).
-- tables: aws_acm_certificates
-- population: aws_acm_certificates where in_use = 1

SELECT
  coalesce(domain, arn) || ' (' || coalesce(region, '?') || ')' AS resource,
  CASE
    WHEN type = 'IMPORTED' THEN 'info'
    WHEN renewal_status = 'FAILED' THEN 'alarm'
    WHEN coalesce(renewal_eligibility, '') <> 'ELIGIBLE' THEN 'alarm'
    ELSE 'ok'
  END AS status,
  CASE
    WHEN type = 'IMPORTED' THEN 'imported certificate, renewed by hand: replace it before ' || coalesce(substr(not_after, 1, 10), 'its expiry')
    WHEN renewal_status = 'FAILED' THEN 'managed renewal failed: fix the DNS validation records'
    WHEN coalesce(renewal_eligibility, '') <> 'ELIGIBLE' THEN 'not eligible for managed renewal ('
      || coalesce(renewal_eligibility, 'unknown') || '): restore its DNS validation records or reissue it'
    ELSE 'renewed by ACM (' || coalesce(type, '?') || ', ' || coalesce(renewal_status, 'no renewal yet') || ')'
  END AS reason
FROM aws_acm_certificates
WHERE in_use = 1
ORDER BY resource;
