#!/bin/sh
# aws_s3_buckets: every S3 bucket with its default encryption, Block Public
# Access settings, versioning, server access logging, replication and bucket
# policy.
#
# soc2.toml:  [collectors.aws_s3_buckets]  kind = "command"
#             run = ["sh", "scripts/aws_s3_buckets.sh"]  format = "json"
# Needs the AWS CLI (v1 or v2; no jq) with read-only credentials: the
# SecurityAudit managed policy (s3:ListAllMyBuckets, s3:GetEncryptionConfiguration,
# s3:GetBucketPublicAccessBlock, s3:GetBucketVersioning, s3:GetBucketLogging,
# s3:GetReplicationConfiguration, s3:GetBucketPolicy).
# Calls, all read-only: s3api list-buckets, then per bucket get-bucket-encryption,
# get-public-access-block, get-bucket-versioning, get-bucket-logging,
# get-bucket-replication and get-bucket-policy.
#
# Prints a JSON array, one object per bucket (`[]` when there is none):
#   {"Name": "acme-logs", "CreationDate": "2024-02-01T10:00:00+00:00",
#    "encryption": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, ...}]} or null,
#    "public_access_block": {"BlockPublicAcls": true, "IgnorePublicAcls": true,
#                            "BlockPublicPolicy": true, "RestrictPublicBuckets": true} or null,
#    "versioning": "Enabled" | "Suspended" | null (never enabled),
#    "logging": {"TargetBucket": "...", "TargetPrefix": "..."} or null,
#    "replication_destinations": ["arn:aws:s3:::acme-logs-dr"] (the destination
#        buckets of its enabled replication rules) or null (no replication),
#    "policy": {"Version": "2012-10-17", "Statement": [...]} (the bucket policy
#        document) or null (no bucket policy),
#    "errors": {"logging": "AccessDenied"} or null}
# A setting that is not configured (ServerSideEncryptionConfigurationNotFoundError,
# NoSuchPublicAccessBlockConfiguration, ReplicationConfigurationNotFoundError,
# NoSuchBucketPolicy) is null. A call refused for one bucket
# (a bucket policy denying us) is null too, with its error code in `errors`.
# A refused list-buckets, every per-bucket call refused, or any other error
# ends the script with the CLI's message and a non-zero status, so the collector
# fails and keeps its previous snapshot.
set -eu
set -f                              # no globbing: ids and ARNs are split on blanks

# The helpers every AWS script shares: try, refused_as, errors_json, item, items, finish.
. "$(dirname "$0")/aws_common.sh"

tab=$(printf '\t')
buckets=$(aws s3api list-buckets --query 'Buckets[].[Name, CreationDate]' --output text)

while IFS="$tab" read -r name created; do
    [ -n "$name" ] || continue
    errors=
    try "ServerSideEncryptionConfigurationNotFoundError|NoSuchBucket|$ACCESS" \
        s3api get-bucket-encryption --bucket "$name" --query ServerSideEncryptionConfiguration --output json || refused_as encryption
    encryption=$out
    try "NoSuchPublicAccessBlockConfiguration|NoSuchBucket|$ACCESS" \
        s3api get-public-access-block --bucket "$name" --query PublicAccessBlockConfiguration --output json || refused_as public_access_block
    public_access_block=$out
    try "NoSuchBucket|$ACCESS" \
        s3api get-bucket-versioning --bucket "$name" --query Status --output json || refused_as versioning
    versioning=$out
    try "NoSuchBucket|$ACCESS" \
        s3api get-bucket-logging --bucket "$name" --query LoggingEnabled --output json || refused_as logging
    logging=$out
    try "ReplicationConfigurationNotFoundError|NoSuchBucket|$ACCESS" \
        s3api get-bucket-replication --bucket "$name" \
        --query "ReplicationConfiguration.Rules[?Status=='Enabled'].Destination.Bucket" --output json || refused_as replication_destinations
    replication=$out
    # The policy document as S3 keeps it: JSON text, printed as it is.
    try "NoSuchBucketPolicy|NoSuchBucket|$ACCESS" \
        s3api get-bucket-policy --bucket "$name" --query Policy --output text || refused_as policy
    policy=$out
    item "$(printf '{"Name": "%s", "CreationDate": "%s", "encryption": %s, "public_access_block": %s, "versioning": %s, "logging": %s, "replication_destinations": %s, "policy": %s, "errors": %s}' \
        "$name" "$created" "$encryption" "$public_access_block" "$versioning" "$logging" "$replication" "$policy" "$(errors_json)")"
done <<LIST
$buckets
LIST

finish
