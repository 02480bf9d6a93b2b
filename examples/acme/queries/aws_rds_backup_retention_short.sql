-- RDS database instances keeping automated backups for fewer than 7 days.
-- tables: aws_rds_instances

SELECT
  i.DBInstanceIdentifier AS resource,
  CASE
    WHEN i.BackupRetentionPeriod >= 7 THEN 'ok'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN i.BackupRetentionPeriod >= 7 THEN 'automated backups kept ' || i.BackupRetentionPeriod || ' days'
    ELSE CASE WHEN coalesce(i.BackupRetentionPeriod, 0) = 0 THEN 'automated backups disabled' ELSE 'automated backups kept only ' || i.BackupRetentionPeriod || ' day(s) (minimum 7)' END
  END AS reason
FROM aws_rds_instances AS i
ORDER BY i.DBInstanceIdentifier;
