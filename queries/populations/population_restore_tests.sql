-- Every restore or disaster-recovery test recorded in the audit period, with its outcome.
-- tables: backup_log

SELECT
  date, system, event, status, rto_met, performed_by, evidence_link,
  CASE
    WHEN lower(coalesce(status, '')) <> 'success' THEN event || ' ' || coalesce(status, 'without a status')
    WHEN lower(coalesce(rto_met, 'no')) <> 'yes' THEN event || ' did not meet the RTO'
  END AS deviation,
  _first_seen, _first_commit, _last_seen, _last_commit
FROM backup_log
WHERE lower(event) IN ('restore_test', 'dr_test')
