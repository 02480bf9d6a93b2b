//! Type II: `check --as-of` / `--rev` read a commit, `report --period` counts
//! every day of a period from evidence commits made on chosen dates.

use std::process::Command;

use crate::support::{Fixture, POLICY};

const TOML: &str = r#"[organization]
name = "Test Co"

[audit]
type = "type2"
period = "2026-03-01..2026-03-31"
categories = ["security"]

[evidence]
max_age = "3d"

[collectors.idp_users]
kind = "file"
path = "registers/idp.csv"
"#;

const CONTROL: &str = "id: AC-01\ntitle: MFA is enforced\ncriteria: [CC6.1]\nowner: dana@test.example\npolicies: [access-control]\nqueries:\n  - query: users_without_mfa\n";
const QUERY: &str = "select email from idp_users where mfa = 0\n";

const GOOD: &str = "{\"email\":\"ann@test.example\",\"mfa\":1}\n{\"email\":\"bob@test.example\",\"mfa\":1}\n";
const BAD: &str = "{\"email\":\"ann@test.example\",\"mfa\":1}\n{\"email\":\"bob@test.example\",\"mfa\":0}\n";

fn git(fx: &Fixture, args: &[&str], date: &str) {
    let out = Command::new("git")
        .args(args)
        .current_dir(fx.path())
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@test.example")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@test.example")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", fx.path())
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// Write the evidence as collected on `day` at 10:00 UTC and commit it then.
fn collect(fx: Fixture, day: &str, data: &str) -> Fixture {
    let at = format!("{day}T10:00:00Z");
    let meta = format!(
        r#"{{"collector":"idp_users","dataset":"idp_users","kind":"file","source":"registers/idp.csv","collected_at":"{at}","rows":2,"sha256":null,"soc2_version":"test"}}"#
    );
    let fx = fx.file("evidence/idp_users/idp_users.jsonl", data).file("evidence/idp_users/idp_users.meta.json", meta);
    git(&fx, &["add", "-A"], &at);
    git(&fx, &["commit", "-q", "-m", &format!("evidence {day}")], &at);
    fx
}

/// A repo committed on 2026-02-27, then evidence every day of March except
/// the 20th–25th; bob has no MFA in the snapshots of March 10–12.
fn history() -> Fixture {
    history_with(CONTROL)
}

/// [`history`] with another AC-01.
fn history_with(control: &str) -> Fixture {
    let fx = Fixture::empty()
        .file("soc2.toml", TOML)
        .file("controls/AC-01.yaml", control)
        .file("policies/access-control.md", POLICY)
        .file("queries/users_without_mfa.sql", QUERY)
        .file(".gitignore", ".soc2/\n");
    git(&fx, &["init", "-q", "-b", "main"], "2026-02-27T09:00:00Z");
    let mut fx = collect(fx, "2026-02-27", GOOD);
    for day in 1..=31 {
        if (20..=25).contains(&day) {
            continue;
        }
        let data = if (10..=12).contains(&day) { BAD } else { GOOD };
        fx = collect(fx, &format!("2026-03-{day:02}"), data);
    }
    fx
}

const FAIL_REASON: &str = "1 open finding: alarm users_without_mfa: bob@test.example email=bob@test.example";

