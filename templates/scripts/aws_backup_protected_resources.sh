#!/bin/sh
# aws_backup_protected_resources: every resource AWS Backup protects, in every region.
#
# soc2.toml:  [collectors.aws_backup_protected_resources]  kind = "command"
#             run = ["sh", "scripts/aws_backup_protected_resources.sh"]  format = "json"
# Needs the AWS CLI (v1 or v2; no jq) with read-only credentials: the
# SecurityAudit or ViewOnlyAccess managed policy (backup:ListProtectedResources,
# ec2:DescribeRegions).
# Calls, all read-only: ec2 describe-regions (unless SOC2_AWS_REGIONS names the
# regions), then backup list-protected-resources in each.
#
# Prints a JSON array, one object per protected resource and region (a resource
# with at least one recovery point):
#   {"ResourceArn": "arn:aws:rds:eu-west-1:123456789012:db:acme-prod",
#    "ResourceType": "RDS", "ResourceName": "acme-prod",
#    "LastBackupTime": "2026-06-30T02:14:00+00:00",
#    "LastBackupVaultArn": "arn:aws:backup:...:backup-vault:Default", "Region": "eu-west-1"}
# Any error, AccessDenied in any region included, ends the script with the CLI's
# message and a non-zero status: a skipped region would hide its resources.
set -eu
set -f                              # no globbing: ids and ARNs are split on blanks

# The helpers every AWS script shares: try, refused_as, errors_json, item, items, finish.
. "$(dirname "$0")/aws_common.sh"

regions=$(aws_regions)

for region in $regions; do
    out=$(aws backup list-protected-resources --region "$region" --output json \
        --query "Results[].{ResourceArn: ResourceArn, ResourceType: ResourceType, ResourceName: ResourceName, LastBackupTime: LastBackupTime, LastBackupVaultArn: LastBackupVaultArn, Region: '$region'} || \`[]\`")
    items "$out"
done

finish
