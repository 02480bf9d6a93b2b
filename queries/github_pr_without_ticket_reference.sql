-- Pull requests merged in the last 90 days that reference no ticket in their title, branch or body
-- (the github collector's ticket_pattern). Dependency updates opened by a bot account are info.
-- tables: github_pulls
-- population: github_pulls since merged_at 90d

SELECT
  repo || '#' || number AS resource,
  CASE
    WHEN ticket IS NOT NULL AND trim(ticket) <> '' THEN 'ok'
    WHEN author LIKE '%[bot]' THEN 'info'
    ELSE 'alarm'
  END AS status,
  CASE
    WHEN ticket IS NOT NULL AND trim(ticket) <> '' THEN 'references ' || ticket
    WHEN author LIKE '%[bot]' THEN 'opened by ' || author || ' (automated update, no ticket): ' || coalesce(title, '')
    ELSE 'merged on ' || merged_at || ' by ' || coalesce(merged_by, 'unknown') || ' with no ticket reference in its title, branch or body: '
      || coalesce(title, '')
  END AS reason
FROM github_pulls
WHERE merged_at IS NOT NULL
  AND julianday(merged_at) > julianday(soc2_now()) - 90
  AND julianday(merged_at) <= julianday(soc2_now())
ORDER BY repo, number;
