#!/usr/bin/env bash
# Benchmarks for `soc2 collect`:
#   1. ten `command` collectors that each sleep one second run in parallel
#      (target: well under two seconds wall);
#   2. a `file` collector ingests a generated 1,000,000-row CSV: rows/s and
#      peak RSS, first run and an unchanged re-run.
# Usage: bench/collect.sh            (builds the release binary first)
#        SOC2=/path/to/soc2 bench/collect.sh
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -z "${SOC2:-}" ]]; then
  (cd "$here" && cargo build --release --quiet)
  SOC2="$here/target/release/soc2"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CI=1 NO_COLOR=1

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# Run soc2 with peak RSS measured: sets $wall (s) and $rss_kb.
measure() {
  local out="$work/time.txt" t0 t1
  if [[ -x /usr/bin/time ]]; then
    t0="$(now)"
    /usr/bin/time -v -o "$out" "$SOC2" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt"
    t1="$(now)"
    rss_kb="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$out")"
  else
    t0="$(now)"
    "$SOC2" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt" &
    local pid=$! peak=0 cur
    while kill -0 "$pid" 2>/dev/null; do
      cur="$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)"
      [[ -n "$cur" && "$cur" -gt "$peak" ]] && peak="$cur"
      sleep 0.05
    done
    wait "$pid"
    t1="$(now)"
    rss_kb="$peak"
  fi
  wall="$(elapsed "$t0" "$t1")"
}

echo "soc2 collect benchmarks ($("$SOC2" --version))"
echo

# 1. Parallelism.
repo="$work/parallel"
mkdir -p "$repo"
{
  printf '[organization]\nname = "Bench"\n'
  for i in $(seq -w 1 10); do
    printf '\n[collectors.sleep%s]\nkind = "command"\nrun = "sleep 1; echo \\"[{\\\\\\"i\\\\\\": %d}]\\""\nshell = true\n' "$i" "$((10#$i))"
  done
} >"$repo/soc2.toml"
measure -C "$repo" collect
ok="$(grep -c ' ok ' "$work/stdout.txt" || true)"
echo "1. ten command collectors, each \`sleep 1\`: ${wall}s wall, ${ok}/10 ok, peak RSS $((rss_kb / 1024)) MiB"
awk -v w="$wall" 'BEGIN { exit !(w < 2.0) }' || { echo "   FAIL: not under 2s"; cat "$work/stdout.txt" "$work/stderr.txt"; exit 1; }

# 2. A 1,000,000-row CSV.
repo="$work/csv"
mkdir -p "$repo/registers"
printf '[organization]\nname = "Bench"\n\n[collectors.assets]\nkind = "file"\npath = "registers/assets.csv"\n' >"$repo/soc2.toml"
t0="$(now)"
awk 'BEGIN {
  print "id,hostname,owner_email,department,status,os,last_seen";
  for (i = 1; i <= 1000000; i++)
    printf "%d,host-%07d.acme.example,user%d@acme.example,dept-%d,%s,%s,2026-%02d-%02dT%02d:00:00Z\n",
      i, i, i % 5000, i % 37, (i % 9 ? "active" : ""), (i % 3 ? "linux" : "macos"), i % 12 + 1, i % 28 + 1, i % 24;
}' >"$repo/registers/assets.csv"
csv_mb="$(awk -v b="$(wc -c <"$repo/registers/assets.csv")" 'BEGIN { printf "%.1f", b / 1048576 }')"
echo "2. generated registers/assets.csv: 1,000,000 rows, ${csv_mb} MiB, in $(elapsed "$t0" "$(now)")s"

measure -C "$repo" collect
rows="$(awk '/"rows"/ { gsub(/[^0-9]/, "", $0); print }' "$repo/evidence/assets/assets.meta.json")"
[[ "$rows" == "1000000" ]] || { echo "   FAIL: meta says $rows rows"; cat "$work/stdout.txt" "$work/stderr.txt"; exit 1; }
out_mb="$(awk -v b="$(wc -c <"$repo/evidence/assets/assets.jsonl")" 'BEGIN { printf "%.1f", b / 1048576 }')"
echo "   first collect:   ${wall}s wall, $(awk -v w="$wall" 'BEGIN { printf "%.0f", 1000000 / w }') rows/s, peak RSS $((rss_kb / 1024)) MiB (evidence file ${out_mb} MiB)"
sum1="$(sha256sum "$repo/evidence/assets/assets.jsonl" | cut -d' ' -f1)"

measure -C "$repo" collect
sum2="$(sha256sum "$repo/evidence/assets/assets.jsonl" | cut -d' ' -f1)"
same="byte-identical"
[[ "$sum1" == "$sum2" ]] || same="CHANGED (bug)"
echo "   unchanged rerun: ${wall}s wall, $(awk -v w="$wall" 'BEGIN { printf "%.0f", 1000000 / w }') rows/s, peak RSS $((rss_kb / 1024)) MiB, data file ${same}"
