//! Every error a command can end with, pinned exactly: the message, the
//! hint under it and the exit code, as a person reads them.

use crate::support::{CONTROL, Fixture};

/// `args` run on the minimal repo (after `setup`), its exit code and stderr snapshotted.
fn pin(name: &str, fx: &Fixture, args: &[&str]) {
    let run = fx.soc2(args);
    run.no_panic();
    let root = fx.path().display().to_string();
    let text = format!("exit {}\n{}", run.code, run.stderr.replace(&root, "[REPO]"));
    insta::assert_snapshot!(format!("error_{name}"), text);
}

#[test]
fn command_errors_read_exactly_so() {
    let fx = Fixture::minimal();
    pin("no_repo", &Fixture::empty(), &["check"]);
    pin("now_garbage", &fx, &["--now", "yesterday", "check"]);
    pin("as_of_garbage", &fx, &["check", "--as-of", "2026-02-30"]);
    pin("as_of_outside_git", &fx, &["check", "--as-of", "2026-01-01"]);
    pin("rev_outside_git", &fx, &["check", "--rev", "HEAD~1"]);
    pin("control_typo", &fx, &["check", "--control", "AC-1"]);
    pin("unknown_framework", &fx, &["check", "--framework", "iso27002"]);
    pin("unknown_category", &fx, &["check", "--category", "avail"]);
    pin("criteria_typo", &fx, &["check", "--criteria", "CC6.9"]);
    pin("criteria_selecting_nothing", &fx, &["check", "--criteria", "A1"]);
    pin("workflow_selecting_nothing", &fx, &["check", "--workflow", "accepted"]);
    pin("report_filter_selecting_nothing", &fx, &["report", "--format", "json", "--criteria", "PI1"]);
    pin("period_garbage", &fx, &["report", "--period", "2026..2027"]);
    pin("period_missing", &fx, &["report", "--period", ""]);
    pin("unknown_collector", &fx, &["collect", "hr_rooster"]);
    pin("review_unknown_id", &fx, &["review", "AC-1", "--by", "dana@acme.example"]);
    pin("attest_unknown_control", &fx, &["attest", "AC-9", "--by", "dana@acme.example"]);
    pin("attest_bad_expiry", &fx, &["attest", "AC-01", "--by", "dana@acme.example", "--expires", "soon"]);
    pin("reviews_within_garbage", &fx, &["reviews", "--within", "a while"]);
    pin("reviews_unknown_owner", &fx, &["reviews", "--owner", "nobody@acme.example"]);
    pin("workflow_without_by", &fx, &["workflow", "AC-01", "in-progress"]);
    pin("requests_none_imported", &fx, &["requests", "answer", "PBC-1", "--control", "AC-01", "--by", "x"]);
    pin("framework_import_missing_file", &fx, &["framework", "import", "nist.json"]);
    pin("import_comply_missing_dir", &fx, &["import", "comply", "old-comply"]);
    pin(
        "policies_build_without_policies",
        &Fixture::minimal().remove("policies/access-control.md"),
        &["policies", "build"],
    );
    let bad = Fixture::minimal().file("controls/AC-01.yaml", CONTROL.replace("[CC6.1]", "[CC6.9]"));
    pin("invalid_repo", &bad, &["check"]);
}
