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

for region in $regions; do
    trails=$(aws cloudtrail describe-trails --region "$region" \
        --query "trailList[?HomeRegion=='$region'].TrailARN" --output text)
    for arn in $trails; do
        errors=
        if try "TrailNotFoundException|$ACCESS" \
            cloudtrail get-trail-status --region "$region" --name "$arn" --query IsLogging --output json; then
            logging=$out
        else
            logging=null
            refused_as is_logging
        fi
        out=$(aws cloudtrail describe-trails --region "$region" --output json \
            --query "trailList[?TrailARN=='$arn'] | [0].merge(@, {is_logging: \`$logging\`, errors: \`$(errors_json)\`})" </dev/null)
        item "$out"
    done
done

finish
