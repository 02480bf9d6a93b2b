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

# The helpers every AWS script shares: try, refused_as, errors_json, item, items, finish.
. "$(dirname "$0")/aws_common.sh"

regions=$(aws_regions)

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
