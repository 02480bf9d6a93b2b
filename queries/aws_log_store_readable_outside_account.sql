-- Who can read the audit log store: each S3 bucket a CloudTrail trail writes to, with the grants of
-- its bucket policy that let anyone outside the trail's account read it. A grant is an Allow
-- statement with a read action (s3:Get*, s3:List*, s3:*, *, or NotAction) to a principal of another
-- account (an account id or IAM ARN in Principal.AWS), or to everyone (Principal "*") under no
-- condition that names the account, unless Block Public Access restricts public policies
-- (RestrictPublicBuckets). Service principals (cloudtrail.amazonaws.com) and Deny statements are not
-- grants. A bucket whose policy could not be read is a finding; a bucket of another account (a log
-- archive account) is skipped: collect aws_s3_buckets there.
-- tables: aws_cloudtrail_trails, aws_s3_buckets
-- population: aws_cloudtrail_trails where S3BucketName IN (SELECT Name FROM aws_s3_buckets)

WITH arn1 AS (
  SELECT DISTINCT S3BucketName AS bucket, substr(TrailARN, instr(TrailARN, ':') + 1) AS rest
  FROM aws_cloudtrail_trails WHERE S3BucketName IS NOT NULL
),
arn2 AS (SELECT bucket, substr(rest, instr(rest, ':') + 1) AS rest FROM arn1),   -- cloudtrail:REGION:ACCOUNT:...
arn3 AS (SELECT bucket, substr(rest, instr(rest, ':') + 1) AS rest FROM arn2),   -- REGION:ACCOUNT:...
arn4 AS (SELECT bucket, substr(rest, instr(rest, ':') + 1) AS rest FROM arn3),   -- ACCOUNT:trail/NAME
stores AS (
  SELECT bucket, min(substr(rest, 1, instr(rest, ':') - 1)) AS account FROM arn4 GROUP BY bucket
),
statements AS (
  SELECT s.bucket, s.account, st.value AS stmt,
         coalesce(json_extract(b.public_access_block, '$.RestrictPublicBuckets'), 0) AS restricted
  FROM stores AS s
  JOIN aws_s3_buckets AS b ON b.Name = s.bucket,
       json_each(CASE
         WHEN NOT json_valid(b.policy) THEN '[]'
         WHEN json_type(b.policy, '$.Statement') = 'array' THEN json_extract(b.policy, '$.Statement')
         WHEN json_type(b.policy, '$.Statement') = 'object' THEN json_array(json(json_extract(b.policy, '$.Statement')))
         ELSE '[]' END) AS st
  WHERE json_extract(st.value, '$.Effect') = 'Allow'
    AND (json_type(st.value, '$.NotAction') IS NOT NULL
         OR EXISTS (SELECT 1 FROM json_each(st.value, '$.Action') AS a
                    WHERE lower(a.value) IN ('*', 's3:*') OR lower(a.value) LIKE 's3:get%' OR lower(a.value) LIKE 's3:list%'))
),
grantees AS (
  -- principals of another account
  SELECT st.bucket, p.value AS grantee
  FROM statements AS st, json_each(st.stmt, '$.Principal.AWS') AS p
  WHERE p.value <> '*' AND p.value <> st.account AND p.value NOT LIKE 'arn:%:%:%:' || st.account || ':%'
  UNION
  -- everyone, unless a condition names the account or Block Public Access restricts public policies
  SELECT st.bucket, 'everyone (*)' AS grantee
  FROM statements AS st
  WHERE (json_extract(st.stmt, '$.Principal') = '*'
         OR EXISTS (SELECT 1 FROM json_each(st.stmt, '$.Principal.AWS') AS p WHERE p.value = '*'))
    AND coalesce(instr(json_extract(st.stmt, '$.Condition'), st.account), 0) = 0
    AND NOT st.restricted
)
SELECT
  s.bucket AS resource,
  CASE
    WHEN b.Name IS NULL THEN 'skip'
    WHEN json_extract(b.errors, '$.policy') IS NOT NULL THEN 'alarm'
    WHEN EXISTS (SELECT 1 FROM grantees AS g WHERE g.bucket = s.bucket) THEN 'alarm'
    ELSE 'ok'
  END AS status,
  CASE
    WHEN b.Name IS NULL THEN 'CloudTrail log bucket not in this account''s aws_s3_buckets (a log archive account?): collect it there'
    WHEN json_extract(b.errors, '$.policy') IS NOT NULL THEN 'the bucket policy could not be read ('
      || json_extract(b.errors, '$.policy') || '): who can read the logs is unknown'
    WHEN EXISTS (SELECT 1 FROM grantees AS g WHERE g.bucket = s.bucket) THEN 'CloudTrail logs readable outside account '
      || s.account || ' by ' || (SELECT group_concat(grantee, ', ') FROM (SELECT grantee FROM grantees AS g WHERE g.bucket = s.bucket ORDER BY grantee))
    WHEN b.policy IS NULL THEN 'no bucket policy: only principals of account ' || s.account || ' that IAM allows can read the logs'
    ELSE 'the bucket policy grants read access to account ' || s.account || ' and AWS services only'
  END AS reason
FROM stores AS s
LEFT JOIN aws_s3_buckets AS b ON b.Name = s.bucket
ORDER BY s.bucket;
