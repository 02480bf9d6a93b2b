#!/usr/bin/env bash
# Benchmark `soc2 validate` on a generated repo of 1,000 controls and 1,000 queries.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/soc2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir" <<'PY'
import os, sys
out = sys.argv[1]
crit = [f"CC{s}.{i}" for s, n in [(1,5),(2,3),(3,4),(4,2),(5,3),(6,8),(7,5),(8,1),(9,2)] for i in range(1, n + 1)]
def w(p, t):
    os.makedirs(os.path.dirname(os.path.join(out, p)), exist_ok=True)
    open(os.path.join(out, p), "w").write(t)
w("soc2.toml", '[organization]\nname = "Bench"\n\n[audit]\ntype = "type2"\nperiod = "2026-01-01..2026-12-31"\ncategories = ["security"]\n')
for p in range(20):
    w(f"policies/p{p:02}.md", f"---\nid: p{p:02}\ntitle: Policy {p}\nowner: o\nreview_every: 365d\ncriteria: [{crit[p % 33]}]\n---\n# Policy {p}\n\n" + "Text. " * 400 + "\n")
for q in range(1000):
    w(f"queries/q{q:04}.sql", f"-- Query {q}.\nselect id as resource, case when ok then 'ok' else 'alarm' end as status from t{q % 50} where x > {q}\n")
for c in range(1000):
    w(f"controls/C-{c:04}.yaml", f"id: C-{c:04}\ntitle: Control {c}\ncriteria: [{crit[c % 33]}, {crit[(c + 7) % 33]}]\nowner: role:security-officer\nseverity: high\npolicies: [p{c % 20:02}]\ndescription: >-\n  A generated control that exists to measure how fast the repo loads and cross-checks.\nqueries:\n  - query: q{c:04}\nevidence:\n  - attestation: {{ every: 90d, by: role:security-officer, note: quarterly review }}\nreview: {{ every: 365d }}\n")
PY
runs=5
start=$(date +%s%N)
for _ in $(seq $runs); do "$bin" -C "$dir" validate > /dev/null; done
end=$(date +%s%N)
echo "soc2 validate, 1000 controls + 1000 queries + 20 policies: $(( (end - start) / runs / 1000000 )) ms per run (mean of $runs)"
/usr/bin/time -f "peak RSS %M KiB" "$bin" -C "$dir" validate 2>&1 >/dev/null | tail -1
