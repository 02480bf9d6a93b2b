-- Every backup run recorded in the audit period, with its outcome.
-- tables: backup_log

SELECT
  date, system, event, backup_type, status, destination, offsite_copy, encrypted, retention_days,
  CASE
    WHEN lower(coalesce(status, '')) <> 'success' THEN 'backup ' || coalesce(status, 'without a status')
    WHEN lower(coalesce(encrypted, 'no')) <> 'yes' THEN 'backup not encrypted'
  END AS deviation,
  _first_seen, _first_commit, _last_seen, _last_commit
FROM backup_log
WHERE lower(event) = 'backup'
