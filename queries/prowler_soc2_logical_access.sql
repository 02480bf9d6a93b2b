-- Prowler findings on the checks Prowler's SOC 2 mapping ties to CC1.3, CC6.1, CC6.2, CC6.3:
-- logical access: administrative privileges, unused credentials, MFA for privileged and console users, and public access to storage, databases and other resources.
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
    ('CC1.3', 'cc_1_3', 'iam_policy_attached_only_to_group_or_roles'),
    ('CC1.3', 'cc_1_3', 'iam_aws_attached_policy_no_administrative_privileges'),
    ('CC1.3', 'cc_1_3', 'iam_customer_attached_policy_no_administrative_privileges'),
    ('CC1.3', 'cc_1_3', 'iam_inline_policy_no_administrative_privileges'),
    ('CC1.3', 'cc_1_3', 'iam_user_accesskey_unused'),
    ('CC1.3', 'cc_1_3', 'iam_user_console_access_unused'),
    ('CC1.3', 'cc_1_3', 'entra_conditional_access_policy_require_mfa_for_management_api'),
    ('CC1.3', 'cc_1_3', 'entra_global_admin_in_less_than_five_users'),
    ('CC1.3', 'cc_1_3', 'entra_non_privileged_user_has_mfa'),
    ('CC1.3', 'cc_1_3', 'entra_policy_default_users_cannot_create_security_groups'),
    ('CC1.3', 'cc_1_3', 'entra_policy_ensure_default_user_cannot_create_apps'),
    ('CC1.3', 'cc_1_3', 'entra_policy_ensure_default_user_cannot_create_tenants'),
    ('CC1.3', 'cc_1_3', 'entra_policy_guest_invite_only_for_admin_roles'),
    ('CC1.3', 'cc_1_3', 'entra_policy_guest_users_access_restrictions'),
    ('CC1.3', 'cc_1_3', 'entra_policy_restricts_user_consent_for_apps'),
    ('CC1.3', 'cc_1_3', 'entra_policy_user_consent_for_verified_apps'),
    ('CC1.3', 'cc_1_3', 'entra_privileged_user_has_mfa'),
    ('CC1.3', 'cc_1_3', 'entra_security_defaults_enabled'),
    ('CC1.3', 'cc_1_3', 'entra_trusted_named_locations_exists'),
    ('CC1.3', 'cc_1_3', 'entra_user_with_vm_access_has_mfa'),
    ('CC1.3', 'cc_1_3', 'entra_users_cannot_create_microsoft_365_groups'),
    ('CC1.3', 'cc_1_3', 'iam_account_access_approval_enabled'),
    ('CC1.3', 'cc_1_3', 'iam_cloud_asset_inventory_enabled'),
    ('CC1.3', 'cc_1_3', 'iam_no_service_roles_at_project_level'),
    ('CC1.3', 'cc_1_3', 'iam_organization_essential_contacts_configured'),
    ('CC1.3', 'cc_1_3', 'iam_role_kms_enforce_separation_of_duties'),
    ('CC1.3', 'cc_1_3', 'iam_role_sa_enforce_separation_of_duties'),
    ('CC1.3', 'cc_1_3', 'iam_sa_no_administrative_privileges'),
    ('CC1.3', 'cc_1_3', 'iam_sa_no_user_managed_keys'),
    ('CC1.3', 'cc_1_3', 'iam_sa_user_managed_key_unused'),
    ('CC6.1', 'cc_6_1', 's3_bucket_public_access'),
    ('CC6.1', 'cc_6_1', 'kms_key_enclave_attestation_not_enforced'),
    ('CC6.1', 'cc_6_1', 'aks_clusters_public_access_disabled'),
    ('CC6.1', 'cc_6_1', 'app_function_not_publicly_accessible'),
    ('CC6.1', 'cc_6_1', 'containerregistry_not_publicly_accessible'),
    ('CC6.1', 'cc_6_1', 'network_public_ip_shodan'),
    ('CC6.1', 'cc_6_1', 'storage_blob_public_access_level_is_disabled'),
    ('CC6.1', 'cc_6_1', 'entra_app_registration_credential_not_expired'),
    ('CC6.1', 'cc_6_1', 'cloudstorage_bucket_public_access'),
    ('CC6.2', 'cc_6_2', 'rds_instance_no_public_access'),
    ('CC6.2', 'cc_6_2', 'mysql_flexible_server_minimum_tls_version_12'),
    ('CC6.2', 'cc_6_2', 'mysql_flexible_server_ssl_connection_enabled'),
    ('CC6.2', 'cc_6_2', 'postgresql_flexible_server_enforce_ssl_enabled'),
    ('CC6.2', 'cc_6_2', 'sqlserver_recommended_minimal_tls_version'),
    ('CC6.2', 'cc_6_2', 'sqlserver_tde_encrypted_with_cmk'),
    ('CC6.2', 'cc_6_2', 'sqlserver_tde_encryption_enabled'),
    ('CC6.2', 'cc_6_2', 'sqlserver_unrestricted_inbound_access'),
    ('CC6.2', 'cc_6_2', 'storage_secure_transfer_required_is_enabled'),
    ('CC6.2', 'cc_6_2', 'cloudsql_instance_public_access'),
    ('CC6.3', 'cc_6_3', 'iam_inline_policy_no_wildcard_marketplace_subscribe'),
    ('CC6.3', 'cc_6_3', 'iam_policy_no_wildcard_marketplace_subscribe'),
    ('CC6.3', 'cc_6_3', 'bedrock_full_access_policy_attached'),
    ('CC6.3', 'cc_6_3', 'iam_aws_attached_policy_no_administrative_privileges'),
    ('CC6.3', 'cc_6_3', 'iam_customer_attached_policy_no_administrative_privileges'),
    ('CC6.3', 'cc_6_3', 'iam_inline_policy_no_administrative_privileges'),
    ('CC6.3', 'cc_6_3', 'kms_key_enclave_attestation_bypassable_path'),
    ('CC6.3', 'cc_6_3', 'kms_key_enclave_attestation_no_deployment_binding'),
    ('CC6.3', 'cc_6_3', 'entra_non_privileged_user_has_mfa'),
    ('CC6.3', 'cc_6_3', 'entra_privileged_user_has_mfa'),
    ('CC6.3', 'cc_6_3', 'entra_user_with_vm_access_has_mfa'),
    ('CC6.3', 'cc_6_3', 'iam_account_access_approval_enabled'),
    ('CC6.3', 'cc_6_3', 'iam_role_kms_enforce_separation_of_duties'),
    ('CC6.3', 'cc_6_3', 'iam_role_sa_enforce_separation_of_duties'),
    ('CC6.3', 'cc_6_3', 'iam_sa_no_administrative_privileges'),
    ('CC6.3', 'cc_6_3', 'iam_sa_user_managed_key_unused')
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
