-- Prowler findings on the checks Prowler's SOC 2 mapping ties to CC6.6, CC6.7:
-- network exposure and transmission: security groups, network ACLs and firewall rules open to the internet, public IPs, TLS versions and encryption in transit.
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
    ('CC6.6', 'cc_6_6', 'ec2_instance_public_ip'),
    ('CC6.6', 'cc_6_6', 'ec2_ami_public'),
    ('CC6.6', 'cc_6_6', 'ec2_ebs_public_snapshot'),
    ('CC6.6', 'cc_6_6', 'ec2_ebs_snapshot_account_block_public_access'),
    ('CC6.6', 'cc_6_6', 'ec2_launch_template_no_public_ip'),
    ('CC6.6', 'cc_6_6', 'ec2_securitygroup_allow_wide_open_public_ipv4'),
    ('CC6.6', 'cc_6_6', 'vpc_subnet_no_public_ip_by_default'),
    ('CC6.6', 'cc_6_6', 'vpc_subnet_separate_private_public'),
    ('CC6.6', 'cc_6_6', 'ec2_instance_port_cassandra_exposed_to_internet'),
    ('CC6.6', 'cc_6_6', 'ec2_instance_port_cifs_exposed_to_internet'),
    ('CC6.6', 'cc_6_6', 'ec2_instance_port_elasticsearch_kibana_exposed_to_internet'),
    ('CC6.6', 'cc_6_6', 'ec2_instance_port_ftp_exposed_to_internet'),
    ('CC6.6', 'cc_6_6', 'ec2_instance_port_kafka_exposed_to_internet'),
    ('CC6.6', 'cc_6_6', 'ec2_instance_port_kerberos_exposed_to_internet'),
    ('CC6.6', 'cc_6_6', 'ec2_instance_port_ldap_exposed_to_internet'),
    ('CC6.6', 'cc_6_6', 'ec2_instance_port_memcached_exposed_to_internet'),
    ('CC6.6', 'cc_6_6', 'ec2_instance_port_mongodb_exposed_to_internet'),
    ('CC6.6', 'cc_6_6', 'ec2_instance_port_mysql_exposed_to_internet'),
    ('CC6.6', 'cc_6_6', 'ec2_instance_port_oracle_exposed_to_internet'),
    ('CC6.6', 'cc_6_6', 'ec2_instance_port_postgresql_exposed_to_internet'),
    ('CC6.6', 'cc_6_6', 'ec2_instance_port_rdp_exposed_to_internet'),
    ('CC6.6', 'cc_6_6', 'ec2_instance_port_redis_exposed_to_internet'),
    ('CC6.6', 'cc_6_6', 'ec2_instance_port_sqlserver_exposed_to_internet'),
    ('CC6.6', 'cc_6_6', 'ec2_instance_port_ssh_exposed_to_internet'),
    ('CC6.6', 'cc_6_6', 'ec2_instance_port_telnet_exposed_to_internet'),
    ('CC6.6', 'cc_6_6', 'ec2_networkacl_allow_ingress_any_port'),
    ('CC6.6', 'cc_6_6', 'ec2_networkacl_allow_ingress_tcp_port_22'),
    ('CC6.6', 'cc_6_6', 'ec2_networkacl_allow_ingress_tcp_port_3389'),
    ('CC6.6', 'cc_6_6', 'ec2_securitygroup_allow_ingress_from_internet_to_all_ports'),
    ('CC6.6', 'cc_6_6', 'ec2_securitygroup_allow_ingress_from_internet_to_any_port'),
    ('CC6.6', 'cc_6_6', 'ec2_securitygroup_allow_ingress_from_internet_to_high_risk_tcp_ports'),
    ('CC6.6', 'cc_6_6', 'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_mongodb_27017_27018'),
    ('CC6.6', 'cc_6_6', 'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_ftp_20_21'),
    ('CC6.6', 'cc_6_6', 'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22'),
    ('CC6.6', 'cc_6_6', 'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389'),
    ('CC6.6', 'cc_6_6', 'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_cassandra_7199_9160_8888'),
    ('CC6.6', 'cc_6_6', 'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_elasticsearch_kibana_9200_9300_5601'),
    ('CC6.6', 'cc_6_6', 'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_kafka_9092'),
    ('CC6.6', 'cc_6_6', 'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_memcached_11211'),
    ('CC6.6', 'cc_6_6', 'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_mysql_3306'),
    ('CC6.6', 'cc_6_6', 'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_oracle_1521_2483'),
    ('CC6.6', 'cc_6_6', 'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_postgres_5432'),
    ('CC6.6', 'cc_6_6', 'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_redis_6379'),
    ('CC6.6', 'cc_6_6', 'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_sql_server_1433_1434'),
    ('CC6.6', 'cc_6_6', 'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_telnet_23'),
    ('CC6.6', 'cc_6_6', 'ec2_confidential_workload_host_public_ip'),
    ('CC6.6', 'cc_6_6', 'ec2_confidential_workload_host_unrestricted_ingress'),
    ('CC6.6', 'cc_6_6', 'ec2_confidential_workload_host_vsock_proxy_exposed'),
    ('CC6.6', 'cc_6_6', 'network_http_internet_access_restricted'),
    ('CC6.6', 'cc_6_6', 'network_rdp_internet_access_restricted'),
    ('CC6.6', 'cc_6_6', 'network_ssh_internet_access_restricted'),
    ('CC6.6', 'cc_6_6', 'network_udp_internet_access_restricted'),
    ('CC6.6', 'cc_6_6', 'mysql_flexible_server_ssl_connection_enabled'),
    ('CC6.6', 'cc_6_6', 'postgresql_flexible_server_enforce_ssl_enabled'),
    ('CC6.6', 'cc_6_6', 'app_minimum_tls_version_12'),
    ('CC6.6', 'cc_6_6', 'mysql_flexible_server_minimum_tls_version_12'),
    ('CC6.6', 'cc_6_6', 'sqlserver_recommended_minimal_tls_version'),
    ('CC6.6', 'cc_6_6', 'storage_ensure_minimum_tls_version_12'),
    ('CC6.6', 'cc_6_6', 'network_subnet_nsg_associated'),
    ('CC6.6', 'cc_6_6', 'compute_firewall_rdp_access_from_the_internet_allowed'),
    ('CC6.6', 'cc_6_6', 'compute_firewall_ssh_access_from_the_internet_allowed'),
    ('CC6.6', 'cc_6_6', 'compute_instance_block_project_wide_ssh_keys_disabled'),
    ('CC6.6', 'cc_6_6', 'compute_instance_ip_forwarding_is_enabled'),
    ('CC6.6', 'cc_6_6', 'compute_instance_public_ip'),
    ('CC6.6', 'cc_6_6', 'compute_instance_serial_ports_in_use'),
    ('CC6.6', 'cc_6_6', 'compute_network_dns_logging_enabled'),
    ('CC6.6', 'cc_6_6', 'compute_public_address_shodan'),
    ('CC6.7', 'cc_6_7', 'acm_certificates_expiration_check'),
    ('CC6.7', 'cc_6_7', 'dms_endpoint_redis_in_transit_encryption_enabled'),
    ('CC6.7', 'cc_6_7', 'dynamodb_accelerator_cluster_in_transit_encryption_enabled'),
    ('CC6.7', 'cc_6_7', 'ec2_transitgateway_auto_accept_vpc_attachments'),
    ('CC6.7', 'cc_6_7', 'elasticache_redis_cluster_in_transit_encryption_enabled'),
    ('CC6.7', 'cc_6_7', 'kafka_cluster_in_transit_encryption_enabled'),
    ('CC6.7', 'cc_6_7', 'kafka_connector_in_transit_encryption_enabled'),
    ('CC6.7', 'cc_6_7', 'redshift_cluster_in_transit_encryption_enabled'),
    ('CC6.7', 'cc_6_7', 'transfer_server_in_transit_encryption_enabled'),
    ('CC6.7', 'cc_6_7', 'app_minimum_tls_version_12'),
    ('CC6.7', 'cc_6_7', 'monitor_storage_account_with_activity_logs_cmk_encrypted'),
    ('CC6.7', 'cc_6_7', 'sqlserver_tde_encrypted_with_cmk'),
    ('CC6.7', 'cc_6_7', 'sqlserver_tde_encryption_enabled'),
    ('CC6.7', 'cc_6_7', 'storage_ensure_encryption_with_customer_managed_keys'),
    ('CC6.7', 'cc_6_7', 'storage_infrastructure_encryption_is_enabled'),
    ('CC6.7', 'cc_6_7', 'storage_secure_transfer_required_is_enabled'),
    ('CC6.7', 'cc_6_7', 'vm_ensure_attached_disks_encrypted_with_cmk'),
    ('CC6.7', 'cc_6_7', 'vm_ensure_unattached_disks_encrypted_with_cmk'),
    ('CC6.7', 'cc_6_7', 'dns_dnssec_disabled'),
    ('CC6.7', 'cc_6_7', 'dns_rsasha1_in_use_to_key_sign_in_dnssec'),
    ('CC6.7', 'cc_6_7', 'dns_rsasha1_in_use_to_zone_sign_in_dnssec'),
    ('CC6.7', 'cc_6_7', 'compute_firewall_rdp_access_from_the_internet_allowed'),
    ('CC6.7', 'cc_6_7', 'compute_firewall_ssh_access_from_the_internet_allowed'),
    ('CC6.7', 'cc_6_7', 'cloudsql_instance_ssl_connections')
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
