#!/bin/sh
# aws_subnets: every VPC subnet of every region, with whether its route table
# sends the internet (0.0.0.0/0 or ::/0) to an internet gateway.
#
# soc2.toml:  [collectors.aws_subnets]  kind = "command"
#             run = ["sh", "scripts/aws_subnets.sh"]  format = "json"
# Needs the AWS CLI (v1 or v2; no jq) with read-only credentials: the
# SecurityAudit or ViewOnlyAccess managed policy (ec2:DescribeSubnets,
# ec2:DescribeRouteTables, ec2:DescribeRegions).
# Calls, all read-only: ec2 describe-regions (unless SOC2_AWS_REGIONS names the
# regions), then in each region ec2 describe-route-tables and describe-subnets.
# A subnet uses the route table explicitly associated with it, or else its
# VPC's main route table; a route counts when it is active and its target is
# an igw-* gateway.
#
# Prints a JSON array, one object per subnet (`[]` when there is none):
#   {"region": "eu-west-1", "subnet_id": "subnet-...", "vpc_id": "vpc-...", "name": "public-a" or null,
#    "cidr_block": "10.0.0.0/24", "availability_zone": "eu-west-1a", "state": "available",
#    "default_for_az": false, "map_public_ip_on_launch": true,
#    "route_table": "explicit" | "main", "routes_to_igw": true | false,
#    "tags": [{"Key": "Name", "Value": "public-a"}]}
# Any error, AccessDenied in any region included, ends the script with the CLI's
# message and a non-zero status: a skipped region would hide its subnets.
set -eu
set -f                              # no globbing: ids and ARNs are split on blanks

# The helpers every AWS script shares: try, refused_as, errors_json, item, items, finish.
. "$(dirname "$0")/aws_common.sh"

regions=$(aws_regions)

# Route tables with an active default route to an internet gateway.
igw="Routes[?(DestinationCidrBlock=='0.0.0.0/0' || DestinationIpv6CidrBlock=='::/0') && starts_with(GatewayId || '', 'igw-') && State=='active']"

for region in $regions; do
    tables=$(aws ec2 describe-route-tables --region "$region" --output json \
        --query "{igw_subnets: RouteTables[?$igw].Associations[].SubnetId, explicit_subnets: RouteTables[].Associations[].SubnetId, igw_main_vpcs: RouteTables[?$igw && Associations[?Main]].VpcId}")
    tables=$(printf '%s' "$tables" | tr -d '\n')
    fields="region: '$region', subnet_id: SubnetId, vpc_id: VpcId, name: Tags[?Key=='Name'].Value | [0]"
    fields="$fields, cidr_block: CidrBlock, availability_zone: AvailabilityZone, state: State"
    fields="$fields, default_for_az: DefaultForAz, map_public_ip_on_launch: MapPublicIpOnLaunch"
    fields="$fields, route_table: (contains(\`$tables\`.explicit_subnets, SubnetId) && 'explicit') || 'main'"
    fields="$fields, routes_to_igw: contains(\`$tables\`.igw_subnets, SubnetId) || (!contains(\`$tables\`.explicit_subnets, SubnetId) && contains(\`$tables\`.igw_main_vpcs, VpcId))"
    fields="$fields, tags: Tags || \`[]\`"
    out=$(aws ec2 describe-subnets --region "$region" --output json --query "Subnets[].{$fields} || \`[]\`")
    items "$out"
done

finish
