//! `soc2 reviews` and `[[reviews]]` groups in soc2.toml: what is due, by owner,
//! agreeing with `check`.

use crate::support::{Fixture, SOC2_TOML};

const AC02: &str = "id: AC-02\ntitle: Quarterly access review\ncriteria: [CC6.2]\nowner: dana@test.example\npolicies: [access-control]\nevidence:\n  - attestation: { every: 90d, by: role:security, note: access review done }\nreview: { every: 365d }\n";

/// People of soc2.toml, and a role given the older way, through `[roles]`.
const PEOPLE: &str = "\n[roles]\nsecurity = \"sam@test.example\"\n\n[[people]]\nname = \"Dana Lee\"\nemail = \"dana@test.example\"\n\n[[people]]\nname = \"Sam Patel\"\nemail = \"sam@test.example\"\n";

fn repo() -> Fixture {
    Fixture::minimal().file("soc2.toml", format!("{SOC2_TOML}{PEOPLE}")).file("controls/AC-02.yaml", AC02)
}

fn items(json: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    for o in json["owners"].as_array().unwrap() {
        for i in o["items"].as_array().unwrap() {
            out.push(format!("{} {} {} {}", o["owner"].as_str().unwrap(), i["state"], i["kind"], i["id"]));
        }
    }
    out
}

#[test]
fn never_done_is_overdue_by_owner_and_exits_1() {
    let fx = repo();
    let before = (fx.read("controls/AC-02.yaml"), fx.read("soc2.toml"), fx.read("policies/access-control.md"));
    let run = fx.soc2(&["reviews", "--format", "json"]);
    run.code(1).no_panic();
    let json = run.json();
    assert_eq!(json["overdue"], 2);
    assert_eq!(
        items(&json),
        [
            "Dana Lee \"overdue\" \"policy-approval\" \"access-control\"",
            "Sam Patel \"overdue\" \"attestation\" \"AC-02\"",
        ]
    );
    assert_eq!(json["owners"][1]["email"], "sam@test.example");
    let attestation = &json["owners"][1]["items"][0];
    assert_eq!(attestation["reason"], "no attestation recorded (every 90d)");
    assert_eq!(attestation["command"], "soc2 attest AC-02 --by sam@test.example");
    let human = fx.soc2(&["reviews"]);
    human.code(1).stdout_has("Sam Patel (1 overdue)").stdout_has("→ soc2 attest AC-02 --by sam@test.example");
    // The policy's owner (a name) and the control's owner (an email) are one person: one owner.
    human.stdout_has("Dana Lee (1 overdue)");
    human.stdout_has("2 overdue, 0 due within 30d");
    // The control's own review is not due yet: a control is first reviewed one `every` after it was added.
    let later = fx.soc2(&["reviews", "--within", "400d", "--format", "json"]).json();
    assert!(items(&later).contains(&"Dana Lee \"due-soon\" \"review\" \"AC-02\"".to_owned()), "{later}");
    // check says the same: the attestation is missing, the review not due, the policy not approved.
    let check = fx.soc2(&["check", "--format", "json", "--control", "AC-02"]).json();
    let obligations = check["controls"][0]["obligations"].as_array().unwrap().clone();
    assert_eq!(obligations[0]["by"], "Sam Patel");
    assert_eq!(obligations[0]["state"], "missing");
    assert_eq!(obligations[1]["state"], "ok");
    assert_eq!(
        (fx.read("controls/AC-02.yaml"), fx.read("soc2.toml"), fx.read("policies/access-control.md")),
        before,
        "no hand-written file is rewritten"
    );
}

