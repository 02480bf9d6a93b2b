#!/usr/bin/env python3
"""Generate examples/acme: a complete compliance repo for "Acme Robotics, Inc."

Deterministic (fixed seed, fixed dates), python3 stdlib only. Regenerate with:

    python3 examples/gen_acme.py            # registers, evidence, exceptions
    cargo run -- -C examples/acme policies init --no-input   # once, if policies/ is empty
    python3 examples/gen_acme.py            # again: writes policy approvals for policies/*.md

The example uses the built-in content library (`[library] builtin` in its soc2.toml):
its controls and queries are the project's own controls/ and queries/, not copies.

The example is evaluated at 2026-11-20 (`soc2 check --now 2026-11-20`); evidence was
collected on 2026-11-19. It carries a few deliberate gaps, listed in GAPS below.
"""
import csv
import hashlib
import io
import json
import os
import random
import re
from datetime import date, datetime, timedelta

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "acme")
NOW = date(2026, 11, 20)
COLLECTED = "2026-11-19T06:00:00Z"
STALE_COLLECTED = "2026-10-27T06:00:00Z"  # deliberate gap: one stale dataset
DOMAIN = "acme.example"
ORG = "acme-robotics"
ACCOUNT = "418273645091"
rng = random.Random(20261120)

GAPS = """Deliberate gaps (everything else passes at 2026-11-20):
- GitHub member `jonas-k` has two-factor authentication disabled           -> github_members_without_2fa (fail)
- PR acme-robotics/fleet-api#1187 was merged without an approval           -> github_pr_merged_without_approval (fail)
- Leaver Felix Wagner (`fwagner-dev`) is still a GitHub organization member -> hr_terminated_users_in_github (fail)
- aws_guardduty_detectors was last collected 2026-10-27 (max_age 14d)        -> stale (MON-01, MON-05)
- The quarterly physical access attestation (PHYS) is overdue               -> review-due
- The vendor-management policy was edited after its approval                -> policy approval outdated (fail)
- Laptop of a new sales hire is not yet disk-encrypted                       -> assets_endpoints_unencrypted (fail)
- Datadog's SOC 2 report expired on 2026-09-30                                -> vendor_assurance_expired (fail)
- No customer offboarding sample uploaded for DATA-03                        -> missing
- Prowler: the staging VPC has no flow logs                                  -> prowler_soc2_logging_monitoring (CLD-04 fail)
- CodeQL: a high-severity SQL injection in the fleet dashboard is open       -> sarif_high_open_past_sla (VULN-09 fail)
- An engineer's MacBook still makes its user a local administrator           -> osquery_users_with_local_admin (AM-07 fail)
- Fleet: disk encryption and local-admin policies fail on one laptop each    -> fleet_policies_failing (AM-08 fail)
- The imported certificate of the R1 update channel expires on 2026-12-12     -> aws_acm_certificates_expiring (CRYPT-10 fail)
- fleet-api#1187 names no ticket; a later PR was merged with failing e2e tests -> CHG-11 fail
- The ML training data bucket (confidential) has no replica elsewhere           -> aws_s3_sensitive_buckets_without_replica (BKP-06 fail)
"""

# Out of scope: built-in controls for a stack Acme does not run, written to soc2.toml's
# [not_applicable] table with the reason the reports show. They get no evidence and no review.
NOT_APPLICABLE = {
    "AC-17": "our identity provider is Google Workspace (AC-14)",
    "IR-06": "incidents are kept in the incident_log register (IR-02, IR-03)",
}

# Not gaps: controls whose subject did not occur in their window, as management attested
# (`soc2 attest ID --not-occurring`); they show as not-occurring, apart from pass.
NOT_OCCURRING = {
    # The last hotfix/ pull request was merged on 2026-07-14: none in the 90 days CHG-06 examines.
    "CHG-06": ("2026-11-16", "engineering-lead",
               "No emergency change (hotfix/ or emergency/ branch, or \"emergency\" in the title) was merged "
               "in the last 90 days; checked against the merged pull requests of every repository"),
}


def d(s):
    return date.fromisoformat(s)


def iso(x):
    return x.isoformat() if x else ""


def ts(x, h=10, m=0, s=0):
    return f"{x.isoformat()}T{h:02d}:{m:02d}:{s:02d}Z"


def write(path, text, mode="w"):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, mode, newline="" if mode == "w" else None) as f:
        f.write(text)


def write_bytes(path, data):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)


def sha256(b):
    return hashlib.sha256(b).hexdigest()


# ---------------------------------------------------------------------------
# Evidence writer (exactly as the collectors write it)
# ---------------------------------------------------------------------------
EVIDENCE_SIZES = {}


def write_dataset(collector, dataset, kind, source, rows, collected_at=COLLECTED):
    data = "".join(json.dumps(r, sort_keys=True, separators=(",", ":")) + "\n" for r in rows).encode()
    write_bytes(f"evidence/{collector}/{dataset}.jsonl", data)
    meta = {
        "collector": collector,
        "dataset": dataset,
        "kind": kind,
        "source": source,
        "collected_at": collected_at,
        "rows": len(rows),
        "sha256": sha256(data),
        "soc2_version": "0.1.0",
    }
    write(f"evidence/{collector}/{dataset}.meta.json", json.dumps(meta, indent=2, sort_keys=True) + "\n")
    EVIDENCE_SIZES[f"{collector}/{dataset}"] = (len(rows), len(data))


