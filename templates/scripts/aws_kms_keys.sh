#!/bin/sh
# aws_kms_keys: every KMS key (customer and AWS managed) with its automatic
# rotation status.
#
# soc2.toml:  [collectors.aws_kms_keys]  kind = "command"
#             run = ["sh", "scripts/aws_kms_keys.sh"]  format = "json"
# Needs the AWS CLI (v1 or v2; no jq) with read-only credentials: the
# SecurityAudit managed policy (kms:ListKeys, kms:DescribeKey,
# kms:GetKeyRotationStatus, ec2:DescribeRegions). A key policy that does not let
# IAM policies grant access to the key refuses the per-key calls (see `errors`).
# Calls, all read-only, in every region (SOC2_AWS_REGIONS to choose; default
# every region enabled in the account): kms list-keys, then per key
# get-key-rotation-status and describe-key.
#
# Prints a JSON array, one object per key (`[]` when there is none): the
# KeyMetadata of describe-key as the CLI prints it (AWSAccountId, KeyId, Arn,
# CreationDate, Enabled, Description, KeyUsage, KeyState, Origin, KeyManager,
# KeySpec, MultiRegion, ...), plus
#   "Region": "eu-west-1",
#   "rotation_enabled": true | false | null (rotation does not apply: asymmetric,
#       HMAC, imported or custom key store keys, keys pending deletion; or refused),
#   "errors": {"rotation_enabled": "AccessDeniedException"} or null.
# A key whose describe-key is refused gives {"KeyId", "Region", "rotation_enabled",
# "errors"} only. A refused list-keys, every per-key call refused, or any other
# error ends the script with the CLI's message and a non-zero status.
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
    keys=$(aws kms list-keys --region "$region" --query 'Keys[].KeyId' --output text)
    for id in $keys; do
        errors=
        if try "UnsupportedOperationException|KMSInvalidStateException|NotFoundException|$ACCESS" \
            kms get-key-rotation-status --region "$region" --key-id "$id" --query KeyRotationEnabled --output json; then
            rotation=$out
        else
            rotation=null
            refused_as rotation_enabled
        fi
        if try "NotFoundException|$ACCESS" kms describe-key --region "$region" --key-id "$id" --output json \
            --query "KeyMetadata.merge(@, {Region: '$region', rotation_enabled: \`$rotation\`, errors: \`$(errors_json)\`})"; then
            item "$out"
        else
            refused_as KeyMetadata
            item "$(printf '{"KeyId": "%s", "Region": "%s", "rotation_enabled": %s, "errors": %s}' \
                "$id" "$region" "$rotation" "$(errors_json)")"
        fi
    done
done

finish
