#!/bin/sh
# aws_backup_restore_jobs: every AWS Backup restore job of every region, the
# restore tests of restore testing plans included.
#
# soc2.toml:  [collectors.aws_backup_restore_jobs]  kind = "command"
#             run = ["sh", "scripts/aws_backup_restore_jobs.sh"]  format = "json"
# Needs the AWS CLI (v1 or v2; no jq) with read-only credentials: the
# SecurityAudit or ViewOnlyAccess managed policy (backup:ListRestoreJobs,
# ec2:DescribeRegions).
# Calls, all read-only: ec2 describe-regions (unless SOC2_AWS_REGIONS names the
# regions), then backup list-restore-jobs in each (AWS Backup keeps restore jobs
# for a limited time: collect at least monthly so the history stays in git).
#
# Prints a JSON array, one object per restore job:
#   {"RestoreJobId": "...", "ResourceType": "RDS",
#    "Status": "PENDING" | "RUNNING" | "COMPLETED" | "ABORTED" | "FAILED",
#    "StatusMessage": "...", "CreationDate": "2026-06-28T03:00:00+00:00",
#    "CompletionDate": "2026-06-28T03:41:00+00:00", "RecoveryPointArn": "...",
#    "CreatedResourceArn": "...", "RestoreTestingPlanArn": "..." or null (a restore
#    started by hand), "ValidationStatus": "SUCCESSFUL" | "FAILED" | "TIMED_OUT" |
#    "VALIDATING" or null (not validated), "ValidationStatusMessage": "...",
#    "DeletionStatus": "DELETING" | "FAILED" | "SUCCESSFUL" or null, "Region": "eu-west-1"}
# Any error, AccessDenied in any region included, ends the script with the CLI's
# message and a non-zero status: a skipped region would hide its restores.
set -eu
set -f                              # no globbing: ids and ARNs are split on blanks

# The helpers every AWS script shares: try, refused_as, errors_json, item, items, finish.
. "$(dirname "$0")/aws_common.sh"

regions=$(aws_regions)

for region in $regions; do
    out=$(aws backup list-restore-jobs --region "$region" --output json \
        --query "RestoreJobs[].{RestoreJobId: RestoreJobId, ResourceType: ResourceType, Status: Status, StatusMessage: StatusMessage, CreationDate: CreationDate, CompletionDate: CompletionDate, RecoveryPointArn: RecoveryPointArn, CreatedResourceArn: CreatedResourceArn, RestoreTestingPlanArn: CreatedBy.RestoreTestingPlanArn, ValidationStatus: ValidationStatus, ValidationStatusMessage: ValidationStatusMessage, DeletionStatus: DeletionStatus, Region: '$region'} || \`[]\`")
    items "$out"
done

finish
