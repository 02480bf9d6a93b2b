-- Every vendor review performed in the audit period (each distinct review date of a vendor), with the assurance it relied on.
-- tables: vendor_register

SELECT
  vendor, last_review_date, criticality, status, assurance_type, assurance_valid_until, cuec_reviewed, owner_email,
  CASE
    WHEN lower(coalesce(criticality, '')) IN ('critical', 'high')
      AND (coalesce(assurance_type, 'none') = 'none' OR assurance_valid_until < last_review_date)
      THEN 'reviewed ' || last_review_date || ' without current independent assurance'
    WHEN assurance_type IN ('soc2_type2', 'soc2_type1', 'soc1_type2') AND lower(coalesce(cuec_reviewed, 'no')) <> 'yes'
      THEN 'complementary user entity controls not reviewed'
  END AS deviation,
  _first_seen, _first_commit, _last_seen, _last_commit
FROM vendor_register
WHERE last_review_date IS NOT NULL
