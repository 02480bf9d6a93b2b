//! Pull requests: `check --baseline` gates on regressions only, `soc2 diff`
//! compares two revisions, `soc2 impact` lists the controls a change touches.
//! Each test commits a baseline in a temp git repo, then changes the worktree
//! (or commits the change).

use std::path::Path;
use std::process::Command;

use crate::support::{Fixture, POLICY, Run, soc2_cmd};

const TOML: &str = r#"[organization]
name = "Test Co"

[audit]
type = "type1"
categories = ["security"]

[collectors.idp_users]
kind = "file"
path = "registers/idp.csv"

[[people]]
name = "Dana Lee"
email = "dana@test.example"
roles = ["security-officer"]

[[people]]
name = "Chris Olsen"
email = "ciso@test.example"
roles = ["ciso"]

[[people]]
name = "Sam Patel"
email = "sam@test.example"
roles = ["reviewer"]
"#;

fn control(id: &str, title: &str, criteria: &str, query: &str, extra: &str) -> String {
    format!(
        "id: {id}\ntitle: {title}\ncriteria: [{criteria}]\nowner: dana@test.example\nseverity: high\npolicies: [access-control]\nqueries:\n  - query: {query}\n{extra}"
    )
}

/// The `everyone` query, whose rows are proof.
const EVERYONE: &str = "everyone\n    expect: nonempty";

const ANN: &str = r#"{"admin":false,"contractor":false,"email":"ann@test.example","mfa":true}"#;
const BOB: &str = r#"{"admin":true,"contractor":false,"email":"bob@test.example","mfa":true}"#;
const CAROL: &str = r#"{"admin":false,"contractor":true,"email":"carol@test.example","mfa":true}"#;

const EXCEPTION: &str = "id: EX-1\ncontrol: AC-04\nresources: [carol@test.example]\nowner: dana@test.example\njustification: Carol's contract ends in December\napproved_by: ciso@test.example\napproved_at: 2026-05-01\nexpires: 2026-12-31\n";

/// Evidence of `idp_users` with these rows, collected on `collected_at`.
fn idp(fx: Fixture, rows: &[&str], collected_at: &str) -> Fixture {
    let data: String = rows.iter().map(|r| format!("{r}\n")).collect();
    let meta = format!(
        r#"{{"collector":"idp_users","dataset":"idp_users","kind":"file","source":"registers/idp.csv","collected_at":"{collected_at}","rows":{},"sha256":null,"soc2_version":"test"}}"#,
        rows.len()
    );
    fx.file("evidence/idp_users/idp_users.jsonl", data).file("evidence/idp_users/idp_users.meta.json", meta)
}

pub fn git_at(dir: &Path, args: &[&str], date: &str) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@test.example")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@test.example")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Commit everything in `dir` as `message`, on 2026-06-01 plus `day` days.
fn commit_in(dir: &Path, message: &str, day: u32) {
    let date = format!("2026-06-{:02}T10:00:00Z", day.clamp(1, 30));
    git_at(dir, &["add", "-A"], &date);
    git_at(dir, &["commit", "-q", "-m", message], &date);
}

fn commit(fx: &Fixture, message: &str, day: u32) {
    commit_in(fx.path(), message, day);
}