def write_register(name, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow([r.get(h, "") if r.get(h) is not None else "" for h in header])
    write(f"registers/{name}.csv", buf.getvalue())
    # file collector rows: CSV cells as strings, empty cells as null
    out = []
    for r in rows:
        row = {}
        for h in header:
            v = r.get(h)
            v = "" if v is None else str(v)
            row[h] = v if v != "" else None
        out.append(row)
    write_dataset(name, name, "file", f"registers/{name}.csv", out)


HEADERS = {}
TEMPLATES = os.path.join(os.path.dirname(ROOT), "..", "templates", "registers")
for n in ["hr_roster", "asset_inventory", "vendor_register", "risk_register", "incident_log", "access_reviews",
          "backup_log", "training_records", "background_checks", "privacy_requests"]:
    HEADERS[n] = None
HEADERS = {
    "hr_roster": "email,name,department,title,manager_email,employment_type,location,start_date,end_date,status,github_login,aws_username,confidentiality_agreement_date,access_removed_date,last_performance_review_date",
    "asset_inventory": "asset_id,name,asset_type,owner_email,status,data_classification,location,serial_number,operating_system,os_version,disk_encrypted,edr_installed,firewall_enabled,screen_lock,auto_updates,local_admin,backup_required,last_seen_date,acquired_date,disposal_date,disposal_method,disposal_evidence,sso,local_mfa",
    "vendor_register": "vendor,service,owner_email,criticality,data_classification,processes_personal_data,subprocessor_disclosed,status,approved_by,approved_date,contract_start_date,contract_end_date,assurance_type,assurance_valid_until,cuec_reviewed,last_review_date,dpa_signed,confidentiality_terms,data_deletion_confirmed,security_contact,notes",
    "risk_register": "risk_id,title,description,category,owner_email,likelihood,impact,treatment,treatment_plan,related_controls,residual_likelihood,residual_impact,status,identified_date,last_reviewed_date,target_date,accepted_by,accepted_date",
    "incident_log": "incident_id,title,category,severity,status,detected_date,reported_by,owner_email,contained_date,resolved_date,root_cause,corrective_actions,postmortem_link,personal_data_involved,customer_notification_required,customers_notified_date,regulator_notification_required,regulator_notified_date,ticket",
    "access_reviews": "review_id,system,reviewer_email,review_date,period_start,period_end,users_reviewed,exceptions_found,exceptions_remediated,remediation_date,completed,evidence_link",
    "backup_log": "date,system,event,backup_type,status,destination,offsite_copy,encrypted,retention_days,duration_minutes,rto_met,performed_by,evidence_link,notes",
    "training_records": "email,course,course_type,assigned_date,due_date,completed_date,status,score,evidence_link",
    "background_checks": "email,name,check_type,provider,requested_date,completed_date,result,adjudicated_by,adjudication_date,evidence_link,notes",
    "privacy_requests": "request_id,received_date,request_type,channel,identity_verified,status,due_date,completed_date,handled_by,outcome,evidence_link",
}
HEADERS = {k: v.split(",") for k, v in HEADERS.items()}

# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------
FIRST = ("Anna Ben Clara David Emma Felix Greta Hannah Igor Jana Karl Lena Marco Nina Oskar Paula Quentin Rosa "
         "Stefan Tara Ulrich Vera Wei Xenia Yusuf Zoe Aisha Bruno Chloe Daniel Elif Finn Gabriel Helena Ines "
         "Jakob Katarina Leon Mia Noah Olivia Pavel Rahel Samuel Tobias Uma Valentin Wiebke Yara Amir Bianca "
         "Carlos Dmitri Eva Fatima Georg Hugo Ida Jonas Kemal Laura Mateo Nora Omar Pia Ruben Sofia Timo").split()
LAST = ("Schmidt Mueller Fischer Weber Meyer Wagner Becker Hoffmann Schulz Koch Richter Klein Wolf Neumann "
        "Schwarz Braun Zimmermann Krueger Hartmann Lange Werner Krause Lehmann Koehler Herrmann Walter Kaiser "
        "Fuchs Peters Scholz Moeller Lang Berger Frank Keller Vogel Roth Beck Lorenz Sommer Brandt Haas Graf "
        "Novak Kowalski Rossi Silva Jansen Dubois Larsen Nielsen Costa Petrov Yilmaz Okafor Tanaka Nguyen "
        "Garcia Murphy Andersson Horvat Popescu Ivanova Romano").split()

people = []  # dicts with register columns + internal keys
by_email = {}


def add_person(name, dept, title, manager, start, etype="employee", location="Berlin office", github=None,
               aws=None, email=None, leader=False):
    first, last = name.split(" ", 1)
    email = email or f"{first.lower()}.{last.lower().replace(' ', '')}@{DOMAIN}"
    p = dict(email=email, name=name, department=dept, title=title, manager_email=manager, employment_type=etype,
             location=location, start_date=start, end_date=None, status="active", github_login=github,
             aws_username=aws, confidentiality_agreement_date=None, access_removed_date=None,
             last_performance_review_date=None, leader=leader)
    people.append(p)
    by_email[email] = p
    return email


CEO = add_person("Jordan Rivera", "Executive", "Chief Executive Officer", None, d("2019-03-01"), leader=True)
CTO = add_person("Sam Patel", "Executive", "Chief Technology Officer", CEO, d("2019-03-01"), github="sampatel",
                 aws="sam.patel", leader=True)
SECO = add_person("Dana Lee", "Security", "Head of Security", CTO, d("2020-02-03"), github="danalee-sec",
                  aws="dana.lee", leader=True)
HRL = add_person("Morgan Chen", "People", "Head of People", CEO, d("2020-06-01"), leader=True)
PRIV = add_person("Priya Nair", "Legal", "General Counsel and Privacy Officer", CEO, d("2021-01-11"), leader=True)
ENGL = add_person("Lukas Weber", "Engineering", "VP Engineering", CTO, d("2019-09-02"), github="lukasweber",
                  aws="lukas.weber", leader=True)
ITA = add_person("Alex Kim", "IT", "IT Manager", CTO, d("2021-04-06"), github="alexkim-it", leader=True)
CFO = add_person("Elena Garcia", "Finance", "Chief Financial Officer", CEO, d("2021-09-01"), leader=True)
SALES = add_person("Thomas Becker", "Sales", "VP Sales", CEO, d("2020-10-01"), location="Remote - Germany",
                   leader=True)
MKT = add_person("Sophie Martin", "Marketing", "Head of Marketing", CEO, d("2022-02-01"), location="Remote - France",
                 github="sophiem", leader=True)
CS = add_person("Ravi Shah", "Customer Success", "Head of Customer Success", CEO, d("2021-05-03"),
                location="Remote - Netherlands", github="ravishah", leader=True)
PROD = add_person("Ingrid Larsen", "Product", "Head of Product", CEO, d("2020-11-02"), github="ingridl", leader=True)
SRE = add_person("Marek Novak", "SRE", "Head of SRE", CTO, d("2020-04-01"), github="mareknovak", aws="marek.novak",
                 leader=True)
DATA = add_person("Hana Tanaka", "Data", "Head of Data", CTO, d("2021-08-02"), github="hanatanaka",
                  aws="hana.tanaka", leader=True)

# department: (count incl. leader, manager, titles, github?, aws share)
DEPTS = [
    ("Engineering", 46, ENGL, ["Software Engineer", "Senior Software Engineer", "Staff Engineer",
                               "Robotics Software Engineer", "Frontend Engineer", "Engineering Manager"], 1.0, 0.12),
    ("SRE", 7, SRE, ["Site Reliability Engineer", "Senior Site Reliability Engineer"], 1.0, 1.0),
    ("Security", 4, SECO, ["Security Engineer", "Senior Security Engineer"], 1.0, 1.0),
    ("Data", 6, DATA, ["Data Engineer", "Data Scientist"], 1.0, 0.4),
    ("Product", 8, PROD, ["Product Manager", "Senior Product Manager"], 1.0, 0.0),
    ("Design", 4, PROD, ["Product Designer", "UX Researcher"], 1.0, 0.0),
    ("IT", 3, ITA, ["IT Support Specialist", "IT Systems Administrator"], 1.0, 0.0),
    ("Customer Success", 10, CS, ["Customer Success Manager", "Support Engineer"], 0.6, 0.0),
    ("Sales", 13, SALES, ["Account Executive", "Sales Development Representative", "Solutions Engineer"], 0.0, 0.0),
    ("Marketing", 6, MKT, ["Marketing Manager", "Content Marketer", "Growth Marketer"], 0.3, 0.0),
    ("Finance", 4, CFO, ["Accountant", "Financial Analyst"], 0.0, 0.0),
    ("People", 3, HRL, ["People Partner", "Recruiter"], 0.0, 0.0),
    ("Legal", 2, PRIV, ["Legal Counsel"], 0.0, 0.0),
]
LOCATIONS = ["Berlin office"] * 6 + ["Remote - Germany"] * 3 + ["Remote - Poland", "Remote - Spain",
                                                                "Remote - Portugal", "Remote - Netherlands",
                                                                "Remote - United Kingdom"]
used_names = {p["name"] for p in people}
leaders_in = {"Executive": 2, "Security": 1, "People": 1, "Legal": 1, "Engineering": 1, "IT": 1, "Finance": 1,
              "Sales": 1, "Marketing": 1, "Customer Success": 1, "Product": 1, "SRE": 1, "Data": 1}


def new_name():
    while True:
        n = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if n not in used_names:
            used_names.add(n)
            return n


def start_date_random():
    # a growing company: more recent hires
    y = rng.choices([2020, 2021, 2022, 2023, 2024, 2025, 2026], weights=[3, 5, 7, 9, 11, 12, 11])[0]
    last = date(2026, 10, 26) if y == 2026 else date(y, 12, 15)
    first = date(y, 1, 5)
    x = first + timedelta(days=rng.randrange((last - first).days))
    while x.weekday() != 0:  # people start on Mondays
        x += timedelta(days=1)
    return x


# Felix Wagner is the deliberate leaver still in GitHub
special = {"Felix Wagner"}
used_names |= special
for dept, count, mgr, titles, gh_share, aws_share in DEPTS:
    n = count - leaders_in.get(dept, 0)
    for i in range(n):
        name = "Felix Wagner" if (dept == "Engineering" and i == 5) else new_name()
        first, last = name.split(" ", 1)
        login = None
        if rng.random() < gh_share:
            login = rng.choice([f"{first.lower()}{last.lower()}", f"{first[0].lower()}{last.lower()}",
                                f"{first.lower()}-{last[0].lower()}", f"{first.lower()}{last.lower()[:3]}-dev"])
        if name == "Felix Wagner":
            login = "fwagner-dev"
        if name == "Jonas " + last and login is None:
            pass
        aws = f"{first.lower()}.{last.lower()}" if (login and rng.random() < aws_share) else None
        add_person(name, dept, rng.choice(titles), mgr, start_date_random(), location=rng.choice(LOCATIONS),
                   github=login, aws=aws)

# unique github logins
seen = set()
for p in people:
    if p["github_login"]:
        base = p["github_login"]
        k = 2
        while p["github_login"] in seen:
            p["github_login"] = f"{base}{k}"
            k += 1
        seen.add(p["github_login"])

# contractors working through outside-collaborator access
CONTRACTORS = [
    ("Kim Kowalski", "Engineering", "Contract Frontend Developer", "kimk-dev", "kim.kowalski@studio-kowalski.example"),
    ("Diego Alvarez", "Engineering", "Contract Firmware Engineer", "dalvarez-fw", "diego@alvarez-embedded.example"),
    ("Mei Lin", "Design", "Contract Illustrator", "meilin-art", "mei@meilin-studio.example"),
]
for name, dept, title, login, email in CONTRACTORS:
    add_person(name, dept, title, ENGL if dept == "Engineering" else PROD, d("2025-09-01"), etype="contractor",
               location="Remote - " + rng.choice(["Poland", "Spain", "Taiwan"]), github=login, email=email)

# leavers: a dozen people left this year
candidates = [p for p in people if not p["leader"] and p["employment_type"] == "employee"
              and p["start_date"] < date(2025, 12, 1) and p["name"] != "Felix Wagner"]
rng.shuffle(candidates)
leavers = candidates[:11] + [next(p for p in people if p["name"] == "Felix Wagner")]
for p in leavers:
    end = date(2026, 1, 15) + timedelta(days=rng.randrange(280))
    if p["name"] == "Felix Wagner":
        p["start_date"] = min(p["start_date"], d("2023-05-02"))
        end = d("2026-09-30")
    while end.weekday() != 4:
        end += timedelta(days=1)
    p["end_date"] = end
    p["status"] = "terminated"
    p["access_removed_date"] = end
# two people on parental leave
for p in [p for p in candidates[11:] if p["start_date"] < date(2024, 1, 1)][:2]:
    p["status"] = "on_leave"

# the member without two-factor authentication
jonas = next((p for p in candidates[13:] if p["github_login"] and p["status"] == "active"), None)
jonas["github_login"] = "jonas-k"
jonas["name"] = "Jonas " + jonas["name"].split(" ", 1)[1]
jonas["email"] = f"jonas.{jonas['name'].split(' ', 1)[1].lower()}@{DOMAIN}"

for p in people:
    p["confidentiality_agreement_date"] = p["start_date"] - timedelta(days=rng.randint(3, 21))
    if p["employment_type"] == "employee" and p["start_date"] < NOW - timedelta(days=300):
        p["last_performance_review_date"] = date(2026, 3, 2) + timedelta(days=rng.randrange(25))
    if p["status"] == "terminated" and p["start_date"] < date(2025, 3, 1) and p["end_date"] > date(2026, 3, 30):
        p["last_performance_review_date"] = date(2026, 3, 2) + timedelta(days=rng.randrange(25))

SERVICE = [
    ("ci-bot@" + DOMAIN, "CI deploy bot (GitHub Actions)", "acme-ci-bot", "svc-deploy", SRE),
    ("release-bot@" + DOMAIN, "Release automation bot", "acme-release-bot", None, ENGL),
    ("terraform@" + DOMAIN, "Terraform Cloud runner", None, "svc-terraform", SRE),
    ("backup@" + DOMAIN, "Backup export job", None, "svc-backup-export", SRE),
]
for email, name, gh, aws, owner in SERVICE:
    p = dict(email=email, name=name, department="SRE", title="Service account", manager_email=owner,
             employment_type="service_account", location="aws eu-central-1", start_date=d("2022-03-01"),
             end_date=None, status="active", github_login=gh, aws_username=aws,
             confidentiality_agreement_date=None, access_removed_date=None, last_performance_review_date=None,
             leader=False)
    people.append(p)

roster_rows = []
for p in sorted(people, key=lambda p: p["email"]):
    roster_rows.append({k: (iso(v) if isinstance(v, date) else v) for k, v in p.items() if k != "leader"})
write_register("hr_roster", HEADERS["hr_roster"], roster_rows)

humans = [p for p in people if p["employment_type"] != "service_account"]
active = [p for p in humans if p["status"] in ("active", "on_leave")]
ENG_DEPTS = {"Engineering", "Security", "SRE", "Data"}

# ---------------------------------------------------------------------------
# Background checks and training
# ---------------------------------------------------------------------------
bg = []
for p in humans:
    if p["employment_type"] == "contractor":
        ctype, provider = "identity", "Sterling"
    else:
        ctype, provider = "comprehensive", "Sterling"
    req = p["start_date"] - timedelta(days=rng.randint(14, 28))
    done = req + timedelta(days=rng.randint(3, 10))
    row = dict(email=p["email"], name=p["name"], check_type=ctype, provider=provider, requested_date=iso(req),
               completed_date=iso(done), result="clear",
               evidence_link=f"https://acme.sterlingcheck.example/reports/{sha256(p['email'].encode())[:10]}")
    bg.append(row)
# two 'consider' results, adjudicated by the Head of People
for p in [x for x in active if x["department"] == "Sales"][:2]:
    req = p["start_date"] - timedelta(days=30)
    bg.append(dict(email=p["email"], name=p["name"], check_type="employment", provider="Sterling",
                   requested_date=iso(req), completed_date=iso(req + timedelta(days=9)), result="consider",
                   adjudicated_by=HRL, adjudication_date=iso(req + timedelta(days=12)),
                   evidence_link=f"https://acme.sterlingcheck.example/reports/{sha256(p['name'].encode())[:10]}",
                   notes="Employment date discrepancy explained by candidate; cleared"))
bg.sort(key=lambda r: (r["email"], r["check_type"]))
write_register("background_checks", HEADERS["background_checks"], bg)

tr = []
LMS = "https://acme.knowbe4.example/training/records/"


def trow(p, course, ctype, assigned, due, done, score=None):
    tr.append(dict(email=p["email"], course=course, course_type=ctype, assigned_date=iso(assigned), due_date=iso(due),
                   completed_date=iso(done), status="completed" if done else "assigned",
                   score=score, evidence_link=LMS + sha256((p["email"] + course).encode())[:12]))


for p in humans:
    if p["status"] == "terminated" and p["end_date"] < date(2026, 3, 1):
        continue
    s = p["start_date"]
    if s >= date(2025, 11, 1):
        a = s
        trow(p, f"Security Awareness {s.year} (new hire)", "security_awareness", a, a + timedelta(days=30),
             a + timedelta(days=rng.randint(2, 20)), rng.randint(82, 100))
        trow(p, f"Policy Acknowledgement {s.year} (new hire)", "policy_acknowledgement", a, a + timedelta(days=30),
             a + timedelta(days=rng.randint(1, 10)))
        if p["department"] in ENG_DEPTS:
            trow(p, f"Secure Development (OWASP Top 10) {s.year} (new hire)", "secure_development", a, a + timedelta(days=30),
                 a + timedelta(days=rng.randint(5, 25)), rng.randint(75, 100))
    if s < date(2026, 2, 2):
        a = d("2026-02-02")
        trow(p, "Security Awareness 2026", "security_awareness", a, d("2026-03-02"),
             a + timedelta(days=rng.randint(1, 26)), rng.randint(78, 100))
        trow(p, "Policy Acknowledgement 2026", "policy_acknowledgement", a, d("2026-03-02"),
             a + timedelta(days=rng.randint(1, 26)))
        if p["department"] in ENG_DEPTS:
            trow(p, "Secure Development (OWASP Top 10) 2026", "secure_development", d("2026-04-01"),
                 d("2026-05-01"), d("2026-04-01") + timedelta(days=rng.randint(2, 28)), rng.randint(75, 100))
    for q, when in (("Q1", d("2026-03-17")), ("Q2", d("2026-06-16")), ("Q3", d("2026-09-15"))):
        if p["start_date"] < when and (p["end_date"] is None or p["end_date"] > when):
            trow(p, f"Phishing Simulation 2026-{q}", "phishing_simulation", when, when + timedelta(days=14),
                 when + timedelta(days=rng.randint(0, 6)))
    if p["email"] in (CEO, CTO, SECO, ENGL, SRE, ITA, PRIV, CS, HRL) or (
            p["department"] in ("Security", "SRE") and p["status"] != "terminated"):
        trow(p, "Incident Response Tabletop 2026 (ransomware scenario)", "incident_response", d("2026-05-12"),
             d("2026-05-12"), d("2026-05-12"))
tr.sort(key=lambda r: (r["email"], r["assigned_date"], r["course"]))
write_register("training_records", HEADERS["training_records"], tr)

# ---------------------------------------------------------------------------
# Assets
# ---------------------------------------------------------------------------
assets = []
n = 1
for p in sorted(humans, key=lambda p: p["start_date"]):
    if p["employment_type"] == "contractor":
        continue
    mac = rng.random() < 0.85
    acq = p["start_date"] - timedelta(days=7)
    row = dict(asset_id=f"LT-{n:04d}", name=f"acme-lt-{n:04d}", asset_type="laptop", owner_email=p["email"],
               status="in_use", data_classification="confidential", location=p["location"],
               serial_number=("C02" if mac else "PF") + sha256(p["email"].encode())[:8].upper(),
               operating_system="macOS" if mac else "Windows 11",
               os_version=rng.choice(["15.6.1", "15.7", "15.7.1"]) if mac else "24H2",
               disk_encrypted="yes", edr_installed="yes", firewall_enabled="yes", screen_lock="yes",
               auto_updates="yes", local_admin="no", backup_required="no",
               last_seen_date=iso(NOW - timedelta(days=rng.randint(1, 9))), acquired_date=iso(acq))
    if p["status"] == "terminated":
        dd = p["end_date"] + timedelta(days=rng.randint(5, 20))
        row.update(owner_email=ITA, status="disposed" if n % 2 else "in_storage", last_seen_date=iso(p["end_date"]),
                   location="Berlin office")
        if row["status"] == "disposed":
            row.update(disposal_date=iso(dd), disposal_method="crypto_erase",
                       disposal_evidence=f"https://acme.kandji.example/devices/{row['asset_id']}/erase-log")
    assets.append(row)
    n += 1
for i, p in enumerate([x for x in active if x["department"] in ("Sales", "Customer Success")][:8]):
    assets.append(dict(asset_id=f"MB-{i + 1:03d}", name=f"acme-phone-{i + 1:03d}", asset_type="mobile",
                       owner_email=p["email"], status="in_use", data_classification="internal",
                       location=p["location"], serial_number=f"F2L{sha256(p['name'].encode())[:7].upper()}",
                       operating_system="iOS", os_version="26.1", disk_encrypted="yes", screen_lock="yes",
                       auto_updates="yes", backup_required="no",
                       last_seen_date=iso(NOW - timedelta(days=rng.randint(0, 6))), acquired_date="2025-04-14"))
# cloud, databases, servers, SaaS
INFRA = [
    ("CLD-001", "AWS production account", "cloud_account", SRE, "restricted", "aws eu-central-1", "no"),
    ("CLD-002", "AWS staging account", "cloud_account", SRE, "internal", "aws eu-central-1", "no"),
    ("CLD-003", "AWS shared services account", "cloud_account", SECO, "confidential", "aws eu-central-1", "no"),
    ("DB-001", "prod-fleet-postgres", "database", SRE, "restricted", "aws eu-central-1", "yes"),
    ("DB-002", "prod-telemetry-timescale", "database", DATA, "confidential", "aws eu-central-1", "yes"),
    ("DB-003", "prod-billing-postgres", "database", SRE, "restricted", "aws eu-central-1", "yes"),
    ("DB-004", "prod-redis-sessions", "database", SRE, "confidential", "aws eu-central-1", "no"),
    ("DB-005", "analytics-snowflake", "database", DATA, "confidential", "cloud", "yes"),
    ("SRV-001", "eks-prod-eu-central-1", "server", SRE, "restricted", "aws eu-central-1", "no"),
    ("SRV-002", "eks-staging-eu-central-1", "server", SRE, "internal", "aws eu-central-1", "no"),
    ("SRV-003", "s3-customer-uploads", "server", SRE, "restricted", "aws eu-central-1", "yes"),
    ("SRV-004", "bastion-prod", "server", SRE, "restricted", "aws eu-central-1", "no"),
    ("NET-001", "berlin-office-firewall", "network_device", ITA, "internal", "Berlin office", "no"),
    ("NET-002", "berlin-office-wifi-controller", "network_device", ITA, "internal", "Berlin office", "no"),
    ("SAAS-001", "GitHub", "saas_application", ENGL, "confidential", "cloud", "no"),
    ("SAAS-002", "Okta", "saas_application", ITA, "confidential", "cloud", "no"),
    ("SAAS-003", "Google Workspace", "saas_application", ITA, "confidential", "cloud", "yes"),
    ("SAAS-004", "Slack", "saas_application", ITA, "internal", "cloud", "no"),
    ("SAAS-005", "Jira and Confluence", "saas_application", ENGL, "internal", "cloud", "no"),
    ("SAAS-006", "Salesforce", "saas_application", SALES, "confidential", "cloud", "no"),
    ("SAAS-007", "Zendesk", "saas_application", CS, "confidential", "cloud", "no"),
    ("SAAS-008", "Datadog", "saas_application", SRE, "internal", "cloud", "no"),
    ("SAAS-009", "Personio", "saas_application", HRL, "restricted", "cloud", "no"),
    ("SAAS-010", "Stripe", "saas_application", CFO, "restricted", "cloud", "no"),
    ("SAAS-011", "1Password", "saas_application", ITA, "restricted", "cloud", "no"),
    ("SAAS-012", "HubSpot", "saas_application", MKT, "internal", "cloud", "no"),
    ("SAAS-013", "PagerDuty", "saas_application", SRE, "internal", "cloud", "no"),
    ("SAAS-014", "Kandji", "saas_application", ITA, "internal", "cloud", "no"),
]
# Stores of data and ways in from the internet in AWS, reconciled with the inventory (AM-12), and the
# container registry production pulls from (AM-10).
S3_BUCKETS = ["acme-customer-uploads", "acme-customer-uploads-replica", "acme-telemetry-archive", "acme-cloudtrail-logs",
              "acme-s3-access-logs", "acme-terraform-state", "acme-backups-export", "acme-firmware-releases",
              "acme-data-lake-raw", "acme-data-lake-curated", "acme-staging-uploads", "acme-alb-logs",
              "acme-config-snapshots", "acme-ml-training-data"]
for i, b in enumerate(S3_BUCKETS, 1):
    cls = ("restricted" if "customer" in b or "backups" in b else "confidential" if "data" in b or "telemetry" in b
           or "terraform" in b or "ml" in b else "internal")
    INFRA.append((f"STO-{i:03d}", b, "storage", DATA if "data-lake" in b or "ml-" in b else SRE, cls,
                  "aws eu-central-1", "no"))
INFRA += [
    ("DB-006", "staging-fleet-postgres", "database", SRE, "internal", "aws eu-central-1", "no"),
    ("NET-003", "acme-prod-public", "network_device", SRE, "confidential", "aws eu-central-1", "no"),
    ("NET-004", "acme-mqtt", "network_device", SRE, "confidential", "aws eu-central-1", "no"),
    ("REG-001", "ghcr.io/acme-robotics", "container_registry", ENGL, "confidential", "cloud", "no"),
]
NO_SSO = {"Stripe", "Personio"}  # their own login enforces MFA (local_mfa)
for aid, name, typ, owner, cls, loc, backup in INFRA:
    row = dict(asset_id=aid, name=name, asset_type=typ, owner_email=owner, status="in_use", data_classification=cls,
               location=loc, backup_required=backup, acquired_date="2022-03-01")
    if typ in ("saas_application", "cloud_account"):
        row.update(sso="no" if name in NO_SSO else "yes", local_mfa="yes" if name in NO_SSO else None)
    if typ in ("server",):
        row.update(operating_system="Bottlerocket" if "eks" in name else ("Amazon Linux" if "bastion" in name else None),
                   os_version="1.26" if "eks" in name else ("2023" if "bastion" in name else None),
                   edr_installed="yes", disk_encrypted="yes")
    assets.append(row)
assets.append(dict(asset_id="USB-001", name="offline-root-key-backup", asset_type="removable_media", owner_email=SECO,
                   status="in_storage", data_classification="restricted", location="Berlin office safe",
                   disk_encrypted="yes", backup_required="no", acquired_date="2023-02-01"))
# deliberate gap: a replacement laptop shipped before MDM enrolment finished encryption
gap_laptop = next(a for a in assets if a["asset_type"] == "laptop" and a["status"] == "in_use"
                  and a["operating_system"] == "Windows 11" and by_email.get(a["owner_email"], {}).get("department") == "Sales")
gap_laptop.update(disk_encrypted="no", os_version="24H2", acquired_date="2026-11-03")
assets.sort(key=lambda r: r["asset_id"])
write_register("asset_inventory", HEADERS["asset_inventory"], assets)
CRITICAL_SYSTEMS = [a for a in INFRA if a[2] in ("cloud_account", "database", "saas_application")
                    and a[4] in ("confidential", "restricted")]
BACKUP_SYSTEMS = [a for a in INFRA if a[6] == "yes"]

# ---------------------------------------------------------------------------
# Access reviews (quarterly, every critical system)
# ---------------------------------------------------------------------------
ar = []
QUARTERS = [("2025Q4", d("2025-10-01"), d("2025-12-31"), d("2026-01-14")),
            ("2026Q1", d("2026-01-01"), d("2026-03-31"), d("2026-04-13")),
            ("2026Q2", d("2026-04-01"), d("2026-06-30"), d("2026-07-10")),
            ("2026Q3", d("2026-07-01"), d("2026-09-30"), d("2026-10-09"))]
for aid, name, typ, owner, cls, loc, backup in CRITICAL_SYSTEMS:
    code = re.sub(r"[^A-Z0-9]", "", aid)
    for q, ps, pe, rd in QUARTERS:
        found = rng.choice([0, 0, 0, 1, 2])
        rdate = rd + timedelta(days=rng.randint(0, 6))
        ar.append(dict(review_id=f"AR-{q}-{code}", system=name, reviewer_email=owner, review_date=iso(rdate),
                       period_start=iso(ps), period_end=iso(pe), users_reviewed=rng.randint(8, 115),
                       exceptions_found=found, exceptions_remediated=found,
                       remediation_date=iso(rdate + timedelta(days=rng.randint(1, 12))) if found else None,
                       completed="yes",
                       evidence_link=f"https://acme.atlassian.example/wiki/spaces/SEC/pages/access-review-{q}-{code}"))
write_register("access_reviews", HEADERS["access_reviews"], ar)

# ---------------------------------------------------------------------------
# Backup log: daily backups for the year, quarterly restore tests, a DR test
# ---------------------------------------------------------------------------
bl = []
DEST = {"prod-fleet-postgres": "AWS Backup vault prod-vault (eu-central-1), copy to eu-west-1",
        "prod-telemetry-timescale": "AWS Backup vault prod-vault (eu-central-1), copy to eu-west-1",
        "prod-billing-postgres": "AWS Backup vault prod-vault (eu-central-1), copy to eu-west-1",
        "analytics-snowflake": "Snowflake Time Travel + fail-safe, replica in eu-west-1",
        "s3-customer-uploads": "S3 replication to acme-customer-uploads-replica (eu-west-1)",
        "Google Workspace": "Backupify (EU)"}
day = d("2026-01-01")
while day <= d("2026-11-19"):
    for aid, name, *_ in BACKUP_SYSTEMS:
        status = "success"
        note = None
        if name == "prod-telemetry-timescale" and day in (d("2026-03-11"), d("2026-08-02")):
            status, note = "failed", "Snapshot timed out; re-run succeeded the same day (ticket OPS-2231)"
        btype = "replication" if name == "s3-customer-uploads" else ("snapshot" if "postgres" in name or "timescale" in name else "full")
        bl.append(dict(date=iso(day), system=name, event="backup", backup_type=btype, status=status,
                       destination=DEST[name], offsite_copy="yes", encrypted="yes",
                       retention_days=35, performed_by="backup@" + DOMAIN,
                       evidence_link=f"https://acme.datadoghq.example/logs/backup/{name}/{iso(day)}", notes=note))
    day += timedelta(days=1)
for aid, name, *_ in BACKUP_SYSTEMS:
    for qd in (d("2026-02-18"), d("2026-05-20"), d("2026-08-19"), d("2026-11-11")):
        bl.append(dict(date=iso(qd), system=name, event="restore_test", status="success", destination=DEST[name],
                       duration_minutes=rng.randint(25, 190), rto_met="yes", performed_by=SRE,
                       evidence_link=f"https://acme.atlassian.example/wiki/spaces/SRE/pages/restore-test-{iso(qd)}-{aid}"))
bl.append(dict(date="2026-06-18", system="all production services (failover to eu-west-1)", event="dr_test",
               status="success", duration_minutes=312, rto_met="yes", performed_by=SRE,
               evidence_link="https://acme.atlassian.example/wiki/spaces/SRE/pages/dr-test-2026-06-18",
               notes="Full region failover drill; RTO 24h met (5h12m), RPO met (last snapshot 3h old)"))
bl.sort(key=lambda r: (r["date"], r["system"], r["event"]))
write_register("backup_log", HEADERS["backup_log"], bl)

# ---------------------------------------------------------------------------
# Vendors
# ---------------------------------------------------------------------------
V = [  # vendor, service, owner, crit, class, personal, assurance
    ("Amazon Web Services", "Cloud hosting (production)", SRE, "critical", "restricted", "yes", "soc2_type2"),
    ("GitHub", "Source control and CI", ENGL, "critical", "confidential", "no", "soc2_type2"),
    ("Okta", "Workforce identity provider (SSO, MFA)", ITA, "critical", "confidential", "no", "soc2_type2"),
    ("Google Workspace", "Email, documents, calendar", ITA, "high", "confidential", "yes", "soc2_type2"),
    ("Slack", "Internal messaging", ITA, "high", "confidential", "no", "soc2_type2"),
    ("Atlassian", "Jira and Confluence", ENGL, "high", "confidential", "no", "soc2_type2"),
    ("Datadog", "Monitoring and log management", SRE, "high", "confidential", "yes", "soc2_type2"),
    ("PagerDuty", "On-call alerting", SRE, "medium", "internal", "no", "soc2_type2"),
    ("Sentry", "Application error tracking", ENGL, "medium", "confidential", "yes", "soc2_type2"),
    ("Stripe", "Payment processing", CFO, "high", "restricted", "yes", "pci_dss"),
    ("Salesforce", "CRM", SALES, "high", "confidential", "yes", "soc2_type2"),
    ("HubSpot", "Marketing automation", MKT, "medium", "internal", "yes", "soc2_type2"),
    ("Zendesk", "Customer support ticketing", CS, "high", "confidential", "yes", "soc2_type2"),
    ("1Password", "Password and secrets manager", ITA, "critical", "restricted", "no", "soc2_type2"),
    ("CrowdStrike", "Endpoint detection and response", SECO, "high", "internal", "no", "soc2_type2"),
    ("Kandji", "Mobile device management", ITA, "high", "internal", "no", "soc2_type2"),
    ("Personio", "HR information system", HRL, "high", "restricted", "no", "iso27001"),
    ("Sterling", "Background screening", HRL, "medium", "restricted", "no", "soc2_type2"),
    ("KnowBe4", "Security awareness training and phishing simulation", SECO, "low", "internal", "no", "soc2_type2"),
    ("Cloudflare", "DNS, CDN and WAF", SRE, "critical", "confidential", "yes", "soc2_type2"),
    ("Twilio SendGrid", "Transactional email", ENGL, "medium", "confidential", "yes", "soc2_type2"),
    ("Snowflake", "Analytics data warehouse", DATA, "high", "confidential", "yes", "soc2_type2"),
    ("DocuSign", "Contract signatures", PRIV, "low", "confidential", "no", "soc2_type2"),
    ("Deel", "Contractor payments", CFO, "medium", "confidential", "no", "soc2_type2"),
    ("Heroku", "Legacy staging hosting (migrated to AWS)", SRE, "medium", "confidential", "no", "soc2_type2"),
]
vr = []
for vendor, service, owner, crit, cls, pers, assurance in V:
    start = d("2021-01-01") + timedelta(days=rng.randrange(1500))
    row = dict(vendor=vendor, service=service, owner_email=owner, criticality=crit, data_classification=cls,
               processes_personal_data=pers, subprocessor_disclosed=pers, status="active",
               contract_start_date=iso(start), contract_end_date=iso(d("2027-01-31") + timedelta(days=rng.randrange(500))),
               assurance_type=assurance, assurance_valid_until=iso(d("2027-03-31") + timedelta(days=rng.randrange(180))),
               cuec_reviewed="yes" if assurance.startswith("soc") else "no",
               last_review_date=iso(d("2026-02-02") + timedelta(days=rng.randrange(200))),
               dpa_signed="yes" if pers == "yes" or cls in ("confidential", "restricted") else "no",
               confidentiality_terms="yes",
               security_contact=f"security@{vendor.lower().replace(' ', '')}.example",
               approved_by=SECO, approved_date=iso(start - timedelta(days=14)))
    if vendor == "Datadog":  # deliberate gap: SOC 2 report expired, bridge letter not yet received
        row.update(assurance_valid_until="2026-09-30", notes="2026 SOC 2 report requested 2026-10-02")
    if vendor == "Heroku":
        row.update(status="terminated", contract_end_date="2026-04-30", data_deletion_confirmed="yes",
                   notes="Staging migrated to AWS in April 2026; deletion certificate received 2026-05-12")
    if assurance == "iso27001":
        row["notes"] = "ISO 27001 certificate and SoA reviewed; no SOC 2 report available"
    vr.append(row)
vr.sort(key=lambda r: r["vendor"])
write_register("vendor_register", HEADERS["vendor_register"], vr)

# ---------------------------------------------------------------------------
# Risks
# ---------------------------------------------------------------------------
R = [
    ("Compromise of production AWS credentials", "security", SECO, 3, 5, "mitigate", "SSO-only console access, short-lived credentials, GuardDuty, quarterly key review", "AC-04, AC-06, LOG-01", 1, 5),
    ("Ransomware on employee laptops", "security", ITA, 3, 4, "mitigate", "EDR on all endpoints, MDM-enforced encryption and updates, cloud-only data", "MAL-01, AM-02", 1, 4),
    ("Loss of the eu-central-1 region", "availability", SRE, 2, 5, "mitigate", "Cross-region backups and yearly DR failover test", "BKP-01, BCP-02", 1, 4),
    ("Vulnerable third-party dependency in the fleet API", "security", ENGL, 4, 4, "mitigate", "Dependabot, trivy image scans, patch SLAs", "VULN-01, VULN-02", 2, 3),
    ("Customer telemetry disclosed through misconfigured S3 bucket", "confidentiality", SRE, 2, 5, "mitigate", "Account-level public access block, S3 encryption and access logging", "NET-03, CRYPT-01", 1, 5),
    ("Invoice fraud through spoofed supplier email", "fraud", CFO, 3, 3, "mitigate", "Dual approval of payee changes, call-back verification, DMARC reject", "GOV-05", 1, 3),
    ("Expense and payroll fraud by an employee", "fraud", CFO, 2, 3, "mitigate", "Segregation of duties in Personio and bank approvals, monthly reconciliation", "GOV-05", 1, 3),
    ("Insider exfiltrating customer data before leaving", "confidentiality", SECO, 2, 4, "mitigate", "Same-day offboarding, DLP alerts in Google Workspace, least privilege", "AC-02, HR-03", 1, 4),
    ("Critical vendor outage (Okta)", "vendor", ITA, 2, 4, "accept", "Break-glass accounts documented; outage accepted as residual risk", "VEND-01", 2, 4),
    ("Unreviewed change deployed to production", "processing_integrity", ENGL, 3, 4, "mitigate", "Protected branches, required reviews and CI checks", "CHG-01, CHG-02", 1, 4),
    ("Personal data processed without a legal basis", "privacy", PRIV, 2, 4, "mitigate", "Records of processing, DPIAs for new features", "PRIV-01", 1, 3),
    ("Late breach notification to customers", "compliance", PRIV, 2, 4, "mitigate", "Incident response plan with 72-hour notification runbook", "IR-01, IR-03", 1, 3),
    ("Key person dependency on the SRE team", "operational", CTO, 3, 3, "mitigate", "Runbooks, on-call rotation of 6, cross-training", "BCP-01", 2, 3),
    ("Berlin office break-in and device theft", "security", ITA, 2, 2, "accept", "Encrypted devices, badge access, insurance", "PHYS-01", 2, 2),
    ("Phishing leading to account takeover", "security", SECO, 4, 4, "mitigate", "Phishing-resistant MFA (WebAuthn) in Okta, quarterly phishing simulations", "AC-05, TRAIN-02", 2, 3),
    ("Secrets committed to source code", "security", ENGL, 3, 4, "mitigate", "GitHub secret scanning with push protection", "CHG-06", 1, 4),
    ("Robot firmware update bricks customer fleet", "availability", ENGL, 2, 5, "mitigate", "Staged rollouts with automatic rollback", "CHG-04", 1, 4),
    ("Loss of logs needed for an investigation", "security", SECO, 2, 3, "mitigate", "CloudTrail to a locked log archive bucket, 365-day retention", "LOG-01, LOG-02", 1, 3),
    ("Regulatory change to EU AI Act obligations", "strategic", CEO, 3, 3, "transfer", "External counsel retainer; compliance roadmap", "GOV-01", 2, 3),
    ("Cyber insurance does not cover a major breach", "strategic", CFO, 2, 3, "transfer", "Cyber policy with EUR 5M cover renewed yearly", "RISK-01", 2, 2),
]
rr = []
for i, (title, cat, owner, l, im, treat, plan, ctrls, rl, ri) in enumerate(R, 1):
    row = dict(risk_id=f"R-{i:03d}", title=title, description=title + ". Scenario, affected systems and existing controls are described in the risk assessment 2026.",
               category=cat, owner_email=owner, likelihood=l, impact=im, treatment=treat, treatment_plan=plan,
               related_controls=ctrls, residual_likelihood=rl, residual_impact=ri,
               status="accepted" if treat == "accept" else "in_treatment" if i in (4, 15) else "open",
               identified_date=iso(d("2024-03-01") + timedelta(days=rng.randrange(600))),
               last_reviewed_date=iso(d("2026-03-16") + timedelta(days=rng.randrange(20))),
               target_date=None if treat == "accept" else iso(d("2027-03-31") + timedelta(days=91 * (i % 3))))
    if treat == "accept":
        row.update(accepted_by=CEO, accepted_date="2026-03-30")
    rr.append(row)
write_register("risk_register", HEADERS["risk_register"], rr)

# ---------------------------------------------------------------------------
# Incidents
# ---------------------------------------------------------------------------
INC = [
    ("Phishing email reported by finance; credentials not entered", "security", "low", "2026-01-22", "2026-01-22", "2026-01-23", "no", "no"),
    ("Fleet API degraded for 47 minutes after database failover", "availability", "high", "2026-02-26", "2026-02-26", "2026-02-26", "no", "no"),
    ("Support engineer emailed a customer export to the wrong customer", "privacy", "high", "2026-04-08", "2026-04-08", "2026-04-10", "yes", "yes"),
    ("Duplicate invoices generated for 12 customers", "processing_error", "medium", "2026-05-04", "2026-05-04", "2026-05-07", "no", "yes"),
    ("Stolen laptop from a car (encrypted, remotely wiped)", "security", "medium", "2026-06-15", "2026-06-15", "2026-06-16", "no", "no"),
    ("Leaked staging API token found by GitHub secret scanning", "security", "medium", "2026-07-21", "2026-07-21", "2026-07-21", "no", "no"),
    ("Telemetry ingestion backlog during Cloudflare incident", "availability", "medium", "2026-09-03", "2026-09-03", "2026-09-04", "no", "no"),
    ("Okta sign-in outage (vendor incident)", "availability", "low", "2026-10-14", "2026-10-14", "2026-10-14", "no", "no"),
]
il = []
for i, (title, cat, sev, det, cont, res, pii, notify) in enumerate(INC, 1):
    row = dict(incident_id=f"INC-2026-{i:03d}", title=title, category=cat, severity=sev, status="closed",
               detected_date=det, reported_by=rng.choice(["Datadog alert", "PagerDuty", "employee report", "customer report"]),
               owner_email=SECO if cat in ("security", "privacy") else SRE, contained_date=cont, resolved_date=res,
               root_cause="Root cause documented in the post-incident review", corrective_actions="Corrective actions tracked to completion in Jira",
               postmortem_link=f"https://acme.atlassian.example/wiki/spaces/IR/pages/INC-2026-{i:03d}-postmortem" if sev in ("high", "critical") or i % 2 == 0 else None,
               personal_data_involved=pii, customer_notification_required=notify,
               regulator_notification_required="no", ticket=f"https://acme.atlassian.example/browse/SEC-{300 + i * 17}")
    if notify == "yes":
        row["customers_notified_date"] = iso(d(det) + timedelta(days=1))
    if pii == "yes":
        row["regulator_notification_required"] = "yes"
        row["regulator_notified_date"] = iso(d(det) + timedelta(days=2))
    il.append(row)
write_register("incident_log", HEADERS["incident_log"], il)

# ---------------------------------------------------------------------------
# Privacy requests
# ---------------------------------------------------------------------------
pr_rows = []
for i in range(1, 17):
    rec = d("2026-01-10") + timedelta(days=int(i * 19.5))
    typ = rng.choice(["access", "deletion", "deletion", "correction", "portability", "opt_out", "inquiry"])
    if i == 9:
        typ = "complaint"
    pr_rows.append(dict(request_id=f"DSR-2026-{i:03d}", received_date=iso(rec), request_type=typ,
                        channel=rng.choice(["email", "web_form", "support"]), identity_verified="yes",
                        status="completed", due_date=iso(rec + timedelta(days=30)),
                        completed_date=iso(rec + timedelta(days=rng.randint(2, 21))), handled_by=PRIV,
                        outcome="Complaint about marketing emails; unsubscribed and explained" if typ == "complaint" else f"{typ} request fulfilled",
                        evidence_link=f"https://acme.zendesk.example/agent/tickets/{40000 + i * 137}"))
write_register("privacy_requests", HEADERS["privacy_requests"], pr_rows)

# ---------------------------------------------------------------------------
# git: the acme-platform monorepo, a year of history
# ---------------------------------------------------------------------------
def fake_sha(*parts):
    return hashlib.sha1("/".join(map(str, parts)).encode()).hexdigest()


eng = [p for p in humans if p["github_login"] and p["department"] in ENG_DEPTS and p["employment_type"] == "employee"]
eng_active_at = lambda t: [p for p in eng if p["start_date"] <= t.date() and (p["end_date"] is None or p["end_date"] >= t.date())]
commits = []
merges = []
t = datetime(2025, 11, 24, 9, 0, 0)
base = fake_sha("root")
commits.append(dict(sha=base, author_name="Lukas Weber", author_email=ENGL, authored_at="2019-09-03T09:00:00Z",
                    committer_name="Lukas Weber", committer_email=ENGL, committed_at="2019-09-03T09:00:00Z",
                    subject="Initial commit", parents=[], parent_count=0, is_merge=False, signed=True,
                    trailers={}, reviewed_by=[], approved_by=[], co_authored_by=[]))
head = base
SCOPES = ["fleet-api", "telemetry", "dashboard", "firmware-updater", "billing", "auth", "infra", "docs", "ci", "maps"]
VERBS = ["Add", "Fix", "Refactor", "Update", "Remove", "Improve", "Handle", "Document"]
THINGS = ["retry logic", "pagination", "rate limiting", "error messages", "metrics", "config loading", "unit tests",
          "Terraform module", "timeout handling", "input validation", "caching", "feature flag", "migration"]
pr_no = 1000
feature_commits = 0
tags = []
release_no = 0
step_hours = 10.5
pulls_git = []
while t < datetime(2026, 11, 18, 18, 0, 0):
    t += timedelta(hours=rng.uniform(step_hours * 0.4, step_hours * 1.6))
    if t.weekday() >= 5:
        continue
    ppl = eng_active_at(t)
    author = rng.choice(ppl)
    reviewer = rng.choice([p for p in ppl if p is not author])
    pr_no += 1
    scope = rng.choice(SCOPES)
    subject = f"{rng.choice(VERBS)} {rng.choice(THINGS)} in {scope}"
    branch = f"{author['github_login']}/{scope}-{pr_no}"
    # feature branch commits off the current head
    parent = head
    n = rng.choice([1, 1, 2, 2, 3])
    for k in range(n):
        ct = t - timedelta(hours=(n - k) * 2 + rng.random())
        sha = fake_sha("c", pr_no, k)
        commits.append(dict(sha=sha, author_name=author["name"], author_email=author["email"], authored_at=ts(ct.date(), ct.hour, ct.minute),
                            committer_name=author["name"], committer_email=author["email"], committed_at=ts(ct.date(), ct.hour, ct.minute),
                            subject=subject if k == n - 1 else f"WIP {subject.lower()}", parents=[parent], parent_count=1,
                            is_merge=False, signed=True, trailers={}, reviewed_by=[], approved_by=[], co_authored_by=[]))
        parent = sha
        feature_commits += 1
    msha = fake_sha("m", pr_no)
    rb = f"{reviewer['name']} <{reviewer['email']}>"
    c = dict(sha=msha, author_name=author["name"], author_email=author["email"], authored_at=ts(t.date(), t.hour, t.minute),
             committer_name="GitHub", committer_email="noreply@github.com", committed_at=ts(t.date(), t.hour, t.minute),
             subject=f"Merge pull request #{pr_no} from {ORG}/{branch}", parents=[head, parent], parent_count=2,
             is_merge=True, signed=True, trailers={"Reviewed-by": [rb]}, reviewed_by=[rb], approved_by=[],
             co_authored_by=[])
    commits.append(c)
    merges.append(dict(c, pr_number=pr_no, merged_branch=f"{ORG}/{branch}"))
    pulls_git.append((pr_no, author, reviewer, t, subject, branch, msha))
    head = msha
    if len(merges) % 22 == 0:
        release_no += 1
        tags.append(dict(name=f"v3.{release_no}.0", target=msha, annotated=True, signed=True, tagger_name="Lukas Weber",
                         tagger_email=ENGL, tagged_at=ts(t.date(), t.hour, t.minute + 5 if t.minute < 54 else t.minute),
                         message=f"Release v3.{release_no}.0"))
commits.sort(key=lambda c: (c["committed_at"], c["sha"]), reverse=True)
merges.sort(key=lambda c: (c["committed_at"], c["sha"]), reverse=True)
tags.sort(key=lambda x: x["name"])
write_dataset("git", "commits", "git", "../acme-platform", commits)
write_dataset("git", "merges", "git", "../acme-platform", merges)
write_dataset("git", "tags", "git", "../acme-platform", tags)
branches = [dict(name="main", head=head, is_default=True, last_commit_at=commits[0]["committed_at"])]
for pr_n, author, reviewer, tt, subject, branch, msha in pulls_git[-6:]:
    branches.append(dict(name=branch, head=fake_sha("c", pr_n, 0), is_default=False, last_commit_at=ts(tt.date())))
branches.append(dict(name="release/3.x", head=tags[-1]["target"], is_default=False, last_commit_at=tags[-1]["tagged_at"]))
branches.sort(key=lambda b: b["name"])
write_dataset("git", "branches", "git", "../acme-platform", branches)
files = [
    (".github/CODEOWNERS", "codeowners", True, 1408), ("SECURITY.md", "security_policy", True, 1932),
    (".github/workflows/ci.yml", "ci_workflow", True, 4210), (".github/workflows/deploy.yml", "ci_workflow", True, 2877),
    ("package-lock.json", "lockfile", True, 812334), ("go.sum", "lockfile", True, 96021),
    (".github/dependabot.yml", "dependabot", True, 1103), ("LICENSE", "license", True, 1071),
    ("README.md", "readme", True, 7630),
]
write_dataset("git", "files", "git", "../acme-platform",
              sorted([dict(path=p, category=c, present=pr, sha256=sha256(p.encode()), size=s) for p, c, pr, s in files],
                     key=lambda r: r["path"]))

# ---------------------------------------------------------------------------
# GitHub organization
# ---------------------------------------------------------------------------
REPOS = ["fleet-api", "fleet-dashboard", "telemetry-ingest", "telemetry-processor", "firmware-updater",
         "robot-agent", "robot-sim", "navigation-core", "maps-service", "billing-service", "auth-service",
         "notifications", "customer-portal", "mobile-app", "public-docs", "website", "infra-terraform",
         "k8s-manifests", "helm-charts", "ci-actions", "data-pipelines", "ml-models", "analytics-dbt",
         "sdk-python", "sdk-typescript", "cli", "load-tests", "e2e-tests", "design-system", "internal-tools",
         "security-tooling", "runbooks", "incident-postmortems", "okta-terraform", "backup-scripts",
         "acme-platform", "legacy-heroku-app", "hackathon-2024", "compliance", "sandbox"]
ARCHIVED = {"legacy-heroku-app", "hackathon-2024"}
PUBLIC = {"sdk-python", "sdk-typescript", "public-docs"}
repos = []
for i, name in enumerate(REPOS):
    pub = name in PUBLIC
    created = d("2019-10-01") + timedelta(days=i * 41)
    pushed = ts(d("2024-03-01") if name in ARCHIVED else NOW - timedelta(days=rng.randint(1, 40)), 14, 3)
    repos.append(dict(id=500100200 + i, name=name, full_name=f"{ORG}/{name}", private=not pub,
                      visibility="public" if pub else "private", archived=name in ARCHIVED, fork=False,
                      default_branch="main", created_at=ts(created), pushed_at=pushed, updated_at=pushed,
                      html_url=f"https://github.com/{ORG}/{name}",
                      topics=["public-approved", "sdk"] if pub else [],
                      security_and_analysis={"secret_scanning": {"status": "enabled"},
                                             "secret_scanning_push_protection": {"status": "enabled"},
                                             "dependabot_security_updates": {"status": "enabled"}}))
write_dataset("github", "repos", "github", f"https://api.github.com/orgs/{ORG}", repos)
bp = []
for r in repos:
    bp.append(dict(repo=r["name"], branch="main", protected=True,
                   required_pull_request_reviews={"required_approving_review_count": 2 if r["name"] in ("fleet-api", "auth-service", "infra-terraform") else 1,
                                                  "dismiss_stale_reviews": True, "require_code_owner_reviews": True},
                   required_status_checks={"strict": True, "contexts": ["ci/test", "ci/lint"],
                                           "checks": [{"context": "ci/test", "app_id": 15368}, {"context": "ci/lint", "app_id": 15368}]},
                   enforce_admins={"enabled": True}, allow_force_pushes={"enabled": False},
                   allow_deletions={"enabled": False}, required_signatures={"enabled": False},
                   required_linear_history={"enabled": False}))
write_dataset("github", "branch_protection", "github", f"https://api.github.com/orgs/{ORG}", bp)
ADMINS = {"sampatel", "danalee-sec", "lukasweber"}
members = []
mid = 9100000
for p in sorted(humans, key=lambda p: p["email"]):
    if not p["github_login"] or p["employment_type"] == "contractor":
        continue
    if p["status"] == "terminated" and p["name"] != "Felix Wagner":
        continue
    mid += 37
    members.append(dict(login=p["github_login"], id=mid, node_id=f"MDQ6VXNlcj{mid}", type="User", site_admin=False,
                        html_url=f"https://github.com/{p['github_login']}",
                        role="admin" if p["github_login"] in ADMINS else "member",
                        two_factor_disabled=p["github_login"] == "jonas-k"))
for login in ("acme-ci-bot", "acme-release-bot"):
    mid += 37
    members.append(dict(login=login, id=mid, node_id=f"MDQ6VXNlcj{mid}", type="User", site_admin=False,
                        html_url=f"https://github.com/{login}", role="member", two_factor_disabled=False))
members.sort(key=lambda m: m["login"])
write_dataset("github", "members", "github", f"https://api.github.com/orgs/{ORG}", members)
outside = [dict(login=login, id=7700000 + i, node_id=f"MDQ6VXNlcj77{i}", type="User", site_admin=False,
                html_url=f"https://github.com/{login}") for i, (_, _, _, login, _) in enumerate(CONTRACTORS)]
write_dataset("github", "outside_collaborators", "github", f"https://api.github.com/orgs/{ORG}", outside)

# merged pull requests across the organization
pulls = []
active_repos = [r["name"] for r in repos if not r["archived"]]
weights = [8 if n in ("fleet-api", "telemetry-ingest", "fleet-dashboard", "acme-platform", "infra-terraform") else 2
           for n in active_repos]
numbers = {n: 200 + 13 * i for i, n in enumerate(active_repos)}
for pr_n, author, reviewer, tt, subject, branch, msha in pulls_git:
    created = tt - timedelta(hours=rng.uniform(3, 50))
    appr = tt - timedelta(minutes=rng.randint(10, 300))
    pulls.append(dict(repo="acme-platform", number=pr_n, title=subject, author=author["github_login"],
                      created_at=ts(created.date(), created.hour, created.minute), merged_at=ts(tt.date(), tt.hour, tt.minute),
                      merged_by=reviewer["github_login"] if rng.random() < 0.3 else author["github_login"] if False else reviewer["github_login"],
                      base_ref="main", head_ref=branch, merge_commit_sha=msha,
                      html_url=f"https://github.com/{ORG}/acme-platform/pull/{pr_n}",
                      reviews=[{"user": reviewer["github_login"], "state": "APPROVED", "submitted_at": ts(appr.date(), appr.hour, appr.minute)}],
                      approvals=1))
t = datetime(2025, 11, 20, 8, 0, 0)
while len(pulls) < 1500:
    t += timedelta(minutes=rng.randint(60, 520))
    if t.weekday() >= 5 or t >= datetime(2026, 11, 19, 5, 0):
        if t >= datetime(2026, 11, 19, 5, 0):
            t = datetime(2025, 11, 21, 8, 0, 0) + timedelta(minutes=rng.randint(0, 600))
        continue
    repo = rng.choices(active_repos, weights)[0]
    numbers[repo] += 1
    ppl = eng_active_at(t)
    author = rng.choice(ppl)
    revs = rng.sample([p for p in ppl if p is not author], 2)
    created = t - timedelta(hours=rng.uniform(2, 72))
    reviews = []
    if rng.random() < 0.15:
        cr = created + (t - created) / 3
        reviews.append({"user": revs[1]["github_login"], "state": "COMMENTED", "submitted_at": ts(cr.date(), cr.hour, cr.minute)})
    appr = t - timedelta(minutes=rng.randint(5, 400))
    reviews.append({"user": revs[0]["github_login"], "state": "APPROVED", "submitted_at": ts(appr.date(), appr.hour, appr.minute)})
    hot = rng.random() < 0.02
    scope = rng.choice(THINGS)
    title = f"Hotfix: {scope} regression" if hot else f"{rng.choice(VERBS)} {scope}"
    head_ref = f"hotfix/{scope.replace(' ', '-')}-{numbers[repo]}" if hot else f"{author['github_login']}/{scope.replace(' ', '-')}"
    pulls.append(dict(repo=repo, number=numbers[repo], title=title, author=author["github_login"],
                      created_at=ts(created.date(), created.hour, created.minute), merged_at=ts(t.date(), t.hour, t.minute),
                      merged_by=revs[0]["github_login"] if rng.random() < 0.5 else author["github_login"] if False else revs[0]["github_login"],
                      base_ref="main", head_ref=head_ref, merge_commit_sha=fake_sha("pr", repo, numbers[repo]),
                      html_url=f"https://github.com/{ORG}/{repo}/pull/{numbers[repo]}", reviews=reviews, approvals=1))
# deliberate gap: merged without approval
gap_author = next(p for p in eng if p["status"] == "active" and p["github_login"] not in ADMINS and p["github_login"] != "jonas-k")
pulls.append(dict(repo="fleet-api", number=1187, title="Bump telemetry batch size for fleet sync", author=gap_author["github_login"],
                  created_at="2026-10-29T16:02:00Z", merged_at="2026-10-29T16:40:00Z", merged_by="lukasweber",
                  base_ref="main", head_ref=f"{gap_author['github_login']}/batch-size", merge_commit_sha=fake_sha("pr", "fleet-api", 1187),
                  html_url=f"https://github.com/{ORG}/fleet-api/pull/1187",
                  reviews=[{"user": "hanatanaka", "state": "COMMENTED", "submitted_at": "2026-10-29T16:20:00Z"}],
                  approvals=0))
pulls.sort(key=lambda p: (p["repo"], p["number"]))
# Checks of each head commit and the ticket the collector's ticket_pattern finds (derived from the
# pull request, not from rng, so the rest of the example stays as it was).
PROJECT = {"fleet-api": "FLEET", "fleet-dashboard": "DASH", "telemetry-ingest": "TEL", "infra-terraform": "INFRA"}
CHECKS = ["CodeQL", "ci / lint", "ci / test", "dependency-review"]
for pr in pulls:
    h = int(fake_sha("ticket", pr["repo"], pr["number"])[:6], 16)
    pr["ticket"] = f"{PROJECT.get(pr['repo'], 'ENG')}-{100 + h % 2900}"
    pr["head_sha"] = fake_sha("head", pr["repo"], pr["number"])
    pr["labels"] = ["hotfix"] if pr["head_ref"].startswith("hotfix/") else []
    pr["checks"] = [dict(name=n, source="check_run", conclusion="success") for n in CHECKS]
    pr["checks_state"] = "success"
# deliberate gaps: a quick change merged without a ticket (and without approval, above), and a
# change merged while its end-to-end tests failed
gap_pr = next(p for p in pulls if p["repo"] == "fleet-api" and p["number"] == 1187)
gap_pr["ticket"] = None
checks_gap = max((p for p in pulls if p["repo"] == "acme-platform" and p["merged_at"] < "2026-11-10"),
                 key=lambda p: p["merged_at"])
checks_gap["checks"] = sorted(checks_gap["checks"] + [dict(name="e2e / playwright", source="check_run", conclusion="failure")],
                              key=lambda c: c["name"])
checks_gap["checks_state"] = "failure"
write_dataset("github", "pulls", "github", f"https://api.github.com/orgs/{ORG}", pulls)

alerts = []
PKGS = [("npm", "axios", "package-lock.json"), ("npm", "semver", "package-lock.json"), ("go", "golang.org/x/net", "go.sum"),
        ("pip", "urllib3", "requirements.txt"), ("pip", "jinja2", "poetry.lock"), ("npm", "ws", "package-lock.json"),
        ("go", "google.golang.org/grpc", "go.sum"), ("npm", "path-to-regexp", "package-lock.json"),
        ("pip", "cryptography", "poetry.lock"), ("maven", "com.fasterxml.jackson.core:jackson-databind", "pom.xml")]
num = {}
for i in range(140):
    repo = rng.choice(active_repos)
    num[repo] = num.get(repo, 0) + 1
    eco, pkg, manifest = rng.choice(PKGS)
    sev = rng.choices(["low", "medium", "high", "critical"], [3, 5, 3, 1])[0]
    created = d("2025-12-01") + timedelta(days=rng.randrange(330))
    state = "fixed"
    age = (NOW - created).days
    limit = {"critical": 15, "high": 30, "medium": 90, "low": 400}[sev]
    if age <= limit and rng.random() < 0.5:
        state = "open"
    elif rng.random() < 0.08:
        state = "dismissed"
    ghsa = "GHSA-" + "-".join(sha256(f"{pkg}{i}".encode())[j:j + 4] for j in (0, 4, 8))
    a = dict(number=num[repo], repo=repo, state=state, severity=sev,
             dependency={"package": {"ecosystem": eco, "name": pkg}, "manifest_path": manifest, "scope": "runtime"},
             security_advisory={"ghsa_id": ghsa, "summary": f"{pkg} vulnerability", "severity": sev},
             security_vulnerability={"package": {"ecosystem": eco, "name": pkg}, "severity": sev},
             created_at=ts(created), updated_at=ts(created + timedelta(days=3)),
             html_url=f"https://github.com/{ORG}/{repo}/security/dependabot/{num[repo]}",
             repository={"name": repo, "full_name": f"{ORG}/{repo}"},
             fixed_at=None, dismissed_at=None, dismissed_reason=None, dismissed_comment=None)
    if state == "fixed":
        a["fixed_at"] = ts(created + timedelta(days=rng.randint(1, min(limit, 14))))
        a["updated_at"] = a["fixed_at"]
    if state == "dismissed":
        a["dismissed_at"] = ts(created + timedelta(days=2))
        a["dismissed_reason"] = "not_used"
        a["dismissed_comment"] = "Vulnerable code path not reachable: dev-only dependency"
        a["updated_at"] = a["dismissed_at"]
    alerts.append(a)
alerts.sort(key=lambda a: (a["repo"], a["number"]))
write_dataset("github", "dependabot_alerts", "github", f"https://api.github.com/orgs/{ORG}", alerts)

# secret scanning: leaked tokens revoked within hours; one fresh alert being handled
secret_alerts = []
for k, (repo, typ, name, created, resolved, resolution, validity) in enumerate([
        ("fleet-api", "slack_incoming_webhook_url", "Slack Incoming Webhook URL", "2026-02-11T09:14:00Z", "2026-02-11T10:02:00Z", "revoked", "inactive"),
        ("telemetry-ingest", "aws_access_key_id", "Amazon AWS Access Key ID", "2026-06-03T15:40:00Z", "2026-06-03T16:05:00Z", "revoked", "inactive"),
        ("fleet-dashboard", "stripe_test_secret_key", "Stripe Test API Secret Key", "2026-08-19T11:00:00Z", "2026-08-19T13:30:00Z", "used_in_tests", "unknown"),
        ("infra-terraform", "datadog_api_key", "Datadog API Key", "2026-11-18T08:20:00Z", None, None, "unknown")]):
    secret_alerts.append(dict(repo=repo, number=k + 1, state="resolved" if resolved else "open", secret_type=typ,
                              secret_type_display_name=name, validity=validity, created_at=created,
                              updated_at=resolved or created, resolved_at=resolved, resolution=resolution,
                              resolution_comment="Key rotated in Vault, old key deleted" if resolution == "revoked"
                              else "Stripe test-mode key in a fixture" if resolution else None,
                              resolved_by="lukasweber" if resolved else None, push_protection_bypassed=False,
                              push_protection_bypassed_by=None, publicly_leaked=False,
                              html_url=f"https://github.com/{ORG}/{repo}/security/secret-scanning/{k + 1}"))
secret_alerts.sort(key=lambda a: (a["repo"], a["number"]))
write_dataset("github", "secret_scanning_alerts", "github", f"https://api.github.com/orgs/{ORG}", secret_alerts)

# Google Workspace: an account per person of the roster (service accounts included); leavers' are
# suspended on their last day; 2-step verification enrolled and enforced everywhere.
gw_users = []
for p in people:
    left = p["status"] == "terminated"
    h = int(sha256(("gw" + p["email"]).encode())[:8], 16)
    gw_users.append(dict(kind="admin#directory#user", id=str(104392846201937465000 + h % 100000), primaryEmail=p["email"],
                         name={"fullName": p["name"]}, isAdmin=p["email"] in (SECO, ITA), isDelegatedAdmin=False,
                         lastLoginTime=None if p["employment_type"] == "service_account" else
                         (ts(p["end_date"] if left else NOW - timedelta(days=1 + h % 6), 8 + h % 9, h % 60)),
                         creationTime=ts(p["start_date"] - timedelta(days=3)), suspended=left, archived=False,
                         isEnrolledIn2Sv=True, isEnforcedIn2Sv=True,
                         orgUnitPath="/Former employees" if left else "/Service accounts" if p["employment_type"] == "service_account"
                         else f"/{p['department']}", isMailboxSetup=True))
gw_users.sort(key=lambda u: u["primaryEmail"])
write_dataset("google_workspace_users", "google_workspace_users", "http",
              "GET https://admin.googleapis.com/admin/directory/v1/users?customer=my_customer&maxResults=500&orderBy=email", gw_users)

# ---------------------------------------------------------------------------
# AWS
# ---------------------------------------------------------------------------
iam_users = []
cred = [dict(user="<root_account>", arn=f"arn:aws:iam::{ACCOUNT}:root", user_creation_time="2019-03-04T10:00:00+00:00",
             password_enabled="not_supported", password_last_used="2025-08-12T09:14:00+00:00",
             password_last_changed="not_supported", password_next_rotation="not_supported", mfa_active="true",
             access_key_1_active="false", access_key_1_last_rotated="N/A", access_key_1_last_used_date="N/A",
             access_key_1_last_used_region="N/A", access_key_1_last_used_service="N/A",
             access_key_2_active="false", access_key_2_last_rotated="N/A", access_key_2_last_used_date="N/A",
             access_key_2_last_used_region="N/A", access_key_2_last_used_service="N/A",
             cert_1_active="false", cert_1_last_rotated="N/A", cert_2_active="false", cert_2_last_rotated="N/A")]
for p in sorted(people, key=lambda p: p["aws_username"] or ""):
    u = p["aws_username"]
    if not u or p["status"] == "terminated":
        continue
    svc = p["employment_type"] == "service_account"
    created = max(p["start_date"], d("2022-03-01"))
    path = "/service/" if svc else "/"
    uid = "AIDA" + sha256(u.encode())[:17].upper()
    row = dict(UserName=u, UserId=uid, Arn=f"arn:aws:iam::{ACCOUNT}:user{path}{u}", Path=path,
               CreateDate=f"{created.isoformat()}T09:00:00+00:00")
    used = NOW - timedelta(days=rng.randint(1, 20))
    if not svc:
        row["PasswordLastUsed"] = f"{used.isoformat()}T08:{rng.randint(10, 59)}:00+00:00"
    iam_users.append(row)
    rot = NOW - timedelta(days=rng.randint(5, 80))
    cred.append(dict(user=u, arn=row["Arn"], user_creation_time=row["CreateDate"],
                     password_enabled="false" if svc else "true",
                     password_last_used="N/A" if svc else row["PasswordLastUsed"],
                     password_last_changed="N/A" if svc else f"{(NOW - timedelta(days=rng.randint(20, 200))).isoformat()}T10:00:00+00:00",
                     password_next_rotation="N/A", mfa_active="false" if svc else "true",
                     access_key_1_active="true" if svc else "false",
                     access_key_1_last_rotated=f"{rot.isoformat()}T10:00:00+00:00" if svc else "N/A",
                     access_key_1_last_used_date=f"{(NOW - timedelta(days=1)).isoformat()}T03:00:00+00:00" if svc else "N/A",
                     access_key_1_last_used_region="eu-central-1" if svc else "N/A",
                     access_key_1_last_used_service="s3" if svc else "N/A",
                     access_key_2_active="false", access_key_2_last_rotated="N/A", access_key_2_last_used_date="N/A",
                     access_key_2_last_used_region="N/A", access_key_2_last_used_service="N/A",
                     cert_1_active="false", cert_1_last_rotated="N/A", cert_2_active="false", cert_2_last_rotated="N/A"))
iam_users.sort(key=lambda r: r["UserName"])
AWS = "aws"
write_dataset("aws_iam_users", "aws_iam_users", "command", "aws iam list-users --output json", iam_users)
write_dataset("aws_iam_credential_report", "aws_iam_credential_report", "command",
              "sh scripts/aws_iam_credential_report.sh", cred)
KEY = f"arn:aws:kms:eu-central-1:{ACCOUNT}:key/"
kms = []
for i in range(9):
    kid = "-".join([sha256(f"k{i}".encode())[a:b] for a, b in ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32))])
    kms.append(dict(KeyId=kid, KeyManager="CUSTOMER", KeyState="Enabled", rotation_enabled=True))
