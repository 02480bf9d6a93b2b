#!/bin/sh
# aws_ec2_instances: every EC2 instance of every region, one flat row each.
#
# soc2.toml:  [collectors.aws_ec2_instances]  kind = "command"
#             run = ["sh", "scripts/aws_ec2_instances.sh"]  format = "json"
# Needs the AWS CLI (v1 or v2; no jq) with read-only credentials: the
# SecurityAudit or ViewOnlyAccess managed policy (ec2:DescribeInstances,
# ec2:DescribeRegions).
# Calls, all read-only: ec2 describe-regions (unless SOC2_AWS_REGIONS names the
# regions), then ec2 describe-instances in each.
#
# Prints a JSON array, one object per instance (`[]` when there is none;
# terminated instances stay listed for about an hour):
#   {"region": "eu-west-1", "instance_id": "i-0abc...", "name": "web-1" (the Name tag) or null,
#    "state": "running" | "stopped" | ..., "instance_type": "t3.medium", "image_id": "ami-...",
#    "launch_time": "...", "vpc_id": "vpc-..." or null, "subnet_id": "subnet-..." or null,
#    "private_ip": "10.0.1.12" or null, "public_ip": "203.0.113.10" or null,
#    "security_groups": ["sg-..."], "iam_instance_profile": "arn:..." or null,
#    "imds_http_tokens": "required" | "optional", "tags": [{"Key": "Name", "Value": "web-1"}]}
# Any error, AccessDenied in any region included, ends the script with the CLI's
# message and a non-zero status: a skipped region would hide its instances.
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

for region in $regions; do
    fields="region: '$region', instance_id: InstanceId, name: Tags[?Key=='Name'].Value | [0], state: State.Name"
    fields="$fields, instance_type: InstanceType, image_id: ImageId, launch_time: LaunchTime, vpc_id: VpcId"
    fields="$fields, subnet_id: SubnetId, private_ip: PrivateIpAddress, public_ip: PublicIpAddress"
    fields="$fields, security_groups: (SecurityGroups || \`[]\`)[].GroupId, iam_instance_profile: IamInstanceProfile.Arn"
    fields="$fields, imds_http_tokens: MetadataOptions.HttpTokens, tags: Tags || \`[]\`"
    out=$(aws ec2 describe-instances --region "$region" --output json \
        --query "Reservations[].Instances[].{$fields} || \`[]\`")
    items "$out"
done

finish
