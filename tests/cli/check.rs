//! `soc2 check`: every status, every format, exit codes, the query sandbox.

use crate::support::{Fixture, NOW};

/// Evidence for one dataset, written as a collector would, collected `age_days` before NOW.
fn evidence(fx: Fixture, collector: &str, dataset: &str, rows: &[&str], collected_at: &str) -> Fixture {
    let data: String = rows.iter().map(|r| format!("{r}\n")).collect();
    let meta = format!(
        r#"{{"collector":"{collector}","dataset":"{dataset}","kind":"file","source":"test","collected_at":"{collected_at}","rows":{},"sha256":null,"soc2_version":"test"}}"#,
        rows.len()
    );
    fx.file(&format!("evidence/{collector}/{dataset}.jsonl"), data)
        .file(&format!("evidence/{collector}/{dataset}.meta.json"), meta)
}

const FRESH: &str = "2026-06-29T00:00:00Z";
const OLD: &str = "2026-05-01T00:00:00Z";

const TOML: &str = r#"[organization]
name = "Test Co"

[roles]
security-officer = "dana@test.example"

[audit]
type = "type1"
categories = ["security", "availability"]

[collectors.idp_users]
kind = "file"
path = "registers/idp.csv"
"#;

/// A repo with one control per status.
fn statuses_repo() -> Fixture {
    let control = |id: &str, criteria: &str, query: Option<&str>, extra: &str| {
        let q = query.map(|q| format!("queries:\n  - query: {q}\n")).unwrap_or_default();
        format!(
            "id: {id}\ntitle: Control {id}\ncriteria: [{criteria}]\nowner: role:security-officer\npolicies: [access-control]\n{q}{extra}"
        )
    };
    let fx = Fixture::empty()
        .file("soc2.toml", TOML)
        .file("policies/access-control.md", crate::support::POLICY)
        .file("queries/mfa.sql", "-- Users without MFA.\nselect email as resource, case when mfa then 'ok' else 'alarm' end as status, 'no MFA' as reason from idp_users\n")
        .file("queries/admins.sql", "select email from idp_users where admin = 1 and email not like 'root%'\n")
        .file("queries/broken.sql", "select nope\nfrom idp_users\n")
        .file("queries/hr.sql", "select * from hr_roster\n")
        .file("queries/old.sql", "select * from old_dataset where 0\n")
        .file("controls/PASS-1.yaml", control("PASS-1", "CC6.1", Some("mfa"), "severity: high\n"))
        .file("controls/FAIL-1.yaml", control("FAIL-1", "CC6.2", Some("admins"), "severity: critical\n"))
        .file("controls/ERR-1.yaml", control("ERR-1", "CC6.3", Some("broken"), ""))
        .file("controls/MISS-1.yaml", control("MISS-1", "CC1.4", Some("hr"), ""))
        .file("controls/STALE-1.yaml", control("STALE-1", "CC7.2", Some("old"), ""))
        .file("controls/DUE-1.yaml", control("DUE-1", "CC1.1", None, "review: { every: 365d }\n"))
        .file("controls/OOS-1.yaml", control("OOS-1", "C1.1", None, ""))
        .file("controls/ATT-1.yaml", control("ATT-1", "A1.2", None, "evidence:\n  - attestation: { every: 90d, note: backup restore tested }\n"));
    let fx = evidence(
        fx,
        "idp_users",
        "idp_users",
        &[
            r#"{"admin":true,"email":"ann@test.example","mfa":true}"#,
            r#"{"admin":true,"email":"bob@test.example","mfa":true}"#,
        ],
        FRESH,
    );
    evidence(fx, "old_dataset", "old_dataset", &[r#"{"x":1}"#], OLD)
        .file(
            "evidence/reviews/2025-01-10-DUE-1.yaml",
            "subject: control\nid: DUE-1\ndate: 2025-01-10\nby: dana@test.example\n",
        )
        .file(
            "evidence/manual/ATT-1/2026-05-01-attestation.yaml",
            "kind: attestation\ndate: 2026-05-01\nby: dana@test.example\nnote: restore test ok\n",
        )
}

#[test]
fn every_status_in_json() {
    let run = statuses_repo().soc2(&["check", "--format", "json"]);
    run.code(1);
    let json = run.json();
    let status = |id: &str| {
        json["controls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["status"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert_eq!(status("PASS-1"), "pass");
    assert_eq!(status("FAIL-1"), "fail");
    assert_eq!(status("ERR-1"), "error");
    assert_eq!(status("MISS-1"), "missing");
    assert_eq!(status("STALE-1"), "stale");
    assert_eq!(status("DUE-1"), "review-due");
    assert_eq!(status("OOS-1"), "out-of-scope");
    assert_eq!(status("ATT-1"), "pass");
    let s = &json["summary"];
    assert_eq!(s["controls"], 7);
    assert_eq!(s["pass"], 2);
    assert_eq!(s["gaps"], 5);
    assert_eq!(s["readiness"], 28.6);
    assert_eq!(s["by_status"]["out-of-scope"], 1);
    assert_eq!(json["evaluated_at"], NOW);
}

#[test]
fn failing_rows_are_findings_with_resource_and_reason() {
    let json = statuses_repo().soc2(&["check", "--format", "json", "--control", "FAIL-1"]).json();
    let c = &json["controls"][0];
    assert_eq!(c["findings"].as_array().unwrap().len(), 2);
    assert_eq!(c["findings"][0]["resource"], "ann@test.example");
    assert_eq!(c["findings"][0]["status"], "alarm");
    assert_eq!(c["owner"], "dana@test.example");
    assert_eq!(c["evidence"][0]["table"], "idp_users");
    assert_eq!(c["evidence"][0]["state"], "fresh");
}

#[test]
fn sql_errors_name_the_query_file_and_line() {
    let json = statuses_repo().soc2(&["check", "--format", "json", "--control", "ERR-1"]).json();
    assert_eq!(json["controls"][0]["reasons"][0], "queries/broken.sql:1:8: no such column: nope");
}

#[test]
fn missing_dataset_says_how_to_collect_it() {
    let run = statuses_repo().soc2(&["check", "--control", "MISS-1"]);
    run.code(1).stdout_has("MISS-1").stdout_has("queries/hr.sql: no evidence provides table `hr_roster`");
}

#[test]
fn human_output_groups_by_status_and_closes_with_a_summary() {
    let run = statuses_repo().soc2(&["check"]);
    run.code(1);
    insta::assert_snapshot!("check_human", run.stdout);
}

#[test]
fn filters_narrow_the_exit_code() {
    let fx = statuses_repo();
    fx.soc2(&["check", "--control", "PASS-1"]).code(0).stdout_has("1/1 controls pass · 0 gaps · readiness 100%");
    fx.soc2(&["check", "--control", "FAIL-1"]).code(1);
    fx.soc2(&["check", "--criteria", "CC6.1"]).code(0);
    fx.soc2(&["check", "--criteria", "CC6"]).code(1);
    fx.soc2(&["check", "--category", "availability"]).code(0).stdout_has("ATT-1");
    let run = fx.soc2(&["check", "--status", "fail", "--format", "json"]);
    run.code(1);
    let ids: Vec<String> =
        run.json()["controls"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids, ["FAIL-1"]);
    fx.soc2(&["check", "--status", "pass"]).code(0);
}

#[test]
fn unknown_filter_values_are_usage_errors() {
    let fx = statuses_repo();
    fx.soc2(&["check", "--control", "FAIL-2"])
        .code(2)
        .stderr_has("--control FAIL-2: no such control")
        .stderr_has("did you mean `FAIL-1`?");
    fx.soc2(&["check", "--category", "avail"]).code(2).stderr_has("--category avail: unknown category");
    fx.soc2(&["check", "--status", "broken"]).code(2);
    fx.soc2(&["check", "--now", "yesterday"]).code(2).stderr_has("--now: invalid date `yesterday`");
}

#[test]
fn output_is_byte_identical_across_runs_and_cache_states() {
    let fx = statuses_repo();
    for format in ["human", "json", "junit", "markdown", "sarif", "github"] {
        let cold = fx.soc2(&["check", "--no-cache", "--format", format]).stdout;
        let first = fx.soc2(&["check", "--format", format]).stdout;
        let warm = fx.soc2(&["check", "--format", format]).stdout;
        assert_eq!(cold, first, "{format}");
        assert_eq!(first, warm, "{format}");
    }
    assert!(fx.join(".soc2/cache/v1/index.json").is_file());
}

#[test]
fn cache_follows_changes_to_evidence() {
    let fx = statuses_repo();
    fx.soc2(&["check", "--control", "FAIL-1"]).code(1);
    let fx = fx.file(
        "evidence/idp_users/idp_users.jsonl",
        "{\"admin\":false,\"email\":\"ann@test.example\",\"mfa\":true}\n{\"admin\":true,\"email\":\"root@test.example\",\"mfa\":true}\n",
    );
    fx.soc2(&["check", "--control", "FAIL-1"]).code(0);
}

#[test]
fn status_column_convention_and_invalid_status() {
    let fx = statuses_repo()
        .file("queries/weird.sql", "select 'x' as resource, 'maybe' as status from idp_users limit 1\n")
        .file(
            "controls/W-1.yaml",
            "id: W-1\ntitle: w\ncriteria: [CC6.6]\nowner: o\npolicies: [access-control]\nqueries:\n  - query: weird\n",
        );
    let json = fx.soc2(&["check", "--format", "json", "--control", "W-1"]).json();
    assert_eq!(json["controls"][0]["status"], "fail");
    assert_eq!(json["controls"][0]["findings"][0]["status"], "error");
    assert_eq!(
        json["controls"][0]["findings"][0]["reason"],
        "invalid status `maybe` (expected ok, alarm, skip, info or error)"
    );
}

#[test]
fn expect_nonempty_needs_proof() {
    let fx = statuses_repo()
        .file("queries/nobody.sql", "select email from idp_users where email = 'nobody'\n")
        .file("controls/P-1.yaml", "id: P-1\ntitle: p\ncriteria: [CC6.6]\nowner: o\npolicies: [access-control]\nqueries:\n  - query: nobody\n    expect: nonempty\n")
        .file("controls/P-2.yaml", "id: P-2\ntitle: p\ncriteria: [CC6.6]\nowner: o\npolicies: [access-control]\nqueries:\n  - query: admins\n    expect: nonempty\n");
    fx.soc2(&["check", "--control", "P-1"]).code(1).stdout_has("it expects at least one as proof");
    fx.soc2(&["check", "--control", "P-2"]).code(0);
}

#[test]
fn sandbox_refuses_writes_attach_extensions_and_files() {
    for (name, sql) in [
        ("insert", "insert into idp_users (email) values ('x')"),
        ("delete", "delete from idp_users"),
        ("drop", "drop table idp_users"),
        ("attach", "attach database 'stolen.db' as s"),
        ("extension", "select load_extension('/tmp/evil')"),
        ("vacuum", "vacuum into 'copy.db'"),
        ("pragma", "pragma writable_schema = on"),
        ("create", "create table t (x)"),
    ] {
        let fx = statuses_repo().file("queries/evil.sql", sql).file(
            "controls/EVIL.yaml",
            "id: EVIL\ntitle: e\ncriteria: [CC6.6]\nowner: o\npolicies: [access-control]\nqueries:\n  - query: evil\n",
        );
        let json = fx.soc2(&["check", "--format", "json", "--control", "EVIL"]).json();
        assert_eq!(json["controls"][0]["status"], "error", "{name}: {sql}");
        assert!(!fx.join("stolen.db").exists() && !fx.join("copy.db").exists(), "{name}");
        let rows = fx.read("evidence/idp_users/idp_users.jsonl");
        assert_eq!(rows.lines().count(), 2, "{name}");
    }
}

#[test]
fn exceptions_waive_findings_until_they_lapse() {
    let exception = |expires: &str, approved: bool| {
        let approval = if approved { "approved_by: cto@test.example\napproved_at: 2026-01-05\n" } else { "" };
        format!(
            "id: EX-1\ncontrol: FAIL-1\nresources: [ann@test.example, \"bob@*\"]\nowner: role:security-officer\njustification: break-glass admins\n{approval}expires: {expires}\n"
        )
    };
    let fx = statuses_repo().file("exceptions/EX-1.yaml", exception("2026-12-31", true));
    let json = fx.soc2(&["check", "--format", "json", "--control", "FAIL-1"]).json();
    assert_eq!(json["controls"][0]["status"], "pass");
    assert_eq!(json["controls"][0]["findings"][1]["excepted_by"], "EX-1");
    assert_eq!(json["exceptions"][0]["state"], "active");
    assert_eq!(json["exceptions"][0]["findings_excepted"], 2);

    let fx = fx.file("exceptions/EX-1.yaml", exception("2026-06-01", true));
    let json = fx.soc2(&["check", "--format", "json", "--control", "FAIL-1"]).json();
    assert_eq!(json["controls"][0]["status"], "fail");
    assert_eq!(json["exceptions"][0]["state"], "expired");
    assert_eq!(json["summary"]["exception_gaps"], 1);

    let fx = fx.file("exceptions/EX-1.yaml", exception("2026-12-31", false));
    let run = fx.soc2(&["check", "--control", "FAIL-1"]);
    run.code(1).stdout_has("exception EX-1 is not approved");
}

#[test]
fn exception_for_unknown_control_is_invalid() {
    statuses_repo()
        .file(
            "exceptions/EX-2.yaml",
            "id: EX-2\ncontrol: FAIL-9\nresources: [x]\nowner: o\njustification: j\nexpires: 2026-12-31\n",
        )
        .soc2(&["check"])
        .code(2)
        .stderr_has("exceptions/EX-2.yaml:2:10: error: unknown control `FAIL-9`");
}

#[test]
fn coverage_lists_unmapped_criteria_and_unapproved_policies() {
    let json = statuses_repo().soc2(&["check", "--format", "json"]).json();
    let unmapped = json["coverage"]["unmapped_criteria"].as_array().unwrap();
    assert!(unmapped.iter().any(|c| c == "CC9.2"));
    assert!(!unmapped.iter().any(|c| c == "CC6.1"));
    assert!(!unmapped.iter().any(|c| c == "C1.1"), "confidentiality is out of scope");
    assert_eq!(json["coverage"]["policies_not_approved"], serde_json::json!(["access-control"]));
}

#[test]
fn policy_approval_tracks_the_text() {
    let fx = statuses_repo();
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(fx.read("policies/access-control.md").as_bytes()))
    };
    let fx = fx.file(
        "evidence/reviews/2026-02-01-access-control.yaml",
        format!("subject: policy\nid: access-control\ndate: 2026-02-01\nby: ceo@test.example\napproved: true\nsha256: {sha}\nversion: \"1.0\"\n"),
    );
    let json = fx.soc2(&["check", "--format", "json"]).json();
    assert_eq!(json["coverage"]["policies_not_approved"], serde_json::json!([]));
    assert_eq!(json["coverage"]["policies"][0]["approval"], "approved");
    let fx = fx.file("policies/access-control.md", format!("{}\nEdited after approval.\n", crate::support::POLICY));
    let json = fx.soc2(&["check", "--format", "json"]).json();
    assert_eq!(json["coverage"]["policies"][0]["approval"], "changed");
    assert_eq!(json["coverage"]["policies_not_approved"], serde_json::json!(["access-control"]));
}

#[test]
fn junit_markdown_sarif_github_formats() {
    let fx = statuses_repo();
    let junit = fx.soc2(&["check", "--format", "junit"]);
    junit.code(1);
    insta::assert_snapshot!("check_junit", junit.stdout);
    let md = fx.soc2(&["check", "--format", "markdown"]);
    insta::assert_snapshot!("check_markdown", md.stdout);
    let sarif = fx.soc2(&["check", "--format", "sarif"]);
    let doc = sarif.json();
    assert_eq!(doc["version"], "2.1.0");
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    let fail = results.iter().find(|r| r["ruleId"] == "FAIL-1").unwrap();
    assert_eq!(fail["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "controls/FAIL-1.yaml");
    assert_eq!(fail["locations"][0]["physicalLocation"]["region"]["startLine"], 1);
    let gh = fx.soc2(&["check", "--format", "github"]);
    insta::assert_snapshot!("check_github", gh.stdout);
}

#[test]
fn json_is_byte_identical_snapshot() {
    let run = statuses_repo().soc2(&["check", "--format", "json", "--control", "FAIL-1", "--control", "STALE-1"]);
    insta::assert_snapshot!("check_json", run.stdout);
}

#[test]
fn meta_tables_are_queryable() {
    let fx = statuses_repo()
        .file("queries/meta.sql", "select id as resource, case when approved_current then 'ok' else 'alarm' end as status, 'policy not approved' as reason from soc2_policies\n")
        .file("controls/META-1.yaml", "id: META-1\ntitle: m\ncriteria: [CC5.3]\nowner: o\npolicies: [access-control]\nqueries:\n  - query: meta\n");
    let json = fx.soc2(&["check", "--format", "json", "--control", "META-1"]).json();
    assert_eq!(json["controls"][0]["status"], "fail");
    assert_eq!(json["controls"][0]["findings"][0]["resource"], "access-control");
}

#[test]
fn empty_datasets_give_no_rows_not_errors_and_no_pass() {
    let fx = evidence(statuses_repo(), "outside", "outside", &[], FRESH)
        .file("queries/outside.sql", "select login as resource, 'alarm' as status, 'outside collaborator' as reason from outside\n")
        .file("controls/OUT-1.yaml", "id: OUT-1\ntitle: o\ncriteria: [CC6.6]\nowner: o\npolicies: [access-control]\nqueries:\n  - query: outside\n");
    let json = fx.soc2(&["check", "--format", "json", "--control", "OUT-1"]).json();
    assert_eq!(json["controls"][0]["status"], "missing", "nothing examined is no evidence: {json}");
    assert_eq!(json["controls"][0]["reasons"][0], "no evidence to test: outside has no rows");
    assert_eq!(json["controls"][0]["queries"][0]["rows"], 0);
    assert_eq!(json["controls"][0]["queries"][0]["population"][0]["rows"], 0);
    let json = fx.soc2(&["check", "--format", "json", "--control", "ERR-1"]).json();
    assert_eq!(json["controls"][0]["status"], "error", "a wrong column over real data is still an error");
}

#[test]
fn the_bundled_example_matches_the_readme() {
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme");
    let out = crate::support::soc2_cmd(&example)
        .args(["check", "--now", "2026-11-20", "--no-cache", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["controls"], 147);
    assert_eq!(json["summary"]["pass"], 128);
    assert_eq!(json["summary"]["not_occurring"], 1);
    assert_eq!(json["summary"]["gaps"], 18);
    assert_eq!(json["summary"]["by_status"]["error"], 0);
    let readme = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(readme.contains(
        "128 of 147 in-scope controls pass,
one is attested as not occurring"
    ));
    let out_of_scope = json["summary"]["by_status"]["out-of-scope"].as_u64().unwrap();
    let all = json["controls"].as_array().unwrap().len() as u64;
    assert_eq!(all, 147 + out_of_scope);
    assert!(readme.contains(&format!("evaluates all {all} controls")), "README's total of controls");
    assert!(readme.contains(&format!("The other {out_of_scope} are out of scope")), "README's out-of-scope count");
    let not_applicable: Vec<&str> = json["controls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["not_applicable"].is_string())
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(not_applicable, ["AC-17", "IR-06"]);
}

#[test]
fn cached_parallel_and_direct_evaluation_agree_on_the_example() {
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme");
    let copy = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&source).into_iter().map(Result::unwrap) {
        let rel = entry.path().strip_prefix(&source).unwrap();
        if rel.starts_with(".soc2") {
            continue;
        }
        let target = copy.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    let run = |extra: &[&str]| {
        let out = crate::support::soc2_cmd(copy.path())
            .args(["check", "--now", "2026-11-20", "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let direct = run(&["--no-cache"]);
    let cold = run(&[]);
    let warm = run(&[]);
    assert!(copy.path().join(".soc2/cache/v1/index.json").is_file());
    assert_eq!(direct, cold);
    assert_eq!(cold, warm);
}

/// GitHub shows 10 error and 10 warning annotations per step: the most severe
/// gaps get them, and one notice counts the rest, which the summary lists.
#[test]
fn github_format_annotates_the_most_severe_gaps_within_githubs_limits() {
    let mut fx = statuses_repo();
    // 12 more failing controls (low to critical) and 11 more review-due ones.
    let severities = ["low", "medium", "high", "critical"];
    for i in 0..12 {
        let id = format!("MANY-{i:02}");
        let severity = severities[i % 4];
        fx = fx.file(
            &format!("controls/{id}.yaml"),
            format!("id: {id}\ntitle: Control {id}\ncriteria: [CC6.2]\nowner: role:security-officer\nseverity: {severity}\npolicies: [access-control]\nqueries:\n  - query: admins\n"),
        );
    }
    for i in 0..11 {
        let id = format!("DUE-{:02}", i + 10);
        fx = fx
            .file(
                &format!("controls/{id}.yaml"),
                format!("id: {id}\ntitle: Control {id}\ncriteria: [CC1.1]\nowner: role:security-officer\nseverity: {}\npolicies: [access-control]\nreview: {{ every: 365d }}\n", if i == 0 { "critical" } else { "low" }),
            )
            // Last reviewed more than a year ago: review-due.
            .file(
                &format!("evidence/reviews/{id}.yaml"),
                format!("subject: control\nid: {id}\ndate: 2025-01-01\nby: sam@test.example\n"),
            );
    }
    let run = fx.soc2(&["check", "--format", "github"]);
    run.code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let errors: Vec<&str> = lines.iter().copied().filter(|l| l.starts_with("::error ")).collect();
    let warnings: Vec<&str> = lines.iter().copied().filter(|l| l.starts_with("::warning ")).collect();
    assert_eq!(errors.len(), 10, "{}", run.stdout);
    assert_eq!(warnings.len(), 10, "{}", run.stdout);
    // 15 error gaps (FAIL-1, ERR-1, MISS-1, 12 MANY) and 13 warnings (STALE-1, DUE-1, 11 DUE-1x): 5 + 3 left over.
    assert!(run.stdout.contains("::notice title=soc2 check::8 more gaps are not annotated"), "{}", run.stdout);
    // The most severe first: every critical and high control is annotated, low ones are left to the summary.
    for id in ["FAIL-1", "MANY-03", "MANY-07", "MANY-11", "MANY-02", "MANY-06", "MANY-10", "DUE-10"] {
        assert!(run.stdout.contains(&format!("title={id} ")), "{id} not annotated:\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("title=MANY-00 "), "a low-severity gap took an annotation:\n{}", run.stdout);
    insta::assert_snapshot!("check_github_capped", run.stdout);
}

#[test]
fn findings_read_resource_reason_once_and_verbose_names_the_query() {
    let control = "id: FAIL-2\ntitle: Control FAIL-2\ncriteria: [CC6.2]\nowner: role:security-officer\npolicies: [access-control]\nqueries:\n  - query: admins\n  - query: admins_again\n  - query: admins_info\n";
    let fx = statuses_repo()
        .file("queries/admins_again.sql", "select email from idp_users where admin = 1 and email not like 'root%'\n")
        .file(
            "queries/admins_info.sql",
            "select 'idp' as resource, 'info' as status, count(*) || ' accounts checked' as reason from idp_users\n",
        )
        .file("controls/FAIL-2.yaml", control);
    let run = fx.soc2(&["check", "--control", "FAIL-2"]);
    run.code(1);
    assert_eq!(
        run.stdout,
        "fail (1)\n  FAIL-2     Control FAIL-2  [medium] dana@test.example\n             ann@test.example — email=ann@test.example\n             bob@test.example — email=bob@test.example\n             info: idp — 2 accounts checked\n0/1 controls pass · 1 gap · readiness 0%\n"
    );
    let verbose = fx.soc2(&["--verbose", "check", "--control", "FAIL-2"]);
    verbose.stdout_has("             alarm admins: ann@test.example email=ann@test.example\n");
    verbose.stdout_has("             alarm admins_again: ann@test.example email=ann@test.example\n");
}

#[test]
fn the_report_counts_empty_datasets_apart_from_fresh_ones() {
    let fx = evidence(statuses_repo(), "outside", "outside", &[], FRESH)
        .file("queries/outside.sql", "select login as resource from outside\n")
        .file("controls/OUT-1.yaml", "id: OUT-1\ntitle: o\ncriteria: [CC6.6]\nowner: o\npolicies: [access-control]\nqueries:\n  - query: outside\n");
    let json = fx.soc2(&["report", "--format", "json"]).json();
    let evidence = &json["progress"]["overall"]["evidence"];
    assert_eq!((evidence["fresh"].as_u64(), evidence["empty"].as_u64()), (Some(1), Some(1)), "{evidence}");
    let md = fx.soc2(&["report", "--format", "markdown"]);
    md.stdout_has("| 1/3 (1 empty) |");
}