for i in range(4):
    kid = "-".join([sha256(f"aws{i}".encode())[a:b] for a, b in ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32))])
    kms.append(dict(KeyId=kid, KeyManager="AWS", KeyState="Enabled", rotation_enabled=True))
kms.sort(key=lambda k: k["KeyId"])
write_dataset("aws_kms_keys", "aws_kms_keys", "command", "sh scripts/aws_kms_keys.sh", kms)
cmk = KEY + kms[0]["KeyId"]
BUCKETS = ["acme-customer-uploads", "acme-customer-uploads-replica", "acme-telemetry-archive", "acme-cloudtrail-logs",
           "acme-s3-access-logs", "acme-terraform-state", "acme-backups-export", "acme-firmware-releases",
           "acme-data-lake-raw", "acme-data-lake-curated", "acme-staging-uploads", "acme-alb-logs",
           "acme-config-snapshots", "acme-ml-training-data"]
# Confidential and restricted buckets replicate to the DR account in eu-west-1 (BKP-06); customer
# uploads to a replica in the same account. Deliberate gap: the ML training data is not replicated.
REPLICATION = {b: [f"arn:aws:s3:::acme-dr-{b.removeprefix('acme-')}"] for b in
               ["acme-backups-export", "acme-terraform-state", "acme-telemetry-archive", "acme-data-lake-raw",
                "acme-data-lake-curated"]}
