#!/bin/sh
# aws_acm_certificates: every ACM certificate of every region, with its expiry,
# renewal eligibility and whether anything uses it.
#
# soc2.toml:  [collectors.aws_acm_certificates]  kind = "command"
#             run = ["sh", "scripts/aws_acm_certificates.sh"]  format = "json"
# Needs the AWS CLI (v1 or v2; no jq) with read-only credentials: the
# SecurityAudit or ViewOnlyAccess managed policy (acm:ListCertificates,
# acm:DescribeCertificate, ec2:DescribeRegions).
# Calls, all read-only: ec2 describe-regions (unless SOC2_AWS_REGIONS names the
# regions), then in each region acm list-certificates (every key type: by default
# ACM lists only RSA_2048 certificates) and acm describe-certificate per certificate.
# CloudFront certificates live in us-east-1.
#
# Prints a JSON array, one object per certificate (`[]` when there is none):
#   {"region": "eu-west-1", "arn": "arn:aws:acm:...", "domain": "api.acme.example",
#    "subject_alternative_names": ["api.acme.example"], "status": "ISSUED" | "PENDING_VALIDATION" | "EXPIRED" | ...,
#    "type": "AMAZON_ISSUED" | "IMPORTED" | "PRIVATE", "key_algorithm": "RSA_2048",
#    "issuer": "Amazon", "not_before": "...", "not_after": "2026-09-14T23:59:59+00:00" or null,
#    "renewal_eligibility": "ELIGIBLE" | "INELIGIBLE", "renewal_status": "SUCCESS" | ... | null,
#    "in_use": true | false, "in_use_by": ["arn:aws:elasticloadbalancing:..."], "errors": null}
# A certificate whose describe-certificate is refused gives {"region", "arn",
# "errors"} only. A refused list-certificates, every call refused, or any other
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

key_types='{"keyTypes": ["RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"]}'

for region in $regions; do
    fields="region: '$region', arn: CertificateArn, domain: DomainName, subject_alternative_names: SubjectAlternativeNames"
    fields="$fields, status: Status, type: Type, key_algorithm: KeyAlgorithm, issuer: Issuer, not_before: NotBefore"
    fields="$fields, not_after: NotAfter, renewal_eligibility: RenewalEligibility, renewal_status: RenewalSummary.RenewalStatus"
    fields="$fields, in_use: length(InUseBy || \`[]\`) > \`0\`, in_use_by: InUseBy || \`[]\`, errors: \`null\`"
    certificates=$(aws acm list-certificates --region "$region" --includes "$key_types" \
        --query 'CertificateSummaryList[].CertificateArn' --output text)
    for arn in $certificates; do
        errors=
        if try "ResourceNotFoundException|$ACCESS" acm describe-certificate --region "$region" --certificate-arn "$arn" \
            --output json --query "Certificate.{$fields}"; then
            item "$out"
        else
            refused_as Certificate
            item "$(printf '{"region": "%s", "arn": "%s", "errors": %s}' "$region" "$arn" "$(errors_json)")"
        fi
    done
done

finish
