-- Every user access review performed in the audit period, with its completion and exceptions.
-- tables: access_reviews
-- A review deviates when it is still not completed, or leaves exceptions unremediated, in a
-- snapshot taken more than 30 days after the period it covers ended; or counted no users.

SELECT
  review_id, system, reviewer_email, review_date, period_start, period_end,
  users_reviewed, exceptions_found, exceptions_remediated, completed, evidence_link,
  CASE
    WHEN lower(coalesce(completed, 'no')) <> 'yes'
      AND julianday(_first_seen) - julianday(coalesce(period_end, review_date)) > 30
      THEN 'not completed ' || CAST(julianday(_first_seen) - julianday(coalesce(period_end, review_date)) AS INTEGER) || ' days after the period reviewed ended'
    WHEN lower(coalesce(completed, 'no')) = 'yes' AND CAST(coalesce(users_reviewed, '0') AS INTEGER) <= 0
      THEN 'completed without counting the users reviewed'
    WHEN CAST(coalesce(exceptions_found, '0') AS INTEGER) > CAST(coalesce(exceptions_remediated, '0') AS INTEGER)
      AND julianday(_first_seen) - julianday(coalesce(review_date, period_end)) > 30
      THEN exceptions_found || ' exception(s) found, ' || coalesce(exceptions_remediated, '0') || ' remediated 30 days after the review'
  END AS deviation,
  _first_seen, _first_commit, _last_seen, _last_commit
FROM access_reviews
