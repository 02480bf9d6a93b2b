#!/usr/bin/env bash
# Benchmark `soc2 export` on a generated repo holding ~1 GB of evidence
# (bench/gen_export_repo.py), next to `zip -r` of the same files, with peak
# RSS. `soc2 check` on the same repo comes first: what the evaluation alone
# costs (SQLite tables of the datasets), so the packaging's share shows.
# SCALE=0.1 bench/export.sh for a quick run. Built without the `pdf` feature:
# the two PDFs of this repo take the same time whatever the evidence weighs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --no-default-features
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/soc2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 bench/gen_export_repo.py "$dir/repo" "${SCALE:-1}"
export SOC2_NOW=2026-06-30T00:00:00Z
echo "evidence: $(du -sh "$dir/repo/evidence" | cut -f1)"

measure() { # label, command...
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$dir/rss" "$@" > /dev/null 2>&1 || echo "($label exited $?)"
  end=$(date +%s.%N)
  printf '%-30s %6.2f s   peak RSS %4d MiB\n' "$label" "$(echo "$end - $start" | bc)" "$(( $(tail -n 1 "$dir/rss") / 1024 ))"
}

measure "soc2 check (cold cache)" "$bin" -C "$dir/repo" check
rm -rf "$dir/repo/.soc2"
measure "soc2 export (cold cache)" "$bin" -C "$dir/repo" export -o "$dir/cold.zip"
measure "soc2 export (warm cache)" "$bin" -C "$dir/repo" export -o "$dir/warm.zip"
cmp "$dir/cold.zip" "$dir/warm.zip" && echo "cold and warm packages are byte-identical"
measure "soc2 verify" "$bin" verify "$dir/warm.zip"
(cd "$dir/repo" && measure "zip -r (same files)" zip -q -r "$dir/plain.zip" controls evidence policies queries)
ls -l "$dir/warm.zip" "$dir/plain.zip" | awk '{printf "%-12s %6.0f MiB  %s\n", "size", $5/1048576, $NF}'
