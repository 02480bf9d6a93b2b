#!/usr/bin/env python3
"""Generate a compliance repo with a year of daily evidence commits, for bench/history.sh.

100 controls, each with one query over one of 25 datasets (200 rows each). Every day of 2026
gets one commit at 06:00 UTC that re-collects every dataset (new meta files) and changes the
data of three datasets; some changes raise a finding that the next days clear, so controls have
failing stretches. No commits on a few days so evidence goes stale (max_age 2d). Written with
`git fast-import`, committer dates set explicitly.

Usage: gen_history_repo.py DIR
"""

import json
import os
import random
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

DATASETS = 25
ROWS = 200
CONTROLS = 100
FLAGS = CONTROLS // DATASETS
YEAR = 2026
GAPS = {date(YEAR, 4, d) for d in range(10, 15)} | {date(YEAR, 9, d) for d in range(1, 4)}


def rows_of(dataset, bad):
    out = []
    for r in range(ROWS):
        row = {"id": f"d{dataset:02}-r{r:03}", "owner": f"user{r % 37}@bench.example"}
        for f in range(FLAGS):
            row[f"flag{f}"] = 1 if (r, f) in bad else 0
        out.append(json.dumps(row, sort_keys=True))
    return ("\n".join(out) + "\n").encode()


def main():
    target = sys.argv[1]
    os.makedirs(target)
    rnd = random.Random(8)
    files = {}
    files["soc2.toml"] = (
        '[organization]\nname = "Bench Co"\n\n[audit]\ntype = "type2"\n'
        f'period = "{YEAR}-01-01..{YEAR}-12-31"\ncategories = ["security"]\n\n'
        '[evidence]\nmax_age = "2d"\n'
        + "".join(f'\n[collectors.ds{d:02}]\nkind = "file"\npath = "registers/ds{d:02}.csv"\n' for d in range(DATASETS))
    ).encode()
    files[".gitignore"] = b".soc2/\n"
    files["policies/access-control.md"] = (
        b"---\nid: access-control\ntitle: Access Control Policy\nowner: Dana Lee\nversion: \"1.0\"\n"
        b"review_every: 365d\ncriteria: [CC6.1]\n---\n# Access Control Policy\n\nLeast privilege.\n"
    )
    criteria = ["CC6.1", "CC6.2", "CC6.3", "CC7.1", "CC7.2", "CC8.1"]
    for c in range(CONTROLS):
        d, f = c % DATASETS, c // DATASETS
        files[f"queries/q{c:03}.sql"] = (
            f"-- Rows of ds{d:02} with flag{f} set.\n"
            f"select id as resource, 'flag{f} set for ' || owner as reason from ds{d:02} where flag{f} = 1\n"
        ).encode()
        files[f"controls/C-{c:03}.yaml"] = (
            f"id: C-{c:03}\ntitle: Bench control {c}\ncriteria: [{criteria[c % len(criteria)]}]\n"
            f"owner: dana@bench.example\npolicies: [access-control]\nqueries:\n  - query: q{c:03}\n"
        ).encode()
    bad = {d: set() for d in range(DATASETS)}

    def snapshot(d, day):
        at = datetime(day.year, day.month, day.day, 6, 0, tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        data = rows_of(d, bad[d])
        meta = {
            "collector": f"ds{d:02}", "dataset": f"ds{d:02}", "kind": "file", "source": f"registers/ds{d:02}.csv",
            "collected_at": at, "rows": ROWS, "sha256": None, "soc2_version": "bench",
        }
        files[f"evidence/ds{d:02}/ds{d:02}.jsonl"] = data
        files[f"evidence/ds{d:02}/ds{d:02}.meta.json"] = (json.dumps(meta, sort_keys=True) + "\n").encode()

    stream = bytearray()
    mark = 0

    def blob(content):
        nonlocal mark
        mark += 1
        stream.extend(b"blob\nmark :%d\ndata %d\n" % (mark, len(content)))
        stream.extend(content)
        stream.extend(b"\n")
        return mark

    written = {}
    day = date(YEAR, 1, 1) - timedelta(days=1)
    parent = None
    commits = 0
    while day < date(YEAR, 12, 31):
        day += timedelta(days=1)
        if day in GAPS:
            continue
        for d in rnd.sample(range(DATASETS), 3):
            r, f = rnd.randrange(ROWS), rnd.randrange(FLAGS)
            # Findings come and go: most are fixed within days.
            if bad[d] and rnd.random() < 0.7:
                bad[d].clear()
            elif rnd.random() < 0.25:
                bad[d].add((r, f))
        for d in range(DATASETS):
            snapshot(d, day)
        changed = {p: c for p, c in files.items() if written.get(p) != c}
        marks = {p: blob(c) for p, c in sorted(changed.items())}
        written.update(changed)
        when = int(datetime(day.year, day.month, day.day, 6, 0, tzinfo=timezone.utc).timestamp())
        msg = f"evidence {day}\n".encode()
        commit_mark = mark + 1
        mark = commit_mark
        stream.extend(b"commit refs/heads/main\nmark :%d\n" % commit_mark)
        stream.extend(b"author Bench <bench@bench.example> %d +0000\n" % when)
        stream.extend(b"committer Bench <bench@bench.example> %d +0000\n" % when)
        stream.extend(b"data %d\n" % len(msg) + msg)
        if parent:
            stream.extend(b"from :%d\n" % parent)
        for p in sorted(marks):
            stream.extend(b"M 100644 :%d %s\n" % (marks[p], p.encode()))
        stream.extend(b"\n")
        parent = commit_mark
        commits += 1

    subprocess.run(["git", "init", "-q", "-b", "main", target], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], input=bytes(stream), cwd=target, check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=target, check=True)
    print(f"{target}: {CONTROLS} controls, {DATASETS} datasets x {ROWS} rows, {commits} daily commits in {YEAR}")


if __name__ == "__main__":
    main()