#[test]
fn recorded_items_come_due_within_the_window_then_overdue() {
    let fx = repo();
    fx.soc2(&["attest", "AC-02", "--by", "sam@test.example"]).code(0);
    fx.soc2(&["review", "AC-02", "--by", "sam@test.example"]).code(0);
    fx.soc2(&["review", "access-control", "--by", "Sam Patel", "--approve"]).code(0);
    fx.soc2(&["reviews"]).code(0).stdout_has("nothing overdue or due within 30d");
    // The attestation falls due on 2026-09-28 (90 days later).
    let json = fx.soc2(&["--now", "2026-09-01", "reviews", "--within", "30d", "--format", "json"]).json();
    assert_eq!(items(&json), ["Sam Patel \"due-soon\" \"attestation\" \"AC-02\""]);
    assert_eq!(json["owners"][0]["items"][0]["days_left"], 27);
    assert_eq!(json["owners"][0]["items"][0]["due"], "2026-09-28T12:00:00Z");
    fx.soc2(&["--now", "2026-09-01", "reviews", "--within", "0"]).code(0).stdout_has("nothing overdue");
    let late = fx.soc2(&["--now", "2026-10-01T12:00:00Z", "reviews", "--within", "0", "--format", "json"]);
    late.code(1);
    let json = late.json();
    assert_eq!(json["owners"][0]["items"][0]["days_overdue"], 3);
    assert!(json.get("within").is_none(), "{json}");
    let check = fx.soc2(&["--now", "2026-10-01T12:00:00Z", "check", "--format", "json", "--control", "AC-02"]).json();
    assert_eq!(check["controls"][0]["status"], "review-due", "check agrees");
    // A year on, the policy review is due too, for its owner.
    let json = fx.soc2(&["--now", "2027-07-01", "reviews", "--format", "json"]).json();
    assert!(items(&json).contains(&"Dana Lee \"overdue\" \"policy-review\" \"access-control\"".to_owned()));
}

#[test]
fn owner_filter_resolves_roles_and_refuses_unknown_names() {
    let fx = repo();
    let json = fx.soc2(&["reviews", "--owner", "role:security", "--format", "json"]).json();
    assert_eq!(items(&json), ["Sam Patel \"overdue\" \"attestation\" \"AC-02\""]);
    let json = fx.soc2(&["reviews", "--owner", "SAM@test.example", "--format", "json"]).json();
    assert_eq!(json["overdue"], 1);
    fx.soc2(&["reviews", "--owner", "role:securty"])
        .code(2)
        .stderr_has("--owner role:securty: nobody holds the role `securty`")
        .stderr_has("did you mean `role:security`?");
    fx.soc2(&["reviews", "--owner", "dana@test.exampel"])
        .code(2)
        .stderr_has("--owner dana@test.exampel: nothing is assigned to `dana@test.exampel`")
        .stderr_has("did you mean `dana@test.example`?");
    fx.soc2(&["reviews", "--within", "soon"]).code(2).stderr_has("--within: invalid duration `soon`");
}

const GROUPS: &str = r#"[organization]
name = "Test Co"

[audit]
type = "type1"
categories = ["security", "availability"]

[roles]
security = "sam@test.example"

[[reviews]]
every = "365d"
reviewer = "ciso@test.example"

[[reviews]]
category = "availability"
every = "180d"
owner = "ops@test.example"

[[reviews]]
criteria = ["CC6"]
every = "90d"
reviewer = "role:security"

[[reviews]]
criteria = ["CC6.1"]
every = "30d"
"#;

fn control(id: &str, criteria: &str, extra: &str) -> String {
    format!(
        "id: {id}\ntitle: Control {id}\ncriteria: [{criteria}]\nowner: {id}@test.example\npolicies: [access-control]\n{extra}"
    )
}