/// The baseline: AC-01 and AC-04 (thanks to EX-1) and AC-05 pass, AC-02
/// fails (bob is an admin), AC-03 is review-due; the policy is approved.
fn base() -> Fixture {
    let fx = Fixture::empty()
        .file("soc2.toml", TOML)
        .file(".gitignore", ".soc2/\n")
        .file("policies/access-control.md", POLICY)
        .file("queries/mfa.sql", "select email as resource, case when mfa then 'ok' else 'alarm' end as status, 'no MFA' as reason from idp_users\n")
        .file("queries/admins.sql", "select email from idp_users where admin = 1\n")
        .file("queries/contractors.sql", "select email from idp_users where contractor = 1\n")
        .file("queries/everyone.sql", "select email from idp_users\n")
        .file("queries/roster.sql", "select * from hr_roster\n")
        .file("controls/AC-01.yaml", control("AC-01", "MFA is enforced", "CC6.1", "mfa", ""))
        .file("controls/AC-02.yaml", control("AC-02", "No standing admin access", "CC6.2", "admins", ""))
        .file("controls/AC-03.yaml", control("AC-03", "Access is reviewed", "CC6.3", EVERYONE, "review: { every: 365d }\n"))
        .file("controls/AC-04.yaml", control("AC-04", "Contractors are approved", "CC6.4", "contractors", ""))
        .file("controls/AC-05.yaml", control("AC-05", "Accounts are known", "CC6.6", EVERYONE, ""))
        .file("exceptions/EX-1.yaml", EXCEPTION)
        .file("evidence/reviews/2025-01-10-AC-03.yaml", "subject: control\nid: AC-03\ndate: 2025-01-10\nby: sam@test.example\n");
    let fx = idp(fx, &[ANN, BOB, CAROL], "2026-06-29T00:00:00Z");
    git_at(fx.path(), &["init", "-q", "-b", "main"], "2026-06-01T10:00:00Z");
    soc2_in(
        fx.path(),
        &["review", "access-control", "--by", "ciso@test.example", "--approve"],
        &[("SOC2_NOW", "2026-06-01T10:00:00Z")],
    )
    .code(0);
    commit(&fx, "baseline", 1);
    fx
}

/// The environment of a run outside any CI, whatever the machine running the tests has set.
const CI_VARS: [&str; 9] = [
    "GITHUB_BASE_REF",
    "GITHUB_SERVER_URL",
    "GITHUB_REPOSITORY",
    "GITHUB_SHA",
    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
    "CI_PROJECT_URL",
    "CI_COMMIT_SHA",
    "GIT_DIR",
    "GIT_WORK_TREE",
];

fn soc2_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = soc2_cmd(dir);
    for k in CI_VARS {
        cmd.env_remove(k);
    }
    cmd.env("GIT_CONFIG_NOSYSTEM", "1").env("HOME", dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::new(cmd.args(args).output().expect("run soc2"))
}

fn soc2(fx: &Fixture, args: &[&str]) -> Run {
    soc2_in(fx.path(), args, &[])
}

/// `check --baseline HEAD --format json`, checked for its exit code.
fn gate(fx: &Fixture, code: i32) -> serde_json::Value {
    let run = same_in_full(fx, &["check", "--baseline", "HEAD", "--format", "json"]);
    run.code(code).no_panic();
    run.json()
}

/// Run `args`, and again evaluating the whole baseline (not only the controls
/// the change may affect): the output must be the same.
fn same_in_full(fx: &Fixture, args: &[&str]) -> Run {
    let run = soc2(fx, args);
    let full = soc2_in(fx.path(), args, &[("SOC2_BASELINE_FULL", "1")]);
    assert_eq!(run.stdout, full.stdout, "a partial baseline evaluation differs from the full one");
    assert_eq!(run.code, full.code);
    run
}

/// `(kind, id)` of each regression.
fn regressions(json: &serde_json::Value) -> Vec<(String, String)> {
    list(json, "regressions")
}

fn list(json: &serde_json::Value, key: &str) -> Vec<(String, String)> {
    json[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["kind"].as_str().unwrap().to_owned(), r["id"].as_str().unwrap().to_owned()))
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
}

/// Commit ids vary with nothing but they are noise in snapshots.
fn redact(text: &str) -> String {
    let re = regex::Regex::new(r"\b[0-9a-f]{40}\b").unwrap();
    let text = re.replace_all(text, "[commit]");
    let re = regex::Regex::new(r"\b[0-9a-f]{12}\b").unwrap();
    re.replace_all(&text, "[short]").into_owned()
}

// ------------------------------------------------------------------ the gate