REPLICATION["acme-customer-uploads"] = ["arn:aws:s3:::acme-customer-uploads-replica"]
# Bucket policies: CloudTrail and S3 server access logging write to the log buckets; only the
# account's security-audit role reads the CloudTrail logs (LOG-05). Every policy denies plain HTTP.
def bucket_policy(b, *grants):
    deny = {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [f"arn:aws:s3:::{b}", f"arn:aws:s3:::{b}/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
    return {"Version": "2012-10-17", "Statement": [*grants, deny]}
POLICIES = {
    "acme-cloudtrail-logs": bucket_policy(
        "acme-cloudtrail-logs",
        {"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "s3:GetBucketAcl", "Resource": "arn:aws:s3:::acme-cloudtrail-logs",
         "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}},
        {"Sid": "AWSCloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::acme-cloudtrail-logs/AWSLogs/{ACCOUNT}/*",
         "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": ACCOUNT}}},
        {"Sid": "SecurityAuditRead", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/security-audit"},
         "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": ["arn:aws:s3:::acme-cloudtrail-logs", "arn:aws:s3:::acme-cloudtrail-logs/*"]}),
    "acme-s3-access-logs": bucket_policy(
        "acme-s3-access-logs",
        {"Sid": "S3ServerAccessLogsPolicy", "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
         "Action": "s3:PutObject", "Resource": "arn:aws:s3:::acme-s3-access-logs/*",
         "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}}),
}
s3 = []
for i, b in enumerate(BUCKETS):
    s3.append(dict(Name=b, CreationDate=f"{(d('2022-03-01') + timedelta(days=i * 53)).isoformat()}T10:00:00+00:00",
                   encryption={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": cmk}, "BucketKeyEnabled": True}]},
                   public_access_block={"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True},
                   versioning="Enabled",
                   logging={"TargetBucket": "acme-s3-access-logs", "TargetPrefix": f"{b}/"},
                   replication_destinations=REPLICATION.get(b), policy=POLICIES.get(b), errors=None))
s3.sort(key=lambda r: r["Name"])
write_dataset("aws_s3_buckets", "aws_s3_buckets", "command", "sh scripts/aws_s3_buckets.sh", s3)
trails = [dict(Name="org-trail", S3BucketName="acme-cloudtrail-logs", IsMultiRegionTrail=True, HomeRegion="eu-central-1",
               LogFileValidationEnabled=True, KmsKeyId=cmk, IncludeGlobalServiceEvents=True, IsOrganizationTrail=True,
               HasCustomEventSelectors=False, HasInsightSelectors=False,
               TrailARN=f"arn:aws:cloudtrail:eu-central-1:{ACCOUNT}:trail/org-trail", is_logging=True),
          dict(Name="data-events-trail", S3BucketName="acme-cloudtrail-logs", IsMultiRegionTrail=False,
               HomeRegion="eu-central-1", LogFileValidationEnabled=True, KmsKeyId=cmk, IncludeGlobalServiceEvents=False,
               IsOrganizationTrail=False, HasCustomEventSelectors=True, HasInsightSelectors=False,
               TrailARN=f"arn:aws:cloudtrail:eu-central-1:{ACCOUNT}:trail/data-events-trail", is_logging=True)]
write_dataset("aws_cloudtrail_trails", "aws_cloudtrail_trails", "command", "sh scripts/aws_cloudtrail_trails.sh", trails)
REGIONS = ["eu-central-1", "eu-west-1", "eu-north-1", "us-east-1"]
write_dataset("aws_ebs_encryption", "aws_ebs_encryption", "command", "sh scripts/aws_ebs_encryption.sh",
              [dict(Region=r, EbsEncryptionByDefault=True) for r in REGIONS])
write_dataset("aws_guardduty_detectors", "aws_guardduty_detectors", "command", "sh scripts/aws_guardduty_detectors.sh",
              [dict(Region=r, DetectorId=sha256(r.encode())[:32], Status="ENABLED") for r in REGIONS],
              collected_at=STALE_COLLECTED)


def rule(proto, fp, tp, cidrs=(), sgs=()):
    return {"IpProtocol": proto, "FromPort": fp, "ToPort": tp, "IpRanges": [{"CidrIp": c} for c in cidrs],
            "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": [{"GroupId": g, "UserId": ACCOUNT} for g in sgs]}


VPC = "vpc-0c4e7a19b2d3f5061"
sgs = [
    dict(GroupId="sg-01a2b3c4d5e6f7001", GroupName="default", VpcId=VPC, Description="default VPC security group", IpPermissions=[]),
    dict(GroupId="sg-01a2b3c4d5e6f7002", GroupName="alb-public", VpcId=VPC, Description="Public ALB",
         IpPermissions=[dict(rule("tcp", 443, 443, ["0.0.0.0/0"]), Ipv6Ranges=[{"CidrIpv6": "::/0"}]), rule("tcp", 80, 80, ["0.0.0.0/0"])]),
    dict(GroupId="sg-01a2b3c4d5e6f7003", GroupName="eks-nodes", VpcId=VPC, Description="EKS worker nodes",
         IpPermissions=[rule("tcp", 8080, 8080, sgs=["sg-01a2b3c4d5e6f7002"]), rule("-1", None, None, sgs=["sg-01a2b3c4d5e6f7003"])]),
    dict(GroupId="sg-01a2b3c4d5e6f7004", GroupName="rds-postgres", VpcId=VPC, Description="Production PostgreSQL",
         IpPermissions=[rule("tcp", 5432, 5432, sgs=["sg-01a2b3c4d5e6f7003"])]),
    dict(GroupId="sg-01a2b3c4d5e6f7005", GroupName="redis", VpcId=VPC, Description="ElastiCache Redis",
         IpPermissions=[rule("tcp", 6379, 6379, sgs=["sg-01a2b3c4d5e6f7003"])]),
    dict(GroupId="sg-01a2b3c4d5e6f7006", GroupName="bastion", VpcId=VPC, Description="SSM-only bastion (no inbound)", IpPermissions=[]),
    dict(GroupId="sg-01a2b3c4d5e6f7007", GroupName="vpn-office", VpcId=VPC, Description="Berlin office VPN",
         IpPermissions=[rule("udp", 51820, 51820, ["203.0.113.24/32"])]),
]
for g in sgs:
    g["OwnerId"] = ACCOUNT
    g["IpPermissionsEgress"] = [rule("-1", None, None, ["0.0.0.0/0"])]
    for r in g["IpPermissions"] + g["IpPermissionsEgress"]:
        if r["FromPort"] is None:
            del r["FromPort"], r["ToPort"]
write_dataset("aws_security_groups", "aws_security_groups", "command",
              "aws ec2 describe-security-groups --output json", sgs)
rds = []
# Storage autoscales to four times the allocation (MON-06).
for ident, eng_, ver, cls, alloc in (("prod-fleet-postgres", "postgres", "16.4", "db.r6g.xlarge", 400),
                                     ("prod-billing-postgres", "postgres", "16.4", "db.r6g.large", 200),
                                     ("prod-telemetry-timescale", "postgres", "16.4", "db.r6g.2xlarge", 1500),
                                     ("staging-fleet-postgres", "postgres", "16.4", "db.t4g.medium", 100)):
    rds.append(dict(DBInstanceIdentifier=ident, Engine=eng_, EngineVersion=ver, DBInstanceClass=cls,
                    DBInstanceStatus="available", StorageEncrypted=True, KmsKeyId=cmk, PubliclyAccessible=False,
                    BackupRetentionPeriod=35 if ident.startswith("prod") else 7, MultiAZ=True, DeletionProtection=True,
                    AvailabilityZone="eu-central-1a", StorageType="gp3", AllocatedStorage=alloc, MaxAllocatedStorage=alloc * 4,
                    TagList=[{"Key": "Environment", "Value": "production" if ident.startswith("prod") else "staging"},
                             {"Key": "Owner", "Value": "sre"}]))
write_dataset("aws_rds_instances", "aws_rds_instances", "command", "aws rds describe-db-instances --output json", rds)
# AWS Backup protects the production databases and the sensitive buckets; a restore testing plan
# restores and validates one recovery point of each type every month (BKP-07), the latest on
# 2026-11-08.
BACKUP_REGION = "eu-central-1"
VAULT = f"arn:aws:backup:{BACKUP_REGION}:{ACCOUNT}:backup-vault:acme-prod-vault"
protected = [dict(ResourceArn=f"arn:aws:rds:{BACKUP_REGION}:{ACCOUNT}:db:{r['DBInstanceIdentifier']}", ResourceType="RDS",
                  ResourceName=r["DBInstanceIdentifier"], LastBackupTime="2026-11-19T02:10:00+00:00",
                  LastBackupVaultArn=VAULT, Region=BACKUP_REGION)
             for r in rds if r["DBInstanceIdentifier"].startswith("prod")]
protected += [dict(ResourceArn=f"arn:aws:s3:::{b}", ResourceType="S3", ResourceName=b,
                   LastBackupTime="2026-11-19T03:00:00+00:00", LastBackupVaultArn=VAULT, Region=BACKUP_REGION)
              for b in ("acme-customer-uploads", "acme-terraform-state")]
protected.sort(key=lambda r: r["ResourceArn"])
write_dataset("aws_backup_protected_resources", "aws_backup_protected_resources", "command",
              "sh scripts/aws_backup_protected_resources.sh", protected)
PLAN = f"arn:aws:backup:{BACKUP_REGION}:{ACCOUNT}:restore-testing-plan:monthly_restore_test-8e41c2d0"
restores = []
for month in range(1, 12):
    for k, (rtype, arn, minutes) in enumerate((("RDS", protected[0]["ResourceArn"], 41), ("S3", "arn:aws:s3:::acme-terraform-state", 6))):
        start = datetime(2026, month, 8, 3, 0, k * 5)
        h = sha256(f"restore{month}{rtype}".encode())
        jid = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"
        restores.append(dict(RestoreJobId=jid, ResourceType=rtype, Status="COMPLETED", StatusMessage=None,
                             CreationDate=start.isoformat() + "+00:00",
                             CompletionDate=(start + timedelta(minutes=minutes)).isoformat() + "+00:00",
                             RecoveryPointArn=f"{VAULT}:recovery-point:{jid[:8]}",
                             CreatedResourceArn=f"{arn}-restore-test-{jid[:8]}", RestoreTestingPlanArn=PLAN,
                             ValidationStatus="SUCCESSFUL",
                             ValidationStatusMessage="row counts match the source" if rtype == "RDS" else "object count and checksums match",
                             DeletionStatus="SUCCESSFUL", Region=BACKUP_REGION))
restores.sort(key=lambda r: r["CreationDate"])
write_dataset("aws_backup_restore_jobs", "aws_backup_restore_jobs", "command", "sh scripts/aws_backup_restore_jobs.sh", restores)

# ---------------------------------------------------------------------------
# trivy and Kubernetes
# ---------------------------------------------------------------------------
IMAGES = ["fleet-api:3.%d.0", "telemetry-ingest:3.%d.0", "fleet-dashboard:3.%d.0", "billing-service:3.%d.0",
          "auth-service:3.%d.0", "maps-service:3.%d.0"]
trivy = []
for img in IMAGES:
    ref = f"ghcr.io/{ORG}/" + (img % release_no)
    trivy.append(dict(Target=f"{ref} (debian 12.8)", Class="os-pkgs", Type="debian", Vulnerabilities=[
        {"VulnerabilityID": "CVE-2024-56433", "PkgName": "login", "InstalledVersion": "1:4.13+dfsg1-1", "Severity": "LOW",
         "Title": "shadow-utils: default subordinate ID configuration", "PrimaryURL": "https://avd.aquasec.com/nvd/cve-2024-56433"},
        {"VulnerabilityID": "CVE-2025-0395", "PkgName": "libc6", "InstalledVersion": "2.36-9+deb12u9", "Severity": "MEDIUM",
         "Title": "glibc: buffer overflow in assert", "PrimaryURL": "https://avd.aquasec.com/nvd/cve-2025-0395"}]))
    trivy.append(dict(Target="app/go.mod" if "api" in img or "ingest" in img else "app/package-lock.json",
                      Class="lang-pkgs", Type="gomod" if "api" in img or "ingest" in img else "npm", Vulnerabilities=[]))
# the legacy R1 firmware builder image: a fixable critical finding waived by exception EX-2026-001
trivy.append(dict(Target=f"ghcr.io/{ORG}/legacy-r1-firmware-builder:1.9.2 (debian 11.9)", Class="os-pkgs", Type="debian",
                  Vulnerabilities=[{"VulnerabilityID": "CVE-2024-45490", "PkgName": "libexpat1", "InstalledVersion": "2.2.10-2+deb11u5",
                                    "FixedVersion": "2.2.10-2+deb11u6", "Severity": "CRITICAL",
                                    "Title": "libexpat: Negative Length Parsing Vulnerability in libexpat",
                                    "PrimaryURL": "https://avd.aquasec.com/nvd/cve-2024-45490"}]))
write_dataset("trivy_results", "trivy_results", "command",
              f"trivy image --quiet --format json ghcr.io/{ORG}/fleet-api:latest", trivy)
pods = []
for svc, reps in (("fleet-api", 4), ("telemetry-ingest", 6), ("fleet-dashboard", 2), ("billing-service", 2),
                  ("auth-service", 3), ("maps-service", 2), ("notifications", 2)):
    for k in range(reps):
        h = sha256(f"{svc}{k}".encode())
        pods.append(dict(apiVersion="v1", kind="Pod",
                         metadata={"name": f"{svc}-{h[:9]}-{h[9:14]}", "namespace": "prod", "labels": {"app": svc}},
                         spec={"serviceAccountName": svc, "hostNetwork": False,
                               "securityContext": {"runAsNonRoot": True, "runAsUser": 10001, "fsGroup": 10001},
                               "containers": [{"name": svc, "image": f"ghcr.io/{ORG}/{svc}:3.{release_no}.0",
                                               "securityContext": {"allowPrivilegeEscalation": False, "privileged": False,
                                                                   "runAsUser": 10001, "runAsNonRoot": True,
                                                                   "readOnlyRootFilesystem": True},
                                               "resources": {"requests": {"cpu": "250m", "memory": "256Mi"},
                                                             "limits": {"memory": "1Gi"}}}]},
                         status={"phase": "Running"}))
pods.sort(key=lambda p: (p["metadata"]["namespace"], p["metadata"]["name"]))
write_dataset("k8s_pods", "k8s_pods", "command", "kubectl get pods --all-namespaces --output json", pods)
netpols = [dict(apiVersion="networking.k8s.io/v1", kind="NetworkPolicy",
                metadata={"name": name, "namespace": "prod", "creationTimestamp": "2026-02-10T09:00:00Z"},
                spec=spec) for name, spec in [
    ("allow-ingress-nginx", {"podSelector": {"matchLabels": {"tier": "web"}}, "policyTypes": ["Ingress"],
                             "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}]}]}),
    ("allow-same-namespace", {"podSelector": {}, "policyTypes": ["Ingress"], "ingress": [{"from": [{"podSelector": {}}]}]}),
    ("default-deny", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}),
]]
write_dataset("k8s_network_policies", "k8s_network_policies", "command",
              "kubectl get networkpolicies --all-namespaces --output json", netpols)
bindings = [
    dict(metadata={"name": "cluster-admin", "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"}},
         roleRef={"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
         subjects=[{"kind": "Group", "name": "system:masters", "apiGroup": "rbac.authorization.k8s.io"}]),
    dict(metadata={"name": "sre-view", "labels": {}},
         roleRef={"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"},
         subjects=[{"kind": "Group", "name": "okta:sre", "apiGroup": "rbac.authorization.k8s.io"}]),
    dict(metadata={"name": "engineering-view", "labels": {}},
         roleRef={"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"},
         subjects=[{"kind": "Group", "name": "okta:engineering", "apiGroup": "rbac.authorization.k8s.io"}]),
    dict(metadata={"name": "argocd-application-controller", "labels": {}},
         roleRef={"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "argocd-application-controller"},
         subjects=[{"kind": "ServiceAccount", "name": "argocd-application-controller", "namespace": "argocd"}]),
]
bindings.sort(key=lambda b: b["metadata"]["name"])
write_dataset("k8s_rbac_bindings", "k8s_rbac_bindings", "command",
              "kubectl get clusterrolebindings --output json", bindings)

# ---------------------------------------------------------------------------
# Prowler (OCSF) and SARIF: the raw tool outputs under scans/, read by `file`
# collectors, and the evidence `soc2 collect` writes from them (the same
# normalization as src/collect/ocsf.rs and sarif.rs; `soc2 collect
# prowler_findings sarif_results --now 2026-11-19T06:00:00Z` reproduces it).
# ---------------------------------------------------------------------------
SCAN_TIME = "2026-11-19T05:40:00.000000"
SCAN_EPOCH = 1795066800  # 2026-11-19T05:40:00Z
# Prowler's SOC 2 requirement ids (unmapped.compliance) for the checks below.
PROWLER_SOC2 = {
    "iam_aws_attached_policy_no_administrative_privileges": ["cc_1_3", "cc_6_3"],
    "iam_user_accesskey_unused": ["cc_1_3"],
    "s3_bucket_public_access": ["cc_6_1"],
    "rds_instance_no_public_access": ["cc_6_2"],
    "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22": ["cc_6_6", "cc_7_2"],
    "acm_certificates_expiration_check": ["cc_6_7"],
    "guardduty_is_enabled": ["cc_3_1", "cc_3_2", "cc_4_2", "cc_6_8", "cc_7_1", "cc_7_2", "cc_7_3", "cc_7_4"],
    "securityhub_enabled": ["cc_3_1", "cc_6_8", "cc_7_1", "cc_7_2", "cc_7_3", "cc_7_4"],
    "config_recorder_all_regions_enabled": ["cc_2_1", "cc_3_1", "cc_3_4", "cc_8_1"],
    "cloudtrail_multi_region_enabled": ["cc_2_1", "cc_7_2", "cc_a_1_1", "pi_1_3"],
    "cloudtrail_log_file_validation_enabled": ["cc_7_3", "pi_1_3"],
    "vpc_flow_logs_enabled": ["cc_7_2", "cc_7_3"],
    "rds_instance_backup_enabled": ["cc_7_4", "cc_a_1_1"],
    "rds_instance_deletion_protection": ["cc_c_1_1"],
    "s3_bucket_object_versioning": ["cc_7_4", "cc_a_1_1", "cc_c_1_2", "pi_1_5"],
    "s3_bucket_default_encryption": ["pi_1_4"],
    "ec2_ebs_snapshots_encrypted": ["cc_7_5"],
}
PROWLER_TITLES = {
    "iam_aws_attached_policy_no_administrative_privileges": ("Ensure IAM AWS-Managed policies that allow full \"*:*\" administrative privileges are not attached.", "High", "iam"),
    "iam_user_accesskey_unused": ("Ensure unused user access keys are disabled.", "Medium", "iam"),
    "s3_bucket_public_access": ("Ensure there are no S3 buckets open to Everyone or Any AWS user.", "Critical", "s3"),
    "rds_instance_no_public_access": ("Ensure there are no Public Accessible RDS instances.", "Critical", "rds"),
    "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22": ("Ensure no security groups allow ingress from 0.0.0.0/0 or ::/0 to SSH port 22.", "High", "ec2"),
    "acm_certificates_expiration_check": ("Check if ACM Certificates are about to expire in specific days or less.", "High", "acm"),
    "guardduty_is_enabled": ("Check if GuardDuty is enabled.", "Medium", "guardduty"),
    "securityhub_enabled": ("Check if Security Hub is enabled and its standard subscriptions.", "Medium", "securityhub"),
    "config_recorder_all_regions_enabled": ("Ensure AWS Config is enabled in all regions.", "Medium", "config"),
    "cloudtrail_multi_region_enabled": ("Ensure CloudTrail is enabled in all regions.", "High", "cloudtrail"),
    "cloudtrail_log_file_validation_enabled": ("Ensure CloudTrail log file validation is enabled.", "Medium", "cloudtrail"),
    "vpc_flow_logs_enabled": ("Ensure VPC Flow Logging is Enabled in all VPCs.", "Medium", "vpc"),
    "rds_instance_backup_enabled": ("Check if RDS instances have backup enabled.", "Medium", "rds"),
    "rds_instance_deletion_protection": ("Check if RDS instances have deletion protection enabled.", "Medium", "rds"),
    "s3_bucket_object_versioning": ("Check if S3 buckets have object versioning enabled.", "Medium", "s3"),
    "s3_bucket_default_encryption": ("Check if S3 buckets have default encryption (SSE) enabled or use a bucket policy to enforce it.", "Medium", "s3"),
    "ec2_ebs_snapshots_encrypted": ("Ensure that EBS snapshots are encrypted.", "Medium", "ec2"),
}
PROWLER_REMEDIATION = {
    "vpc_flow_logs_enabled": "It is recommended that VPC Flow Logs be enabled for packet \"Rejects\" for VPCs.",
    "s3_bucket_public_access": "You can enable Block Public Access at the account and bucket level, or restrict the bucket policy.",
}
REGION = "eu-central-1"
prowler_raw = []


def prowler(check, status, rtype, uid, name, message, region=REGION, muted=False):
    title, severity, service = PROWLER_TITLES[check]
    prowler_raw.append({
        "message": message,
        "metadata": {"event_code": check,
                     "product": {"name": "Prowler", "uid": "prowler", "vendor_name": "Prowler", "version": "5.10.2"},
                     "profiles": ["cloud", "datetime"], "tenant_uid": "o-7k2m9q4x1z", "version": "1.5.0"},
        "severity_id": {"Critical": 5, "High": 4, "Medium": 3, "Low": 2}[severity],
        "severity": severity,
        "status": "Suppressed" if muted else "New",
        "status_code": status,
        "status_detail": message,
        "status_id": 3 if muted else 1,
        "unmapped": {"related_url": "", "categories": [], "depends_on": [], "related_to": [],
                     "additional_urls": [], "notes": "",
                     "compliance": {"SOC2": PROWLER_SOC2[check]}},
        "activity_name": "Create",
        "activity_id": 1,
        "finding_info": {"created_time": SCAN_EPOCH, "created_time_dt": SCAN_TIME, "desc": title, "product_uid": "prowler",
                         "title": title, "types": ["Software and Configuration Checks"],
                         "uid": f"prowler-aws-{check}-{ACCOUNT}-{region}-{name}", "name": name},
        "resources": [{"cloud_partition": "aws", "region": region, "data": {"details": "", "metadata": {}},
                       "group": {"name": service}, "labels": [], "name": name, "type": rtype, "uid": uid}],
        "category_name": "Findings", "category_uid": 2, "class_name": "Detection Finding", "class_uid": 2004,
        "cloud": {"account": {"name": "acme-production", "type": "AWS Account", "type_id": 10, "uid": ACCOUNT,
                              "labels": []},
                  "org": {"name": "acme-robotics", "uid": "o-7k2m9q4x1z"}, "provider": "aws", "region": region},
        "remediation": {"desc": PROWLER_REMEDIATION.get(check, "Follow the AWS documentation for this check."),
                        "references": []},
        "risk_details": title,
        "time": SCAN_EPOCH,
        "time_dt": SCAN_TIME,
        "type_uid": 200401,
        "type_name": "Detection Finding: Create",
    })


for pol in ("AdministratorAccess",):
    prowler("iam_aws_attached_policy_no_administrative_privileges", "PASS", "AwsIamPolicy",
            f"arn:aws:iam::aws:policy/{pol}", pol, f"AWS-managed policy {pol} is attached only to the break-glass role.")
for user in ("ci-deploy", "terraform"):
    prowler("iam_user_accesskey_unused", "PASS", "AwsIamUser", f"arn:aws:iam::{ACCOUNT}:user/{user}", user,
            f"User {user} has no unused access keys.")
for bucket in ("acme-robotics-telemetry", "acme-robotics-backups", "acme-robotics-cloudtrail"):
    prowler("s3_bucket_public_access", "PASS", "AwsS3Bucket", f"arn:aws:s3:::{bucket}", bucket,
            f"S3 Bucket {bucket} is not public.")
    prowler("s3_bucket_object_versioning", "PASS", "AwsS3Bucket", f"arn:aws:s3:::{bucket}", bucket,
            f"S3 Bucket {bucket} has versioning enabled.")
    prowler("s3_bucket_default_encryption", "PASS", "AwsS3Bucket", f"arn:aws:s3:::{bucket}", bucket,
            f"S3 Bucket {bucket} has Server Side Encryption with aws:kms.")
# the public website bucket is public on purpose and muted in Prowler's mutelist
prowler("s3_bucket_public_access", "FAIL", "AwsS3Bucket", "arn:aws:s3:::acme-robotics-website", "acme-robotics-website",
        "S3 Bucket acme-robotics-website has public access due to bucket policy.", muted=True)
for ident in ("prod-fleet-postgres", "prod-billing-postgres", "prod-telemetry-timescale", "staging-fleet-postgres"):
    arn = f"arn:aws:rds:{REGION}:{ACCOUNT}:db:{ident}"
    prowler("rds_instance_no_public_access", "PASS", "AwsRdsDbInstance", arn, ident, f"RDS Instance {ident} is not publicly accessible.")
    prowler("rds_instance_backup_enabled", "PASS", "AwsRdsDbInstance", arn, ident, f"RDS Instance {ident} has backup enabled.")
    prowler("rds_instance_deletion_protection", "PASS", "AwsRdsDbInstance", arn, ident, f"RDS Instance {ident} deletion protection is enabled.")
for sg in ("sg-0a1b2c3d4e5f60001", "sg-0a1b2c3d4e5f60002"):
    prowler("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22", "PASS", "AwsEc2SecurityGroup",
            f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/{sg}", sg,
            f"Security group {sg} does not have SSH port 22 open to the Internet.")
prowler("acm_certificates_expiration_check", "PASS", "AwsCertificateManagerCertificate",
        f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/7d1c2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "fleet.acme.example",
        "ACM Certificate for fleet.acme.example expires in 212 days.")
for region in ("eu-central-1", "eu-west-1"):
    prowler("guardduty_is_enabled", "PASS", "AwsGuardDutyDetector",
            f"arn:aws:guardduty:{region}:{ACCOUNT}:detector/4ab2c8f1d9e3", "4ab2c8f1d9e3", "GuardDuty detector 4ab2c8f1d9e3 enabled.", region=region)
    prowler("securityhub_enabled", "PASS", "AwsSecurityHubHub", f"arn:aws:securityhub:{region}:{ACCOUNT}:hub/default", "default",
            "Security Hub is enabled with standards: aws-foundational-security-best-practices.", region=region)
    prowler("config_recorder_all_regions_enabled", "PASS", "AwsConfigConfigurationRecorder",
            f"arn:aws:config:{region}:{ACCOUNT}:recorder", "default", "AWS Config recorder default is enabled.", region=region)
prowler("cloudtrail_multi_region_enabled", "PASS", "AwsCloudTrailTrail", f"arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/acme-org-trail",
        "acme-org-trail", "Trail acme-org-trail is multiregion and it is logging.")
prowler("cloudtrail_log_file_validation_enabled", "PASS", "AwsCloudTrailTrail", f"arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/acme-org-trail",
        "acme-org-trail", "Trail acme-org-trail log file validation enabled.")
prowler("vpc_flow_logs_enabled", "PASS", "AwsEc2Vpc", f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc/vpc-0prod4f1a2b3c4d5e", "vpc-0prod4f1a2b3c4d5e",
        "VPC vpc-0prod4f1a2b3c4d5e (prod) Flow logs are enabled.")
# deliberate gap: the staging VPC has no flow logs
prowler("vpc_flow_logs_enabled", "FAIL", "AwsEc2Vpc", f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc/vpc-0stag9e8d7c6b5a4f", "vpc-0stag9e8d7c6b5a4f",
        "VPC vpc-0stag9e8d7c6b5a4f (staging) Flow logs are disabled.")
prowler("ec2_ebs_snapshots_encrypted", "PASS", "AwsEc2Snapshot", f"arn:aws:ec2:{REGION}:{ACCOUNT}:snapshot/snap-0f1e2d3c4b5a69788",
        "snap-0f1e2d3c4b5a69788", "EBS Snapshot snap-0f1e2d3c4b5a69788 is encrypted.")

write("scans/prowler/prowler-output.ocsf.json", json.dumps(prowler_raw, indent=4) + "\n")


def nz(v):
    return v if v not in (None, "") else None


def ocsf_rows(findings):
    out = []
    for f in findings:
        cloud = f.get("cloud") or {}
        acct = cloud.get("account") or {}
        info = f.get("finding_info") or {}
        base = {
            "account_name": nz(acct.get("name")), "account_uid": nz(acct.get("uid")),
            "check_id": f["metadata"]["event_code"], "check_title": nz(info.get("title")),
            "compliance": (f.get("unmapped") or {}).get("compliance"), "finding_uid": nz(info.get("uid")),
            "message": nz(f.get("message")) or nz(f.get("status_detail")),
            "muted": (f.get("status") or "").lower() == "suppressed",
            "product": nz(((f["metadata"].get("product")) or {}).get("name")), "provider": nz(cloud.get("provider")),
            "remediation": nz((f.get("remediation") or {}).get("desc")), "severity": nz(f.get("severity")),
            "status": f["status_code"].upper(), "time": nz(f.get("time_dt")),
        }
        for r in f.get("resources") or []:
            row = dict(base, region=nz(r.get("region")) or nz(cloud.get("region")), resource_name=nz(r.get("name")),
                       resource_type=nz(r.get("type")), resource_uid=nz(r.get("uid")),
                       service=nz((r.get("group") or {}).get("name")))
            out.append(row)
    return out


def write_sorted_dataset(collector, kind, source, rows):
    """Rows ordered as soc2 orders a dataset without sort keys: by their JSON text."""
    lines = sorted(json.dumps(r, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode() for r in rows)
    write_dataset(collector, collector, kind, source, [json.loads(l) for l in lines])


write_sorted_dataset("prowler_findings", "file", "scans/prowler/prowler-output.ocsf.json", ocsf_rows(prowler_raw))

# SARIF: Trivy on the fleet-api image, CodeQL on the fleet dashboard.
fleet_api = f"ghcr.io/{ORG}/fleet-api:3.{release_no}.0"
trivy_sarif = {
    "version": "2.1.0",
    "$schema": "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/sarif-2.1/schema/sarif-schema-2.1.0.json",
    "runs": [{
        "tool": {"driver": {"fullName": "Trivy Vulnerability Scanner", "informationUri": "https://github.com/aquasecurity/trivy",
                            "name": "Trivy", "rules": [
            {"id": "CVE-2024-56433", "name": "OsPackageVulnerability",
             "shortDescription": {"text": "shadow-utils: default subordinate ID configuration"},
             "fullDescription": {"text": "shadow-utils: default subordinate ID configuration."},
             "defaultConfiguration": {"level": "note"}, "helpUri": "https://avd.aquasec.com/nvd/cve-2024-56433",
             "properties": {"precision": "very-high", "security-severity": "3.6", "tags": ["vulnerability", "security", "LOW"]}},
            {"id": "CVE-2025-0395", "name": "OsPackageVulnerability",
             "shortDescription": {"text": "glibc: buffer overflow in assert"},
             "fullDescription": {"text": "glibc: buffer overflow in the assert() function."},
             "defaultConfiguration": {"level": "warning"}, "helpUri": "https://avd.aquasec.com/nvd/cve-2025-0395",
             "properties": {"precision": "very-high", "security-severity": "5.5", "tags": ["vulnerability", "security", "MEDIUM"]}}],
                            "version": "0.58.1"}},
        "results": [
            {"ruleId": "CVE-2024-56433", "ruleIndex": 0, "level": "note",
             "message": {"text": "Package: login\nInstalled Version: 1:4.13+dfsg1-1\nVulnerability CVE-2024-56433\nSeverity: LOW\nFixed Version: \nLink: [CVE-2024-56433](https://avd.aquasec.com/nvd/cve-2024-56433)"},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": "library/debian", "uriBaseId": "ROOTPATH"},
                                                 "region": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}},
                            "message": {"text": "library/debian: login@1:4.13+dfsg1-1"}}]},
            {"ruleId": "CVE-2025-0395", "ruleIndex": 1, "level": "warning",
             "message": {"text": "Package: libc6\nInstalled Version: 2.36-9+deb12u9\nVulnerability CVE-2025-0395\nSeverity: MEDIUM\nFixed Version: \nLink: [CVE-2025-0395](https://avd.aquasec.com/nvd/cve-2025-0395)"},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": "library/debian", "uriBaseId": "ROOTPATH"},
                                                 "region": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}},
                            "message": {"text": "library/debian: libc6@2.36-9+deb12u9"}}]}],
        "columnKind": "utf16CodeUnits",
        "originalUriBaseIds": {"ROOTPATH": {"uri": "file:///"}},
        "properties": {"imageName": fleet_api, "repoTags": [fleet_api]},
    }],
}
codeql_sarif = {
    "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
    "version": "2.1.0",
    "runs": [{
        "tool": {"driver": {"name": "CodeQL", "organization": "GitHub", "semanticVersion": "2.20.1", "rules": [
            {"id": "js/sql-injection", "name": "js/sql-injection",
             "shortDescription": {"text": "Database query built from user-controlled sources"},
             "defaultConfiguration": {"enabled": True, "level": "error"},
             "properties": {"tags": ["security", "external/cwe/cwe-089"], "kind": "path-problem", "precision": "high",
                            "problem.severity": "error", "security-severity": "8.8"}},
            {"id": "js/unused-local-variable", "name": "js/unused-local-variable",
             "shortDescription": {"text": "Unused variable, import, function or class"},
             "defaultConfiguration": {"enabled": True, "level": "note"},
             "properties": {"tags": ["maintainability", "useless-code"], "kind": "problem", "precision": "very-high",
                            "problem.severity": "recommendation"}}]}},
        "results": [
            # deliberate gap: a high-severity SQL injection, open with no recorded first detection
            {"ruleId": "js/sql-injection", "ruleIndex": 0, "rule": {"id": "js/sql-injection", "index": 0},
             "message": {"text": "This query string depends on a [user-provided value](1)."},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": "server/routes/export.js", "uriBaseId": "%SRCROOT%", "index": 0},
                                                 "region": {"startLine": 41, "startColumn": 22, "endColumn": 63}}}],
             "partialFingerprints": {"primaryLocationLineHash": "5c1e0a9b7f3d2e64:1", "primaryLocationStartColumnFingerprint": "21"}},
            {"ruleId": "js/unused-local-variable", "ruleIndex": 1, "rule": {"id": "js/unused-local-variable", "index": 1},
             "message": {"text": "Unused variable tz."},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": "client/src/util/dates.js", "uriBaseId": "%SRCROOT%", "index": 1},
                                                 "region": {"startLine": 7, "startColumn": 7, "endColumn": 9}}}],
             "partialFingerprints": {"primaryLocationLineHash": "0d4b8e2f61a97c35:1", "primaryLocationStartColumnFingerprint": "6"}}],
        "columnKind": "utf16CodeUnits",
        "automationDetails": {"id": "/language:javascript-typescript/"},
    }],
}
write("scans/sarif/trivy-fleet-api.sarif", json.dumps(trivy_sarif, indent=2) + "\n")
write("scans/sarif/codeql-fleet-dashboard.sarif", json.dumps(codeql_sarif, indent=2) + "\n")


