-- Prowler findings on the checks Prowler's SOC 2 mapping ties to PI1.2, PI1.3, PI1.4, PI1.5:
-- processing integrity: request and API logging, audit log integrity, encryption at rest, object lock, backups and key rotation.
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
    ('PI1.2', 'pi_1_2', 'apigateway_restapi_logging_enabled'),
    ('PI1.2', 'pi_1_2', 'apigatewayv2_api_access_logging_enabled'),
    ('PI1.2', 'pi_1_2', 'elbv2_logging_enabled'),
    ('PI1.2', 'pi_1_2', 'elb_logging_enabled'),
    ('PI1.2', 'pi_1_2', 'wafv2_webacl_logging_enabled'),
    ('PI1.2', 'pi_1_2', 'waf_global_webacl_logging_enabled'),
    ('PI1.2', 'pi_1_2', 'cloudtrail_s3_dataevents_write_enabled'),
    ('PI1.2', 'pi_1_2', 'cloudfront_distributions_logging_enabled'),
    ('PI1.2', 'pi_1_2', 'app_http_logs_enabled'),
    ('PI1.2', 'pi_1_2', 'network_flow_log_captured_sent'),
    ('PI1.2', 'pi_1_2', 'keyvault_logging_enabled'),
    ('PI1.2', 'pi_1_2', 'monitor_diagnostic_settings_exists'),
    ('PI1.2', 'pi_1_2', 'sqlserver_auditing_enabled'),
    ('PI1.2', 'pi_1_2', 'compute_loadbalancer_logging_enabled'),
    ('PI1.2', 'pi_1_2', 'compute_subnet_flow_logs_enabled'),
    ('PI1.2', 'pi_1_2', 'logging_sink_created'),
    ('PI1.2', 'pi_1_2', 'iam_audit_logs_enabled'),
    ('PI1.3', 'pi_1_3', 'cloudtrail_multi_region_enabled'),
    ('PI1.3', 'pi_1_3', 'cloudtrail_log_file_validation_enabled'),
    ('PI1.3', 'pi_1_3', 'cloudtrail_cloudwatch_logging_enabled'),
    ('PI1.3', 'pi_1_3', 'cloudwatch_log_metric_filter_unauthorized_api_calls'),
    ('PI1.3', 'pi_1_3', 'cloudwatch_log_metric_filter_authentication_failures'),
    ('PI1.3', 'pi_1_3', 'cloudwatch_log_metric_filter_policy_changes'),
    ('PI1.3', 'pi_1_3', 'cloudwatch_log_metric_filter_root_usage'),
    ('PI1.3', 'pi_1_3', 'config_recorder_all_regions_enabled'),
    ('PI1.3', 'pi_1_3', 'rds_instance_integration_cloudwatch_logs'),
    ('PI1.3', 'pi_1_3', 'rds_cluster_integration_cloudwatch_logs'),
    ('PI1.3', 'pi_1_3', 'glue_etl_jobs_logging_enabled'),
    ('PI1.3', 'pi_1_3', 'stepfunctions_statemachine_logging_enabled'),
    ('PI1.3', 'pi_1_3', 'monitor_diagnostic_setting_with_appropriate_categories'),
    ('PI1.3', 'pi_1_3', 'monitor_diagnostic_settings_exists'),
    ('PI1.3', 'pi_1_3', 'defender_auto_provisioning_log_analytics_agent_vms_on'),
    ('PI1.3', 'pi_1_3', 'mysql_flexible_server_audit_log_enabled'),
    ('PI1.3', 'pi_1_3', 'postgresql_flexible_server_log_checkpoints_on'),
    ('PI1.3', 'pi_1_3', 'postgresql_flexible_server_log_connections_on'),
    ('PI1.3', 'pi_1_3', 'postgresql_flexible_server_log_disconnections_on'),
    ('PI1.3', 'pi_1_3', 'network_flow_log_more_than_90_days'),
    ('PI1.3', 'pi_1_3', 'logging_log_metric_filter_and_alert_for_audit_configuration_changes_enabled'),
    ('PI1.3', 'pi_1_3', 'logging_log_metric_filter_and_alert_for_project_ownership_changes_enabled'),
    ('PI1.3', 'pi_1_3', 'logging_log_metric_filter_and_alert_for_sql_instance_configuration_changes_enabled'),
    ('PI1.3', 'pi_1_3', 'cloudsql_instance_postgres_log_connections_flag'),
    ('PI1.3', 'pi_1_3', 'cloudsql_instance_postgres_log_disconnections_flag'),
    ('PI1.3', 'pi_1_3', 'cloudsql_instance_postgres_log_statement_flag'),
    ('PI1.3', 'pi_1_3', 'iam_audit_logs_enabled'),
    ('PI1.4', 'pi_1_4', 's3_bucket_default_encryption'),
    ('PI1.4', 'pi_1_4', 's3_bucket_kms_encryption'),
    ('PI1.4', 'pi_1_4', 'cloudwatch_log_group_kms_encryption_enabled'),
    ('PI1.4', 'pi_1_4', 'sns_topics_kms_encryption_at_rest_enabled'),
    ('PI1.4', 'pi_1_4', 'kinesis_stream_encrypted_at_rest'),
    ('PI1.4', 'pi_1_4', 'cloudfront_distributions_field_level_encryption_enabled'),
    ('PI1.4', 'pi_1_4', 'cloudwatch_log_group_not_publicly_accessible'),
    ('PI1.4', 'pi_1_4', 'cloudwatch_cross_account_sharing_disabled'),
    ('PI1.4', 'pi_1_4', 'glue_etl_jobs_cloudwatch_logs_encryption_enabled'),
    ('PI1.4', 'pi_1_4', 'glue_etl_jobs_amazon_s3_encryption_enabled'),
    ('PI1.4', 'pi_1_4', 'storage_ensure_encryption_with_customer_managed_keys'),
    ('PI1.4', 'pi_1_4', 'storage_infrastructure_encryption_is_enabled'),
    ('PI1.4', 'pi_1_4', 'monitor_storage_account_with_activity_logs_cmk_encrypted'),
    ('PI1.4', 'pi_1_4', 'monitor_storage_account_with_activity_logs_is_private'),
    ('PI1.4', 'pi_1_4', 'sqlserver_tde_encryption_enabled'),
    ('PI1.4', 'pi_1_4', 'sqlserver_tde_encrypted_with_cmk'),
    ('PI1.4', 'pi_1_4', 'cloudstorage_bucket_uniform_bucket_level_access'),
    ('PI1.4', 'pi_1_4', 'bigquery_dataset_cmk_encryption'),
    ('PI1.4', 'pi_1_4', 'bigquery_table_cmk_encryption'),
    ('PI1.4', 'pi_1_4', 'compute_instance_confidential_computing_enabled'),
    ('PI1.4', 'pi_1_4', 'pubsub_topic_encryption_with_cmk'),
    ('PI1.5', 'pi_1_5', 's3_bucket_object_versioning'),
    ('PI1.5', 'pi_1_5', 's3_bucket_object_lock'),
    ('PI1.5', 'pi_1_5', 'rds_instance_storage_encrypted'),
    ('PI1.5', 'pi_1_5', 'rds_cluster_storage_encrypted'),
    ('PI1.5', 'pi_1_5', 'dynamodb_tables_kms_cmk_encryption_enabled'),
    ('PI1.5', 'pi_1_5', 'ec2_ebs_volume_encryption'),
    ('PI1.5', 'pi_1_5', 'backup_plans_exist'),
    ('PI1.5', 'pi_1_5', 'backup_recovery_point_encrypted'),
    ('PI1.5', 'pi_1_5', 'backup_vaults_encrypted'),
    ('PI1.5', 'pi_1_5', 'kms_cmk_rotation_enabled'),
    ('PI1.5', 'pi_1_5', 'storage_ensure_encryption_with_customer_managed_keys'),
    ('PI1.5', 'pi_1_5', 'storage_infrastructure_encryption_is_enabled'),
    ('PI1.5', 'pi_1_5', 'storage_ensure_soft_delete_is_enabled'),
    ('PI1.5', 'pi_1_5', 'vm_ensure_attached_disks_encrypted_with_cmk'),
    ('PI1.5', 'pi_1_5', 'vm_ensure_unattached_disks_encrypted_with_cmk'),
    ('PI1.5', 'pi_1_5', 'keyvault_key_rotation_enabled'),
    ('PI1.5', 'pi_1_5', 'keyvault_recoverable'),
    ('PI1.5', 'pi_1_5', 'cloudstorage_bucket_log_retention_policy_lock'),
    ('PI1.5', 'pi_1_5', 'cloudsql_instance_automated_backups'),
    ('PI1.5', 'pi_1_5', 'compute_instance_encryption_with_csek_enabled'),
    ('PI1.5', 'pi_1_5', 'kms_key_rotation_enabled'),
    ('PI1.5', 'pi_1_5', 'dataproc_encrypted_with_cmks_disabled')
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
