#!/usr/bin/env python3
"""A compliance repo with about 1 GB of evidence, for bench/export.sh.

20 controls; 5 collector datasets of ~20 MB each (JSONL read by the
controls' queries) and, per control, one ~45 MB manual evidence file (a log
export), so the package must stream ~1 GB. Deterministic: same bytes each run.
"""
import json
import os
import random
import sys

root = sys.argv[1]
scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
rng = random.Random(7)


def write(path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)


write("soc2.toml", """[organization]
name = "Bench Co"

[audit]
type = "type1"
categories = ["security"]

[evidence]
max_age = "3650d"
""" + "".join(f'\n[collectors.ds{d}]\nkind = "file"\npath = "registers/ds{d}.csv"\n' for d in range(5)))

write("policies/access-control.md", """---
id: access-control
title: Access Control Policy
owner: Dana Lee
version: "1.0"
review_every: 365d
criteria: [CC6.1]
---
# Access Control Policy

Access is granted on least privilege and reviewed quarterly.
""")

dataset_bytes = int(20_000_000 * scale)
for d in range(5):
    path = os.path.join(root, f"evidence/ds{d}/ds{d}.jsonl")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    rows = 0
    with open(path, "w") as f:
        size = 0
        while size < dataset_bytes:
            row = {"email": f"user{rows}@bench.example", "mfa": rng.randint(0, 50) > 0,
                   "team": rng.choice(["eng", "ops", "sales", "finance"]), "note": "x" * rng.randint(20, 120)}
            line = json.dumps(row, sort_keys=True) + "\n"
            f.write(line)
            size += len(line)
            rows += 1
    write(f"evidence/ds{d}/ds{d}.meta.json", json.dumps({
        "collector": f"ds{d}", "dataset": f"ds{d}", "kind": "file", "source": f"registers/ds{d}.csv",
        "collected_at": "2026-06-29T00:00:00Z", "rows": rows, "sha256": None, "soc2_version": "bench"}, indent=2))

write_bytes = int(45_000_000 * scale)
levels = ["INFO", "INFO", "INFO", "WARN", "DEBUG"]
for c in range(20):
    cid = f"BC-{c:02d}"
    write(f"queries/q{c:02d}.sql", f"-- Accounts without MFA in dataset {c % 5}.\nselect email from ds{c % 5} where mfa = 0 and team = 'finance'\n")
    write(f"controls/{cid}.yaml", f"""id: {cid}
title: Bench control {c}
criteria: [CC6.1]
owner: dana@bench.example
policies: [access-control]
queries:
  - query: q{c:02d}
""")
    write(f"evidence/manual/{cid}/2026-06-01-file.yaml",
          f"kind: file\ndate: 2026-06-01\nby: dana@bench.example\nfile: audit-log.txt\nsha256: none\n")
    path = os.path.join(root, f"evidence/manual/{cid}/audit-log.txt")
    with open(path, "w") as f:
        size = 0
        n = 0
        while size < write_bytes:
            line = (f"2026-06-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:{(n * 7) % 60:02d}Z "
                    f"{rng.choice(levels)} svc-{rng.randint(1, 40)} user{rng.randint(1, 5000)}@bench.example "
                    f"action={rng.choice(['login', 'logout', 'read', 'write', 'delete'])} "
                    f"request_id={rng.getrandbits(64):016x}\n")
            f.write(line)
            size += len(line)
            n += 1
