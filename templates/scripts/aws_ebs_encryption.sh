#!/bin/sh
# aws_ebs_encryption: whether EBS encryption by default is on, per region.
#
# soc2.toml:  [collectors.aws_ebs_encryption]  kind = "command"
#             run = ["sh", "scripts/aws_ebs_encryption.sh"]  format = "json"
# Needs the AWS CLI (v1 or v2; no jq) with read-only credentials: the
# SecurityAudit managed policy (ec2:GetEbsEncryptionByDefault, ec2:DescribeRegions).
# Calls, all read-only: ec2 describe-regions (unless SOC2_AWS_REGIONS="eu-west-1
# us-east-1" names the regions), then ec2 get-ebs-encryption-by-default in each.
#
# Prints a JSON array, one object per region:
#   {"Region": "eu-west-1", "EbsEncryptionByDefault": true | false | null,
#    "SseType": "sse-ebs" (when the CLI returns it), "errors": null}
# A region that refuses the call (an SCP denying it) gives
#   {"Region": ..., "EbsEncryptionByDefault": null, "errors": {"EbsEncryptionByDefault": "UnauthorizedOperation"}},
# which the query reports as not encrypted. A refused describe-regions, every
# region refused, or any other error ends the script with the CLI's message and
# a non-zero status.
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
    errors=
    if try "$ACCESS" ec2 get-ebs-encryption-by-default --region "$region" --output json \
        --query "merge({Region: '$region'}, @, {errors: \`null\`})"; then
        item "$out"
    else
        refused_as EbsEncryptionByDefault
        item "$(printf '{"Region": "%s", "EbsEncryptionByDefault": null, "errors": %s}' "$region" "$(errors_json)")"
    fi
done

finish