def sarif_rows(log):
    out = []
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        rules = driver.get("rules") or []
        by_id = {r["id"]: r for r in rules}
        for res in run.get("results") or []:
            rule = by_id.get(res.get("ruleId")) or {}
            kind = res.get("kind", "fail")
            level = res.get("level") or (rule.get("defaultConfiguration") or {}).get("level") or ("warning" if kind == "fail" else "none")
            sev = ((res.get("properties") or {}).get("security-severity")
                   or (rule.get("properties") or {}).get("security-severity"))
            score = float(sev) if sev is not None else None
            rank = None if score is None else ("critical" if score >= 9 else "high" if score >= 7 else "medium" if score >= 4 else "low" if score > 0 else "none")
            loc = next((l["physicalLocation"] for l in res.get("locations") or [] if l.get("physicalLocation")), {})
            region = loc.get("region") or {}
            prints = dict(res.get("partialFingerprints") or {})
            full = res.get("fingerprints") or {}
            first = next(iter(sorted(full.items())), None) or next(iter(sorted(prints.items())), None)
            prints.update(full)
            out.append({
                "baseline_state": res.get("baselineState"), "column": region.get("startColumn"),
                "fingerprint": first[1] if first else None, "fingerprints": prints or None,
                "first_detected": (res.get("provenance") or {}).get("firstDetectionTimeUtc"),
                "help_uri": rule.get("helpUri"), "kind": kind, "level": level, "line": region.get("startLine"),
                "message": (res.get("message") or {}).get("text"),
                "rule_description": (rule.get("shortDescription") or {}).get("text"), "rule_id": res.get("ruleId"),
                "security_severity": score, "severity": rank,
                "suppressed": any((s.get("status") not in ("underReview", "rejected")) for s in res.get("suppressions") or []),
                "tags": (rule.get("properties") or {}).get("tags"), "tool": driver.get("name"),
                "tool_version": driver.get("semanticVersion") or driver.get("version"),
                "uri": (loc.get("artifactLocation") or {}).get("uri"),
            })
    return out