#[test]
fn period_counts_days_passing_and_exceptions_exactly() {
    let fx = history();
    let run = fx.soc2(&["report", "--period", "--format", "json"]);
    run.code(0).no_panic();
    let p = run.json();
    assert_eq!(p["period"], "2026-03-01..2026-03-31");
    assert_eq!(p["days"], 31);
    assert_eq!(p["evaluated_through"], "2026-03-31");
    assert_eq!(p["days_with_commits"], 25);
    assert_eq!(p["commits"], 25);
    assert_eq!(p["not_evaluated"], serde_json::json!([]));
    let c = &p["controls"][0];
    assert_eq!(c["id"], "AC-01");
    assert_eq!(c["days_evaluated"], 31);
    assert_eq!(c["days_passing"], 24);
    assert_eq!(c["days_not_evaluated"], 0);
    assert_eq!(c["effectiveness"], 77.4);
    // Fail while bob had no MFA; stale from the day the March 19 snapshot passed 3 days
    // (the end of March 22) until the March 26 commit.
    assert_eq!(
        c["exceptions"],
        serde_json::json!([
            {"start": "2026-03-10", "end": "2026-03-12", "days": 3, "status": "fail", "reason": FAIL_REASON, "commit": c["exceptions"][0]["commit"]},
            {"start": "2026-03-22", "end": "2026-03-25", "days": 4, "status": "stale",
             "reason": "evidence idp_users collected 2026-03-19T10:00:00Z, older than 3d", "commit": c["exceptions"][1]["commit"]},
        ])
    );
    assert_eq!(c["longest_exception"], serde_json::json!({"start": "2026-03-22", "end": "2026-03-25", "days": 4}));
    assert_eq!(
        c["timeline"],
        serde_json::json!([
            {"start": "2026-03-01", "end": "2026-03-09", "offset": 0, "days": 9, "state": "pass"},
            {"start": "2026-03-10", "end": "2026-03-12", "offset": 9, "days": 3, "state": "fail"},
            {"start": "2026-03-13", "end": "2026-03-21", "offset": 12, "days": 9, "state": "pass"},
            {"start": "2026-03-22", "end": "2026-03-25", "offset": 21, "days": 4, "state": "stale"},
            {"start": "2026-03-26", "end": "2026-03-31", "offset": 25, "days": 6, "state": "pass"},
        ])
    );
    // The exception's commit is the one made on its first day.
    let log = Command::new("git")
        .args(["log", "--format=%h %s", "--abbrev=12"])
        .current_dir(fx.path())
        .output()
        .expect("git log");
    let log = String::from_utf8_lossy(&log.stdout).into_owned();
    let first_fail = c["exceptions"][0]["commit"].as_str().unwrap();
    assert!(log.contains(&format!("{first_fail} evidence 2026-03-10")), "{first_fail} not the March 10 commit:\n{log}");
    let first_stale = c["exceptions"][1]["commit"].as_str().unwrap();
    assert!(
        log.contains(&format!("{first_stale} evidence 2026-03-19")),
        "{first_stale} not the March 19 commit:\n{log}"
    );
    assert_eq!(p["summary"]["control_days"], 31);
    assert_eq!(p["summary"]["control_days_passing"], 24);
    assert_eq!(p["summary"]["effectiveness"], 77.4);
    assert_eq!(p["summary"]["controls_without_exceptions"], 0);
}

#[test]
fn days_before_the_first_commit_are_not_evaluated() {
    let fx = history();
    let run = fx.soc2(&["report", "--period", "2026-02-20..2026-03-05", "--format", "json"]);
    run.code(0);
    let p = run.json();
    assert_eq!(p["days"], 14);
    assert_eq!(
        p["not_evaluated"],
        serde_json::json!([{"start": "2026-02-20", "end": "2026-02-26", "days": 7, "why": "before the first commit"}])
    );
    let c = &p["controls"][0];
    assert_eq!(c["days_evaluated"], 7);
    assert_eq!(c["days_passing"], 7);
    assert_eq!(c["days_not_evaluated"], 7);
    assert_eq!(c["effectiveness"], 100.0);
    assert_eq!(c["exceptions"], serde_json::json!([]));
    assert!(c.get("longest_exception").is_none());
    // Feb 27 and Mar 1–5 have commits; Feb 28 carries Feb 27 forward.
    assert_eq!(p["days_with_commits"], 6);
}

#[test]
fn days_after_now_are_not_evaluated_and_today_is_evaluated_at_now() {
    let fx = history();
    let run = fx.soc2_env(&["report", "--period", "--format", "json"], &[("SOC2_NOW", "2026-03-11T12:00:00Z")]);
    run.code(0);
    let p = run.json();
    assert_eq!(p["evaluated_through"], "2026-03-11");
    assert_eq!(
        p["not_evaluated"],
        serde_json::json!([{"start": "2026-03-12", "end": "2026-03-31", "days": 20, "why": "after the evaluation time"}])
    );
    let c = &p["controls"][0];
    assert_eq!((c["days_evaluated"].as_u64(), c["days_passing"].as_u64()), (Some(11), Some(9)));
    assert_eq!(c["exceptions"][0]["start"], "2026-03-10");
    assert_eq!(c["exceptions"][0]["end"], "2026-03-11");
}

