#!/bin/sh
# aws_guardduty_detectors: the GuardDuty detector of every region, or its absence.
#
# soc2.toml:  [collectors.aws_guardduty_detectors]  kind = "command"
#             run = ["sh", "scripts/aws_guardduty_detectors.sh"]  format = "json"
# Needs the AWS CLI (v1 or v2; no jq) with read-only credentials: the
# SecurityAudit managed policy (guardduty:ListDetectors, guardduty:GetDetector,
# ec2:DescribeRegions).
# Calls, all read-only: ec2 describe-regions (unless SOC2_AWS_REGIONS names the
# regions), then in each region guardduty list-detectors and get-detector.
#
# Prints a JSON array, one object per region and detector:
#   {"Region": "eu-west-1", "DetectorId": "12abc34d567e8fa901bc2d34eexample",
#    "Status": "ENABLED" | "DISABLED", "FindingPublishingFrequency": "SIX_HOURS",
#    "ServiceRole": "...", "CreatedAt": "...", "UpdatedAt": "...", "Features": [...],
#    "DataSources": {...}, "Tags": {}, "errors": null}
# (the get-detector output as the CLI prints it, plus Region, DetectorId, errors).
# A region without a detector gives {"Region": ..., "DetectorId": null,
# "Status": null, "errors": null}; a region that refuses the calls gives the same
# with errors {"DetectorId": "AccessDeniedException"}: both are findings for
# the query. A refused describe-regions, every region refused, or any other
# error ends the script with the CLI's message and a non-zero status.
set -eu
set -f                              # no globbing: ids and ARNs are split on blanks

# The helpers every AWS script shares: try, refused_as, errors_json, item, items, finish.
. "$(dirname "$0")/aws_common.sh"

regions=$(aws_regions)

for region in $regions; do
    errors=
    if try "$ACCESS" guardduty list-detectors --region "$region" --query DetectorIds --output text; then
        detectors=$out
    else
        detectors=
        refused_as DetectorId
    fi
    if [ -z "$detectors" ]; then
        item "$(printf '{"Region": "%s", "DetectorId": null, "Status": null, "errors": %s}' "$region" "$(errors_json)")"
        continue
    fi
    for id in $detectors; do
        errors=
        if try "BadRequestException|$ACCESS" guardduty get-detector --region "$region" --detector-id "$id" --output json \
            --query "merge({Region: '$region', DetectorId: '$id'}, @, {errors: \`null\`})"; then
            item "$out"
        else
            refused_as Status
            item "$(printf '{"Region": "%s", "DetectorId": "%s", "Status": null, "errors": %s}' "$region" "$id" "$(errors_json)")"
        fi
    done
done

finish
