-- Prowler findings on the checks Prowler's SOC 2 mapping ties to CC3.1, CC3.2, CC3.3, CC3.4, CC4.2, CC6.8, CC7.1, CC9.2:
-- threat detection and vulnerability management: GuardDuty, Security Hub, Defender for Cloud, AWS Config, container scanning, patch compliance and privilege escalation paths.
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
    ('CC3.1', 'cc_3_1', 'guardduty_is_enabled'),
    ('CC3.1', 'cc_3_1', 'securityhub_enabled'),
    ('CC3.1', 'cc_3_1', 'config_recorder_all_regions_enabled'),
    ('CC3.1', 'cc_3_1', 'defender_ensure_defender_for_app_services_is_on'),
    ('CC3.1', 'cc_3_1', 'defender_ensure_defender_for_arm_is_on'),
    ('CC3.1', 'cc_3_1', 'defender_ensure_defender_for_azure_sql_databases_is_on'),
    ('CC3.1', 'cc_3_1', 'defender_ensure_defender_for_containers_is_on'),
    ('CC3.1', 'cc_3_1', 'defender_ensure_defender_for_cosmosdb_is_on'),
    ('CC3.1', 'cc_3_1', 'defender_ensure_defender_for_databases_is_on'),
    ('CC3.1', 'cc_3_1', 'defender_ensure_defender_for_dns_is_on'),
    ('CC3.1', 'cc_3_1', 'defender_ensure_defender_for_keyvault_is_on'),
    ('CC3.1', 'cc_3_1', 'defender_ensure_defender_for_os_relational_databases_is_on'),
    ('CC3.1', 'cc_3_1', 'defender_ensure_defender_for_server_is_on'),
    ('CC3.1', 'cc_3_1', 'defender_ensure_defender_for_sql_servers_is_on'),
    ('CC3.1', 'cc_3_1', 'defender_ensure_defender_for_storage_is_on'),
    ('CC3.1', 'cc_3_1', 'defender_ensure_iot_hub_defender_is_on'),
    ('CC3.1', 'cc_3_1', 'defender_ensure_mcas_is_enabled'),
    ('CC3.1', 'cc_3_1', 'defender_ensure_notify_alerts_severity_is_high'),
    ('CC3.1', 'cc_3_1', 'defender_ensure_notify_emails_to_owners'),
    ('CC3.1', 'cc_3_1', 'defender_ensure_system_updates_are_applied'),
    ('CC3.1', 'cc_3_1', 'defender_ensure_wdatp_is_enabled'),
    ('CC3.1', 'cc_3_1', 'sqlserver_microsoft_defender_enabled'),
    ('CC3.1', 'cc_3_1', 'gcr_container_scanning_enabled'),
    ('CC3.1', 'cc_3_1', 'artifacts_container_analysis_enabled'),
    ('CC3.2', 'cc_3_2', 'ec2_instance_managed_by_ssm'),
    ('CC3.2', 'cc_3_2', 'ssm_managed_compliant_patching'),
    ('CC3.2', 'cc_3_2', 'guardduty_no_high_severity_findings'),
    ('CC3.2', 'cc_3_2', 'guardduty_is_enabled'),
    ('CC3.2', 'cc_3_2', 'defender_additional_email_configured_with_a_security_contact'),
    ('CC3.2', 'cc_3_2', 'defender_assessments_vm_endpoint_protection_installed'),
    ('CC3.2', 'cc_3_2', 'defender_auto_provisioning_log_analytics_agent_vms_on'),
    ('CC3.2', 'cc_3_2', 'defender_auto_provisioning_vulnerabilty_assessments_machines_on'),
    ('CC3.2', 'cc_3_2', 'defender_container_images_resolved_vulnerabilities'),
    ('CC3.2', 'cc_3_2', 'defender_container_images_scan_enabled'),
    ('CC3.2', 'cc_3_2', 'defender_ensure_defender_for_app_services_is_on'),
    ('CC3.2', 'cc_3_2', 'defender_ensure_defender_for_arm_is_on'),
    ('CC3.2', 'cc_3_2', 'defender_ensure_defender_for_azure_sql_databases_is_on'),
    ('CC3.2', 'cc_3_2', 'defender_ensure_defender_for_containers_is_on'),
    ('CC3.2', 'cc_3_2', 'defender_ensure_defender_for_cosmosdb_is_on'),
    ('CC3.2', 'cc_3_2', 'defender_ensure_defender_for_databases_is_on'),
    ('CC3.2', 'cc_3_2', 'defender_ensure_defender_for_dns_is_on'),
    ('CC3.2', 'cc_3_2', 'defender_ensure_defender_for_keyvault_is_on'),
    ('CC3.2', 'cc_3_2', 'defender_ensure_defender_for_os_relational_databases_is_on'),
    ('CC3.2', 'cc_3_2', 'defender_ensure_defender_for_server_is_on'),
    ('CC3.2', 'cc_3_2', 'defender_ensure_defender_for_sql_servers_is_on'),
    ('CC3.2', 'cc_3_2', 'defender_ensure_defender_for_storage_is_on'),
    ('CC3.2', 'cc_3_2', 'defender_ensure_iot_hub_defender_is_on'),
    ('CC3.2', 'cc_3_2', 'defender_ensure_mcas_is_enabled'),
    ('CC3.2', 'cc_3_2', 'defender_ensure_notify_alerts_severity_is_high'),
    ('CC3.2', 'cc_3_2', 'defender_ensure_notify_emails_to_owners'),
    ('CC3.2', 'cc_3_2', 'defender_ensure_system_updates_are_applied'),
    ('CC3.2', 'cc_3_2', 'defender_ensure_wdatp_is_enabled'),
    ('CC3.2', 'cc_3_2', 'sqlserver_microsoft_defender_enabled'),
    ('CC3.2', 'cc_3_2', 'gcr_container_scanning_enabled'),
    ('CC3.2', 'cc_3_2', 'gemini_api_disabled'),
    ('CC3.3', 'cc_3_3', 'iam_inline_policy_allows_privilege_escalation'),
    ('CC3.3', 'cc_3_3', 'iam_policy_no_full_access_to_cloudtrail'),
    ('CC3.3', 'cc_3_3', 'cloudtrail_threat_detection_privilege_escalation'),
    ('CC3.3', 'cc_3_3', 'cloudtrail_threat_detection_enumeration'),
    ('CC3.3', 'cc_3_3', 'cloudtrail_threat_detection_llm_jacking'),
    ('CC3.3', 'cc_3_3', 'aks_clusters_created_with_private_nodes'),
    ('CC3.3', 'cc_3_3', 'app_function_identity_without_admin_privileges'),
    ('CC3.3', 'cc_3_3', 'containerregistry_uses_private_link'),
    ('CC3.3', 'cc_3_3', 'cosmosdb_account_use_private_endpoints'),
    ('CC3.3', 'cc_3_3', 'entra_non_privileged_user_has_mfa'),
    ('CC3.3', 'cc_3_3', 'entra_privileged_user_has_mfa'),
    ('CC3.3', 'cc_3_3', 'entra_user_with_vm_access_has_mfa'),
    ('CC3.3', 'cc_3_3', 'keyvault_private_endpoints'),
    ('CC3.3', 'cc_3_3', 'monitor_storage_account_with_activity_logs_is_private'),
    ('CC3.3', 'cc_3_3', 'storage_ensure_private_endpoints_in_storage_accounts'),
    ('CC3.3', 'cc_3_3', 'logging_log_metric_filter_and_alert_for_project_ownership_changes_enabled'),
    ('CC3.3', 'cc_3_3', 'logging_log_metric_filter_and_alert_for_sql_instance_configuration_changes_enabled'),
    ('CC3.3', 'cc_3_3', 'logging_log_metric_filter_and_alert_for_bucket_permission_changes_enabled'),
    ('CC3.3', 'cc_3_3', 'logging_log_metric_filter_and_alert_for_vpc_network_changes_enabled'),
    ('CC3.3', 'cc_3_3', 'logging_log_metric_filter_and_alert_for_vpc_network_route_changes_enabled'),
    ('CC3.4', 'cc_3_4', 'config_recorder_all_regions_enabled'),
    ('CC3.4', 'cc_3_4', 'iam_cloud_asset_inventory_enabled'),
    ('CC4.2', 'cc_4_2', 'guardduty_is_enabled'),
    ('CC4.2', 'cc_4_2', 'guardduty_no_high_severity_findings'),
    ('CC4.2', 'cc_4_2', 'defender_additional_email_configured_with_a_security_contact'),
    ('CC4.2', 'cc_4_2', 'defender_assessments_vm_endpoint_protection_installed'),
    ('CC4.2', 'cc_4_2', 'defender_auto_provisioning_log_analytics_agent_vms_on'),
    ('CC4.2', 'cc_4_2', 'defender_auto_provisioning_vulnerabilty_assessments_machines_on'),
    ('CC4.2', 'cc_4_2', 'defender_container_images_resolved_vulnerabilities'),
    ('CC4.2', 'cc_4_2', 'defender_container_images_scan_enabled'),
    ('CC4.2', 'cc_4_2', 'defender_ensure_defender_for_app_services_is_on'),
    ('CC4.2', 'cc_4_2', 'defender_ensure_defender_for_arm_is_on'),
    ('CC4.2', 'cc_4_2', 'defender_ensure_defender_for_azure_sql_databases_is_on'),
    ('CC4.2', 'cc_4_2', 'defender_ensure_defender_for_containers_is_on'),
    ('CC4.2', 'cc_4_2', 'defender_ensure_defender_for_cosmosdb_is_on'),
    ('CC4.2', 'cc_4_2', 'defender_ensure_defender_for_databases_is_on'),
    ('CC4.2', 'cc_4_2', 'defender_ensure_defender_for_dns_is_on'),
    ('CC4.2', 'cc_4_2', 'defender_ensure_defender_for_keyvault_is_on'),
    ('CC4.2', 'cc_4_2', 'defender_ensure_defender_for_os_relational_databases_is_on'),
    ('CC4.2', 'cc_4_2', 'defender_ensure_defender_for_server_is_on'),
    ('CC4.2', 'cc_4_2', 'defender_ensure_defender_for_sql_servers_is_on'),
    ('CC4.2', 'cc_4_2', 'defender_ensure_defender_for_storage_is_on'),
    ('CC4.2', 'cc_4_2', 'defender_ensure_iot_hub_defender_is_on'),
    ('CC4.2', 'cc_4_2', 'defender_ensure_mcas_is_enabled'),
    ('CC4.2', 'cc_4_2', 'defender_ensure_notify_alerts_severity_is_high'),
    ('CC4.2', 'cc_4_2', 'defender_ensure_notify_emails_to_owners'),
    ('CC4.2', 'cc_4_2', 'defender_ensure_system_updates_are_applied'),
    ('CC4.2', 'cc_4_2', 'defender_ensure_wdatp_is_enabled'),
    ('CC4.2', 'cc_4_2', 'sqlserver_microsoft_defender_enabled'),
    ('CC4.2', 'cc_4_2', 'iam_cloud_asset_inventory_enabled'),
    ('CC6.8', 'cc_6_8', 'guardduty_is_enabled'),
    ('CC6.8', 'cc_6_8', 'securityhub_enabled'),
    ('CC6.8', 'cc_6_8', 'defender_additional_email_configured_with_a_security_contact'),
    ('CC6.8', 'cc_6_8', 'defender_assessments_vm_endpoint_protection_installed'),
    ('CC6.8', 'cc_6_8', 'defender_auto_provisioning_log_analytics_agent_vms_on'),
    ('CC6.8', 'cc_6_8', 'defender_auto_provisioning_vulnerabilty_assessments_machines_on'),
    ('CC6.8', 'cc_6_8', 'defender_container_images_resolved_vulnerabilities'),
    ('CC6.8', 'cc_6_8', 'defender_container_images_scan_enabled'),
    ('CC6.8', 'cc_6_8', 'defender_ensure_defender_for_app_services_is_on'),
    ('CC6.8', 'cc_6_8', 'defender_ensure_defender_for_arm_is_on'),
    ('CC6.8', 'cc_6_8', 'defender_ensure_defender_for_azure_sql_databases_is_on'),
    ('CC6.8', 'cc_6_8', 'defender_ensure_defender_for_containers_is_on'),
    ('CC6.8', 'cc_6_8', 'defender_ensure_defender_for_cosmosdb_is_on'),
    ('CC6.8', 'cc_6_8', 'defender_ensure_defender_for_databases_is_on'),
    ('CC6.8', 'cc_6_8', 'defender_ensure_defender_for_dns_is_on'),
    ('CC6.8', 'cc_6_8', 'defender_ensure_defender_for_keyvault_is_on'),
    ('CC6.8', 'cc_6_8', 'defender_ensure_defender_for_os_relational_databases_is_on'),
    ('CC6.8', 'cc_6_8', 'defender_ensure_defender_for_server_is_on'),
    ('CC6.8', 'cc_6_8', 'defender_ensure_defender_for_sql_servers_is_on'),
    ('CC6.8', 'cc_6_8', 'defender_ensure_defender_for_storage_is_on'),
    ('CC6.8', 'cc_6_8', 'defender_ensure_iot_hub_defender_is_on'),
    ('CC6.8', 'cc_6_8', 'defender_ensure_mcas_is_enabled'),
    ('CC6.8', 'cc_6_8', 'defender_ensure_notify_alerts_severity_is_high'),
    ('CC6.8', 'cc_6_8', 'defender_ensure_notify_emails_to_owners'),
    ('CC6.8', 'cc_6_8', 'defender_ensure_system_updates_are_applied'),
    ('CC6.8', 'cc_6_8', 'defender_ensure_wdatp_is_enabled'),
    ('CC6.8', 'cc_6_8', 'sqlserver_microsoft_defender_enabled'),
    ('CC6.8', 'cc_6_8', 'iam_cloud_asset_inventory_enabled'),
    ('CC7.1', 'cc_7_1', 'guardduty_is_enabled'),
    ('CC7.1', 'cc_7_1', 'securityhub_enabled'),
    ('CC7.1', 'cc_7_1', 'ec2_instance_managed_by_ssm'),
    ('CC7.1', 'cc_7_1', 'ssm_managed_compliant_patching'),
    ('CC7.1', 'cc_7_1', 'kms_key_enclave_attestation_pcr_mismatch'),
    ('CC7.1', 'cc_7_1', 'defender_additional_email_configured_with_a_security_contact'),
    ('CC7.1', 'cc_7_1', 'defender_assessments_vm_endpoint_protection_installed'),
    ('CC7.1', 'cc_7_1', 'defender_auto_provisioning_log_analytics_agent_vms_on'),
    ('CC7.1', 'cc_7_1', 'defender_auto_provisioning_vulnerabilty_assessments_machines_on'),
    ('CC7.1', 'cc_7_1', 'defender_container_images_resolved_vulnerabilities'),
    ('CC7.1', 'cc_7_1', 'defender_container_images_scan_enabled'),
    ('CC7.1', 'cc_7_1', 'defender_ensure_defender_for_app_services_is_on'),
    ('CC7.1', 'cc_7_1', 'defender_ensure_defender_for_arm_is_on'),
    ('CC7.1', 'cc_7_1', 'defender_ensure_defender_for_azure_sql_databases_is_on'),
    ('CC7.1', 'cc_7_1', 'defender_ensure_defender_for_containers_is_on'),
    ('CC7.1', 'cc_7_1', 'defender_ensure_defender_for_cosmosdb_is_on'),
    ('CC7.1', 'cc_7_1', 'defender_ensure_defender_for_databases_is_on'),
    ('CC7.1', 'cc_7_1', 'defender_ensure_defender_for_dns_is_on'),
    ('CC7.1', 'cc_7_1', 'defender_ensure_defender_for_keyvault_is_on'),
    ('CC7.1', 'cc_7_1', 'defender_ensure_defender_for_os_relational_databases_is_on'),
    ('CC7.1', 'cc_7_1', 'defender_ensure_defender_for_server_is_on'),
    ('CC7.1', 'cc_7_1', 'defender_ensure_defender_for_sql_servers_is_on'),
    ('CC7.1', 'cc_7_1', 'defender_ensure_defender_for_storage_is_on'),
    ('CC7.1', 'cc_7_1', 'defender_ensure_iot_hub_defender_is_on'),
    ('CC7.1', 'cc_7_1', 'defender_ensure_mcas_is_enabled'),
    ('CC7.1', 'cc_7_1', 'defender_ensure_notify_alerts_severity_is_high'),
    ('CC7.1', 'cc_7_1', 'defender_ensure_notify_emails_to_owners'),
    ('CC7.1', 'cc_7_1', 'defender_ensure_system_updates_are_applied'),
    ('CC7.1', 'cc_7_1', 'defender_ensure_wdatp_is_enabled'),
    ('CC7.1', 'cc_7_1', 'sqlserver_microsoft_defender_enabled'),
    ('CC7.1', 'cc_7_1', 'iam_cloud_asset_inventory_enabled'),
    ('CC7.1', 'cc_7_1', 'gemini_api_disabled'),
    ('CC9.2', 'cc_9_2', 'gemini_api_disabled')
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
