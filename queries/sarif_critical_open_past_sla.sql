-- Critical results of code and image scanners read as SARIF (Trivy, Grype, CodeQL, Semgrep, Checkov,
-- tfsec, KICS, …) still open past the 15-day remediation window of the vulnerability policy.
-- Open: a finding (`kind` fail, the default) with no accepted suppression. Critical: a security
-- severity of 9.0 or more. Age: from the result's first detection (`provenance.firstDetectionTimeUtc`)
-- when the tool records it; a result without one cannot show it is within the window, so it counts
-- as past it. One row per open critical result: alarm past the window, ok within it.
-- tables: sarif_results

SELECT
  coalesce(uri, '(no location)') || coalesce(':' || line, '') AS resource,
  CASE
    WHEN first_detected IS NOT NULL AND julianday(soc2_now()) - julianday(first_detected) <= 15 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  coalesce(tool, 'scanner') || ' ' || coalesce(rule_id, '(no rule)')
    || ' (critical ' || security_severity || ', '
    || CASE
         WHEN first_detected IS NULL THEN 'first detection not recorded'
         ELSE 'open since ' || substr(first_detected, 1, 10)
       END
    || '): ' || replace(coalesce(message, rule_description, ''), char(10), ' · ') AS reason
FROM sarif_results
WHERE severity = 'critical'
  AND coalesce(kind, 'fail') = 'fail'
  AND NOT coalesce(suppressed, 0)
ORDER BY status, resource, reason;
