//! `soc2 workflow`: controls moved through workflow states, the trail as records,
//! shown and filtered by check and report.

use crate::support::{CONTROL, Fixture};

fn repo() -> Fixture {
    with(Fixture::with_people())
}

/// A repo whose AC-01 passes, so it can be accepted.
fn passing() -> Fixture {
    with(Fixture::passing())
}

fn with(fx: Fixture) -> Fixture {
    fx.file(
        "controls/AC-02.yaml",
        "id: AC-02\ntitle: Quarterly access review\ncriteria: [CC6.2]\nowner: dana@test.example\npolicies: [access-control]\n",
    )
}

#[test]
fn transitions_are_records_and_the_last_one_is_the_state() {
    let fx = passing();
    let before = fx.read("controls/AC-01.yaml");
    fx.soc2(&["workflow", "AC-01", "in-progress", "--by", "dana@test.example", "--note", "collecting MFA export"])
        .code(0)
        .stdout_has("AC-01: not-started → in-progress")
        .stdout_has("wrote evidence/workflow/AC-01/2026-06-30-in-progress.yaml");
    assert_eq!(
        fx.read("evidence/workflow/AC-01/2026-06-30-in-progress.yaml"),
        "from: not-started\nto: in-progress\ndate: 2026-06-30T12:00:00Z\nby: dana@test.example\nnote: collecting MFA export\n"
    );
    // Same second, several moves: the order follows from → to, not file names.
    fx.soc2(&["workflow", "AC-01", "ready-for-review", "--by", "dana@test.example"]).code(0);
    fx.soc2(&["workflow", "AC-01", "auditor-review", "--by", "auditor@cpa.example"]).code(0);
    fx.soc2(&["workflow", "AC-01", "changes-requested", "--by", "auditor@cpa.example"])
        .code(0)
        .stdout_has("AC-01: auditor-review → changes-requested");
    fx.soc2(&["workflow", "AC-01", "auditor-review", "--by", "dana@test.example"])
        .code(0)
        .stdout_has("wrote evidence/workflow/AC-01/2026-06-30-auditor-review-2.yaml");
    fx.soc2(&["workflow", "AC-01", "accepted", "--by", "auditor@cpa.example"])
        .code(0)
        .stdout_has("AC-01: auditor-review → accepted");
    let history = fx.soc2(&["workflow", "AC-01", "--format", "json"]).json();
    assert_eq!(history["state"], "accepted");
    let steps: Vec<String> = history["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| format!("{}>{}", t["from"].as_str().unwrap(), t["to"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        [
            "not-started>in-progress",
            "in-progress>ready-for-review",
            "ready-for-review>auditor-review",
            "auditor-review>changes-requested",
            "changes-requested>auditor-review",
            "auditor-review>accepted"
        ]
    );
    fx.soc2(&["workflow", "AC-01"])
        .code(0)
        .stdout_has("AC-01: accepted\n")
        .stdout_has("not-started → in-progress  by dana@test.example — collecting MFA export");
    // Before the moves, the state was not-started.
    fx.soc2(&["--now", "2026-06-01", "workflow", "AC-02"]).code(0).stdout_has("AC-02: not-started\n  no transitions");
    assert_eq!(fx.read("controls/AC-01.yaml"), before, "the control file is never rewritten");
}

#[test]
fn check_and_report_show_and_filter_by_state() {
    let fx = repo();
    fx.soc2(&["workflow", "AC-02", "ready-for-review", "--by", "dana@test.example"]).code(0);
    let json = fx.soc2(&["check", "--format", "json"]).json();
    let states: Vec<String> = json["controls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{} {}", c["id"].as_str().unwrap(), c["workflow"].as_str().unwrap()))
        .collect();
    assert_eq!(states, ["AC-01 not-started", "AC-02 ready-for-review"]);
    let only = fx.soc2(&["check", "--format", "json", "--workflow", "ready-for-review"]).json();
    assert_eq!(only["controls"].as_array().unwrap().len(), 1);
    assert_eq!(only["controls"][0]["id"], "AC-02");
    fx.soc2(&["check", "--workflow", "ready-for-review"]).stdout_has("AC-02").stdout_has("· ready-for-review");
    let md = fx.soc2(&["check", "--format", "markdown"]);
    md.stdout_has("| control | status | workflow | severity |").stdout_has("| missing | not-started |");
    // A filter that selects nothing is a mistake, not a green "0/0".
    fx.soc2(&["check", "--format", "json", "--workflow", "accepted"])
        .code(2)
        .stderr_has("error: no control matches --workflow accepted");
    fx.soc2(&["check", "--workflow", "acepted"]).code(2).stderr_has("accepted");
    let report = fx.soc2(&["report", "--format", "json", "--workflow", "ready-for-review"]).json();
    assert_eq!(report["controls"].as_array().unwrap().len(), 1);
    fx.soc2(&["report", "--output", "r.html"]).code(0);
    let html = fx.read("r.html");
    assert!(html.contains("<th>workflow</th>"), "the control list has a workflow column");
    assert!(html.contains("<td class=\"wf-ready-for-review\">ready-for-review</td>"), "{html}");
}

