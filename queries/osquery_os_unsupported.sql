-- Endpoints whose operating system osquery reports (`osqueryi --json` over os_version) is past its
-- vendor's security support, so automatic updates no longer bring fixes: macOS before 14 (Sonoma),
-- Windows 10 and earlier (builds before 22000; Windows 10 support ended 2025-10-14), Ubuntu before
-- 22.04 LTS. Other platforms are reported as info to check by hand. Alongside
-- assets_endpoints_os_updates_disabled, which reads the hand-kept inventory.
-- tables: osquery_os_version

SELECT
  coalesce(hostname, '(unknown host)') AS resource,
  CASE
    WHEN platform = 'darwin' THEN CASE WHEN CAST(major AS INTEGER) >= 14 THEN 'ok' ELSE 'alarm' END
    WHEN platform = 'windows' THEN
      CASE WHEN CAST(coalesce(nullif(build, ''), '0') AS INTEGER) >= 22000 THEN 'ok' ELSE 'alarm' END
    WHEN platform = 'ubuntu' THEN CASE WHEN CAST(major AS INTEGER) >= 22 THEN 'ok' ELSE 'alarm' END
    ELSE 'info'
  END AS status,
  coalesce(name, platform, '?') || ' ' || coalesce(version, '') AS reason
FROM osquery_os_version
ORDER BY resource;
