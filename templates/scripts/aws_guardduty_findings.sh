#!/bin/sh
# aws_guardduty_findings: the open GuardDuty findings of medium severity or
# higher (severity >= 4, not archived), in every region.
#
# soc2.toml:  [collectors.aws_guardduty_findings]  kind = "command"
#             run = ["sh", "scripts/aws_guardduty_findings.sh"]  format = "json"
# Needs the AWS CLI (v1 or v2; no jq) with read-only credentials: the
# SecurityAudit managed policy (guardduty:ListDetectors, guardduty:ListFindings,
# guardduty:GetFindings, ec2:DescribeRegions).
# Calls, all read-only: ec2 describe-regions (unless SOC2_AWS_REGIONS names the
# regions), then in each region guardduty list-detectors, list-findings per
# detector (the CLI follows its pages) and get-findings in batches of 50 ids
# (the most one call accepts).
#
# Prints a JSON array, one object per finding (`[]` when there is none):
#   {"region": "eu-west-1", "detector_id": "...", "id": "...", "type": "Recon:EC2/PortProbeUnprotectedPort",
#    "title": "...", "severity": 5.0, "created_at": "...", "updated_at": "...",
#    "account_id": "123456789012", "resource_type": "Instance" | "AccessKey" | "S3Bucket" | ...,
#    "resource_id": the instance id, bucket, cluster, database or function name, else the IAM
#        user or role of the access key (or null),
#    "count": 12, "archived": false}
# A region without a detector gives no row (aws_guardduty_detectors reports it).
# Any error, AccessDenied in any region included, ends the script with the CLI's
# message and a non-zero status: a skipped region would hide its findings.
set -eu
set -f                              # no globbing: ids and ARNs are split on blanks

# The helpers every AWS script shares: try, refused_as, errors_json, item, items, finish.
. "$(dirname "$0")/aws_common.sh"

regions=$(aws_regions)

criteria='{"Criterion": {"severity": {"GreaterThanOrEqual": 4}, "service.archived": {"Equals": ["false"]}}}'
# The resource the finding is about: the most specific details first (an S3 finding also
# names the access key that made the calls).
resource="Resource.InstanceDetails.InstanceId || Resource.S3BucketDetails[0].Name || Resource.EksClusterDetails.Name"
resource="$resource || Resource.EcsClusterDetails.Name || Resource.RdsDbInstanceDetails.DbInstanceIdentifier"
resource="$resource || Resource.LambdaDetails.FunctionName || Resource.ContainerDetails.Name"
resource="$resource || Resource.AccessKeyDetails.UserName || \`null\`"

# fetch REGION DETECTOR ID...: get-findings for up to 50 ids.
fetch() {
    region=$1 detector=$2
    shift 2
    fields="region: '$region', detector_id: '$detector', id: Id, type: Type, title: Title, severity: Severity"
    fields="$fields, created_at: CreatedAt, updated_at: UpdatedAt, account_id: AccountId"
    fields="$fields, resource_type: Resource.ResourceType, resource_id: $resource"
    fields="$fields, count: Service.Count, archived: Service.Archived"
    out=$(aws guardduty get-findings --region "$region" --detector-id "$detector" --finding-ids "$@" \
        --output json --query "Findings[].{$fields} || \`[]\`" </dev/null)
    items "$out"
}

for region in $regions; do
    detectors=$(aws guardduty list-detectors --region "$region" --query DetectorIds --output text)
    for detector in $detectors; do
        ids=$(aws guardduty list-findings --region "$region" --detector-id "$detector" \
            --finding-criteria "$criteria" --query FindingIds --output text)
        batch='' count=0
        for id in $ids; do
            batch="$batch $id" count=$((count + 1))
            if [ "$count" -eq 50 ]; then
                # shellcheck disable=SC2086 # one id per word
                fetch "$region" "$detector" $batch
                batch='' count=0
            fi
        done
        if [ "$count" -gt 0 ]; then
            # shellcheck disable=SC2086 # one id per word
            fetch "$region" "$detector" $batch
        fi
    done
done

finish
