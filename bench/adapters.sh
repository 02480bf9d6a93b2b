#!/usr/bin/env bash
# Benchmarks for the tool-output adapters: a generated Prowler OCSF file and a
# generated SARIF file (default 500 MB each, from the recorded fixtures in
# tests/fixtures/scanners/) are read by `file` collectors, then checked by
# `soc2 validate`. Prints rows/s and peak RSS (/usr/bin/time -v) for each.
# The generated files live in a temp dir and are never committed.
# Measured 2026-11 on a shared 2-core machine (load average ~10), 500 MB each:
# OCSF 130,586 rows collected in 10.2 s (12,853 rows/s, 43 MB peak RSS),
# validated in 6.7 s (9 MB); SARIF 482,742 rows collected in 18.6 s
# (25,996 rows/s, 43 MB), validated in 8.1 s (9 MB).
# Usage: bench/adapters.sh [MEGABYTES]      (builds the release binary first)
#        SOC2=/path/to/soc2 bench/adapters.sh 100
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
mb="${1:-500}"
if [[ -z "${SOC2:-}" ]]; then
  (cd "$here" && cargo build --release --quiet --no-default-features)
  SOC2="$here/target/release/soc2"
fi
[[ -x /usr/bin/time ]] || { echo "bench/adapters.sh needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CI=1 NO_COLOR=1

now() { date +%s.%N; }

# Run soc2 under /usr/bin/time: sets $wall (s) and $rss_kb.
measure() {
  local t0 t1
  t0="$(now)"
  /usr/bin/time -v -o "$work/time.txt" "$SOC2" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt" || {
    cat "$work/stdout.txt" "$work/stderr.txt" >&2
    exit 1
  }
  t1="$(now)"
  rss_kb="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")"
  wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
}

echo "soc2 adapter benchmarks ($("$SOC2" --version)), ${mb} MB inputs"
printf '%-6s %9s %10s %8s %12s %10s   %s\n' format "input MB" rows "wall s" "rows/s" "RSS MB" step

for format in ocsf sarif; do
  repo="$work/$format"
  mkdir -p "$repo/scans"
  case "$format" in
    ocsf) input="scans/prowler.ocsf.json"; table="prowler_findings" ;;
    sarif) input="scans/trivy.sarif"; table="sarif_results" ;;
  esac
  python3 "$here/bench/gen_scanner_outputs.py" "$format" "$repo/$input" "$mb" >/dev/null
  size_mb="$(awk -v b="$(stat -c %s "$repo/$input")" 'BEGIN { printf "%.0f", b / 1000000 }')"
  printf '[organization]\nname = "Bench"\n\n[collectors.%s]\nkind = "file"\npath = "%s"\nformat = "%s"\n' \
    "$table" "$input" "$format" >"$repo/soc2.toml"

  measure -C "$repo" collect
  rows="$(wc -l <"$repo/evidence/$table/$table.jsonl")"
  rate="$(awk -v r="$rows" -v w="$wall" 'BEGIN { printf "%.0f", r / w }')"
  printf '%-6s %9s %10s %8s %12s %10s   %s\n' "$format" "$size_mb" "$rows" "$wall" "$rate" "$((rss_kb / 1024))" "collect"

  measure -C "$repo" validate
  rate="$(awk -v r="$rows" -v w="$wall" 'BEGIN { printf "%.0f", r / w }')"
  printf '%-6s %9s %10s %8s %12s %10s   %s\n' "$format" "$size_mb" "$rows" "$wall" "$rate" "$((rss_kb / 1024))" "validate"
  rm -rf "$repo"
done
