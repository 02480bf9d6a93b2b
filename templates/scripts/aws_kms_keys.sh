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

# The helpers every AWS script shares: try, refused_as, errors_json, item, items, finish.
. "$(dirname "$0")/aws_common.sh"

regions=$(aws_regions)

for region in $regions; do
    keys=$(aws kms list-keys --region "$region" --query 'Keys[].KeyId' --output text)
    for id in $keys; do
        errors=
        try "UnsupportedOperationException|KMSInvalidStateException|NotFoundException|$ACCESS" \
            kms get-key-rotation-status --region "$region" --key-id "$id" --query KeyRotationEnabled --output json || refused_as rotation_enabled
        rotation=$out
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