#[test]
fn an_unchanged_worktree_passes_the_gate_whatever_gaps_it_had() {
    let fx = base();
    soc2(&fx, &["check"]).code(1);
    let json = gate(&fx, 0);
    assert_eq!(json["regressed"], false);
    assert_eq!(regressions(&json), pairs(&[]));
    let unchanged: Vec<&str> =
        json["unchanged"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(unchanged, ["AC-02", "AC-03"]);
    assert_eq!(json["counts"]["unchanged_passing"], 3);
    assert_eq!(json["evidence"], serde_json::json!([]));
    assert_eq!(json["base"]["rev"], "HEAD");
    assert_eq!(json["head"]["rev"], "worktree");
    assert_eq!(json["evaluated_at"], crate::support::NOW);
}

#[test]
fn a_passing_control_that_fails_is_a_regression() {
    let fx = base();
    let bob = BOB.replace("\"mfa\":true", "\"mfa\":false");
    let fx = idp(fx, &[ANN, &bob, CAROL], "2026-06-29T00:00:00Z");
    let json = gate(&fx, 1);
    assert_eq!(regressions(&json), pairs(&[("status", "AC-01")]));
    let r = &json["regressions"][0];
    assert_eq!((r["before"].as_str(), r["after"].as_str()), (Some("pass"), Some("fail")));
    assert_eq!(r["findings"][0]["resource"], "bob@test.example");
    assert_eq!(r["message"], "AC-01 went from pass to fail");
    // What the snapshot did: bob's row changed, matched by email.
    let e = &json["evidence"][0];
    assert_eq!(e["table"], "idp_users");
    assert_eq!(e["change"], "changed");
    assert_eq!((e["added"].as_u64(), e["removed"].as_u64(), e["changed"].as_u64()), (Some(0), Some(0), Some(1)));
    assert_eq!(e["key"], "email");
    assert_eq!(e["examples"]["changed"], serde_json::json!(["bob@test.example"]));
}

#[test]
fn a_failing_control_that_cannot_be_evaluated_is_a_regression() {
    let fx = base().file("queries/admins.sql", "select nope from idp_users\n");
    let json = gate(&fx, 1);
    assert_eq!(regressions(&json), pairs(&[("status", "AC-02")]));
    assert_eq!(json["regressions"][0]["before"], "fail");
    assert_eq!(json["regressions"][0]["after"], "error");
}

#[test]
fn a_new_control_counts_only_when_it_is_not_passing() {
    let fx = base().file("controls/AC-06.yaml", control("AC-06", "Everyone is on the roster", "CC6.1", "roster", ""));
    let json = gate(&fx, 1);
    assert_eq!(regressions(&json), pairs(&[("new-control", "AC-06")]));
    assert_eq!(json["regressions"][0]["after"], "missing");
    assert_eq!(json["added"][0]["id"], "AC-06");

    let fx = fx.file("controls/AC-06.yaml", control("AC-06", "Accounts exist", "CC6.1", EVERYONE, ""));
    let json = gate(&fx, 0);
    assert_eq!(json["added"][0]["status"], "pass");
    assert_eq!(json["counts"]["added"], 1);
}

#[test]
fn new_findings_of_a_failing_control_are_regressions_and_resolved_ones_are_not() {
    let fx = base();
    let dave = r#"{"admin":true,"contractor":false,"email":"dave@test.example","mfa":true}"#;
    let fx = idp(fx, &[ANN, BOB, CAROL, dave], "2026-06-29T00:00:00Z");
    let json = gate(&fx, 1);
    assert_eq!(regressions(&json), pairs(&[("findings", "AC-02")]));
    let r = &json["regressions"][0];
    assert_eq!((r["before"].as_str(), r["after"].as_str()), (Some("fail"), Some("fail")));
    let new: Vec<&str> = r["findings"].as_array().unwrap().iter().map(|f| f["resource"].as_str().unwrap()).collect();
    assert_eq!(new, ["dave@test.example"], "bob was there before");
    assert_eq!(json["evidence"][0]["added"], 1);

    // Committed, dave's admin access is the baseline; removing it leaves AC-02 failing (bob), fixed in part.
    commit(&fx, "dave is an admin", 2);
    let fx = idp(fx, &[ANN, BOB, CAROL], "2026-06-29T00:00:00Z");
    let json = gate(&fx, 0);
    assert_eq!(list(&json, "fixed"), pairs(&[("findings", "AC-02")]));
    assert_eq!(json["fixed"][0]["findings"][0]["resource"], "dave@test.example");
}

#[test]
fn an_exception_that_lapses_is_a_regression() {
    let fx = base().file("exceptions/EX-1.yaml", EXCEPTION.replace("expires: 2026-12-31", "expires: 2026-06-15"));
    let json = gate(&fx, 1);
    assert_eq!(regressions(&json), pairs(&[("status", "AC-04"), ("exception", "EX-1")]));
    let r = &json["regressions"][1];
    assert_eq!((r["before"].as_str(), r["after"].as_str()), (Some("active"), Some("expired")));
    assert_eq!(r["control"], "AC-04");

    let fx = fx.file("exceptions/EX-1.yaml", EXCEPTION.replace("approved_by: ciso@test.example\n", ""));
    let json = gate(&fx, 1);
    assert_eq!(json["regressions"][1]["after"], "unapproved");
    assert_eq!(json["regressions"][1]["message"], "exception EX-1 of AC-04 is not approved");
}

#[test]
fn a_policy_edited_without_a_new_approval_is_a_regression_until_approved() {
    let fx = base().file("policies/access-control.md", format!("{POLICY}\nAccess is reviewed quarterly.\n"));
    let json = gate(&fx, 1);
    assert_eq!(regressions(&json), pairs(&[("policy", "access-control")]));
    assert_eq!(json["regressions"][0]["message"], "policy access-control was edited after its approval");
    assert_eq!(json["regressions"][0]["path"], "policies/access-control.md");

    soc2(&fx, &["review", "access-control", "--by", "ciso@test.example", "--approve"]).code(0);
    gate(&fx, 0);
}

#[test]
fn coverage_that_drops_is_a_regression() {
    let fx = base().remove("controls/AC-05.yaml");
    let json = gate(&fx, 1);
    assert_eq!(regressions(&json), pairs(&[("coverage", "CC6.6")]));
    assert_eq!(json["regressions"][0]["message"], "criterion CC6.6 is no longer covered by any in-scope control");
    assert_eq!(json["removed"][0]["id"], "AC-05");
}

#[test]
fn fixes_and_improvements_pass_the_gate() {
    let fx = base().file(
        "evidence/reviews/2026-06-20-AC-03.yaml",
        "subject: control\nid: AC-03\ndate: 2026-06-20\nby: dana@test.example\n",
    );
    let bob = BOB.replace("\"admin\":true", "\"admin\":false");
    let fx = idp(fx, &[ANN, &bob, CAROL], "2026-06-29T00:00:00Z");
    let json = gate(&fx, 0);
    assert_eq!(list(&json, "fixed"), pairs(&[("status", "AC-02"), ("status", "AC-03")]));
    assert_eq!(json["counts"]["unchanged_gaps"], 0);
    assert_eq!(json["before"]["readiness"], 60.0);
    assert_eq!(json["after"]["readiness"], 100.0);

    // error → fail is better, though still a gap.
    let fx = base().file("queries/admins.sql", "select nope from idp_users\n");
    commit(&fx, "broken query", 2);
    let fx = fx.file("queries/admins.sql", "select email from idp_users where admin = 1\n");
    let json = gate(&fx, 0);
    assert_eq!(list(&json, "improved"), pairs(&[("status", "AC-02")]));
}

/// Both sides are evaluated at the same moment: evidence that went stale
/// since the baseline was committed is stale on both sides, not a regression.
#[test]
fn time_passing_is_not_the_changes_fault() {
    let fx = idp(base(), &[ANN, BOB, CAROL], "2026-06-02T00:00:00Z");
    commit(&fx, "evidence of June 2", 2);
    soc2(&fx, &["check", "--rev", "HEAD", "--control", "AC-01"]).code(0);
    soc2(&fx, &["check", "--control", "AC-01"]).code(1);
    let json = gate(&fx, 0);
    assert_eq!(regressions(&json), pairs(&[]));
    let unchanged: Vec<&str> =
        json["unchanged"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert!(unchanged.contains(&"AC-01"), "{unchanged:?}");
}

/// A change to soc2.toml may concern every control: the whole baseline is
/// evaluated (its unchanged tables through the worktree's cache).
#[test]
fn a_change_to_soc2_toml_evaluates_the_whole_baseline() {
    let fx = base();
    soc2(&fx, &["check"]).code(1);
    let fx = fx.file("soc2.toml", format!("{TOML}\n[evidence]\nmax_age = \"1d\"\n"));
    let json = gate(&fx, 1);
    // AC-03 was review-due: stale is graver.
    assert_eq!(
        regressions(&json),
        pairs(&[("status", "AC-01"), ("status", "AC-03"), ("status", "AC-04"), ("status", "AC-05")])
    );
    assert_eq!(json["regressions"][0]["after"], "stale");
}

#[test]
fn selection_narrows_both_sides() {
    let fx = base().file("controls/AC-06.yaml", control("AC-06", "Roster", "CC6.1", "roster", ""));
    let run = same_in_full(&fx, &["check", "--baseline", "HEAD", "--control", "AC-01", "--format", "json"]);
    run.code(0);
    assert_eq!(run.json()["counts"]["unchanged_passing"], 1);
    let run = same_in_full(&fx, &["check", "--baseline", "HEAD", "--control", "AC-06", "--format", "json"]);
    run.code(1);
    let json = run.json();
    assert_eq!(regressions(&json), pairs(&[("new-control", "AC-06")]));
    assert!(json["base_note"].as_str().unwrap().contains("none of the selected controls exists there"));
}

#[test]
fn a_baseline_without_a_compliance_repo_makes_every_gap_new() {
    let fx = Fixture::empty().file("README.md", "# Compliance\n");
    git_at(fx.path(), &["init", "-q", "-b", "main"], "2026-06-01T10:00:00Z");
    commit(&fx, "empty", 1);
    let fx = fx
        .file("soc2.toml", TOML)
        .file("policies/access-control.md", POLICY)
        .file("queries/roster.sql", "select * from hr_roster\n")
        .file("controls/AC-06.yaml", control("AC-06", "Roster", "CC6.1", "roster", ""));
    let run = soc2(&fx, &["check", "--baseline", "HEAD", "--format", "json"]);
    run.code(1);
    let json = run.json();
    assert_eq!(json["base_note"], "HEAD has no soc2.toml: every control counts as new");
    assert!(regressions(&json).contains(&("new-control".to_owned(), "AC-06".to_owned())));
    assert!(json.get("before").is_none());
}

// ------------------------------------------------------------ default baseline

/// In a pull request (GITHUB_BASE_REF, or GitLab's target branch), the
/// baseline is the merge base of HEAD and origin/<target>.
#[test]
fn in_a_pull_request_the_baseline_is_the_merge_base_with_the_target() {
    let fx = base();
    git_at(fx.path(), &["update-ref", "refs/remotes/origin/main", "HEAD"], "2026-06-01T10:00:00Z");
    git_at(fx.path(), &["checkout", "-q", "-b", "feature"], "2026-06-01T10:00:00Z");
    let bob = BOB.replace("\"mfa\":true", "\"mfa\":false");
    let fx = idp(fx, &[ANN, &bob, CAROL], "2026-06-29T00:00:00Z");
    commit(&fx, "bob lost MFA", 3);
    // main moves on after the branch forked: its later commits are not this change's.
    git_at(fx.path(), &["checkout", "-q", "main"], "2026-06-01T10:00:00Z");
    let fx = fx.file("controls/AC-07.yaml", control("AC-07", "Roster", "CC6.1", "roster", ""));
    commit(&fx, "main adds a failing control", 4);
    git_at(fx.path(), &["update-ref", "refs/remotes/origin/main", "HEAD"], "2026-06-01T10:00:00Z");
    git_at(fx.path(), &["checkout", "-q", "feature"], "2026-06-01T10:00:00Z");

    for var in ["GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"] {
        let run = soc2_in(fx.path(), &["check", "--baseline", "--format", "json"], &[(var, "main")]);
        run.code(1).stderr_has("with origin/main... (");
        let json = run.json();
        assert_eq!(json["base"]["rev"], "origin/main...");
        assert_eq!(json["base"]["commit"]["summary"], "baseline");
        assert_eq!(regressions(&json), pairs(&[("status", "AC-01")]));
        assert_eq!(json["counts"]["removed"], 0, "AC-07 is main's, not the branch's");
    }
    // Against main's tip instead, AC-07 would look removed.
    let json = gate_rev(&fx, "origin/main");
    assert_eq!(json["removed"][0]["id"], "AC-07");
}

fn gate_rev(fx: &Fixture, rev: &str) -> serde_json::Value {
    let run = same_in_full(fx, &["check", "--baseline", rev, "--format", "json"]);
    run.no_panic();
    run.json()
}

// ------------------------------------------------------------------- errors

fn stderr_snapshot(name: &str, run: &Run) {
    run.code(2).no_panic();
    insta::assert_snapshot!(format!("baseline_error_{name}"), run.stderr);
}

#[test]
fn a_baseline_that_does_not_resolve_exits_2_with_a_hint() {
    let fx = base();
    let run = soc2(&fx, &["check", "--baseline", "origin/main..."]);
    stderr_snapshot("unfetched_branch", &run);
    let run = soc2(&fx, &["check", "--baseline", "v9"]);
    run.code(2)
        .stderr_has("error: --baseline v9: not a commit")
        .stderr_has("hint: is it fetched? run `git fetch origin`");
    let run = soc2(&fx, &["diff", "nope..HEAD"]);
    run.code(2).stderr_has("error: diff nope: not a commit");
}

#[test]
fn a_baseline_needs_a_revision_outside_a_pull_request() {
    let fx = base();
    stderr_snapshot("no_revision", &soc2(&fx, &["check", "--baseline"]));
    stderr_snapshot("impact_no_base", &soc2(&fx, &["impact"]));
}

#[test]
fn baseline_misuse_is_a_usage_error() {
    let fx = base();
    stderr_snapshot("junit", &soc2(&fx, &["check", "--baseline", "HEAD", "--format", "junit"]));
    soc2(&fx, &["check", "--baseline", "HEAD", "--rev", "HEAD"]).code(2).stderr_has("cannot be used with");
    soc2(&fx, &["check", "--baseline", "HEAD", "--status", "fail"]).code(2).stderr_has("cannot be used with");
    let outside = Fixture::minimal();
    soc2(&outside, &["check", "--baseline", "HEAD"]).code(2).stderr_has("is not inside a git repository");
    stderr_snapshot("unknown_repository", &soc2(&fx, &["impact", "--base", "HEAD", "--repository", "prodcut"]));
}

// ---------------------------------------------------------------- snapshots

/// A change with something of everything: AC-01 regresses (bob lost MFA),
/// AC-02 is fixed (bob is no admin), a new control is missing its evidence,
/// the policy was edited without approval, and evidence changed.
fn mixed() -> Fixture {
    let fx = base()
        .file(
            "controls/AC-06.yaml",
            control(
                "AC-06",
                "Everyone is on the roster",
                "CC6.1",
                "roster",
                "review: { every: 180d, owner: ciso@test.example }\n",
            ),
        )
        .file("policies/access-control.md", format!("{POLICY}\nAccess is reviewed quarterly.\n"));
    let bob = r#"{"admin":false,"contractor":false,"email":"bob@test.example","mfa":false}"#;
    let erin = r#"{"admin":false,"contractor":false,"email":"erin@test.example","mfa":true}"#;
    idp(fx, &[ANN, bob, CAROL, erin], "2026-06-29T08:00:00Z")
}

#[test]
fn baseline_human() {
    let run = soc2(&mixed(), &["check", "--baseline", "HEAD"]);
    run.code(1);
    insta::assert_snapshot!("baseline_human", redact(&run.stdout));
}

#[test]
fn baseline_json() {
    let run = same_in_full(&mixed(), &["check", "--baseline", "HEAD", "--format", "json"]);
    run.code(1);
    insta::assert_snapshot!("baseline_json", redact(&run.stdout));
}

#[test]
fn baseline_markdown_links_to_the_files() {
    let fx = mixed();
    let env = [
        ("GITHUB_SERVER_URL", "https://github.com"),
        ("GITHUB_REPOSITORY", "acme/compliance"),
        ("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567"),
    ];
    let run = soc2_in(fx.path(), &["check", "--baseline", "HEAD", "--format", "markdown"], &env);
    run.code(1);
    assert!(run.stdout.starts_with("<!-- soc2:compare -->\n"), "the marker CI finds its comment by");
    assert!(run.stdout.contains(
        "(https://github.com/acme/compliance/blob/0123456789abcdef0123456789abcdef01234567/controls/AC-01.yaml)"
    ));
    insta::assert_snapshot!("baseline_markdown", redact(&run.stdout));
    // Without CI variables, no links.
    let plain = soc2(&fx, &["check", "--baseline", "HEAD", "--format", "markdown"]);
    assert!(!plain.stdout.contains("](http"), "{}", plain.stdout);
}

#[test]
fn baseline_github_annotates_the_lines_the_change_touched() {
    let run = soc2(&mixed(), &["check", "--baseline", "HEAD", "--format", "github"]);
    run.code(1);
    // The policy's regression points at the line the edit added; AC-01's at its evidence's changed row.
    assert!(run.stdout.contains("::error file=policies/access-control.md,line=12,"), "{}", run.stdout);
    assert!(run.stdout.contains("::error file=evidence/idp_users/idp_users.jsonl,line=2,"), "{}", run.stdout);
    insta::assert_snapshot!("baseline_github", redact(&run.stdout));
}

#[test]
fn no_regressions_in_every_format() {
    let fx = base();
    for format in ["human", "json", "markdown", "github"] {
        let run = soc2(&fx, &["check", "--baseline", "HEAD", "--format", format]);
        run.code(0).no_panic();
    }
    let md = soc2(&fx, &["check", "--baseline", "HEAD", "--format", "markdown"]);
    insta::assert_snapshot!("baseline_markdown_clean", redact(&md.stdout));
}

// --------------------------------------------------------- diff and impact

/// Committed on top of the baseline: AC-02's file renamed, AC-05's deleted,
/// bob's admin access revoked.
fn renamed_and_deleted() -> Fixture {
    let fx = base();
    std::fs::create_dir_all(fx.join("controls/access")).unwrap();
    std::fs::rename(fx.join("controls/AC-02.yaml"), fx.join("controls/access/admins.yaml")).unwrap();
    let bob = BOB.replace("\"admin\":true", "\"admin\":false");
    let fx = idp(fx.remove("controls/AC-05.yaml"), &[ANN, &bob, CAROL], "2026-06-29T00:00:00Z");
    // After the evidence was collected: `diff` evaluates both sides at this commit's time.
    commit(&fx, "move AC-02, retire AC-05", 30);
    fx
}

#[test]
fn diff_of_renamed_and_deleted_control_files() {
    let fx = renamed_and_deleted();
    let run = same_in_full(&fx, &["diff", "HEAD~1..HEAD", "--format", "json"]);
    run.code(0).no_panic();
    let json = run.json();
    assert_eq!(json["head"]["commit"]["summary"], "move AC-02, retire AC-05");
    assert_eq!(list(&json, "fixed"), pairs(&[("status", "AC-02")]), "a renamed file is the same control");
    assert_eq!(json["fixed"][0]["path"], "controls/access/admins.yaml");
    assert_eq!(json["counts"]["added"], 0);
    assert_eq!(json["removed"][0]["id"], "AC-05");
    assert_eq!(regressions(&json), pairs(&[("coverage", "CC6.6")]));
    let why: Vec<String> = json["impact"]["controls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{}: {}", c["id"].as_str().unwrap(), c["why"][0]["reason"].as_str().unwrap()))
        .collect();
    assert!(why.contains(&"AC-02: control file renamed (from controls/AC-02.yaml)".to_owned()), "{why:?}");
    assert!(why.contains(&"AC-05: control file deleted".to_owned()), "{why:?}");
    // Not a gate, even with a regression; `A..` ends at HEAD, `A` at the worktree.
    soc2(&fx, &["diff", "HEAD~1.."]).code(0);
    soc2(&fx, &["diff", "HEAD~1"]).code(0).stdout_has("base HEAD~1 (");
    insta::assert_snapshot!("diff_human", redact(&soc2(&fx, &["diff", "HEAD~1..HEAD"]).stdout));
    insta::assert_snapshot!("diff_json", redact(&run.stdout));
    let md = soc2(&fx, &["diff", "HEAD~1..HEAD", "--format", "markdown"]);
    insta::assert_snapshot!("diff_markdown", redact(&md.stdout));
    let gh = soc2(&fx, &["diff", "HEAD~1..HEAD", "--format", "github"]);
    insta::assert_snapshot!("diff_github", redact(&gh.stdout));
}

#[test]
fn impact_of_renamed_and_deleted_control_files() {
    let fx = renamed_and_deleted();
    let run = soc2(&fx, &["impact", "--base", "HEAD~1", "--head", "HEAD", "--format", "json"]);
    run.code(0).no_panic();
    insta::assert_snapshot!("impact_renamed_deleted_json", run.stdout);
    let run = soc2(&fx, &["impact", "--base", "HEAD~1", "--head", "HEAD"]);
    insta::assert_snapshot!("impact_renamed_deleted_human", run.stdout);
    let run = soc2(&fx, &["impact", "--base", "HEAD~1", "--head", "HEAD", "--format", "markdown"]);
    insta::assert_snapshot!("impact_renamed_deleted_markdown", run.stdout);
}

/// A compliance repo in `compliance/` and a product repository beside it.
fn with_product() -> Fixture {
    let toml = format!("{TOML}\n[repositories.product]\npath = \"../product\"\n");
    let fx = Fixture::empty()
        .file("compliance/soc2.toml", toml)
        .file("compliance/.gitignore", ".soc2/\n")
        .file("compliance/policies/access-control.md", POLICY)
        .file("compliance/queries/everyone.sql", "select email from idp_users\n")
        .file(
            "compliance/controls/AC-01.yaml",
            control("AC-01", "Branch protection", "CC8.1", EVERYONE, "paths: [\"product:infra/terraform/github/**\", \"docs/access/*.md\"]\nreview: { every: 90d, owner: ciso@test.example }\n"),
        )
        .file("compliance/controls/AC-02.yaml", control("AC-02", "Offboarding", "CC6.2", EVERYONE, ""))
        .file("compliance/controls/AC-03.yaml", control("AC-03", "Unrelated", "CC6.3", EVERYONE, "paths: [\"product:src/**\"]\n"))
        .file("compliance/docs/access/review.md", "# Access review\n")
        .file("product/scripts/offboard.sh", "#!/bin/sh\n# soc2: AC-02\nset -eu\nuserdel \"$1\"\n")
        .file("product/infra/terraform/github/main.tf", "resource \"github_branch_protection\" \"main\" {}\n")
        .file("product/README.md", "# Product\n");
    for dir in ["compliance", "product"] {
        git_at(&fx.join(dir), &["init", "-q", "-b", "main"], "2026-06-01T10:00:00Z");
        commit_in(&fx.join(dir), "start", 1);
    }
    fx.file("product/scripts/offboard.sh", "#!/bin/sh\n# soc2: AC-02\nset -eu\nuserdel -r \"$1\"\n")
        .file(
            "product/infra/terraform/github/main.tf",
            "resource \"github_branch_protection\" \"main\" { enforce_admins = true }\n",
        )
        .file("product/docs/notes.md", "Ticket soc2: OPS-99 covers this.\n")
        .file("product/README.md", "# Product\n\nsoc2: the tool we use\n")
        .file("compliance/docs/access/review.md", "# Access review\n\nQuarterly.\n")
}

#[test]
fn impact_in_a_product_repository_through_paths_and_markers() {
    let fx = with_product();
    let dir = fx.join("compliance");
    let run = soc2_in(&dir, &["impact", "--repository", "product", "--base", "HEAD", "--format", "json"], &[]);
    run.code(0).no_panic();
    let json = run.json();
    let ids: Vec<&str> = json["controls"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["AC-01", "AC-02"], "AC-03's paths match nothing changed");
    assert_eq!(json["controls"][0]["reviewer"], "Chris Olsen");
    assert_eq!(
        json["controls"][1]["why"][0],
        serde_json::json!({"file": "scripts/offboard.sh", "line": 2, "reason": "marker `soc2: AC-02`"})
    );
    assert_eq!(json["unknown_markers"], serde_json::json!([{"file": "docs/notes.md", "line": 1, "id": "OPS-99"}]));
    insta::assert_snapshot!("impact_product_json", run.stdout);
    let run = soc2_in(&dir, &["impact", "--repository", "product", "--base", "HEAD"], &[]);
    insta::assert_snapshot!("impact_product_human", run.stdout);

    // The compliance repo's own change: a `paths:` glob without a repository name.
    let run = soc2_in(&dir, &["impact", "--base", "HEAD", "--format", "json"], &[]);
    run.code(0);
    let json = run.json();
    assert_eq!(json["controls"][0]["id"], "AC-01");
    assert_eq!(json["controls"][0]["why"][0]["reason"], "matches `paths:` docs/access/*.md");
    assert_eq!(json["controls"].as_array().unwrap().len(), 1);
}

#[test]
fn paths_are_validated() {
    let fx = Fixture::minimal().file(
        "controls/AC-01.yaml",
        format!("{}paths:\n  - \"prodct:src/**\"\n  - \"src/[a\"\n", crate::support::CONTROL),
    );
    let run = fx.soc2(&["validate"]);
    run.code(2);
    insta::assert_snapshot!("baseline_paths_invalid", run.stderr);
}