#[test]
fn bad_input_is_refused_and_nothing_written() {
    let fx = repo();
    fx.soc2(&["workflow", "AC-2", "in-progress", "--by", "dana@test.example"])
        .code(2)
        .stderr_has("no control `AC-2`")
        .stderr_has("did you mean `AC-02`?");
    fx.soc2(&["workflow", "AC-01", "in-progres", "--by", "dana@test.example"])
        .code(2)
        .stderr_has("invalid value 'in-progres'")
        .stderr_has("in-progress");
    fx.soc2(&["workflow", "AC-01", "in-progress"]).code(2).stderr_has("--by WHO is required");
    fx.soc2(&["workflow", "AC-01", "not-started", "--by", "dana@test.example"])
        .code(2)
        .stderr_has("AC-01 is already not-started");
    assert!(!fx.join("evidence/workflow").exists(), "nothing written on bad input");
    // A hand-edited record with an unknown state is located, with a suggestion.
    let fx = fx.file("evidence/workflow/AC-01/x.yaml", "from: not-started\nto: acepted\ndate: 2026-06-01\nby: d\n");
    fx.soc2(&["check"])
        .code(2)
        .stderr_has("evidence/workflow/AC-01/x.yaml:2:5: error: to: unknown value `acepted`")
        .stderr_has("did you mean `accepted`?");
    let fx = fx.file("evidence/workflow/AC-01/x.yaml", "from: not-started\nto: accepted\ndate: someday\nby: d\n");
    fx.soc2(&["check"]).code(2).stderr_has("evidence/workflow/AC-01/x.yaml:3:7: error: `date`: invalid date `someday`");
    let fx = fx
        .file("evidence/workflow/AC-01/x.yaml", "from: not-started\nto: accepted\ndate: 2026-06-01\nby: d\n")
        .file("evidence/workflow/AC-09/x.yaml", "from: not-started\nto: accepted\ndate: 2026-06-01\nby: d\n");
    fx.soc2(&["validate"]).code(0).stderr_has("workflow record for unknown control `AC-09`");
}

#[test]
fn commit_takes_only_the_record() {
    let fx = passing();
    let git = git2::Repository::init(fx.path()).unwrap();
    let mut index = git.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.write().unwrap();
    let tree = git.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::now("T", "t@example").unwrap();
    git.commit(Some("HEAD"), &sig, &sig, "init", &tree, &[]).unwrap();
    let fx = fx.file("controls/AC-01.yaml", format!("{CONTROL}severity: high\n"));
    fx.soc2(&["workflow", "AC-01", "accepted", "--by", "auditor@cpa.example", "--commit"])
        .code(0)
        .stdout_has("committed ");
    let head = git.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.message().ok(), Some("soc2 workflow: AC-01 accepted"));
    let diff = git
        .diff_tree_to_tree(Some(&head.parent(0).unwrap().tree().unwrap()), Some(&head.tree().unwrap()), None)
        .unwrap();
    let paths: Vec<String> =
        diff.deltas().map(|d| d.new_file().path().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(paths, ["evidence/workflow/AC-01/2026-06-30-accepted.yaml"]);
}

#[test]
fn moves_merged_from_two_branches_are_flagged() {
    // Both the team and the auditor moved AC-01 from ready-for-review, on different branches.
    let rec = |from: &str, to: &str, date: &str| format!("from: {from}\nto: {to}\ndate: {date}\nby: x\n");
    let fx = repo()
        .file("evidence/workflow/AC-01/a.yaml", rec("not-started", "ready-for-review", "2026-06-01"))
        .file("evidence/workflow/AC-01/b.yaml", rec("ready-for-review", "in-progress", "2026-06-02"))
        .file("evidence/workflow/AC-01/c.yaml", rec("ready-for-review", "auditor-review", "2026-06-03"));
    fx.soc2(&["validate"])
        .code(0)
        .stderr_has("evidence/workflow/AC-01/c.yaml:2:5: warning: AC-01 moved from `ready-for-review`, but its state before this record was `in-progress`");
    fx.soc2(&["workflow", "AC-01"]).code(0).stdout_has("AC-01: auditor-review\n");
}
