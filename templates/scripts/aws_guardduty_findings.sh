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

# ---- shared by every templates/scripts/aws_*.sh (each script stands alone) ----
export AWS_PAGER=""                 # AWS CLI v2: never start a pager
ACCESS='AccessDenied|AccessDeniedException|UnauthorizedOperation|AuthorizationError'
err=$(mktemp "${TMPDIR:-/tmp}/soc2-aws.XXXXXX")
trap 'rm -f "$err"' EXIT
trap 'exit 130' INT TERM
granted=0 refused=0 refusal=

# try CODES ARGS...: run `aws ARGS`, its output in $out. When it fails with one
# of the |-separated error CODES (a resource that is not configured, or refused
# to us), $out is `null`, $code holds the code and try returns 1; any other
# failure stops the script with the CLI's own message and status.
try() {
    codes=$1
    shift
    code=
    if out=$(aws "$@" 2>"$err" </dev/null); then
        granted=$((granted + 1))
        return 0
    else
        status=$?
    fi
    code=$(sed -n 's/.*An error occurred (\([A-Za-z0-9._-]*\)).*/\1/p' "$err" | head -n 1)
    case "|$codes|" in
        *"|$code|"*)
            if [ -n "$code" ]; then
                out=null
                case "|$ACCESS|" in
                    *"|$code|"*) refused=$((refused + 1)) refusal=$(cat "$err") ;;
                    *) granted=$((granted + 1)) ;;
                esac
                return 1
            fi
            ;;
    esac
    cat "$err" >&2
    exit "$status"
}

# refused_as FIELD: after a failed try, note an access refusal in the row's `errors`.
errors=
refused_as() {
    case "|$ACCESS|" in
        *"|$code|"*) errors="${errors:+$errors, }\"$1\": \"$code\"" ;;
    esac
}
errors_json() {
    if [ -n "$errors" ]; then printf '{%s}' "$errors"; else printf 'null'; fi
}

# The output: one JSON array, written as rows come.
rows=0
item() {
    if [ "$rows" -eq 0 ]; then printf '[\n'; else printf ',\n'; fi
    rows=$((rows + 1))
    printf '%s' "$1"
}
# items ARRAY: every element of a JSON array the CLI printed.
items() {
    body=$(printf '%s\n' "$1" | sed '1s/^[[:space:]]*\[//; $s/\][[:space:]]*$//')
    [ "$body" != null ] || return 0
    case $body in
        *[![:space:]]*) item "$body" ;;
    esac
}
# finish: close the array; when every call was refused, the credentials lack
# the permission: fail with the CLI's message rather than print a row of nulls.
finish() {
    if [ "$refused" -gt 0 ] && [ "$granted" -eq 0 ]; then
        printf '%s\n' "$refusal" >&2
        exit 254
    fi
    if [ "$rows" -eq 0 ]; then printf '[]\n'; else printf '\n]\n'; fi
}

# Regions to read: SOC2_AWS_REGIONS ("eu-west-1 us-east-1"), or every region
# enabled in the account.
if [ -n "${SOC2_AWS_REGIONS:-}" ]; then
    regions=$SOC2_AWS_REGIONS
else
    regions=$(aws ec2 describe-regions --query 'Regions[].RegionName' --output text)
fi

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