write_sorted_dataset("sarif_results", "file", "scans/sarif/*.sarif", sarif_rows(codeql_sarif) + sarif_rows(trivy_sarif))

# ---------------------------------------------------------------------------
# Coverage datasets (2026-11): endpoints as osquery and Fleet report them,
# identity providers, the rest of AWS, Kubernetes network policies. Drawn
# from their own generator, so everything above stays as it was.
# ---------------------------------------------------------------------------
crng = random.Random("acme-coverage-2026-11")


def quote(arg):
    """An argument as `soc2 collect` shows it in a command collector's source."""
    if arg and re.fullmatch(r"[A-Za-z0-9_.\/:=,@+%-]+", arg):
        return arg
    return "'" + arg.replace("'", "'\\''") + "'"


def command_source(argv):
    return " ".join(quote(a) for a in argv)


OSQUERY = {
    "osquery_disk_encryption": "SELECT si.hostname, de.name, de.encrypted, de.type, de.encryption_status, de.uuid, de.user_uuid, de.filevault_status FROM disk_encryption de JOIN mounts m ON m.device_alias = de.name JOIN system_info si WHERE m.path = '/'",
    "osquery_screenlock": "SELECT si.hostname, s.enabled, s.grace_period FROM screenlock s JOIN system_info si",
    "osquery_firewall": "SELECT si.hostname, a.global_state, a.stealth_enabled, a.logging_enabled, a.allow_signed_enabled, a.version FROM alf a JOIN system_info si",
    "osquery_os_version": "SELECT si.hostname, o.name, o.version, o.major, o.minor, o.patch, o.build, o.platform, o.platform_like, o.codename, o.arch FROM os_version o JOIN system_info si",
    "osquery_local_admins": "SELECT si.hostname, u.username, u.uid, g.groupname FROM user_groups ug JOIN users u ON u.uid = ug.uid JOIN groups g ON g.gid = ug.gid JOIN system_info si WHERE g.groupname IN ('admin', 'Administrators', 'sudo', 'wheel')",
}
laptops = sorted((a for a in assets if a["asset_type"] == "laptop" and a["status"] == "in_use"),
                 key=lambda a: a["asset_id"])
