#!/usr/bin/env python3
"""Generate a compliance repo with a year of daily snapshots of merged pull requests, for
bench/population.sh.

The `github` collector's `pulls` dataset as it would be committed every day of 2026: each
snapshot holds every pull request merged since the period's start (the collector's default
`since`), sorted by repository and number, so the last one holds all PRS pull requests. Most
were approved before they merged; DEVIATION_RATE of them were merged without an approval, and
half of those were approved a few days later (the row changes in later snapshots: a deviation
remediated after the fact). Written with `git fast-import` (streamed), committer dates set.

Prints the ground truth (population size, deviations, remediated) as JSON on stdout's last line.

Usage: gen_population_repo.py DIR [PRS]
"""

import json
import random
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

YEAR = 2026
REPOS = [f"svc-{i:02}" for i in range(20)]
DEVIATION_RATE = 0.03

CONTROL = """id: CHG-01
title: Code changes are reviewed and approved before merge
criteria: [CC8.1]
owner: dana@bench.example
policies: [change-management]
queries:
  - query: github_pr_merged_without_approval
population:
  query: merged_prs_population
  key: [repo, number]
  date: merged_at
  frequency: many-times-a-day
  deviation: "approvals_at_merge = 0"
"""

POPULATION = """-- Every pull request merged to a default branch, with its approvals.
-- tables: github_pulls
SELECT repo, number, title, author, merged_at, merged_by, approvals AS approvals_at_merge,
       _first_seen, _first_commit, _last_seen, _last_commit
FROM github_pulls
"""

CHECK = """-- Pull requests merged without approval.
-- tables: github_pulls
select repo || '#' || number as resource from github_pulls where approvals = 0
"""


def ts(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    target = sys.argv[1]
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    rnd = random.Random(11)
    days = [date(YEAR, 1, 1) + timedelta(days=i) for i in range(365)]
    # How many pull requests merge each day (weekdays busier), scaled to `total`.
    weights = [3 if d.weekday() < 5 else 1 for d in days]
    scale = total / sum(weights)
    per_day = [int(w * scale) for w in weights]
    per_day[-1] += total - sum(per_day)

    fi = subprocess.Popen(["git", "fast-import", "--quiet"], stdin=subprocess.PIPE, cwd=target)
    out = fi.stdin
    mark = 0

    def blob(content):
        nonlocal mark
        mark += 1
        out.write(b"blob\nmark :%d\ndata %d\n" % (mark, len(content)))
        out.write(content)
        out.write(b"\n")
        return mark

    static = {
        "soc2.toml": (
            '[organization]\nname = "Bench Co"\n\n[audit]\ntype = "type2"\n'
            f'period = "{YEAR}-01-01..{YEAR}-12-31"\ncategories = ["security"]\n\n'
            '[evidence]\nmax_age = "2d"\n\n[collectors.github]\nkind = "github"\norg = "bench"\n'
        ).encode(),
        ".gitignore": b".soc2/\n",
        "controls/CHG-01.yaml": CONTROL.encode(),
        "queries/merged_prs_population.sql": POPULATION.encode(),
        "queries/github_pr_merged_without_approval.sql": CHECK.encode(),
        "policies/change-management.md": (
            b"---\nid: change-management\ntitle: Change Management Policy\nowner: Dana Lee\nversion: \"1.0\"\n"
            b"review_every: 365d\ncriteria: [CC8.1]\n---\n# Change Management Policy\n\nEvery change is reviewed.\n"
        ),
    }
    static_marks = {p: blob(c) for p, c in static.items()}

    rows = {}  # (repo, number) -> row dict
    lines = {}  # (repo, number) -> serialized line
    late = {}  # day index -> keys approved that day
    numbers = {r: 0 for r in REPOS}
    deviations = remediated = 0
    parent = None
    for i, day in enumerate(days):
        for _ in range(per_day[i]):
            repo = rnd.choice(REPOS)
            numbers[repo] += 1
            n = numbers[repo]
            merged = datetime(day.year, day.month, day.day, tzinfo=timezone.utc) + timedelta(seconds=rnd.randrange(86_000))
            created = merged - timedelta(hours=rnd.randrange(1, 96))
            author, merger = f"dev{rnd.randrange(60)}", f"dev{rnd.randrange(60)}"
            approved = rnd.random() >= DEVIATION_RATE
            reviews = []
            if approved:
                reviews.append({"state": "APPROVED", "submitted_at": ts(merged - timedelta(minutes=30)), "user": f"dev{rnd.randrange(60, 80)}"})
            else:
                deviations += 1
                fix = i + rnd.randrange(1, 6)
                if rnd.random() < 0.5 and fix < len(days):
                    late.setdefault(fix, []).append((repo, n))
            row = {
                "approvals": len(reviews), "author": author, "base_ref": "main", "created_at": ts(created),
                "head_ref": f"feature/{repo}-{n}", "html_url": f"https://github.com/bench/{repo}/pull/{n}",
                "merge_commit_sha": f"{rnd.getrandbits(160):040x}", "merged_at": ts(merged), "merged_by": merger,
                "number": n, "repo": repo, "reviews": reviews, "title": f"Change {n} to {repo}",
            }
            rows[(repo, n)] = row
            lines[(repo, n)] = json.dumps(row, sort_keys=True, separators=(",", ":")).encode()
        for key in late.pop(i, []):
            row = rows[key]
            at = datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc)
            row["reviews"] = [{"state": "APPROVED", "submitted_at": ts(at), "user": "dev99"}]
            row["approvals"] = 1
            lines[key] = json.dumps(row, sort_keys=True, separators=(",", ":")).encode()
            remediated += 1
        data = b"\n".join(lines[k] for k in sorted(lines)) + b"\n"
        at = ts(datetime(day.year, day.month, day.day, 23, 30, tzinfo=timezone.utc))
        meta = {"collected_at": at, "collector": "github", "dataset": "pulls", "kind": "github", "rows": len(lines),
                "sha256": None, "soc2_version": "bench", "source": "https://api.github.com/orgs/bench"}
        data_mark = blob(data)
        meta_bytes = (json.dumps(meta, sort_keys=True) + "\n").encode()
        when = int(datetime(day.year, day.month, day.day, 23, 30, tzinfo=timezone.utc).timestamp())
        msg = f"evidence {day}\n".encode()
        mark += 1
        out.write(b"commit refs/heads/main\nmark :%d\n" % mark)
        out.write(b"author Bench <bench@bench.example> %d +0000\n" % when)
        out.write(b"committer Bench <bench@bench.example> %d +0000\n" % when)
        out.write(b"data %d\n" % len(msg) + msg)
        if parent:
            out.write(b"from :%d\n" % parent)
        else:
            for p in sorted(static_marks):
                out.write(b"M 100644 :%d %s\n" % (static_marks[p], p.encode()))
        out.write(b"M 100644 :%d evidence/github/pulls.jsonl\n" % data_mark)
        out.write(b"M 100644 inline evidence/github/pulls.meta.json\ndata %d\n" % len(meta_bytes) + meta_bytes + b"\n\n")
        parent = mark
    out.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=target, check=True)
    truth = {"population": len(rows), "deviations": deviations, "remediated": remediated, "snapshots": len(days)}
    print(json.dumps(truth))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    subprocess.run(["git", "init", "-q", "-b", "main", sys.argv[1]], check=True)
    main()
