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

# The helpers every AWS script shares: try, refused_as, errors_json, item, items, finish.
. "$(dirname "$0")/aws_common.sh"

regions=$(aws_regions)

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