# deliberate gap: an engineer's MacBook still lets its user install software as an administrator
admin_laptop = next(a for a in laptops if a["operating_system"] == "macOS"
                    and by_email.get(a["owner_email"], {}).get("department") == "Engineering"
                    and by_email[a["owner_email"]]["status"] == "active" and not by_email[a["owner_email"]]["leader"])
admin_user = admin_laptop["owner_email"].split("@")[0]
osq = {name: [] for name in OSQUERY}
for a in laptops:
    host = a["name"]
    user = a["owner_email"].split("@")[0]
    if a["operating_system"] == "macOS":
        major, minor, patch = (a["os_version"].split(".") + ["0"])[:3]
        osq["osquery_os_version"].append(dict(hostname=host, name="macOS", version=a["os_version"], major=major,
                                              minor=minor, patch=patch, build=crng.choice(["24G90", "24G222", "24G231"]),
                                              platform="darwin", platform_like="darwin", codename="", arch="arm64"))
        osq["osquery_disk_encryption"].append(dict(hostname=host, name="/dev/disk3s1", encrypted="1", type="APFS",
                                                   encryption_status="encrypted", uuid=sha256(host.encode())[:8].upper(),
                                                   user_uuid="", filevault_status="on"))
        osq["osquery_screenlock"].append(dict(hostname=host, enabled="1", grace_period=str(crng.choice([0, 5, 60]))))
        osq["osquery_firewall"].append(dict(hostname=host, global_state="1", stealth_enabled="1", logging_enabled="1",
                                            allow_signed_enabled="1", version="1.6"))
        admins = ["root", "admin-breakglass"] + ([user] if a is admin_laptop else [])
        for name in admins:
            osq["osquery_local_admins"].append(dict(hostname=host, username=name, groupname="admin",
                                                    uid={"root": "0", "admin-breakglass": "499"}.get(name, "501")))
    else:
        osq["osquery_os_version"].append(dict(hostname=host, name="Microsoft Windows 11 Pro", version="10.0.26100",
                                              major="10", minor="0", patch="", build="26100", platform="windows",
                                              platform_like="windows", codename="", arch="x86_64"))
        for name in ("Administrator", "admin-breakglass"):
            osq["osquery_local_admins"].append(dict(hostname=host, username=name, groupname="Administrators",
                                                    uid={"Administrator": "500", "admin-breakglass": "1001"}[name]))
for name, sql in OSQUERY.items():
    write_sorted_dataset(name, "command", command_source(["osqueryi", "--json", sql]), osq[name])

# Fleet evaluates the same baseline as policies on every enrolled laptop.
macs = sum(1 for a in laptops if a["operating_system"] == "macOS")
wins = len(laptops) - macs
FLEET_POLICIES = [
    # name, platform, hosts, failing, resolution, query
    ("Full disk encryption enabled (FileVault, BitLocker)", "darwin,windows", macs + wins, 1,
     "Enable FileVault in Kandji's blueprint or BitLocker in Intune, then restart the device.",
     "SELECT 1 FROM disk_encryption WHERE encrypted = 1 UNION SELECT 1 FROM bitlocker_info WHERE protection_status = 1;"),
    ("Screen locks within 15 minutes", "darwin", macs, 0, "Kandji enforces the screen saver profile.",
     "SELECT 1 FROM screenlock WHERE enabled = 1 AND grace_period <= 900;"),
    ("Application firewall enabled", "darwin", macs, 0, "Kandji enforces the firewall profile.",
     "SELECT 1 FROM alf WHERE global_state >= 1;"),
    ("Operating system supported and up to date", "darwin,windows", macs + wins, 0,
     "Install the pending update from Self Service.", "SELECT 1 FROM os_version WHERE major >= 14 OR build >= 22000;"),
    ("CrowdStrike Falcon sensor running", "darwin,windows", macs + wins, 0,
     "Reinstall the Falcon sensor from Self Service.",
     "SELECT 1 FROM processes WHERE name IN ('falcond', 'CSFalconService.exe');"),
    ("No workforce user is a local administrator", "darwin,windows", macs + wins, 1,
     "Remove the user from the admin group; request elevated rights through Self Service.",
     "SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM user_groups JOIN groups USING (gid) JOIN users USING (uid) WHERE groupname IN ('admin', 'Administrators') AND username NOT IN ('root', 'Administrator', 'admin-breakglass'));"),
]
fleet = []
for i, (name, platform, hosts, failing, resolution, query) in enumerate(FLEET_POLICIES, 1):
    fleet.append(dict(id=i, name=name, query=query, critical=i in (1, 6), description=name + ".",
                      author_id=3, author_name="Alex Kim", author_email=ITA, team_id=None, resolution=resolution,
                      platform=platform, calendar_events_enabled=False, created_at="2026-02-16T10:00:00Z",
                      updated_at="2026-02-16T10:00:00Z", passing_host_count=hosts - failing,
                      failing_host_count=failing, host_count_updated_at="2026-11-19T05:00:00Z"))
write_sorted_dataset("fleet_policies", "http", "GET https://fleet.acme.example/api/v1/fleet/global/policies", fleet)

