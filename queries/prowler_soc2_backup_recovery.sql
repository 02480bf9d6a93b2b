-- Prowler findings on the checks Prowler's SOC 2 mapping ties to CC7.5, A1.2:
-- backup and recovery: automated backups and snapshots, point-in-time recovery, encrypted snapshots and the logging needed to manage capacity.
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
    ('CC7.5', 'cc_7_5', 'ec2_ebs_snapshots_encrypted'),
    ('CC7.5', 'cc_7_5', 'ec2_ebs_volume_snapshots_exists'),
    ('CC7.5', 'cc_7_5', 'neptune_cluster_copy_tags_to_snapshots'),
    ('CC7.5', 'cc_7_5', 'neptune_cluster_snapshot_encrypted'),
    ('CC7.5', 'cc_7_5', 'rds_instance_copy_tags_to_snapshots'),
    ('CC7.5', 'cc_7_5', 'redshift_cluster_automated_snapshot'),
    ('CC7.5', 'cc_7_5', 'vm_ensure_attached_disks_encrypted_with_cmk'),
    ('CC7.5', 'cc_7_5', 'vm_ensure_unattached_disks_encrypted_with_cmk'),
    ('CC7.5', 'cc_7_5', 'storage_ensure_encryption_with_customer_managed_keys'),
    ('CC7.5', 'cc_7_5', 'storage_infrastructure_encryption_is_enabled'),
    ('CC7.5', 'cc_7_5', 'cloudsql_instance_automated_backups'),
    ('A1.2', 'cc_a_1_1', 'apigateway_restapi_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'cloudtrail_multi_region_enabled'),
    ('A1.2', 'cc_a_1_1', 'cloudtrail_cloudwatch_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'dynamodb_tables_pitr_enabled'),
    ('A1.2', 'cc_a_1_1', 'efs_have_backup_enabled'),
    ('A1.2', 'cc_a_1_1', 'elbv2_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'elb_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'rds_instance_backup_enabled'),
    ('A1.2', 'cc_a_1_1', 'rds_instance_integration_cloudwatch_logs'),
    ('A1.2', 'cc_a_1_1', 'redshift_cluster_automated_snapshot'),
    ('A1.2', 'cc_a_1_1', 's3_bucket_object_versioning'),
    ('A1.2', 'cc_a_1_1', 'apigatewayv2_api_access_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'appsync_field_level_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'athena_workgroup_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'awslambda_function_invoke_api_operations_cloudtrail_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'bedrock_model_invocation_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'cloudfront_distributions_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'cloudtrail_logs_s3_bucket_access_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'codebuild_project_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'datasync_task_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'dms_replication_task_source_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'dms_replication_task_target_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'ec2_client_vpn_endpoint_connection_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'ecs_task_definitions_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'elasticbeanstalk_environment_cloudwatch_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'glue_etl_jobs_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'mq_broker_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'networkfirewall_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'opensearch_service_domains_audit_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'opensearch_service_domains_cloudwatch_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'route53_public_hosted_zones_cloudwatch_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 's3_bucket_server_access_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'stepfunctions_statemachine_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'waf_global_webacl_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'wafv2_webacl_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'wafv2_webacl_rule_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'ec2_confidential_workload_host_not_running'),
    ('A1.2', 'cc_a_1_1', 'app_http_logs_enabled'),
    ('A1.2', 'cc_a_1_1', 'defender_auto_provisioning_log_analytics_agent_vms_on'),
    ('A1.2', 'cc_a_1_1', 'keyvault_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'monitor_storage_account_with_activity_logs_cmk_encrypted'),
    ('A1.2', 'cc_a_1_1', 'monitor_storage_account_with_activity_logs_is_private'),
    ('A1.2', 'cc_a_1_1', 'mysql_flexible_server_audit_log_connection_activated'),
    ('A1.2', 'cc_a_1_1', 'mysql_flexible_server_audit_log_enabled'),
    ('A1.2', 'cc_a_1_1', 'network_flow_log_captured_sent'),
    ('A1.2', 'cc_a_1_1', 'network_flow_log_more_than_90_days'),
    ('A1.2', 'cc_a_1_1', 'postgresql_flexible_server_log_checkpoints_on'),
    ('A1.2', 'cc_a_1_1', 'postgresql_flexible_server_log_connections_on'),
    ('A1.2', 'cc_a_1_1', 'postgresql_flexible_server_log_disconnections_on'),
    ('A1.2', 'cc_a_1_1', 'postgresql_flexible_server_log_retention_days_greater_3'),
    ('A1.2', 'cc_a_1_1', 'cloudsql_instance_postgres_log_connections_flag'),
    ('A1.2', 'cc_a_1_1', 'cloudsql_instance_postgres_log_disconnections_flag'),
    ('A1.2', 'cc_a_1_1', 'cloudsql_instance_postgres_log_error_verbosity_flag'),
    ('A1.2', 'cc_a_1_1', 'cloudsql_instance_postgres_log_min_duration_statement_flag'),
    ('A1.2', 'cc_a_1_1', 'cloudsql_instance_postgres_log_min_error_statement_flag'),
    ('A1.2', 'cc_a_1_1', 'cloudsql_instance_postgres_log_min_messages_flag'),
    ('A1.2', 'cc_a_1_1', 'cloudsql_instance_postgres_log_statement_flag'),
    ('A1.2', 'cc_a_1_1', 'cloudstorage_bucket_log_retention_policy_lock'),
    ('A1.2', 'cc_a_1_1', 'compute_loadbalancer_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'compute_network_dns_logging_enabled'),
    ('A1.2', 'cc_a_1_1', 'compute_project_os_login_enabled'),
    ('A1.2', 'cc_a_1_1', 'compute_subnet_flow_logs_enabled'),
    ('A1.2', 'cc_a_1_1', 'iam_audit_logs_enabled'),
    ('A1.2', 'cc_a_1_1', 'logging_log_metric_filter_and_alert_for_audit_configuration_changes_enabled'),
    ('A1.2', 'cc_a_1_1', 'logging_log_metric_filter_and_alert_for_bucket_permission_changes_enabled'),
    ('A1.2', 'cc_a_1_1', 'logging_log_metric_filter_and_alert_for_custom_role_changes_enabled'),
    ('A1.2', 'cc_a_1_1', 'logging_log_metric_filter_and_alert_for_project_ownership_changes_enabled'),
    ('A1.2', 'cc_a_1_1', 'logging_log_metric_filter_and_alert_for_sql_instance_configuration_changes_enabled'),
    ('A1.2', 'cc_a_1_1', 'logging_log_metric_filter_and_alert_for_vpc_firewall_rule_changes_enabled'),
    ('A1.2', 'cc_a_1_1', 'logging_log_metric_filter_and_alert_for_vpc_network_changes_enabled'),
    ('A1.2', 'cc_a_1_1', 'logging_log_metric_filter_and_alert_for_vpc_network_route_changes_enabled'),
    ('A1.2', 'cc_a_1_1', 'logging_sink_created')
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
