#!/bin/sh
# aws_iam_authorization: every IAM user, role and group with its attached and
# inline policies, and whether any of them grants Action "*" on Resource "*".
#
# soc2.toml:  [collectors.aws_iam_authorization]  kind = "command"
#             run = ["sh", "scripts/aws_iam_authorization.sh"]  format = "json"
# Needs the AWS CLI (v1 or v2; no jq) with read-only credentials: the
# SecurityAudit managed policy (iam:GetAccountAuthorizationDetails).
# Calls, all read-only: iam get-account-authorization-details twice (the CLI
# follows its pages): once for the managed policies (customer and AWS managed,
# default version) that grant Action "*" on Resource "*", once for the users,
# roles and groups.
#
# Why JMESPath and not sh: the CLI already parses the policy documents (it
# URL-decodes them into JSON objects), and its --query language can test every
# statement whatever its form (Statement an object or an array, Action and
# Resource a string or an array: to_array() covers both), so no JSON is parsed
# by text tools. The grant test is deliberately narrow: an Allow statement whose
# Action includes "*" (or "*:*") and whose Resource includes "*". NotAction,
# NotResource, service wildcards ("s3:*") and Conditions are not judged here;
# the inline documents are in the row (inline_policies) for SQL and json_each.
#
# Prints a JSON array, one object per principal (`[]` when there is none):
#   {"type": "user" | "role" | "group", "name": "ann", "id": "AIDA...", "arn": "arn:aws:iam::...",
#    "path": "/", "create_date": "...",
#    "attached_policy_names": ["ReadOnlyAccess"], "attached_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
#    "inline_policy_names": ["deploy"], "inline_policies": [{"PolicyName": "deploy", "PolicyDocument": {...}}],
#    "groups": ["admins"] (users; [] otherwise), "tags": [{"Key": "team", "Value": "ops"}] ([] for groups),
#    "permissions_boundary": "arn:..." or null, "role_last_used": "..." or null (roles),
#    "assume_role_policy": {...} or null (roles),
#    "admin_policies": ["AdministratorAccess"] (own attached or inline policies granting * on *),
#    "admin": true | false}
# A user's admin rights through a group show on the group's row: join on `groups`.
# Any error (AccessDenied included) ends the script with the CLI's message and
# a non-zero status.
set -eu
set -f                              # no globbing: ids and ARNs are split on blanks

# The helpers every AWS script shares: try, refused_as, errors_json, item, items, finish.
. "$(dirname "$0")/aws_common.sh"

# A policy statement list that allows every action on every resource.
grants="[?Effect=='Allow' && (contains(to_array(Action), '*') || contains(to_array(Action), '*:*')) && contains(to_array(Resource), '*')]"

admin_arns=$(aws iam get-account-authorization-details --filter LocalManagedPolicy AWSManagedPolicy --output json \
    --query "Policies[?PolicyVersionList[?IsDefaultVersion && to_array(Document.Statement)$grants]].Arn || \`[]\`")
admin_arns=$(printf '%s' "$admin_arns" | tr -d '\n')

# principal TYPE NAME ID INLINE: the projection of one *DetailList element.
principal() {
    printf "{type: '%s', name: %s, id: %s, arn: Arn, path: Path, create_date: CreateDate" "$1" "$2" "$3"
    printf ", attached_policy_names: (AttachedManagedPolicies || \`[]\`)[].PolicyName"
    printf ", attached_policy_arns: (AttachedManagedPolicies || \`[]\`)[].PolicyArn"
    printf ", inline_policy_names: (%s || \`[]\`)[].PolicyName, inline_policies: %s || \`[]\`" "$4" "$4"
    printf ", admin_policies: [(AttachedManagedPolicies || \`[]\`)[?contains(\`%s\`, PolicyArn)].PolicyName, (%s || \`[]\`)[?to_array(PolicyDocument.Statement)%s].PolicyName][]" "$admin_arns" "$4" "$grants"
    printf ", admin: length([(AttachedManagedPolicies || \`[]\`)[?contains(\`%s\`, PolicyArn)], (%s || \`[]\`)[?to_array(PolicyDocument.Statement)%s]][]) > \`0\`" "$admin_arns" "$4" "$grants"
}
users="$(principal user UserName UserId UserPolicyList), groups: GroupList || \`[]\`, tags: Tags || \`[]\`"
users="$users, permissions_boundary: PermissionsBoundary.PermissionsBoundaryArn, role_last_used: \`null\`, assume_role_policy: \`null\`}"
roles="$(principal role RoleName RoleId RolePolicyList), groups: \`[]\`, tags: Tags || \`[]\`"
roles="$roles, permissions_boundary: PermissionsBoundary.PermissionsBoundaryArn, role_last_used: RoleLastUsed.LastUsedDate, assume_role_policy: AssumeRolePolicyDocument}"
groups="$(principal group GroupName GroupId GroupPolicyList), groups: \`[]\`, tags: \`[]\`"
groups="$groups, permissions_boundary: \`null\`, role_last_used: \`null\`, assume_role_policy: \`null\`}"

out=$(aws iam get-account-authorization-details --filter User Role Group --output json \
    --query "[UserDetailList[].$users, RoleDetailList[].$roles, GroupDetailList[].$groups][]")
items "$out"

finish