# --- AWS: the datasets of the scripts soc2 init writes (eu-central-1) ------
R = "eu-central-1"
ELB = f"arn:aws:elasticloadbalancing:{R}:{ACCOUNT}"
ALB = f"{ELB}:loadbalancer/app/acme-prod-public/5c1e9a0b7d3f2e41"
NLB = f"{ELB}:loadbalancer/net/acme-mqtt/8d2f4a6c1b3e5f70"
INTERNAL = f"{ELB}:loadbalancer/app/acme-internal/2b7e1d9c4a6f8e03"
ACM = f"arn:aws:acm:{R}:{ACCOUNT}:certificate/"
CERTS = {  # domain: (id, type, not_after, in use by)
    "fleet.acme.example": ("7d1c2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "AMAZON_ISSUED", "2027-06-19T23:59:59+00:00", [ALB]),
    "mqtt.acme.example": ("3a9f1e2d-6b7c-4d8e-9f0a-1b2c3d4e5f6a", "AMAZON_ISSUED", "2027-02-27T23:59:59+00:00", [NLB]),
    "internal.acme.example": ("c4d5e6f7-8a9b-4c0d-8e1f-2a3b4c5d6e7f", "PRIVATE", "2027-09-30T23:59:59+00:00", [INTERNAL]),
    # deliberate gap: the certificate robots pin for the legacy R1 update channel is imported and
    # expires in 22 days; its renewal was not started
    "r1-updates.acme.example": ("9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b", "IMPORTED", "2026-12-12T23:59:59+00:00", [NLB]),
}
certs = []
for domain, (cid, typ, not_after, used_by) in CERTS.items():
    certs.append(dict(region=R, arn=ACM + cid, domain=domain, subject_alternative_names=[domain], status="ISSUED", type=typ,
                      key_algorithm="RSA_2048", issuer={"AMAZON_ISSUED": "Amazon", "PRIVATE": "Acme Internal CA",
                                                        "IMPORTED": "Sectigo RSA Domain Validation Secure Server CA"}[typ],
                      not_before=f"{int(not_after[:4]) - 1}{not_after[4:10]}T00:00:00+00:00", not_after=not_after,
                      renewal_eligibility="INELIGIBLE" if typ == "IMPORTED" else "ELIGIBLE",
                      renewal_status="SUCCESS" if typ == "AMAZON_ISSUED" else None,
                      in_use=True, in_use_by=used_by, errors=None))
write_sorted_dataset("aws_acm_certificates", "command", "sh scripts/aws_acm_certificates.sh", certs)


def listener(lb, name, scheme, typ, port, proto, policy=None, cert=None, redirect=False, suffix=""):
    arn = lb.replace(":loadbalancer/", ":listener/") + "/" + sha256((lb + str(port)).encode())[:16]
    tg = f"{ELB}:targetgroup/{name}-{port}/{sha256((name + str(port)).encode())[:16]}"
    if redirect:
        actions = [{"Order": 1, "RedirectConfig": {"Host": "#{host}", "Path": "/#{path}", "Port": "443", "Protocol": "HTTPS",
                                                    "Query": "#{query}", "StatusCode": "HTTP_301"}, "Type": "redirect"}]
    else:
        actions = [{"ForwardConfig": {"TargetGroups": [{"TargetGroupArn": tg, "Weight": 1}]}, "Order": 1,
                    "TargetGroupArn": tg, "Type": "forward"}]
    row = dict(ListenerArn=arn, LoadBalancerArn=lb, Port=port, Protocol=proto, DefaultActions=actions, Region=R,
               LoadBalancerName=name, Scheme=scheme, LoadBalancerType=typ,
               default_action_type=actions[0]["Type"], redirect_protocol="HTTPS" if redirect else None, errors=None)
    if policy:
        row.update(SslPolicy=policy, Certificates=[{"CertificateArn": ACM + cert}])
    return row


listeners = [
    listener(ALB, "acme-prod-public", "internet-facing", "application", 80, "HTTP", redirect=True),
    listener(ALB, "acme-prod-public", "internet-facing", "application", 443, "HTTPS", "ELBSecurityPolicy-TLS13-1-2-2021-06",
             CERTS["fleet.acme.example"][0]),
    listener(NLB, "acme-mqtt", "internet-facing", "network", 8883, "TLS", "ELBSecurityPolicy-TLS13-1-2-2021-06",
             CERTS["mqtt.acme.example"][0]),
    listener(NLB, "acme-mqtt", "internet-facing", "network", 9883, "TLS", "ELBSecurityPolicy-TLS13-1-2-2021-06",
             CERTS["r1-updates.acme.example"][0]),
    listener(INTERNAL, "acme-internal", "internal", "application", 443, "HTTPS", "ELBSecurityPolicy-TLS13-1-2-2021-06",
             CERTS["internal.acme.example"][0]),
]
write_sorted_dataset("aws_lb_listeners", "command", "sh scripts/aws_lb_listeners.sh", listeners)
write_sorted_dataset("aws_wafv2_web_acls", "command", "sh scripts/aws_wafv2_web_acls.sh", [
    dict(scope="REGIONAL", region=R, name="acme-prod-web", id="4f5e6d7c-8b9a-4c0d-9e1f-2a3b4c5d6e7f",
         arn=f"arn:aws:wafv2:{R}:{ACCOUNT}:regional/webacl/acme-prod-web/4f5e6d7c-8b9a-4c0d-9e1f-2a3b4c5d6e7f",
         resource_arns=[ALB], errors=None)])

VPC_ID = "vpc-0c4e7a19b2d3f5061"
subnets = []
for k, az in enumerate("abc"):
    for tier, base in (("public", 0), ("private", 10)):
        sid = f"subnet-0{sha256((tier + az).encode())[:16]}"
        subnets.append(dict(region=R, subnet_id=sid, vpc_id=VPC_ID, name=f"prod-{tier}-{az}",
                            cidr_block=f"10.40.{base + k}.0/24", availability_zone=f"{R}{az}", state="available",
                            default_for_az=False, map_public_ip_on_launch=tier == "public", route_table="explicit",
                            routes_to_igw=tier == "public", tags=[{"Key": "Name", "Value": f"prod-{tier}-{az}"},
                                                                   {"Key": "tier", "Value": tier}]))
write_sorted_dataset("aws_subnets", "command", "sh scripts/aws_subnets.sh", subnets)
subnet_of = {s["name"]: s["subnet_id"] for s in subnets}
instances = [dict(region=R, instance_id="i-0b4a5710c3e2d9f68", name="bastion-prod", state="running", instance_type="t4g.micro",
                  image_id="ami-0a8e7f6d5c4b3a291", launch_time="2026-08-03T07:12:40+00:00", vpc_id=VPC_ID,
                  subnet_id=subnet_of["prod-public-a"], private_ip="10.40.0.12", public_ip="198.51.100.40",
                  security_groups=["sg-01a2b3c4d5e6f7006"], iam_instance_profile=f"arn:aws:iam::{ACCOUNT}:instance-profile/bastion",
                  imds_http_tokens="required",
                  tags=[{"Key": "Name", "Value": "bastion-prod"}, {"Key": "role", "Value": "bastion"},
                        {"Key": "managed-by", "Value": "terraform"}])]
for n in range(6):
    az = "abc"[n % 3]
    iid = "i-0" + sha256(f"eks-node-{n}".encode())[:16]
    instances.append(dict(region=R, instance_id=iid, name="eks-prod-ng-general", state="running", instance_type="m7g.xlarge",
                          image_id="ami-0bottlerocket1a2b3c", launch_time=f"2026-11-{3 + n:02d}T04:00:00+00:00",
                          vpc_id=VPC_ID, subnet_id=subnet_of[f"prod-private-{az}"], private_ip=f"10.40.1{'012'['abc'.index(az)]}.{20 + n}",
                          public_ip=None, security_groups=["sg-01a2b3c4d5e6f7003"],
                          iam_instance_profile=f"arn:aws:iam::{ACCOUNT}:instance-profile/eks-node", imds_http_tokens="required",
                          tags=[{"Key": "Name", "Value": "eks-prod-ng-general"}, {"Key": "eks:cluster-name", "Value": "eks-prod-eu-central-1"},
                                {"Key": "eks:nodegroup-name", "Value": "general"},
                                {"Key": "aws:autoscaling:groupName", "Value": "eks-general-20260301"}]))
write_sorted_dataset("aws_ec2_instances", "command", "sh scripts/aws_ec2_instances.sh", instances)

# IAM: people through groups, services through roles; only the break-glass role holds everything.
IAM = f"arn:aws:iam::{ACCOUNT}"
AWS_MANAGED = {"ReadOnlyAccess", "AdministratorAccess", "SecurityAudit", "AmazonEKSWorkerNodePolicy",
               "AmazonEC2ContainerRegistryReadOnly"}


def principal(typ, name, attached=(), groups=(), tags=(), admin=(), inline=(), trust=None, last_used=None, path="/"):
    kind = {"user": "AIDA", "group": "AGPA", "role": "AROA"}[typ]
    return dict(type=typ, name=name, id=kind + sha256(name.encode())[:16].upper(), arn=f"{IAM}:{typ}{path}{name}", path=path,
                create_date="2022-03-01T09:00:00+00:00", attached_policy_names=list(attached),
                attached_policy_arns=[f"arn:aws:iam::aws:policy/{a}" if a in AWS_MANAGED else f"{IAM}:policy/{a}"
                                     for a in attached],
                inline_policy_names=[p["PolicyName"] for p in inline], inline_policies=list(inline),
                groups=list(groups), tags=list(tags), permissions_boundary=None,
                role_last_used=last_used if typ == "role" else None,
                assume_role_policy=trust if typ == "role" else None, admin_policies=list(admin), admin=bool(admin))


GROUP_OF = {"svc-deploy": "service-ci", "svc-terraform": "service-terraform", "svc-backup-export": "service-backup"}
iam_auth = [
    principal("group", "engineering-readonly", ["ReadOnlyAccess"]),
    principal("group", "sre-operators", ["ReadOnlyAccess", "acme-sre-operations"]),
    principal("group", "security-audit", ["ReadOnlyAccess", "SecurityAudit"]),
    principal("group", "service-ci", ["acme-ci-deploy"]),
    principal("group", "service-terraform", ["acme-terraform"]),
    principal("group", "service-backup", ["acme-backup-export"]),
    principal("role", "break-glass", ["AdministratorAccess"], admin=["AdministratorAccess"],
              tags=[{"Key": "break-glass", "Value": "true"}, {"Key": "alerting", "Value": "pagerduty"}],
              trust={"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"{IAM}:root"},
                     "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]},
              last_used="2026-05-14T10:02:00+00:00"),
    principal("role", "github-actions-deploy", ["acme-deploy"], tags=[{"Key": "managed-by", "Value": "terraform"}],
              trust={"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": f"{IAM}:oidc-provider/token.actions.githubusercontent.com"},
                     "Action": "sts:AssumeRoleWithWebIdentity"}]}, last_used="2026-11-18T16:40:00+00:00"),
    principal("role", "eks-node", ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly"],
              tags=[{"Key": "managed-by", "Value": "terraform"}],
              trust={"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                     "Action": "sts:AssumeRole"}]}, last_used="2026-11-19T05:59:00+00:00"),
]
for u in iam_users:
    name = u["UserName"]
    dept = next((p["department"] for p in people if p["aws_username"] == name), "SRE")
    group = GROUP_OF.get(name) or ("sre-operators" if dept == "SRE" else "security-audit" if dept == "Security"
                                   else "engineering-readonly")
    iam_auth.append(principal("user", name, groups=[group], path=u["Path"]))
iam_auth.sort(key=lambda r: (r["type"], r["name"]))
write_sorted_dataset("aws_iam_authorization", "command", "sh scripts/aws_iam_authorization.sh", iam_auth)

# GuardDuty: open findings, each still within its time to be triaged (the older ones were archived).
gd_findings = []
for k, (typ, sev, days, rtype, rid) in enumerate([
        ("Recon:EC2/PortProbeUnprotectedPort", 5.0, 12, "Instance", "i-0b4a5710c3e2d9f68"),
        ("Discovery:S3/AnomalousBehavior", 5.0, 20, "S3Bucket", "acme-data-lake-raw"),
        ("Policy:IAMUser/RootCredentialUsage", 5.0, 3, "AccessKey", "Root"),
        ("UnauthorizedAccess:EC2/SSHBruteForce", 8.0, 2, "Instance", "i-0b4a5710c3e2d9f68")]):
    created = datetime(2026, 11, 19, 6, 0) - timedelta(days=days, hours=k)
    gd_findings.append(dict(region=R, detector_id=sha256(R.encode())[:32], id=sha256(f"gd{k}".encode())[:32], type=typ,
                            title=typ.split("/")[-1] + " observed", severity=sev,
                            created_at=created.isoformat() + ".000Z", updated_at="2026-11-19T05:10:00.000Z",
                            account_id=ACCOUNT, resource_type=rtype, resource_id=rid, count=1 + k, archived=False))
write_sorted_dataset("aws_guardduty_findings", "command", "sh scripts/aws_guardduty_findings.sh", gd_findings)

# ---------------------------------------------------------------------------
# Manual evidence, reviews, approvals, exceptions
# ---------------------------------------------------------------------------
ROLES = {"security-officer": SECO, "cto": CTO, "hr-lead": HRL, "ceo": CEO, "engineering-lead": ENGL,
         "it-admin": ITA, "privacy-officer": PRIV}


def yaml_str(s):
    return json.dumps(s, ensure_ascii=False)


def rm_tree(path):
    full = os.path.join(ROOT, path)
    if not os.path.isdir(full):
        return
    for dirpath, dirnames, filenames in os.walk(full, topdown=False):
        for f in filenames:
            os.remove(os.path.join(dirpath, f))
        for dd in dirnames:
            os.rmdir(os.path.join(dirpath, dd))


rm_tree("evidence/manual")
rm_tree("evidence/reviews")
rm_tree("exceptions")

ADAPTER_CONTROLS = {f"CLD-0{i}" for i in range(1, 8)} | {"VULN-09"}
# Controls added with the coverage work of 2026-11 (identity providers, AWS, Kubernetes, endpoints,
# per-change evidence, vendors) draw from their own generator too.
COVERAGE_CONTROLS = {"AC-14", "AC-15", "AC-16", "AM-07", "BKP-06", "BKP-07", "LOG-05", "MON-06", "AM-08", "AM-09", "AM-10", "AM-11", "AM-12", "CHG-12",
                     "CHG-11", "CRYPT-09", "CRYPT-10", "CRYPT-11", "MON-05", "NET-09", "NET-10", "NET-11",
                     "VEND-07"}
OVERDUE_CONTROL = None
MISSING_CONTROL = "DATA-03"
ctrl_dir = os.path.join(ROOT, "..", "..", "controls")  # the built-in library acme uses
controls = sorted(f for f in os.listdir(ctrl_dir) if f.endswith(".yaml")) if os.path.isdir(ctrl_dir) else []
for fname in controls:
    text = open(os.path.join(ctrl_dir, fname)).read()
    cid = re.search(r"^id:\s*(\S+)", text, re.M).group(1)
    if cid in NOT_APPLICABLE:
        continue
    owner = re.search(r"^owner:\s*(\S+)", text, re.M)
    owner = owner.group(1) if owner else "role:security-officer"
    owner_email = ROLES.get(owner.split(":", 1)[1], SECO) if owner.startswith("role:") else owner
    reqs = re.findall(r"^\s*-\s*(attestation|file|link|note):\s*\{(.*)\}\s*$", text, re.M)
    for k, (kind, body) in enumerate(reqs):
        every = re.search(r"every:\s*(\d+)d", body)
        every = int(every.group(1)) if every else 365
        by = re.search(r"by:\s*role:([a-z-]+)", body)
        who = ROLES.get(by.group(1), owner_email) if by else owner_email
        note = re.search(r'note:\s*"([^"]*)"', body)
        note = note.group(1) if note else kind
        # done recently enough: well inside the cadence
        age = rng.randint(5, max(6, min(every // 3, 60)))
        when = NOW - timedelta(days=age)
        if kind == "attestation" and OVERDUE_CONTROL is None and cid.startswith("PHYS") and every <= 180:
            OVERDUE_CONTROL = cid
            when = NOW - timedelta(days=every + 23)
        if cid == MISSING_CONTROL and kind == "file":
            continue  # deliberate gap: evidence not uploaded yet
        slug = re.sub(r"[^a-z0-9]+", "-", note.lower()).strip("-")[:40].strip("-")
        base = f"evidence/manual/{cid}/{iso(when)}-{kind}-{k + 1}"
        lines = [f"kind: {kind}", f"date: {iso(when)}", f"by: {who}"]
        if kind == "attestation":
            lines.append(f"note: {yaml_str('Attested: ' + note)}")
        elif kind == "file":
            ext = "pdf" if rng.random() < 0.6 else "csv"
            fname_ev = f"{iso(when)}-{slug}.{ext}"
            if ext == "csv":
                content = f"# {note}\n# Acme Robotics, Inc. - exported {iso(when)} by {who}\nitem,status,checked_by\n" + "".join(
                    f"{cid}-{j:03d},ok,{who}\n" for j in range(1, rng.randint(6, 14)))
                data = content.encode()
            else:
                data = (f"%PDF-1.4\n% Acme Robotics evidence: {note}\n% control {cid}, dated {iso(when)}, by {who}\n"
                        f"1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n").encode()
            write_bytes(f"evidence/manual/{cid}/{fname_ev}", data)
            lines += [f"note: {yaml_str(note)}", f"file: {fname_ev}", f"sha256: {sha256(data)}"]
        elif kind == "link":
            lines += [f"note: {yaml_str(note)}",
                      f"url: https://acme.atlassian.example/wiki/spaces/SEC/pages/{cid.lower()}-{iso(when)}"]
        else:
            lines += [f"note: {yaml_str(note)}"]
        write(base + ".yaml", "\n".join(lines) + "\n")
    if re.search(r"^review:", text, re.M):
        # Controls added with the tool adapters draw from their own generator, so the others keep their dates.
        draw = random.Random(cid) if cid in ADAPTER_CONTROLS | COVERAGE_CONTROLS else rng
        when = d("2026-03-09") + timedelta(days=draw.randrange(40))
        # separation of duties: the security officer reviews every control but her own, which the CTO reviews
        reviewer = CTO if owner_email == SECO else SECO
        write(f"evidence/reviews/control-{cid}-{iso(when)}.yaml",
              f"subject: control\nid: {cid}\ndate: {iso(when)}\nby: {reviewer}\n"
              f"note: {yaml_str('Annual control review: design and operation confirmed; queries and evidence still adequate')}\n")

# "Nothing occurred", attested where it is Acme's truth (controls with `when_empty: not-occurring`
# whose populations are empty at 2026-11-20); see NOT_OCCURRING above.
for cid, (when, role, note) in NOT_OCCURRING.items():
    write(f"evidence/manual/{cid}/{when}-attestation-not-occurring.yaml",
          f"kind: attestation\ndate: {when}\nby: {ROLES[role]}\nnote: {yaml_str(note)}\nnot_occurring: true\n")

# policy approvals: the approved text is the file without the post-approval edit
EDIT_MARK = "\n## Addendum (draft, not yet approved)\n"
EDITED_POLICY = "vendor-management"
pol_dir = os.path.join(ROOT, "policies")
policies = sorted(f for f in os.listdir(pol_dir) if f.endswith(".md")) if os.path.isdir(pol_dir) else []
for fname in policies:
    path = os.path.join(pol_dir, fname)
    text = open(path, encoding="utf-8").read()
    pid = re.search(r"^id:\s*(\S+)", text, re.M)
    pid = pid.group(1).strip("\"'") if pid else fname[:-3]
    version = re.search(r"^version:\s*(\S+)", text, re.M)
    version = version.group(1).strip("\"'") if version else "1.0"
    approved_text = text.split(EDIT_MARK)[0]
    if pid == EDITED_POLICY and EDIT_MARK not in text:
        text = approved_text + EDIT_MARK + (
            "\nStarting in 2027, vendors rated `medium` are re-assessed every 18 months instead of 24.\n"
            "Owners record the reassessment in the vendor register.\n")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    when = d("2026-01-19") + timedelta(days=rng.randrange(30))
    # separation of duties: the CEO approves every policy but the ones the CEO owns
    owned_by_ceo = re.search(r"^owner:\s*\"?Jordan Rivera", text, re.M)
    approver, who = (SECO, "the security officer") if owned_by_ceo else (CEO, "the CEO")
    write(f"evidence/reviews/policy-{pid}-{iso(when)}.yaml",
          f"subject: policy\nid: {pid}\ndate: {iso(when)}\nby: {approver}\nnote: {yaml_str('Approved by ' + who + ' for 2026')}\n"
          f"approved: true\nsha256: {sha256(approved_text.encode())}\nversion: {yaml_str(version)}\n")


def write_not_applicable():
    """soc2.toml's [not_applicable] table, from NOT_APPLICABLE, before [evidence]; the rest of the
    file is kept as it is. A table written by an earlier run is replaced."""
    path = os.path.join(ROOT, "soc2.toml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    comment = "# Built-in controls for a stack Acme does not run: out of scope, with the reason.\n"
    text = re.sub(r"(?m)^" + re.escape(comment) + r"\[not_applicable\]\n(?:[A-Z][A-Z0-9-]* = .*\n)*\n", "", text)
    if "[not_applicable]" in text:
        raise SystemExit("examples/acme/soc2.toml has a [not_applicable] table gen_acme.py did not write")
    block = comment + "[not_applicable]\n" + "".join(
        f"{cid} = {json.dumps(why)}\n" for cid, why in sorted(NOT_APPLICABLE.items())) + "\n"
    anchor = "[evidence]\n"
    if text.count(anchor) != 1:
        raise SystemExit("examples/acme/soc2.toml: no single [evidence] table to put [not_applicable] before")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text.replace(anchor, block + anchor))


write_not_applicable()

write("exceptions/EX-2026-001.yaml", f"""id: EX-2026-001
control: VULN-03
resources: ["ghcr.io/{ORG}/legacy-*"]
owner: {SECO}
justification: >-
  The legacy firmware build image is only used to rebuild firmware for the discontinued R1 robot and
  is never deployed; it is scheduled for removal when the last R1 customer contract ends.
approved_by: {CTO}
approved_at: "2026-09-01"
expires: "2027-03-31"
""")
write("exceptions/EX-2025-004.yaml", f"""id: EX-2025-004
control: NET-03
resources: ["sg-0legacy*"]
owner: {SRE}
justification: >-
  Temporary SSH access from the old office IP range during the 2025 VPN migration.
approved_by: {SECO}
approved_at: "2025-10-01"
expires: "2026-01-31"
""")

total = sum(b for _, b in EVIDENCE_SIZES.values())
for k, (rows, b) in sorted(EVIDENCE_SIZES.items()):
    print(f"{k:55s} {rows:6d} rows {b / 1e3:9.1f} kB")
print(f"wrote {len(EVIDENCE_SIZES)} datasets, {total / 1e6:.2f} MB; overdue attestation: {OVERDUE_CONTROL}")
