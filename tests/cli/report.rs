//! `soc2 report`: Markdown and JSON snapshots, the HTML holds check's numbers, escaping, output paths.

use crate::support::Fixture;

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

const FRESH: &str = "2026-06-29T00:00:00Z";

fn evidence(fx: Fixture, table: &str, rows: &[&str]) -> Fixture {
    let data: String = rows.iter().map(|r| format!("{r}\n")).collect();
    let meta = format!(
        r#"{{"collector":"{table}","dataset":"{table}","kind":"file","source":"test","collected_at":"{FRESH}","rows":{},"sha256":null,"soc2_version":"test"}}"#,
        rows.len()
    );
    fx.file(&format!("evidence/{table}/{table}.jsonl"), data).file(&format!("evidence/{table}/{table}.meta.json"), meta)
}

fn control(id: &str, criteria: &str, severity: &str, extra: &str) -> String {
    format!(
        "id: {id}\ntitle: Control {id}\ncriteria: [{criteria}]\nowner: role:security-officer\nseverity: {severity}\npolicies: [access-control]\n{extra}"
    )
}

/// Controls in several statuses, a finding waived by an exception, a target date.
fn repo() -> Fixture {
    let fx = Fixture::empty()
        .file("soc2.toml", TOML)
        .file("policies/access-control.md", crate::support::POLICY)
        .file(
            "queries/mfa.sql",
            "select email as resource, case when mfa then 'ok' else 'alarm' end as status, 'no MFA' as reason from idp_users\n",
        )
        .file("queries/admins.sql", "select email as resource, 'admin account' as reason from idp_users where admin = 1\n")
        .file("queries/hr.sql", "select * from hr_roster\n")
        .file("controls/AC-01.yaml", control("AC-01", "CC6.1", "critical", "queries:\n  - query: mfa\n"))
        .file(
            "controls/AC-02.yaml",
            control("AC-02", "CC6.2, CC6.3", "medium", "target_date: 2026-09-30\nqueries:\n  - query: admins\n"),
        )
        .file("controls/HR-01.yaml", control("HR-01", "CC1.4", "high", "queries:\n  - query: hr\n"))
        .file("controls/GOV-01.yaml", control("GOV-01", "CC1.1", "low", "review: { every: 365d }\n"))
        .file("controls/BCP-01.yaml", control("BCP-01", "A1.2", "medium", ""))
        .file(
            "exceptions/EX-1.yaml",
            "id: EX-1\ncontrol: AC-01\nresources: [\"svc-*\"]\nowner: dana@test.example\njustification: service accounts use keys\napproved_by: jo@test.example\nexpires: \"2026-12-31\"\n",
        );
    evidence(
        fx,
        "idp_users",
        &[
            r#"{"admin":true,"email":"ann@test.example","mfa":false}"#,
            r#"{"admin":false,"email":"bob@test.example","mfa":true}"#,
            r#"{"admin":false,"email":"svc-ci","mfa":false}"#,
        ],
    )
}

#[test]
fn markdown_report() {
    let run = repo().soc2(&["report", "--format", "markdown"]);
    run.code(0).no_panic();
    insta::assert_snapshot!("report_markdown", run.stdout);
}

#[test]
fn json_report_is_the_evaluation_plus_sections() {
    let run = repo().soc2(&["report", "--format", "json"]);
    run.code(0);
    let json = run.json();
    let check = repo().soc2(&["check", "--format", "json"]).json();
    assert_eq!(json["summary"], check["summary"]);
    assert_eq!(json["controls"], check["controls"]);
    assert_eq!(json["priorities"][0]["id"], "AC-01");
    assert!(json["priority_rule"].as_str().unwrap().contains("severity weight"));
    assert_eq!(json["priorities"][0]["target_date"], "2026-12-31", "an active exception's expiry");
    insta::assert_json_snapshot!("report_json", json);
}

