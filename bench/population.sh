#!/usr/bin/env bash
# Benchmark `soc2 population` and `soc2 sample` (Type II) on a generated repo: a year of daily
# snapshots of merged pull requests, 100,000 by the end of the year (bench/gen_population_repo.py).
# Prints wall time and peak RSS of
#   cold   — no .soc2/ cache: every snapshot is read from git and the period table built
#            (goal: < 5 s on 2 cores)
#   warm   — the same history again: the period table comes from the cache (goal: < 1 s)
#   sample — drawing and recording the sample, warm
# and checks the population against the generator's ground truth.
# Generating and repacking the repo takes about 20 minutes on 2 cores; the runs take seconds.
# Usage: bench/population.sh [PRS]          (builds the release binary first, without PDF support)
#        SOC2=/path/to/soc2 bench/population.sh
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
prs="${1:-100000}"
if [[ -z "${SOC2:-}" ]]; then
  # PDF support does not change populations and takes long to build: leave it out.
  (cd "$here" && cargo build --release --quiet --no-default-features)
  SOC2="${CARGO_TARGET_DIR:-$here/target}/release/soc2"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CI=1 NO_COLOR=1 SOC2_NOW=2027-01-15T00:00:00Z

git init -q -b main "$work/repo"
echo "generating $prs pull requests over 365 daily snapshots…"
truth="$(python3 "$here/bench/gen_population_repo.py" "$work/repo" "$prs" | tail -n 1)"
# As `git gc` leaves a real evidence repo: each day's snapshot a delta of another. (fast-import
# stores these large blobs whole; one repack, a few minutes, makes the 1.2 GB pack a few MB.)
echo "repacking…"
git -C "$work/repo" repack -a -d -f -q --window=2 --depth=50
echo "cores: $(nproc); repo: $(du -sh "$work/repo/.git" | cut -f1) of git objects"

# shellcheck source=bench/measure.sh
source "$here/bench/measure.sh"

rm -rf "$work/repo/.soc2"
measure cold population CHG-01 --format json
cp "$work/out.json" "$work/population.json"
measure warm population CHG-01 --format json
measure warm population CHG-01 --format json
measure sample sample CHG-01 --format json
python3 - "$work/population.json" "$truth" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
truth = json.loads(sys.argv[2])
c = p["counts"]
print(f"         {c['items']} items, {c['deviations']} deviations ({c['remediated']} remediated later), "
      f"{p['tables'][0]['snapshots']} snapshots, {p['tables'][0]['rows']} distinct rows")
assert c["items"] == truth["population"], (c["items"], truth)
assert c["failed"] == truth["deviations"], (c["failed"], truth)
assert c["remediated"] == truth["remediated"], (c["remediated"], truth)
print("         counts equal the generator's ground truth")
PY
