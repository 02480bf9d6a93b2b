#!/usr/bin/env bash
# Benchmark `soc2 check --baseline` next to a warm `soc2 check` on the check
# benchmark repo (bench/gen_check_repo.py: 200 controls, 300 queries, 50
# datasets, 1,000,000 rows), committed to git, then changed by a second
# commit as a pull request would be: one dataset's rows (a tenth of them
# edited, some added) and one control's query. The baseline is HEAD~1; the
# budget is twice a warm check.
# Built without the `pdf` feature, which `check` does not use.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --no-default-features
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/soc2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 bench/gen_check_repo.py "$dir/repo" > /dev/null
export SOC2_NOW=2026-06-30T00:00:00Z
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@bench.example GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@bench.example
unset GITHUB_BASE_REF CI_MERGE_REQUEST_TARGET_BRANCH_NAME
repo=$dir/repo
rm -rf "$repo/csv"
printf '.soc2/\n' > "$repo/.gitignore"
git -C "$repo" init -q -b main
git -C "$repo" add -A
git -C "$repo" commit -q -m "baseline"
python3 - "$repo" <<'PY'
import json, sys
repo = sys.argv[1]
path = f"{repo}/evidence/ds00/ds00.jsonl"
rows = [json.loads(l) for l in open(path)]
for r in rows[::10]:
    r["enabled"] = not r["enabled"]
rows += [dict(rows[0], id=len(rows) + i, name=f"res-new-{i}") for i in range(100)]
open(path, "w").write("".join(json.dumps(r, sort_keys=True, separators=(",", ":")) + "\n" for r in rows))
q = f"{repo}/queries/q000.sql"
open(q, "a").write("  and enabled\n")
PY
git -C "$repo" add -A
git -C "$repo" commit -q -m "change ds00 and q000"
sleep 1
git -C "$repo" status --short > /dev/null   # refresh the index, as a checkout leaves it
echo "evidence: $(du -sh "$repo/evidence" | cut -f1), $(git -C "$repo" rev-list --count HEAD) commits"

measure() { # label, command...
  local label=$1; shift
  local start end code
  start=$(date +%s.%N)
  if [ -x /usr/bin/time ]; then
    code=0; /usr/bin/time -f "%M" -o "$dir/rss" "$@" > "$dir/out" 2> "$dir/err" || code=$?
    rss=$(( $(tail -n 1 "$dir/rss") / 1024 ))
  else
    code=0; "$@" > "$dir/out" 2> "$dir/err" || code=$?
    rss="?"
  fi
  end=$(date +%s.%N)
  printf '%-36s %6.2f s   peak RSS %s MiB   exit %s\n' "$label" "$(echo "$end - $start" | bc)" "$rss" "$code"
}

rm -rf "$repo/.soc2"
measure "soc2 check (cold)" "$bin" -C "$repo" check --format json
measure "soc2 check (warm)" "$bin" -C "$repo" check --format json
measure "soc2 check (warm, again)" "$bin" -C "$repo" check --format json
measure "check --baseline HEAD~1 (first)" "$bin" -C "$repo" check --baseline HEAD~1 --format json
measure "check --baseline HEAD~1 (warm)" "$bin" -C "$repo" check --baseline HEAD~1 --format json
measure "check --baseline HEAD~1 (warm, again)" "$bin" -C "$repo" check --baseline HEAD~1 --format json
measure "check --baseline HEAD~1 --format markdown" "$bin" -C "$repo" check --baseline HEAD~1 --format markdown
python3 - "$dir/out" <<'PY'
import sys
text = open(sys.argv[1]).read()
print("markdown comment:", len(text), "bytes;", text.splitlines()[1] if len(text.splitlines()) > 1 else "")
PY
# soc2.toml concerns every control: the whole baseline is evaluated (its
# unchanged tables through the worktree's cache), the worst case.
printf '\n# edited\n' >> "$repo/soc2.toml"
measure "  soc2.toml edited: whole baseline" "$bin" -C "$repo" check --baseline HEAD~1 --format json
git -C "$repo" checkout -q -- soc2.toml
measure "soc2 diff HEAD~1..HEAD" "$bin" -C "$repo" diff HEAD~1..HEAD --format json
measure "soc2 impact --base HEAD~1" "$bin" -C "$repo" impact --base HEAD~1 --format json