#[test]
fn html_holds_the_numbers_of_check() {
    let fx = repo();
    fx.soc2(&["report"]).code(0).stderr_has("wrote .soc2/soc2-report.html (readiness 40%, 3 gaps)");
    let html = fx.read(".soc2/soc2-report.html");
    let check = fx.soc2(&["check", "--format", "json"]).json();
    let s = &check["summary"];
    let readiness = s["readiness"].as_f64().unwrap();
    assert!(html.contains(&format!(r#"id="readiness">{readiness}%<"#)), "readiness {readiness}");
    assert!(html.contains(&format!(r#"id="pass-count">{}/{}<"#, s["pass"], s["controls"])));
    assert!(html.contains(&format!(r#"id="gap-count">{}<"#, s["gaps"])));
    for c in check["controls"].as_array().unwrap() {
        assert!(html.contains(c["id"].as_str().unwrap()));
    }
    for section in [
        "Progress by category",
        "Progress by series",
        "Prioritized gaps",
        "Coverage matrix",
        "Owners and remediation roadmap",
    ] {
        assert!(html.contains(section), "{section}");
    }
    assert!(html.contains("<b>CC6</b>") && html.contains("<b>A1</b>"), "series rows");
    assert!(!html.contains("http://") && !html.contains("https://"), "no network references");
}

#[test]
fn html_is_deterministic() {
    let fx = repo();
    fx.soc2(&["report", "--output", "a.html"]).code(0);
    fx.soc2(&["report", "--output", "b.html", "--no-cache"]).code(0);
    assert_eq!(fx.read("a.html"), fx.read("b.html"));
}

#[test]
fn output_writes_the_file_and_nothing_to_stdout() {
    let fx = repo();
    let run = fx.soc2(&["report", "--format", "markdown", "--output", "out/report.md"]);
    run.code(0).stderr_has("wrote out/report.md");
    assert!(run.stdout.is_empty());
    assert!(fx.read("out/report.md").starts_with("# Test Co — SOC 2 readiness report"));
    let run = fx.soc2(&["report", "--output", "-"]);
    run.code(0).stdout_has("<!DOCTYPE html>");
}

#[test]
fn evidence_values_are_escaped() {
    let fx = evidence(repo(), "idp_users", &[r#"{"admin":false,"email":"<script>alert(1)</script>","mfa":false}"#]);
    fx.soc2(&["report", "--output", "r.html"]).code(0);
    let html = fx.read("r.html");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;") || html.contains("&lt;script&gt;"), "escaped");
    assert!(!html.contains("<script>alert"), "raw script from evidence");
}

#[test]
fn a_repo_template_overrides_the_built_in_one() {
    let fx = repo().file(
        "templates/report/report.html.j2",
        "<p>{{ r.organization }}: {{ readiness }}% · {{ r.priorities | length }} gaps</p>\n",
    );
    fx.soc2(&["report", "--output", "r.html"]).code(0);
    assert_eq!(fx.read("r.html"), "<p>Test Co: 40% · 3 gaps</p>\n");
}

#[test]
fn a_broken_template_is_an_error_naming_it() {
    let fx = repo().file("templates/report/report.html.j2", "{% if %}\n");
    fx.soc2(&["report"]).code(2).no_panic().stderr_has("templates/report/report.html.j2");
}

#[test]
fn unknown_control_is_a_usage_error() {
    repo().soc2(&["report", "--control", "AC-9"]).code(2).stderr_has("--control AC-9: no such control");
}

#[test]
fn html_prints_and_reads_without_script() {
    let fx = repo();
    fx.soc2(&["report", "--output", "r.html"]).code(0);
    let html = fx.read("r.html");
    assert!(html.contains("@media print"));
    assert_eq!(html.matches("<script>").count(), 1, "one inline script, ours");
    assert!(html.contains(r#"<div class="filters" id="filters" hidden>"#), "filters appear only with script");
    assert!(!html.contains("<link") && !html.contains("src="), "nothing loaded from elsewhere");
    assert!(html.contains(r#"<tr class="st-fail">"#), "rows carry their status for the filter");
}
