-- High-severity results of code and image scanners read as SARIF (Trivy, Grype, CodeQL, Semgrep, Checkov,
-- tfsec, KICS, …) still open past the 30-day remediation window of the vulnerability policy.
-- Open: a finding (`kind` fail, the default) with no accepted suppression. High: a security
-- severity from 7.0 to 8.9. Age: from the result's first detection (`provenance.firstDetectionTimeUtc`)
-- when the tool records it; a result without one cannot show it is within the window, so it counts
-- as past it. One row per open high result: alarm past the window, ok within it.
-- tables: sarif_results

SELECT
  coalesce(uri, '(no location)') || coalesce(':' || line, '') AS resource,
  CASE
    WHEN first_detected IS NOT NULL AND julianday(soc2_now()) - julianday(first_detected) <= 30 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  coalesce(tool, 'scanner') || ' ' || coalesce(rule_id, '(no rule)')
    || ' (high ' || security_severity || ', '
    || CASE
         WHEN first_detected IS NULL THEN 'first detection not recorded'
         ELSE 'open since ' || substr(first_detected, 1, 10)
       END
    || '): ' || replace(coalesce(message, rule_description, ''), char(10), ' · ') AS reason
FROM sarif_results
WHERE severity = 'high'
  AND coalesce(kind, 'fail') = 'fail'
  AND NOT coalesce(suppressed, 0)
ORDER BY status, resource, reason;
