#!/bin/sh
# aws_security_groups: every EC2 security group of every region.
#
# soc2.toml:  [collectors.aws_security_groups]  kind = "command"
#             run = ["sh", "scripts/aws_security_groups.sh"]  format = "json"
# Needs the AWS CLI (v1 or v2; no jq) with read-only credentials: the
# SecurityAudit or ViewOnlyAccess managed policy (ec2:DescribeSecurityGroups,
# ec2:DescribeRegions).
# Calls, all read-only: ec2 describe-regions (unless SOC2_AWS_REGIONS names the
# regions), then ec2 describe-security-groups in each (one region only? then
# `run = ["aws", "ec2", "describe-security-groups", "--output", "json"]` with
# `select = "SecurityGroups"` is enough).
#
# Prints a JSON array, one object per group: the SecurityGroups element as the
# CLI prints it (GroupId, GroupName, Description, VpcId, OwnerId,
# IpPermissions, IpPermissionsEgress, Tags, SecurityGroupArn), plus "Region".
# Any error, AccessDenied in any region included, ends the script with the CLI's
# message and a non-zero status: a skipped region would hide its groups.
set -eu
set -f                              # no globbing: ids and ARNs are split on blanks

# The helpers every AWS script shares: try, refused_as, errors_json, item, items, finish.
. "$(dirname "$0")/aws_common.sh"

regions=$(aws_regions)

for region in $regions; do
    out=$(aws ec2 describe-security-groups --region "$region" --output json \
        --query "SecurityGroups[].merge(@, {Region: '$region'}) || \`[]\`")
    items "$out"
done

finish
