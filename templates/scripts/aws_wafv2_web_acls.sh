#!/bin/sh
# aws_wafv2_web_acls: every AWS WAF (v2) web ACL with the resources it protects.
#
# soc2.toml:  [collectors.aws_wafv2_web_acls]  kind = "command"
#             run = ["sh", "scripts/aws_wafv2_web_acls.sh"]  format = "json"
# Needs the AWS CLI (v1 or v2; no jq) with read-only credentials: the
# SecurityAudit managed policy (wafv2:ListWebACLs, wafv2:ListResourcesForWebACL,
# cloudfront:ListDistributionsByWebACLId, ec2:DescribeRegions).
# Calls, all read-only: ec2 describe-regions (unless SOC2_AWS_REGIONS names the
# regions); in each region wafv2 list-web-acls --scope REGIONAL and, per web ACL,
# wafv2 list-resources-for-web-acl for each regional resource type; in us-east-1
# wafv2 list-web-acls --scope CLOUDFRONT and, per web ACL, cloudfront
# list-distributions-by-web-acl-id (and list-resources-for-web-acl for Amplify).
# list-web-acls and list-distributions-by-web-acl-id are not paged by the CLI:
# this script follows their NextMarker itself.
#
# Prints a JSON array, one object per web ACL (`[]` when there is none):
#   {"scope": "REGIONAL" | "CLOUDFRONT", "region": "eu-west-1" ("us-east-1" for CLOUDFRONT),
#    "name": "web-acl", "id": "a1b2c3d4-...", "arn": "arn:aws:wafv2:...",
#    "resource_arns": ["arn:aws:elasticloadbalancing:...", "arn:aws:cloudfront::...:distribution/E2..."],
#    "errors": null}
# A resource type a region does not offer is skipped; one refused to us is noted
# in errors ({"APPSYNC": "AccessDeniedException"}). A refused list-web-acls,
# every call refused, or any other error ends the script with the CLI's message
# and a non-zero status.
set -eu
set -f                              # no globbing: ids and ARNs are split on blanks

# The helpers every AWS script shares: try, refused_as, errors_json, item, items, finish.
. "$(dirname "$0")/aws_common.sh"

regions=$(aws_regions)

tab=$(printf '\t')
regional_types='APPLICATION_LOAD_BALANCER API_GATEWAY APPSYNC COGNITO_USER_POOL APP_RUNNER_SERVICE VERIFIED_ACCESS_INSTANCE'
skip="WAFInvalidParameterException|WAFNonexistentItemException|$ACCESS"

# add_arns ARN...: append to $resources (a JSON list body).
add_arns() {
    for a in "$@"; do
        resources="${resources:+$resources, }\"$a\""
    done
}

# web_acls SCOPE REGION: one row per web ACL of that scope, page after page.
web_acls() {
    scope=$1 region=$2 marker=
    while :; do
        if [ -n "$marker" ]; then set -- --next-marker "$marker"; else set --; fi
        # shellcheck disable=SC2016 # a JMESPath literal, not a shell expansion
        page=$(aws wafv2 list-web-acls --scope "$scope" --region "$region" "$@" \
            --query '[NextMarker, WebACLs[].[ARN, Name, Id] || `[]`]' --output text </dev/null)
        next=$(printf '%s\n' "$page" | sed -n 1p)
        acls=$(printf '%s\n' "$page" | sed 1d)
        while IFS="$tab" read -r arn name id; do
            [ -n "$arn" ] || continue
            errors='' resources=''
            if [ "$scope" = CLOUDFRONT ]; then
                distributions
                types=AMPLIFY
            else
                types=$regional_types
            fi
            for type in $types; do
                if try "$skip" wafv2 list-resources-for-web-acl --region "$region" --web-acl-arn "$arn" \
                    --resource-type "$type" --query ResourceArns --output text; then
                    # shellcheck disable=SC2086 # one ARN per word
                    add_arns $out
                else
                    refused_as "$type"
                fi
            done
            item "$(printf '{"scope": "%s", "region": "%s", "name": "%s", "id": "%s", "arn": "%s", "resource_arns": [%s], "errors": %s}' \
                "$scope" "$region" "$name" "$id" "$arn" "$resources" "$(errors_json)")"
        done <<LIST
$acls
LIST
        if [ -z "$acls" ] || [ "$next" = None ] || [ -z "$next" ] || [ "$next" = "$marker" ]; then
            break
        fi
        marker=$next
    done
}

# distributions: add the CloudFront distributions using web ACL $arn, page after page.
distributions() {
    dmarker=
    while :; do
        if [ -n "$dmarker" ]; then set -- --marker "$dmarker"; else set --; fi
        # shellcheck disable=SC2016 # a JMESPath literal, not a shell expansion
        if try "$skip" cloudfront list-distributions-by-web-acl-id --web-acl-id "$arn" "$@" \
            --query '[DistributionList.NextMarker, DistributionList.Items[].ARN || `[]`]' --output text; then
            dnext=$(printf '%s\n' "$out" | sed -n 1p)
            # shellcheck disable=SC2046 # one ARN per word
            add_arns $(printf '%s\n' "$out" | sed 1d)
        else
            refused_as CLOUDFRONT
            break
        fi
        if [ "$dnext" = None ] || [ -z "$dnext" ] || [ "$dnext" = "$dmarker" ]; then
            break
        fi
        dmarker=$dnext
    done
}

for region in $regions; do
    web_acls REGIONAL "$region"
done
web_acls CLOUDFRONT us-east-1

finish