#[test]
fn a_second_run_recomputes_nothing_and_a_new_day_adds_one_evaluation() {
    let fx = history();
    let first = fx.soc2(&["report", "--period", "2026-03-01..2026-03-30", "--format", "json"]);
    first.code(0).stderr_has("30 control-days computed, 0 from cache (.soc2/history)");
    let cache_files = || {
        let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(fx.join(".soc2/history/v1"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
            .collect();
        v.sort();
        v
    };
    let before = cache_files();
    assert_eq!(before.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["2026-03.json", "stamps.json"]);
    let second = fx.soc2(&["report", "--period", "2026-03-01..2026-03-30", "--format", "json"]);
    second.code(0).stderr_has("0 control-days computed, 30 from cache (.soc2/history)");
    assert_eq!(first.stdout, second.stdout, "same history, same report");
    assert_eq!(before, cache_files(), "a warm run writes nothing");
    let longer = fx.soc2(&["report", "--period", "2026-03-01..2026-03-31", "--format", "json"]);
    longer.code(0).stderr_has("1 control-days computed, 30 from cache (.soc2/history)");
    // --no-cache computes everything and gives the same figures.
    let cold = fx.soc2(&["report", "--period", "--format", "json", "--no-cache"]);
    cold.code(0).stderr_has("31 control-days computed, 0 from cache");
    assert_eq!(cold.stdout, longer.stdout);
}

#[test]
fn a_changed_control_is_evaluated_again() {
    let fx = history();
    fx.soc2(&["report", "--period", "--format", "json"]).code(0).stderr_has("31 control-days computed");
    // A new query text changes the key of every day that reads it (here: only March 31).
    let fx = fx.file("queries/users_without_mfa.sql", "select email from idp_users where email like 'ann%'\n");
    git(&fx, &["commit", "-qam", "narrow the query"], "2026-03-31T18:00:00Z");
    let run = fx.soc2(&["report", "--period", "--format", "json"]);
    run.code(0).stderr_has("1 control-days computed, 30 from cache");
    let c = &run.json()["controls"][0];
    assert_eq!(c["days_passing"], 23, "March 31 now fails");
    assert_eq!(c["exceptions"][2]["start"], "2026-03-31");
    assert_eq!(
        c["exceptions"][2]["reason"],
        "1 open finding: alarm users_without_mfa: ann@test.example email=ann@test.example"
    );
}

#[test]
fn check_as_of_reads_the_commit_not_the_worktree() {
    let fx = history();
    // An uncommitted change in the worktree: bob loses MFA now.
    let fx = fx.file("evidence/idp_users/idp_users.jsonl", BAD);
    let status = |run: &crate::support::Run| run.json()["controls"][0]["status"].as_str().unwrap().to_owned();
    assert_eq!(status(&fx.soc2(&["check", "--format", "json"])), "fail");
    let run = fx.soc2(&["check", "--as-of", "2026-03-31", "--format", "json"]);
    // Exit 1 all the same: the policy is not approved (a coverage gap).
    run.code(1)
        .stderr_has("evaluating commit ")
        .stderr_has("(2026-03-31T10:00:00Z, evidence 2026-03-31) as of 2026-03-31T23:59:59Z");
    let e = run.json();
    assert_eq!(e["evaluated_at"], "2026-03-31T23:59:59Z");
    assert_eq!(e["controls"][0]["status"], "pass");
    // Every format names the commit it evaluated.
    assert_eq!(e["commit"]["time"], "2026-03-31T10:00:00Z");
    assert_eq!(e["commit"]["summary"], "evidence 2026-03-31");
    let id = e["commit"]["id"].as_str().unwrap().to_owned();
    let short = &id[..12];
    let named = format!("as of commit {short} (2026-03-31T10:00:00Z, \"evidence 2026-03-31\")");
    for format in ["human", "markdown", "github"] {
        fx.soc2(&["check", "--as-of", "2026-03-31", "--format", format]).stdout_has(&named);
    }
    fx.soc2(&["check", "--as-of", "2026-03-31", "--format", "junit"])
        .stdout_has(&format!("<property name=\"commit\" value=\"{id}\"/>"));
    let sarif = fx.soc2(&["check", "--as-of", "2026-03-31", "--format", "sarif"]).json();
    assert_eq!(sarif["runs"][0]["properties"]["commit"], id.as_str());
    assert!(fx.soc2(&["check", "--format", "json"]).json().get("commit").is_none(), "the worktree is no commit");
    // Within the failing stretch.
    let run = fx.soc2(&["check", "--as-of", "2026-03-11", "--format", "json"]);
    run.code(1).stderr_has("evidence 2026-03-11");
    assert_eq!(run.json()["controls"][0]["status"], "fail");
    // Stale on the 23rd: the last snapshot is from the 19th.
    let run = fx.soc2(&["check", "--as-of", "2026-03-23", "--format", "json"]);
    run.code(1);
    assert_eq!(run.json()["controls"][0]["status"], "stale");
    // A time within a day: the 10:00 commit of March 10 is not made yet at 09:00.
    let run = fx.soc2(&["check", "--as-of", "2026-03-10T09:00:00Z", "--format", "json"]);
    run.stderr_has("evidence 2026-03-09");
    assert_eq!(status(&run), "pass");
}

#[test]
fn report_as_of_and_rev() {
    let fx = history();
    let run = fx.soc2(&["report", "--as-of", "2026-03-12", "--format", "json"]);
    run.code(0);
    assert_eq!(run.json()["summary"]["gaps"], 1);
    let run = fx.soc2(&["check", "--rev", "HEAD~15", "--format", "json"]);
    // HEAD~15 is the March 10 snapshot, evaluated at its commit time.
    run.code(1).stderr_has("evidence 2026-03-10");
    let e = run.json();
    assert_eq!(e["evaluated_at"], "2026-03-10T10:00:00Z");
    assert_eq!(e["controls"][0]["status"], "fail");
}

#[test]
fn bad_rev_and_dates_exit_2_with_a_hint() {
    let fx = history();
    fx.soc2(&["check", "--rev", "no-such-branch"])
        .code(2)
        .no_panic()
        .stderr_has("error: --rev no-such-branch: not a commit")
        .stderr_has("hint: give a commit id, branch or tag");
    fx.soc2(&["check", "--as-of", "yesterday"]).code(2).stderr_has("--as-of: invalid date `yesterday`");
    fx.soc2(&["check", "--as-of", "2026-01-01"])
        .code(2)
        .stderr_has("--as-of 2026-01-01: no commit on or before it (the first commit is from 2026-02-27T10:00:00Z)");
    fx.soc2(&["check", "--as-of", "2026-03-01", "--rev", "HEAD"]).code(2).stderr_has("cannot be used with");
    // NOW is 2026-06-30T12:00:00Z: tomorrow has no history yet.
    fx.soc2(&["check", "--as-of", "2026-07-01"])
        .code(2)
        .stderr_has("error: --as-of 2026-07-01 is after the evaluation time (2026-06-30T12:00:00Z)")
        .stderr_has("hint: the history holds nothing after now");
    fx.soc2(&["check", "--as-of", "2026-06-30"]).no_panic().stderr_has("evaluating commit");
    fx.soc2(&["report", "--period", "2026-03-31..2026-03-01"])
        .code(2)
        .stderr_has("--period: period `2026-03-31..2026-03-01` ends before it starts");
}

#[test]
fn outside_git_as_of_and_period_exit_2_with_a_hint() {
    let fx = Fixture::minimal();
    for args in [&["check", "--as-of", "2026-03-01"][..], &["report", "--period", "2026-01-01..2026-01-31"]] {
        fx.soc2(args)
            .code(2)
            .no_panic()
            .stderr_has("is not inside a git repository")
            .stderr_has("hint: --as-of, --rev and --period read the history of evidence/ from git");
    }
    // A type1 repo has no audit.period to default to.
    fx.soc2(&["report", "--period"]).code(2).stderr_has("--period: soc2.toml has no `audit.period`");
}

#[test]
fn html_and_markdown_show_the_period() {
    let fx = history();
    let run = fx.soc2(&["report", "--period", "--output", "-"]);
    run.code(0);
    let html = &run.stdout;
    assert!(html.contains("<section id=\"period\">"), "{html}");
    assert!(html.contains("Type II: operating effectiveness, 2026-03-01..2026-03-31"));
    // The timeline: one rect per run of days, as wide as the run.
    assert!(html.contains("<rect x=\"9\" y=\"0\" width=\"3\" height=\"15\" fill=\"#c62828\"><title>2026-03-10 – 2026-03-12: fail (3 days)</title></rect>"), "{html}");
    assert!(html.contains("<rect x=\"21\" y=\"0\" width=\"4\" height=\"15\" fill=\"#f9a825\">"));
    assert!(html.contains("2026-03-22 – 2026-03-25 (4 days, stale, longest): evidence idp_users collected 2026-03-19T10:00:00Z, older than 3d"));
    assert!(html.contains("<td class=\"num\">77.4%<div class=\"note\">reviews on time –</div></td>"), "{html}");
    assert!(!html.contains("<script src"), "self-contained");
    let md = fx.soc2(&["report", "--period", "--format", "markdown"]);
    md.code(0)
        .stdout_has("## Type II: operating effectiveness, 2026-03-01..2026-03-31")
        .stdout_has("| **AC-01** MFA is enforced | 77.4% | 24 | 31 | 0 | 2 | 2026-03-22..2026-03-25 (4 days) | – |")
        .stdout_has(&format!("- **AC-01** 2026-03-10..2026-03-12 (3 days, fail): {FAIL_REASON}"));
    // Without --period the report is unchanged: no period section.
    let plain = fx.soc2(&["report", "--output", "-"]);
    assert!(!plain.stdout.contains("id=\"period\""));
}

#[test]
fn a_commit_where_the_repo_does_not_load_is_an_error_day() {
    let fx = history().file("controls/AC-01.yaml", "id: AC-01\ntitle: [unclosed\n");
    let fx = collect(fx, "2026-04-01", GOOD).file("controls/AC-01.yaml", CONTROL);
    let fx = collect(collect(fx, "2026-04-02", GOOD), "2026-04-03", GOOD);
    let run = fx.soc2(&["report", "--period", "2026-03-30..2026-04-03", "--format", "json"]);
    run.code(0);
    let c = &run.json()["controls"][0];
    assert_eq!((c["days_evaluated"].as_u64(), c["days_passing"].as_u64()), (Some(5), Some(4)));
    let x = &c["exceptions"][0];
    assert_eq!(
        (x["start"].as_str(), x["end"].as_str(), x["status"].as_str()),
        (Some("2026-04-01"), Some("2026-04-01"), Some("error"))
    );
    assert_eq!(
        x["reason"],
        "the repo does not load: controls/AC-01.yaml:3:1: error: did not find expected ',' or ']' at line 3 column 1, while parsing a flow sequence"
    );
}

#[test]
fn an_unwritable_cache_only_warns() {
    let fx = history().file(".soc2", "a file where the cache folder would be\n");
    let run = fx.soc2(&["report", "--period", "--format", "json"]);
    run.code(0)
        .stderr_has("31 control-days computed, 0 from cache")
        .stderr_has("warning: cannot write the history cache")
        .stderr_has("the next run computes these days again");
    assert_eq!(run.json()["controls"][0]["days_passing"], 24);
}

/// Days with nothing to test are not operating effectively: unattested they
/// are exceptions (missing), attested they are counted apart as not occurring.
#[test]
fn empty_populations_never_count_as_operating() {
    let control = "id: IR-01\ntitle: Incidents are handled\ncriteria: [CC7.4]\nowner: dana@test.example\npolicies: [access-control]\nwhen_empty: not-occurring\nqueries:\n  - query: open_incidents\n";
    let fx = Fixture::empty()
        .file(
            "soc2.toml",
            TOML.replace("idp_users", "incidents").replace("registers/idp.csv", "registers/incidents.csv"),
        )
        .file("controls/IR-01.yaml", control)
        .file("policies/access-control.md", POLICY)
        .file("queries/open_incidents.sql", "select id from incidents where status = 'open'\n")
        .file(".gitignore", ".soc2/\n");
    git(&fx, &["init", "-q", "-b", "main"], "2026-02-27T09:00:00Z");
    let empty = |fx: Fixture, day: &str| {
        let at = format!("{day}T10:00:00Z");
        let meta = format!(
            r#"{{"collector":"incidents","dataset":"incidents","kind":"file","source":"registers/incidents.csv","collected_at":"{at}","rows":0,"sha256":null,"soc2_version":"test"}}"#
        );
        let fx = fx.file("evidence/incidents/incidents.jsonl", "").file("evidence/incidents/incidents.meta.json", meta);
        git(&fx, &["add", "-A"], &at);
        git(&fx, &["commit", "-q", "-m", &format!("evidence {day}")], &at);
        fx
    };
    let mut fx = empty(fx, "2026-02-27");
    for day in 1..=31 {
        fx = empty(fx, &format!("2026-03-{day:02}"));
        if day == 15 {
            fx = fx.file(
                "evidence/manual/IR-01/2026-03-15-attestation.yaml",
                "kind: attestation\ndate: 2026-03-15\nby: dana@test.example\nnot_occurring: true\n",
            );
            git(&fx, &["add", "-A"], "2026-03-15T11:00:00Z");
            git(&fx, &["commit", "-q", "-m", "attest"], "2026-03-15T11:00:00Z");
        }
    }
    let json = fx.soc2(&["report", "--period", "--format", "json"]).json();
    let c = &json["controls"][0];
    assert_eq!(c["days_not_occurring"], 17, "March 15–31 attested: {c}");
    assert_eq!(c["days_evaluated"], 14, "March 1–14 had nothing to test and no attestation");
    assert_eq!(c["days_passing"], 0);
    assert_eq!(c["effectiveness"], 0.0);
    assert_eq!(c["exceptions"][0]["status"], "missing");
    assert_eq!(c["exceptions"][0]["end"], "2026-03-14");
    assert_eq!(json["summary"]["control_days_not_occurring"], 17);
}

#[test]
fn a_first_review_falls_due_one_cadence_after_the_first_commit_and_counts_apart() {
    // AC-01 was committed on 2026-02-27 at 10:00 and is reviewed every 20 days: first due 2026-03-19.
    let fx = history_with(&format!("{CONTROL}review: {{ every: 20d }}\n"));
    let early = fx.soc2(&["--now", "2026-03-05", "check", "--as-of", "2026-03-05", "--format", "json"]).json();
    let review = &early["controls"][0]["obligations"][0];
    assert_eq!(review["state"], "ok", "{review}");
    assert_eq!(review["due"], "2026-03-19T10:00:00Z");
    let late = fx.soc2(&["--now", "2026-03-31T12:00:00Z", "check", "--format", "json"]).json();
    let c = &late["controls"][0];
    assert_eq!(c["status"], "review-due");
    assert_eq!(c["operating"], "pass", "the evidence passes: only the review is late");
    assert_eq!(c["reasons"][0], "control never reviewed: the first review was due 2026-03-19T10:00:00Z (every 20d)");
    let due = fx.soc2(&["--now", "2026-03-31T12:00:00Z", "reviews", "--format", "json"]).json();
    let item = due["owners"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["items"].as_array().unwrap())
        .find(|i| i["kind"] == "review")
        .unwrap();
    assert_eq!(item["reason"], "never reviewed; due 2026-03-19, 12 days overdue", "{due}");
    // The period keeps operating effectiveness (the evidence) apart from the review obligation.
    let json = fx.soc2(&["report", "--period", "--format", "json"]).json();
    let ac01 = &json["controls"][0];
    assert_eq!(ac01["effectiveness"], 77.4, "the same as without a review cadence");
    assert_eq!(ac01["days_passing"], 24);
    assert_eq!(ac01["days_reviewed"], 31);
    assert_eq!(ac01["days_review_overdue"], 13);
    assert_eq!(ac01["reviews_on_time"], 58.1);
    assert_eq!(ac01["review_lapses"][0]["start"], "2026-03-19");
    assert_eq!(ac01["review_lapses"][0]["end"], "2026-03-31");
    assert_eq!(ac01["review_lapses"][0]["status"], "review-due");
    assert_eq!(json["summary"]["reviews_on_time"], 58.1);
    assert_eq!(json["summary"]["controls_reviews_late"], 1);
    let md = fx.soc2(&["report", "--period", "--format", "markdown"]);
    md.code(0)
        .stdout_has("**Reviews on time 58.1%**: 13 control-days with a control review overdue · 1 control late at least once")
        .stdout_has("| **AC-01** MFA is enforced | 77.4% | 24 | 31 | 0 | 2 | 2026-03-22..2026-03-25 (4 days) | 58.1% |")
        .stdout_has("- **AC-01** 2026-03-19..2026-03-31 (13 days): control never reviewed: the first review was due 2026-03-19T10:00:00Z (every 20d)");
}
