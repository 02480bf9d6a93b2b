#!/usr/bin/env bash
# Benchmark `soc2 check` on a generated repo: 200 controls, 300 queries,
# 50 datasets, 1,000,000 rows. Prints cold and warm wall time and peak RSS,
# and the sqlite3 shell importing the same data and running the same queries.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/soc2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 bench/gen_check_repo.py "$dir/repo"
export SOC2_NOW=2026-06-30T00:00:00Z

measure() { # label, command...
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%M" -o "$dir/rss" "$@" > /dev/null || true
    rss=$(( $(tail -n 1 "$dir/rss") / 1024 ))
  else
    "$@" > /dev/null || true
    rss="?"
  fi
  end=$(date +%s.%N)
  printf '%-28s %6.2f s   peak RSS %s MiB\n' "$label" "$(echo "$end - $start" | bc)" "$rss"
}

rm -rf "$dir/repo/.soc2"
measure "soc2 check (cold)" "$bin" -C "$dir/repo" check --format json
measure "soc2 check (warm)" "$bin" -C "$dir/repo" check --format json
measure "soc2 check (warm, again)" "$bin" -C "$dir/repo" check --format json
measure "soc2 validate" "$bin" -C "$dir/repo" validate

if command -v sqlite3 > /dev/null; then
  {
    echo ".mode csv"
    for f in "$dir"/repo/csv/*.csv; do echo ".import $f $(basename "$f" .csv)"; done
    for q in "$dir"/repo/queries/*.sql; do echo ".output /dev/null"; grep -v '^--' "$q" | sed 's/$/;/'; done
  } > "$dir/sqlite.sql"
  measure "sqlite3 shell (import+query)" sqlite3 ":memory:" ".read $dir/sqlite.sql"
else
  echo "sqlite3 shell not installed (apt-get install sqlite3) — comparison skipped"
fi
