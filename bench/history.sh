#!/usr/bin/env bash
# Benchmark `soc2 report --period` (Type II) on a generated repo: a year of daily evidence
# commits for 100 controls (bench/gen_history_repo.py). Prints wall time and peak RSS of
#   cold   — no .soc2/ cache: every control on every day is evaluated (goal: < 20 s on 2 cores)
#   warm   — the same history again: nothing is recomputed (goal: < 2 s)
#   +1 day — one more evidence commit: one day of evaluations
# Usage: bench/history.sh                 (builds the release binary first, without PDF support)
#        SOC2=/path/to/soc2 bench/history.sh
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -z "${SOC2:-}" ]]; then
  # PDF support does not change evaluation and takes long to build: leave it out.
  (cd "$here" && cargo build --release --quiet --no-default-features)
  SOC2="${CARGO_TARGET_DIR:-$here/target}/release/soc2"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CI=1 NO_COLOR=1 SOC2_NOW=2027-01-15T00:00:00Z

python3 "$here/bench/gen_history_repo.py" "$work/repo"
echo "cores: $(nproc)"

# shellcheck source=bench/measure.sh
source "$here/bench/measure.sh"

rm -rf "$work/repo/.soc2"
measure cold report --period --format json
measure warm report --period --format json
measure warm report --period --format json
python3 - "$work/out.json" <<'EOF'
import json, sys
p = json.load(open(sys.argv[1]))
s = p["summary"]
print(f"         {p['days']} days, {p['commits']} commits, {s['controls']} controls, "
      f"{s['control_days']} control-days, effectiveness {s['effectiveness']}%")
EOF

# One more day: a commit on 2026-12-31 is already in the history; add 2027-01-01 and widen the period.
(
  cd "$work/repo"
  sed -i 's/"collected_at": *"[^"]*"/"collected_at":"2027-01-01T06:00:00Z"/' evidence/ds00/ds00.meta.json
  git add -A
  GIT_AUTHOR_DATE=2027-01-01T06:00:00Z GIT_COMMITTER_DATE=2027-01-01T06:00:00Z \
    git -c user.name=Bench -c user.email=bench@bench.example commit -q -m "evidence 2027-01-01"
)
measure "+1 day" report --period 2026-01-01..2027-01-01 --format json
