#!/usr/bin/env python3
"""Write large scanner outputs for bench/adapters.sh (not committed):

    gen_scanner_outputs.py ocsf  OUT.ocsf.json  MEGABYTES
    gen_scanner_outputs.py sarif OUT.sarif      MEGABYTES

Each repeats the recorded findings/results of tests/fixtures/scanners/ with
distinct resource ids, ARNs and fingerprints until the file reaches the size,
in the layout the tools print (Prowler: a JSON array indented by 4; Trivy:
SARIF indented by 2), writing as it goes so memory stays small.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "tests", "fixtures", "scanners")


def indent(text, spaces):
    pad = " " * spaces
    return "\n".join(pad + line for line in text.splitlines())


def ocsf(out, limit):
    with open(os.path.join(FIXTURES, "prowler", "aws-ocsf.json")) as f:
        findings = json.load(f)
    written, n = 0, 0
    out.write("[\n")
    while written < limit:
        for f in findings:
            f = json.loads(json.dumps(f))
            suffix = f"-{n:08d}"
            f["finding_info"]["uid"] += suffix
            for r in f["resources"]:
                r["uid"] += suffix
                r["name"] += suffix
            f["message"] = f["message"].replace(".", f" ({n}).", 1)
            text = ("" if n == 0 else ",\n") + indent(json.dumps(f, indent=4), 4)
            out.write(text)
            written += len(text)
            n += 1
            if written >= limit:
                break
    out.write("\n]\n")
    return n


def sarif(out, limit):
    with open(os.path.join(FIXTURES, "sarif", "trivy.sarif")) as f:
        log = json.load(f)
    run = log["runs"][0]
    results = run.pop("results")
    head = json.dumps({"version": log["version"], "$schema": log["$schema"]}, indent=2)[:-2]
    out.write(head + ',\n  "runs": [\n    {\n')
    out.write('      "tool": ' + json.dumps(run["tool"], indent=2).replace("\n", "\n      ") + ',\n')
    out.write('      "results": [\n')
    written, n = 0, 0
    while written < limit:
        for r in results:
            r = json.loads(json.dumps(r))
            loc = r["locations"][0]["physicalLocation"]["artifactLocation"]
            loc["uri"] = f"{loc['uri']}/{n:08d}"
            r["partialFingerprints"] = {"primaryLocationLineHash": f"{n:016x}:1"}
            text = ("" if n == 0 else ",\n") + indent(json.dumps(r, indent=2), 8)
            out.write(text)
            written += len(text)
            n += 1
            if written >= limit:
                break
    out.write('\n      ],\n      "columnKind": "utf16CodeUnits"\n    }\n  ]\n}\n')
    return n


def main():
    kind, path, megabytes = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(path, "w", buffering=1 << 20) as out:
        n = {"ocsf": ocsf, "sarif": sarif}[kind](out, megabytes * 1_000_000)
    print(n)


if __name__ == "__main__":
    main()
