-- Policies whose scheduled review date has passed.
-- tables: soc2_policies

WITH due AS (
  SELECT id, title, last_reviewed_at,
         coalesce(next_review_due,
                  date(coalesce(last_reviewed_at, approved_at), '+' || coalesce(review_every_days, 365) || ' days')) AS due_on
  FROM soc2_policies
)
SELECT
  id AS resource,
  CASE WHEN julianday(due_on) >= julianday(soc2_now()) THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN due_on IS NULL THEN 'never reviewed or approved'
    WHEN julianday(due_on) >= julianday(soc2_now()) THEN 'next review due ' || due_on
    ELSE 'review was due ' || due_on || ' (last reviewed ' || coalesce(last_reviewed_at, 'never') || ')'
  END AS reason
FROM due
ORDER BY id;
