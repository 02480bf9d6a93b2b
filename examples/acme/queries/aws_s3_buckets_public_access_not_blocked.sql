-- S3 buckets without all four Block Public Access settings enabled.
-- tables: aws_s3_buckets

SELECT
  b.Name AS resource,
  CASE
    WHEN json_extract(b.public_access_block, '$.BlockPublicAcls') = 1 AND json_extract(b.public_access_block, '$.IgnorePublicAcls') = 1 AND json_extract(b.public_access_block, '$.BlockPublicPolicy') = 1 AND json_extract(b.public_access_block, '$.RestrictPublicBuckets') = 1 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN json_extract(b.public_access_block, '$.BlockPublicAcls') = 1 AND json_extract(b.public_access_block, '$.IgnorePublicAcls') = 1 AND json_extract(b.public_access_block, '$.BlockPublicPolicy') = 1 AND json_extract(b.public_access_block, '$.RestrictPublicBuckets') = 1 THEN 'all four public access blocks enabled'
    ELSE CASE WHEN b.public_access_block IS NULL THEN 'no public access block configured' ELSE 'public access block settings off: ' || trim(CASE WHEN coalesce(json_extract(b.public_access_block, '$.BlockPublicAcls'), 0) = 0 THEN 'BlockPublicAcls ' ELSE '' END || CASE WHEN coalesce(json_extract(b.public_access_block, '$.IgnorePublicAcls'), 0) = 0 THEN 'IgnorePublicAcls ' ELSE '' END || CASE WHEN coalesce(json_extract(b.public_access_block, '$.BlockPublicPolicy'), 0) = 0 THEN 'BlockPublicPolicy ' ELSE '' END || CASE WHEN coalesce(json_extract(b.public_access_block, '$.RestrictPublicBuckets'), 0) = 0 THEN 'RestrictPublicBuckets ' ELSE '' END) END
  END AS reason
FROM aws_s3_buckets AS b
ORDER BY b.Name;
