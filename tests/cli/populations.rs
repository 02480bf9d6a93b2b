//! No pass without evidence: a control whose queries examined nothing is
//! `missing`, or `not-occurring` once management attests that nothing the
//! control checks happened.

use crate::support::{Fixture, POLICY};

const TOML: &str = r#"[organization]
name = "Test Co"

[audit]
type = "type1"
categories = ["security"]

[collectors.incident_log]
kind = "file"
path = "registers/incident_log.csv"

[collectors.access_reviews]
kind = "file"
path = "registers/access_reviews.csv"
"#;

/// A snapshot of `table` (collected the day before the evaluation time) with `rows`.
fn snapshot(fx: Fixture, table: &str, rows: &[&str]) -> Fixture {
    let data: String = rows.iter().map(|r| format!("{r}\n")).collect();
    let meta = format!(
        r#"{{"collector":"{table}","dataset":"{table}","kind":"file","source":"registers/{table}.csv","collected_at":"2026-06-29T00:00:00Z","rows":{},"sha256":null,"soc2_version":"test"}}"#,
        rows.len()
    );
    fx.file(&format!("evidence/{table}/{table}.jsonl"), data).file(&format!("evidence/{table}/{table}.meta.json"), meta)
}

fn repo() -> Fixture {
    Fixture::empty()
        .file("soc2.toml", TOML)
        .file("policies/access-control.md", POLICY)
        .file(
            "queries/incidents_late.sql",
            "-- Incidents open past their target.\n-- tables: incident_log\nselect incident_id as resource from incident_log where status = 'open' and julianday(soc2_now()) - julianday(detected_date) > 30\n",
        )
        .file(
            "queries/reviews_late.sql",
            "-- Systems whose last access review is older than 100 days.\n-- tables: access_reviews\n-- population: access_reviews since review_date 100d\nselect system as resource from access_reviews group by system having julianday(soc2_now()) - julianday(max(review_date)) > 100\n",
        )
        .file(
            "controls/IR-01.yaml",
            "id: IR-01\ntitle: Incidents are resolved in time\ncriteria: [CC7.4]\nowner: dana@test.example\npolicies: [access-control]\nwhen_empty: not-occurring\nqueries:\n  - query: incidents_late\n",
        )
        .file(
            "controls/AC-03.yaml",
            "id: AC-03\ntitle: Access is reviewed quarterly\ncriteria: [CC6.2]\nowner: dana@test.example\npolicies: [access-control]\nqueries:\n  - query: reviews_late\n",
        )
}

fn status(fx: &Fixture, id: &str) -> (String, Vec<String>) {
    let json = fx.soc2(&["check", "--format", "json", "--control", id]).json();
    let c = &json["controls"][0];
    let reasons = c["reasons"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_owned()).collect();
    (c["status"].as_str().unwrap().to_owned(), reasons)
}

#[test]
fn an_empty_population_is_missing_evidence_not_a_pass() {
    let fx = snapshot(snapshot(repo(), "incident_log", &[]), "access_reviews", &[]);
    assert_eq!(
        status(&fx, "AC-03"),
        (
            "missing".into(),
            vec!["no evidence to test: access_reviews with review_date since 2026-03-22 has no rows".into()]
        )
    );
    // Only reviews older than the window: the window examined nothing, so still no evidence.
    let fx = snapshot(fx, "access_reviews", &[r#"{"system":"github","review_date":"2025-01-10"}"#]);
    assert_eq!(status(&fx, "AC-03").0, "fail", "an old review is a finding of the query itself");
    let fx = snapshot(fx, "access_reviews", &[r#"{"system":"github","review_date":"2026-06-01"}"#]);
    assert_eq!(status(&fx, "AC-03"), ("pass".into(), vec![]));
}

#[test]
fn nothing_occurring_needs_an_attestation_and_then_shows_as_such() {
    let fx = snapshot(snapshot(repo(), "incident_log", &[]), "access_reviews", &[]);
    assert_eq!(
        status(&fx, "IR-01"),
        (
            "missing".into(),
            vec!["nothing occurred (incident_log has no rows); confirm it with `soc2 attest IR-01 --not-occurring --by WHO`".into()]
        )
    );
    fx.soc2(&[
        "attest",
        "IR-01",
        "--not-occurring",
        "--by",
        "dana@test.example",
        "--external",
        "--note",
        "no incidents in H1",
    ])
    .code(0);
    assert_eq!(
        status(&fx, "IR-01"),
        (
            "not-occurring".into(),
            vec!["nothing occurred (incident_log has no rows); attested by dana@test.example on 2026-06-30".into()]
        )
    );
    let human = fx.soc2(&["check", "--control", "IR-01"]);
    human.code(0);
    assert_eq!(
        human.stdout,
        "not-occurring (1)\n  IR-01      Incidents are resolved in time  [medium] dana@test.example\n             - nothing occurred (incident_log has no rows); attested by dana@test.example on 2026-06-30\n0/1 controls pass · 1 not occurring · 0 gaps · readiness 100%\n"
    );
    fx.soc2(&["check", "--control", "IR-01", "--format", "github"]).code(0).stdout_has(
        "::notice file=controls/IR-01.yaml,line=1,title=IR-01 not occurring%3A Incidents are resolved in time::",
    );
    fx.soc2(&["check", "--control", "IR-01", "--format", "junit"])
        .code(0)
        .stdout_has("<skipped message=\"not occurring: nothing occurred");
    // Once something occurs, the control is tested again.
    let fx =
        snapshot(fx, "incident_log", &[r#"{"incident_id":"INC-1","status":"resolved","detected_date":"2026-06-01"}"#]);
    assert_eq!(status(&fx, "IR-01"), ("pass".into(), vec![]));
}

#[test]
fn an_attestation_lapses_after_90_days() {
    let fx = snapshot(snapshot(repo(), "incident_log", &[]), "access_reviews", &[]).file(
        "evidence/manual/IR-01/2026-03-01-attestation.yaml",
        "kind: attestation\ndate: 2026-03-01\nby: dana@test.example\nnot_occurring: true\n",
    );
    assert_eq!(status(&fx, "IR-01").0, "missing", "attested 121 days ago");
}

#[test]
fn only_a_control_that_accepts_it_can_be_attested_not_occurring() {
    let run = repo().soc2(&["attest", "AC-03", "--not-occurring", "--by", "dana@test.example", "--external"]);
    run.code(2);
    insta::assert_snapshot!("attest_not_occurring_refused", run.stderr);
}

#[test]
fn a_bad_population_header_is_located() {
    let fx = repo().file(
        "queries/reviews_late.sql",
        "-- Late reviews.\n-- population: access_reviews since review_date\nselect 1\n",
    );
    let run = fx.soc2(&["validate"]);
    run.code(2);
    insta::assert_snapshot!("population_header_error", run.stderr);
}
