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
