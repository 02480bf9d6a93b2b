-- In-use cloud accounts, databases and SaaS applications holding confidential or restricted data with no completed access review in 100 days.
-- tables: asset_inventory, access_reviews
-- population: asset_inventory where lower(asset_type) IN ('cloud_account', 'database', 'saas_application') AND lower(data_classification) IN ('confidential', 'restricted') AND lower(status) = 'in_use'

WITH critical AS (
  SELECT asset_id, name, asset_type, data_classification
  FROM asset_inventory
  WHERE lower(asset_type) IN ('cloud_account', 'database', 'saas_application')
    AND lower(data_classification) IN ('confidential', 'restricted')
    AND lower(status) = 'in_use'
),
latest AS (
  SELECT lower(system) AS system, max(review_date) AS last_review
  FROM access_reviews
  WHERE lower(completed) = 'yes'
  GROUP BY lower(system)
)
SELECT
  c.name AS resource,
  CASE WHEN julianday(soc2_now()) - julianday(l.last_review) <= 100 THEN 'ok' ELSE 'alarm' END AS status,
  CASE
    WHEN l.last_review IS NULL THEN c.data_classification || ' ' || c.asset_type || ' has never had an access review (match access_reviews.system to the asset name)'
    ELSE c.data_classification || ' ' || c.asset_type || ', last access review ' || l.last_review
  END AS reason
FROM critical AS c
LEFT JOIN latest AS l ON l.system = lower(c.name)
ORDER BY c.name;