#[test]
fn review_groups_most_specific_wins_and_check_agrees() {
    let fx = Fixture::minimal()
        .file("soc2.toml", GROUPS)
        .remove("controls/AC-01.yaml")
        .file("controls/A.yaml", control("A", "CC6.1", ""))
        .file("controls/B.yaml", control("B", "CC6.2", ""))
        .file("controls/C.yaml", control("C", "A1.2", ""))
        .file("controls/D.yaml", control("D", "CC7.2", ""))
        .file("controls/E.yaml", control("E", "CC6.2", "review: { every: 7d }\n"));
    let json = fx.soc2(&["reviews", "--within", "400d", "--format", "json"]).json();
    let mut got: Vec<String> = Vec::new();
    for o in json["owners"].as_array().unwrap() {
        for i in o["items"].as_array().unwrap().iter().filter(|i| i["kind"] == "review") {
            got.push(format!(
                "{} {} {}",
                i["id"].as_str().unwrap(),
                i["every"].as_str().unwrap(),
                o["owner"].as_str().unwrap()
            ));
        }
    }
    got.sort();
    assert_eq!(
        got,
        [
            "A 30d A@test.example",     // CC6.1 beats CC6; no reviewer: the control's owner
            "B 90d sam@test.example",   // CC6, reviewer through [roles]
            "C 180d ops@test.example",  // availability category
            "D 365d ciso@test.example", // the whole framework
            "E 7d E@test.example",      // the control's own review wins
        ]
    );
    let check = fx.soc2(&["check", "--format", "json"]).json();
    for c in check["controls"].as_array().unwrap() {
        let review = c["obligations"].as_array().unwrap().iter().find(|o| o["kind"] == "review").unwrap().clone();
        let expected = got.iter().find(|g| g.starts_with(&format!("{} ", c["id"].as_str().unwrap()))).unwrap();
        assert_eq!(
            format!(
                "{} {} {}",
                c["id"].as_str().unwrap(),
                review["every"].as_str().unwrap(),
                review["by"].as_str().unwrap()
            ),
            *expected
        );
        assert_eq!(review["state"], "ok", "not due until one `every` after the control was added");
    }
}

#[test]
fn review_groups_are_validated_with_positions() {
    let bad = |extra: &str| Fixture::minimal().file("soc2.toml", format!("{SOC2_TOML}\n{extra}"));
    bad("[[reviews]]\ncriteria = [\"CC6\"]\nevry = \"90d\"\n")
        .soc2(&["validate"])
        .code(2)
        .stderr_has("soc2.toml:10:1: error: `reviews.evry`: unknown field")
        .stderr_has("did you mean `every`?");
    bad("[[reviews]]\ncategory = \"availabilty\"\nevery = \"90d\"\n")
        .soc2(&["validate"])
        .code(2)
        .stderr_has("soc2.toml:9:12: error: `reviews.category`: unknown category `availabilty`")
        .stderr_has("did you mean `availability`?");
    bad("[[reviews]]\ncriteria = [\"CC66\"]\nevery = \"90d\"\n")
        .soc2(&["validate"])
        .code(2)
        .stderr_has("`reviews.criteria`: no criterion matches `CC66`");
    bad("[[reviews]]\ncriteria = [\"CC6\"]\ncategory = \"security\"\nevery = \"90d\"\n")
        .soc2(&["validate"])
        .code(2)
        .stderr_has("has both `criteria` and `category`");
    bad("[[reviews]]\ncriteria = [\"CC6\"]\nevery = \"quarterly\"\n")
        .soc2(&["validate"])
        .code(2)
        .stderr_has("soc2.toml:10:9: error: `reviews.every`: invalid duration `quarterly`");
    bad("[[reviews]]\ncriteria = [\"CC6\"]\n").soc2(&["validate"]).code(2).stderr_has("needs `every`");
    bad("[[review]]\nevery = \"90d\"\n").soc2(&["validate"]).code(2).stderr_has("did you mean `reviews`?");
}

#[test]
fn the_github_pipeline_opens_an_issue_per_owner() {
    let fx = Fixture::empty();
    fx.soc2(&["init", "gh", "--ci", "github"]).code(0);
    let gh: serde_yaml::Value = serde_yaml::from_str(&fx.read("gh/.github/workflows/soc2.yml")).unwrap();
    let job = &gh["jobs"]["reviews"];
    assert_eq!(job["permissions"]["issues"], "write");
    let script = serde_yaml::to_string(&job["steps"]).unwrap();
    assert!(script.contains("soc2 reviews --within 14d --format json"), "{script}");
    assert!(script.contains("gh issue create"), "{script}");
}
