#!/bin/sh
# aws_lb_listeners: every listener of every Application, Network and Gateway
# Load Balancer (elbv2), with its load balancer.
#
# soc2.toml:  [collectors.aws_lb_listeners]  kind = "command"
#             run = ["sh", "scripts/aws_lb_listeners.sh"]  format = "json"
# Needs the AWS CLI (v1 or v2; no jq) with read-only credentials: the
# SecurityAudit or ViewOnlyAccess managed policy
# (elasticloadbalancing:DescribeLoadBalancers, elasticloadbalancing:DescribeListeners,
# ec2:DescribeRegions).
# Calls, all read-only: ec2 describe-regions (unless SOC2_AWS_REGIONS names the
# regions), then in each region elbv2 describe-load-balancers and, per load
# balancer, elbv2 describe-listeners. Classic Load Balancers (elb) are not read.
#
# Prints a JSON array, one object per listener (`[]` when there is none): the
# Listeners element as the CLI prints it (ListenerArn, LoadBalancerArn, Port,
# Protocol, SslPolicy, Certificates, DefaultActions, AlpnPolicy,
# MutualAuthentication), plus
#   "Region": "eu-west-1", "LoadBalancerName": "web", "Scheme": "internet-facing" | "internal",
#   "LoadBalancerType": "application" | "network" | "gateway",
#   "default_action_type": Type of the first default action ("forward", "redirect", ...),
#   "redirect_protocol": RedirectConfig.Protocol of the first redirect action ("HTTPS") or null,
#   "errors": null.
# A load balancer without listeners gives no row. One whose listeners are
# refused gives {"Region", "LoadBalancerArn", "LoadBalancerName", "Scheme",
# "LoadBalancerType", "errors": {"Listeners": "AccessDenied"}}. A refused
# describe-load-balancers, every call refused, or any other error ends the
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

tab=$(printf '\t')
for region in $regions; do
    balancers=$(aws elbv2 describe-load-balancers --region "$region" \
        --query 'LoadBalancers[].[LoadBalancerArn, LoadBalancerName, Scheme, Type]' --output text)
    while IFS="$tab" read -r arn name scheme type; do
        [ -n "$arn" ] || continue
        errors=
        lb="Region: '$region', LoadBalancerName: '$name', Scheme: '$scheme', LoadBalancerType: '$type'"
        if try "LoadBalancerNotFound|$ACCESS" elbv2 describe-listeners --region "$region" --load-balancer-arn "$arn" \
            --output json --query "Listeners[].merge(@, {$lb, default_action_type: DefaultActions[0].Type, redirect_protocol: DefaultActions[?Type=='redirect'] | [0].RedirectConfig.Protocol, errors: \`null\`}) || \`[]\`"; then
            items "$out"
        else
            refused_as Listeners
            item "$(printf '{"Region": "%s", "LoadBalancerArn": "%s", "LoadBalancerName": "%s", "Scheme": "%s", "LoadBalancerType": "%s", "errors": %s}' \
                "$region" "$arn" "$name" "$scheme" "$type" "$(errors_json)")"
        fi
    done <<LIST
$balancers
LIST
done

finish
