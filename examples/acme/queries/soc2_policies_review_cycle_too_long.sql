-- Policies whose review cycle is longer than one year or not set.
-- tables: soc2_policies

SELECT
  id AS resource,
  CASE WHEN CAST(review_every_days AS INTEGER) BETWEEN 1 AND 366 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN review_every_days IS NULL THEN 'no review_every in the front matter'
    ELSE 'reviewed every ' || review_every_days || ' days (maximum 365)'
  END AS reason
FROM soc2_policies
ORDER BY id;
