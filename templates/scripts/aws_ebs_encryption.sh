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

# The helpers every AWS script shares: try, refused_as, errors_json, item, items, finish.
. "$(dirname "$0")/aws_common.sh"

regions=$(aws_regions)

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
