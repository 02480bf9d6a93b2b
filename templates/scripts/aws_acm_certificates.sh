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

# The helpers every AWS script shares: try, refused_as, errors_json, item, items, finish.
. "$(dirname "$0")/aws_common.sh"

regions=$(aws_regions)

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
