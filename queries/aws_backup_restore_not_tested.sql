-- Resource types AWS Backup protects (RDS, EBS, S3, DynamoDB, ...) without a successful restore in
-- time: database types within 92 days, every other type within 365 days, as the backup policy asks
-- (the production database quarterly, every other data store yearly). A restore counts when it
-- completed and its validation, if it ran one, succeeded: a restore testing plan's job whose
-- validation failed or timed out, or one still validating, proves nothing yet.
-- tables: aws_backup_protected_resources, aws_backup_restore_jobs
-- population: aws_backup_protected_resources

WITH types AS (
  SELECT ResourceType AS type, count(*) AS resources,
         CASE WHEN ResourceType IN ('RDS', 'Aurora', 'DynamoDB', 'DocumentDB', 'Neptune', 'Redshift', 'Timestream')
              THEN 92 ELSE 365 END AS days
  FROM aws_backup_protected_resources
  GROUP BY ResourceType
),
restored AS (
  SELECT ResourceType AS type, max(coalesce(CompletionDate, CreationDate)) AS last_at
  FROM aws_backup_restore_jobs
  WHERE Status = 'COMPLETED' AND coalesce(ValidationStatus, 'SUCCESSFUL') = 'SUCCESSFUL'
  GROUP BY ResourceType
),
attempts AS (
  SELECT ResourceType AS type, Status AS status, ValidationStatus AS validation,
         coalesce(ValidationStatusMessage, StatusMessage) AS message,
         coalesce(CompletionDate, CreationDate) AS at,
         row_number() OVER (PARTITION BY ResourceType ORDER BY coalesce(CompletionDate, CreationDate) DESC, RestoreJobId) AS n
  FROM aws_backup_restore_jobs
)
SELECT
  t.type AS resource,
  CASE WHEN julianday(soc2_now()) - julianday(r.last_at) <= t.days THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN julianday(soc2_now()) - julianday(r.last_at) <= t.days THEN 'last successful restore ' || substr(r.last_at, 1, 10)
      || ' (' || t.resources || ' protected)'
    ELSE 'no successful restore in ' || t.days || ' days (' || t.resources || ' protected); last: '
      || coalesce(substr(r.last_at, 1, 10), 'never')
      || coalesce('; latest attempt ' || substr(a.at, 1, 10) || ' '
           || CASE WHEN a.status <> 'COMPLETED' THEN lower(a.status)
                   ELSE 'completed, validation ' || lower(coalesce(a.validation, 'not run')) END
           || coalesce(': ' || a.message, ''), '')
  END AS reason
FROM types AS t
LEFT JOIN restored AS r ON r.type = t.type
LEFT JOIN attempts AS a ON a.type = t.type AND a.n = 1 AND (r.last_at IS NULL OR a.at > r.last_at)
ORDER BY t.type;
