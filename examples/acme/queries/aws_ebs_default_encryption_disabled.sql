-- AWS regions where new EBS volumes are not encrypted by default.
-- tables: aws_ebs_encryption

SELECT
  Region AS resource,
  CASE WHEN EbsEncryptionByDefault = 1 THEN 'ok' ELSE 'alarm' END AS status,
  CASE WHEN EbsEncryptionByDefault = 1 THEN 'EBS encryption by default enabled'
       ELSE 'new EBS volumes and snapshots are not encrypted by default' END AS reason
FROM aws_ebs_encryption
ORDER BY Region;
