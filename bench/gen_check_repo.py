#!/usr/bin/env python3
"""Generate a large compliance repo for benchmarking `soc2 check`.

200 controls, 300 queries, 50 datasets, 1,000,000 evidence rows in total.
Also writes each dataset as CSV under csv/ so the sqlite3 shell can import
the same data for comparison.  Usage: gen_check_repo.py DIR
"""
import json, os, random, sys

out = sys.argv[1]
random.seed(7)
DATASETS, ROWS, QUERIES, CONTROLS = 50, 1_000_000, 300, 200
COLLECTED = "2026-06-29T00:00:00Z"
criteria = [f"CC{s}.{i}" for s, n in [(1,5),(2,3),(3,4),(4,2),(5,3),(6,8),(7,5),(8,1),(9,2)] for i in range(1, n + 1)]

def w(path, text):
    full = os.path.join(out, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)

w("soc2.toml", '[organization]\nname = "Bench Co"\n\n[audit]\ntype = "type1"\ncategories = ["security"]\n\n[evidence]\nmax_age = "30d"\n')
w("policies/p.md", "---\nid: p\ntitle: P\nowner: o\nreview_every: 365d\ncriteria: [CC1.1]\n---\n# P\n")
per = ROWS // DATASETS
for d in range(DATASETS):
    name = f"ds{d:02}"
    lines, csv = [], ["id,name,owner,enabled,score,created_at,tags"]
    for i in range(per):
        row = {"id": i, "name": f"res-{d}-{i}", "owner": f"user{i % 97}@bench.example",
               "enabled": i % 13 != 0, "score": round(random.random() * 100, 3),
               "created_at": f"2026-{1 + i % 12:02}-{1 + i % 28:02}", "tags": {"env": "prod" if i % 3 else "dev"}}
        lines.append(json.dumps(row, sort_keys=True, separators=(",", ":")))
        csv.append(f'{i},res-{d}-{i},user{i % 97}@bench.example,{int(row["enabled"])},{row["score"]},{row["created_at"]},"{{""env"": ""{row["tags"]["env"]}""}}"')
    data = "\n".join(lines) + "\n"
    w(f"evidence/{name}/{name}.jsonl", data)
    w(f"evidence/{name}/{name}.meta.json", json.dumps({"collector": name, "dataset": name, "kind": "file", "source": "bench",
        "collected_at": COLLECTED, "rows": per, "sha256": None, "soc2_version": "bench"}, sort_keys=True, indent=2) + "\n")
    w(f"csv/{name}.csv", "\n".join(csv) + "\n")
shapes = [
    "select name as resource, case when enabled then 'ok' else 'alarm' end as status, 'disabled' as reason from {t} where score > 99.9",
    "select owner, count(*) as n from {t} group by owner having n > 100000",
    "select name from {t} where json_extract(tags, '$.env') = 'staging'",
    "select count(*) as n from {t} where created_at < '2026-01-01'",
]
for q in range(QUERIES):
    w(f"queries/q{q:03}.sql", f"-- Bench query {q}.\n" + shapes[q % len(shapes)].format(t=f"ds{q % DATASETS:02}") + "\n")
for c in range(CONTROLS):
    qs = [f"q{c:03}"] + ([f"q{c + 200:03}"] if c + 200 < QUERIES else [])
    body = "".join(f"  - query: {q}\n" for q in qs)
    w(f"controls/C-{c:03}.yaml", f"id: C-{c:03}\ntitle: Bench control {c}\ncriteria: [{criteria[c % len(criteria)]}]\nowner: o\npolicies: [p]\nqueries:\n{body}")
print(f"wrote {CONTROLS} controls, {QUERIES} queries, {DATASETS} datasets, {per * DATASETS} rows to {out}")
