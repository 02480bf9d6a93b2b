-- Prowler findings on the checks Prowler's SOC 2 mapping ties to C1.1, C1.2:
-- confidentiality: deletion protection, soft delete, object versioning, customer-managed encryption keys and log retention.
-- One row per finding: FAIL is an alarm naming the resource and the check, a FAIL muted in
-- Prowler's mutelist is skipped, MANUAL is info (verify by hand), PASS is ok. A finding counts when
-- its check is in the mapping below or Prowler tagged it with one of these SOC 2 requirements
-- (`unmapped.compliance.SOC2`).
--
-- The mapping (criterion, Prowler requirement id, check id) is data from Prowler's SOC 2 compliance
-- frameworks, prowler/compliance/{aws,azure,gcp}/soc2_{aws,azure,gcp}.json in
-- https://github.com/prowler-cloud/prowler (the Prowler project, read 2026-08), licensed under the
-- Apache License, Version 2.0 (https://www.apache.org/licenses/LICENSE-2.0). Unchanged but for layout.
-- tables: prowler_findings

WITH mapping(criterion, requirement, check_id) AS (
  VALUES
    ('C1.1', 'cc_c_1_1', 'rds_instance_deletion_protection'),
    ('C1.1', 'cc_c_1_1', 'storage_ensure_soft_delete_is_enabled'),
    ('C1.1', 'cc_c_1_1', 'compute_instance_confidential_computing_enabled'),
    ('C1.1', 'cc_c_1_1', 'bigquery_table_cmk_encryption'),
    ('C1.1', 'cc_c_1_1', 'bigquery_dataset_cmk_encryption'),
    ('C1.1', 'cc_c_1_1', 'compute_instance_encryption_with_csek_enabled'),
    ('C1.1', 'cc_c_1_1', 'dataproc_encrypted_with_cmks_disabled'),
    ('C1.2', 'cc_c_1_2', 's3_bucket_object_versioning'),
    ('C1.2', 'cc_c_1_2', 'cloudwatch_log_group_retention_policy_specific_days_enabled'),
    ('C1.2', 'cc_c_1_2', 'kinesis_stream_data_retention_period'),
    ('C1.2', 'cc_c_1_2', 'network_flow_log_more_than_90_days'),
    ('C1.2', 'cc_c_1_2', 'postgresql_flexible_server_log_retention_days_greater_3'),
    ('C1.2', 'cc_c_1_2', 'sqlserver_auditing_retention_90_days'),
    ('C1.2', 'cc_c_1_2', 'storage_ensure_soft_delete_is_enabled'),
    ('C1.2', 'cc_c_1_2', 'cloudstorage_bucket_log_retention_policy_lock')
),
checks AS (
  SELECT DISTINCT check_id, criterion FROM mapping
),
requirements AS (
  SELECT DISTINCT requirement, criterion FROM mapping
),
matched AS (
  SELECT f.*,
         (SELECT group_concat(criterion, ', ')
            FROM (SELECT c.criterion FROM checks AS c WHERE c.check_id = f.check_id
                  UNION
                  SELECT r.criterion
                    FROM json_each(coalesce(json_extract(f.compliance, '$.SOC2'), '[]')) AS t
                    JOIN requirements AS r ON r.requirement = t.value
                  ORDER BY 1)) AS criteria
  FROM prowler_findings AS f
)
SELECT
  coalesce(resource_uid, resource_name, account_uid, check_id) AS resource,
  CASE
    WHEN status = 'FAIL' AND muted THEN 'skip'
    WHEN status = 'FAIL' THEN 'alarm'
    WHEN status = 'MANUAL' THEN 'info'
    ELSE 'ok'
  END AS status,
  criteria || ' ' || check_id
    || ' (' || coalesce(provider, '?') || ' ' || coalesce(account_uid, '?') || coalesce(' ' || region, '')
    || coalesce(', ' || severity, '') || ')'
    || CASE WHEN status = 'FAIL' AND muted THEN ' muted in Prowler' ELSE '' END
    || ': ' || coalesce(message, check_title, status) AS reason
FROM matched
WHERE criteria IS NOT NULL
ORDER BY CASE WHEN status = 'FAIL' AND NOT muted THEN 0 ELSE 1 END, check_id, resource;
