#!/bin/sh
# aws_rds_instances: every RDS database instance of every region.
#
# soc2.toml:  [collectors.aws_rds_instances]  kind = "command"
#             run = ["sh", "scripts/aws_rds_instances.sh"]  format = "json"
# Needs the AWS CLI (v1 or v2; no jq) with read-only credentials: the
# SecurityAudit or ViewOnlyAccess managed policy (rds:DescribeDBInstances,
# ec2:DescribeRegions).
# Calls, all read-only: ec2 describe-regions (unless SOC2_AWS_REGIONS names the
# regions), then rds describe-db-instances in each (one region only? then
# `run = ["aws", "rds", "describe-db-instances", "--output", "json"]` with
# `select = "DBInstances"` is enough).
#
# Prints a JSON array, one object per instance: the DBInstances element as the
# CLI prints it (DBInstanceIdentifier, Engine, DBInstanceStatus, MultiAZ,
# PubliclyAccessible, StorageEncrypted, KmsKeyId, BackupRetentionPeriod,
# DeletionProtection, TagList, ...), plus "Region".
# Any error, AccessDenied in any region included, ends the script with the CLI's
# message and a non-zero status: a skipped region would hide its databases.
set -eu
set -f                              # no globbing: ids and ARNs are split on blanks

# The helpers every AWS script shares: try, refused_as, errors_json, item, items, finish.
. "$(dirname "$0")/aws_common.sh"

regions=$(aws_regions)

for region in $regions; do
    out=$(aws rds describe-db-instances --region "$region" --output json \
        --query "DBInstances[].merge(@, {Region: '$region'}) || \`[]\`")
    items "$out"
done

finish
