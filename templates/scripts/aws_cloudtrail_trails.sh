#!/bin/sh
# aws_cloudtrail_trails: every CloudTrail trail with whether it is logging now.
#
# soc2.toml:  [collectors.aws_cloudtrail_trails]  kind = "command"
#             run = ["sh", "scripts/aws_cloudtrail_trails.sh"]  format = "json"
# Needs the AWS CLI (v1 or v2; no jq) with read-only credentials: the
# SecurityAudit managed policy (cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus,
# ec2:DescribeRegions).
# Calls, all read-only, in every region (SOC2_AWS_REGIONS="eu-west-1 us-east-1"
# to choose; default every region enabled in the account, from ec2 describe-regions):
# cloudtrail describe-trails, and get-trail-status per trail. A trail is read
# in its home region only, so a multi-region trail (listed as a shadow trail in
# every region) gives one row.
#
# Prints a JSON array, one object per trail (`[]` when there is none): the
# trailList element of describe-trails as the CLI prints it (Name, S3BucketName,
# S3KeyPrefix, IncludeGlobalServiceEvents, IsMultiRegionTrail, HomeRegion,
# TrailARN, LogFileValidationEnabled, KmsKeyId, HasCustomEventSelectors,
# HasInsightSelectors, IsOrganizationTrail, CloudWatchLogsLogGroupArn, ...), plus
#   "is_logging": true | false (IsLogging of get-trail-status) | null when refused,
#   "errors": {"is_logging": "AccessDeniedException"} or null.
# A refused describe-trails or describe-regions, or any other error, ends the
# script with the CLI's message and a non-zero status.
set -eu
set -f                              # no globbing: ids and ARNs are split on blanks

# The helpers every AWS script shares: try, refused_as, errors_json, item, items, finish.
. "$(dirname "$0")/aws_common.sh"

regions=$(aws_regions)

for region in $regions; do
    trails=$(aws cloudtrail describe-trails --region "$region" \
        --query "trailList[?HomeRegion=='$region'].TrailARN" --output text)
    for arn in $trails; do
        errors=
        try "TrailNotFoundException|$ACCESS" \
            cloudtrail get-trail-status --region "$region" --name "$arn" --query IsLogging --output json || refused_as is_logging
        logging=$out
        out=$(aws cloudtrail describe-trails --region "$region" --output json \
            --query "trailList[?TrailARN=='$arn'] | [0].merge(@, {is_logging: \`$logging\`, errors: \`$(errors_json)\`})" </dev/null)
        item "$out"
    done
done

finish
