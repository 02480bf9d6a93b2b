#!/bin/sh
# aws_iam_credential_report: the IAM credential report, one CSV row per IAM
# user plus the `<root_account>` row.
#
# soc2.toml:  [collectors.aws_iam_credential_report]  kind = "command"
#             run = ["sh", "scripts/aws_iam_credential_report.sh"]  format = "csv"
# Needs the AWS CLI (v1 or v2; no jq), base64 and read-only credentials: the
# SecurityAudit managed policy (iam:GenerateCredentialReport, iam:GetCredentialReport).
# Calls, all read-only: iam generate-credential-report (asks IAM to refresh the
# report; it changes nothing in the account) until its State is COMPLETE, then
# iam get-credential-report.
#
# Prints the report as IAM writes it (CSV, header first, every cell text):
#   user,arn,user_creation_time,password_enabled,password_last_used,
#   password_last_changed,password_next_rotation,mfa_active,
#   access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,
#   access_key_1_last_used_region,access_key_1_last_used_service,
#   access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,
#   access_key_2_last_used_region,access_key_2_last_used_service,
#   cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
# Booleans are `true`/`false`; dates ISO 8601 (`2026-05-02T10:00:00+00:00`);
# `N/A`, `no_information` and `not_supported` where IAM has no value.
# The report holds no secrets (no key ids). Any error (AccessDenied included)
# ends the script with the CLI's message and a non-zero status.
# SOC2_AWS_POLL_SECONDS (default 2) and SOC2_AWS_POLL_TRIES (default 30) bound the wait.
set -eu
export AWS_PAGER=""                 # AWS CLI v2: never start a pager

tries=0
while :; do
    state=$(aws iam generate-credential-report --query State --output text)
    [ "$state" = COMPLETE ] && break
    tries=$((tries + 1))
    if [ "$tries" -ge "${SOC2_AWS_POLL_TRIES:-30}" ]; then
        echo "aws_iam_credential_report: the credential report is still $state after $tries tries" >&2
        exit 1
    fi
    sleep "${SOC2_AWS_POLL_SECONDS:-2}"
done

# Content is the base64 of the CSV; --output json prints it as one JSON string.
content=$(aws iam get-credential-report --query Content --output json)
content=$(printf '%s' "$content" | tr -d '"[:space:]')
if [ -z "$content" ] || [ "$content" = null ]; then
    echo "aws_iam_credential_report: get-credential-report returned no content" >&2
    exit 1
fi
# GNU, busybox and macOS 13+ take -d; older macOS only -D.
csv=$(printf '%s' "$content" | base64 -d 2>/dev/null) || csv=$(printf '%s' "$content" | base64 -D)
printf '%s\n' "$csv"
