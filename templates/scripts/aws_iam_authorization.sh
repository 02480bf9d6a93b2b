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
