//! People: one identity per person. `[[people]]` in soc2.toml, what resolves
//! through it (owners, reviewers, `[roles]`, `--by`), who may sign what, and
//! separation of duties.

use crate::support::{Fixture, PEOPLE, SOC2_TOML};

/// A control owned by the security officer (by role), attested by the IT admin.
const AC02: &str = "id: AC-02\ntitle: Quarterly access review\ncriteria: [CC6.2]\nowner: role:security-officer\npolicies: [access-control]\nevidence:\n  - attestation: { every: 90d, by: role:it-admin, note: access review done }\nreview: { every: 365d }\n";

fn repo() -> Fixture {
    Fixture::with_people().file("controls/AC-02.yaml", AC02)
}

fn control(fx: &Fixture, id: &str) -> serde_json::Value {
    fx.soc2(&["check", "--format", "json", "--control", id]).json()["controls"][0].clone()
}

#[test]
fn a_name_an_email_and_a_role_are_one_owner() {
    // The policy names its owner "Dana Lee", AC-01 "dana@test.example", AC-02 "role:security-officer".
    let fx = repo();
    let report = fx.soc2(&["report", "--format", "json"]).json();
    let owners: Vec<&str> = report["owners"].as_array().unwrap().iter().map(|o| o["owner"].as_str().unwrap()).collect();
    assert_eq!(owners.iter().filter(|o| **o == "Dana Lee").count(), 1, "{owners:?}");
    assert!(!owners.contains(&"dana@test.example"), "{owners:?}");
    let json = fx.soc2(&["reviews", "--within", "400d", "--format", "json"]).json();
    let dana: Vec<&serde_json::Value> =
        json["owners"].as_array().unwrap().iter().filter(|o| o["owner"] == "Dana Lee").collect();
    assert_eq!(dana.len(), 1, "one entry (and one CI issue) per person: {json}");
    assert_eq!(dana[0]["email"], "dana@test.example");
    assert_eq!(dana[0]["github"], "dana-lee");
    let kinds: Vec<&str> = dana[0]["items"].as_array().unwrap().iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["policy-approval", "review"]);
    // `--owner` takes any of the person's names, or the role.
    for who in ["Dana Lee", "DANA@test.example", "@dana-lee", "role:security-officer"] {
        let json = fx.soc2(&["reviews", "--within", "400d", "--owner", who, "--format", "json"]).json();
        assert_eq!(json["owners"].as_array().unwrap().len(), 1, "{who}: {json}");
    }
}

#[test]
fn older_repos_join_roles_and_role_variables_into_one_person() {
    // No [[people]]: `[roles]` names the security officer by email, `[organization]` by name.
    let toml = "[organization]\nname = \"Test Co\"\nsecurity_officer = \"Dana Lee\"\n\n[roles]\nsecurity-officer = \"dana@test.example\"\n\n[audit]\ntype = \"type1\"\ncategories = [\"security\"]\n";
    let fx = Fixture::minimal().file("soc2.toml", toml).file("controls/AC-02.yaml", AC02);
    let json = fx.soc2(&["reviews", "--within", "400d", "--format", "json"]).json();
    let owners: Vec<&str> = json["owners"].as_array().unwrap().iter().map(|o| o["owner"].as_str().unwrap()).collect();
    assert_eq!(owners, ["Dana Lee", "role:it-admin"], "{json}");
    // Without [[people]], names are shown as written and nothing is warned about.
    fx.soc2(&["validate"]).code(0).no_panic();
}

#[test]
fn unknown_owners_are_warnings_at_their_place() {
    let fx = repo()
        .file("controls/AC-01.yaml", crate::support::CONTROL.replace("dana@test.example", "dana@test.exampel"))
        .file("controls/AC-03.yaml", AC02.replace("AC-02", "AC-03").replace("role:it-admin", "role:it-admn"));
    let run = fx.soc2(&["validate"]);
    run.code(0).no_panic();
    insta::assert_snapshot!("people_unknown_owners", run.stderr);
}

#[test]
fn a_bad_people_table_is_an_error_at_its_line() {
    let people = "\n[[people]]\nname = \"Dana Lee\"\nemail = \"dana@test.example\"\nroles = [\"cto\"]\n\n[[people]]\nname = \"dana lee\"\n\n[[people]]\nemail = \"sam at test\"\nroles = [\"Security Officer\"]\n\n[[people]]\ngithub = \"x\"\n\n[roles]\ncto = \"jo@test.example\"\n\n[signoff]\nseparation_of_duties = \"refuze\"\n";
    let fx = Fixture::minimal().file("soc2.toml", format!("{SOC2_TOML}{people}"));
    let run = fx.soc2(&["validate"]);
    run.code(2).no_panic();
    insta::assert_snapshot!("people_bad_table", run.stderr);
}

#[test]
fn by_must_name_a_person_unless_external() {
    let fx = repo();
    let run = fx.soc2(&["attest", "AC-02", "--by", "alex@test.exampel"]);
    run.code(2);
    insta::assert_snapshot!("people_by_unknown", run.stderr);
    fx.soc2(&["review", "AC-02", "--by", "  "]).code(2).stderr_has("error: --by is blank: say who did it");
    fx.soc2(&["attest", "AC-02", "--by", ""]).code(2).stderr_has("--by is blank");
    fx.soc2(&["evidence", "add", "AC-02", "--note", "x", "--by", " "]).code(2).stderr_has("--by is blank");
    fx.soc2(&["workflow", "AC-02", "in-progress", "--by", ""]).code(2).stderr_has("--by is blank");
    fx.soc2(&["review", "AC-02", "--by", "role:it-admn"])
        .code(2)
        .stderr_has("--by role:it-admn: nobody holds the role `it-admn` in soc2.toml")
        .stderr_has("did you mean `role:it-admin`?");
    fx.soc2(&["review", "AC-02", "--by", "Dana Lee", "--external"])
        .code(2)
        .stderr_has("--by Dana Lee --external: Dana Lee is a person of soc2.toml, not an outside party");
    assert!(!fx.join("evidence").exists(), "nothing written on bad input");
    // Any of a person's names is stored as their email; an outside party as given, marked.
    fx.soc2(&["review", "AC-02", "--by", "@DANA-LEE"]).code(0);
    assert!(fx.read("evidence/reviews/2026-06-30-ac-02-review.yaml").contains("by: dana@test.example\n"));
    fx.soc2(&["review", "access-control", "--by", "Pat Vendor", "--external"]).code(0);
    let rec = fx.read("evidence/reviews/2026-06-30-access-control-review.yaml");
    assert!(rec.contains("by: Pat Vendor\nexternal: true\n"), "{rec}");
    // A repo without people cannot check a name: it says how to add them.
    Fixture::minimal()
        .soc2(&["review", "AC-01", "--by", "dana@test.example"])
        .code(2)
        .stderr_has("soc2.toml lists no people yet: add them under [[people]]");
}

#[test]
fn an_attestation_counts_only_from_the_signer_it_asks_for() {
    let fx = repo();
    fx.soc2(&["attest", "AC-02", "--by", "dana@test.example"]).code(0);
    let c = control(&fx, "AC-02");
    assert_eq!(c["status"], "missing", "{c}");
    assert_eq!(
        c["reasons"][0],
        "no attestation \"access review done\" that counts: attestation of 2026-06-30 by dana@test.example does not count: it must be by role:it-admin (Alex Kim)"
    );
    assert_eq!(c["obligations"][0]["by"], "Alex Kim");
    fx.soc2(&["attest", "AC-02", "--by", "alex@test.example", "--note", "Q2 done"]).code(0);
    let c = control(&fx, "AC-02");
    assert_eq!(c["status"], "pass", "{c}");
    assert!(c["obligations"][0].get("problem").is_none(), "{c}");
    // A record on file without a signer never counts, and is pointed out.
    let fx = fx.file(
        "evidence/manual/AC-02/2026-07-01-attestation.yaml",
        "kind: attestation\ndate: 2026-06-30T13:00:00Z\nby: ''\n",
    );
    let c = fx.soc2(&["--now", "2026-07-02", "check", "--format", "json", "--control", "AC-02"]).json();
    assert_eq!(c["controls"][0]["status"], "pass", "the earlier attestation by Alex still counts");
    assert_eq!(
        c["controls"][0]["obligations"][0]["problem"],
        "attestation of 2026-06-30 has no signer (`by`), so it does not count"
    );
    fx.soc2(&["validate"])
        .code(0)
        .stderr_has("evidence/manual/AC-02/2026-07-01-attestation.yaml: warning: attestation without a signer (`by`): it does not count");
    // An attestation asked of a role nobody holds cannot be met.
    let fx = fx.file("controls/AC-02.yaml", AC02.replace("role:it-admin", "role:facilities"));
    let c = control(&fx, "AC-02");
    assert_eq!(c["status"], "missing");
    assert!(
        c["reasons"][0]
            .as_str()
            .unwrap()
            .ends_with("it must be by role:facilities, and nobody holds that role in soc2.toml"),
        "{c}"
    );
}

#[test]
fn a_blank_approval_does_not_approve() {
    let fx = repo().file(
        "evidence/reviews/x.yaml",
        "subject: policy\nid: access-control\ndate: 2026-06-01\nby: ' '\napproved: true\nsha256: x\n",
    );
    let json = fx.soc2(&["check", "--format", "json"]).json();
    assert_eq!(json["coverage"]["policies"][0]["approval"], "not-approved");
    fx.soc2(&["validate"])
        .code(0)
        .stderr_has("evidence/reviews/x.yaml:2:5: warning: review without a signer (`by`): it does not count");
}

#[test]
fn a_review_by_the_owner_is_flagged_or_refused() {
    let fx = repo();
    // Dana owns AC-02 (as security officer) and the access-control policy (by name).
    let run = fx.soc2(&["review", "AC-02", "--by", "dana@test.example"]);
    run.code(0).stderr_has("warning: Dana Lee owns AC-02: a review by its owner is flagged (separation of duties)");
    fx.soc2(&["review", "access-control", "--by", "Dana Lee", "--approve"])
        .code(0)
        .stderr_has("warning: Dana Lee owns access-control: an approval by its owner is flagged");
    let c = control(&fx, "AC-02");
    assert_eq!(c["obligations"][1]["flag"], "reviewed by its owner, Dana Lee (separation of duties)");
    let validate = fx.soc2(&["validate"]);
    validate.code(0);
    insta::assert_snapshot!("people_separation_warning", validate.stderr);
    fx.soc2(&["check"])
        .stderr_has("Dana Lee reviewed what they own (separation of duties): AC-02, access-control (approval)");

    // With `refuse`, the command refuses, and a self-review already on file does not count.
    let refuse = format!("{SOC2_TOML}{PEOPLE}\n[signoff]\nseparation_of_duties = \"refuse\"\n");
    let fx = fx.file("soc2.toml", refuse);
    let run = fx.soc2(&["review", "AC-02", "--by", "dana@test.example"]);
    run.code(2);
    insta::assert_snapshot!("people_separation_refused", run.stderr);
    let c = control(&fx, "AC-02");
    let review = &c["obligations"][1];
    assert!(review.get("last").is_none(), "{review}");
    assert_eq!(
        review["problem"],
        "review of 2026-06-30 by Dana Lee does not count: they own the control (signoff.separation_of_duties = \"refuse\")"
    );
    let json = fx.soc2(&["check", "--format", "json"]).json();
    assert_eq!(json["coverage"]["policies"][0]["approval"], "not-approved", "a self-approval does not count");
    fx.soc2(&["review", "AC-02", "--by", "sam@test.example"]).code(0);
    let c = fx.soc2(&["--now", "2027-06-01", "check", "--format", "json", "--control", "AC-02"]).json();
    assert_eq!(c["controls"][0]["obligations"][1]["state"], "ok");
}

#[test]
fn only_a_reviewer_or_auditor_accepts_and_only_a_passing_control() {
    let fx = Fixture::passing();
    let run = fx.soc2(&["workflow", "AC-01", "accepted", "--by", "dana@test.example"]);
    run.code(2);
    insta::assert_snapshot!("people_accept_without_role", run.stderr);
    fx.soc2(&["workflow", "AC-01", "accepted", "--by", "Pat", "--external"])
        .code(2)
        .stderr_has("Pat (an outside party) cannot accept AC-01");
    fx.soc2(&["workflow", "AC-01", "accepted", "--by", "sam@test.example"])
        .code(0)
        .stdout_has("AC-01: not-started → accepted");
    // A control that does not pass cannot be accepted, whoever asks.
    let failing = Fixture::with_people();
    let run = failing.soc2(&["workflow", "AC-01", "accepted", "--by", "auditor@cpa.example"]);
    run.code(2);
    insta::assert_snapshot!("people_accept_not_passing", run.stderr);
    assert!(!failing.join("evidence").exists());
}

#[test]
fn bulk_review_records_one_review_per_control_in_one_commit() {
    let c = |id: &str, criteria: &str, owner: &str| {
        format!(
            "id: {id}\ntitle: Control {id}\ncriteria: [{criteria}]\nowner: {owner}\npolicies: [access-control]\nreview: {{ every: 90d }}\n"
        )
    };
    let fx = Fixture::with_people()
        .file("controls/AC-01.yaml", c("AC-01", "CC6.1", "role:security-officer"))
        .file("controls/AC-02.yaml", c("AC-02", "CC6.2", "alex@test.example"))
        .file("controls/CH-01.yaml", c("CH-01", "CC8.1", "alex@test.example"))
        .file("controls/PI-01.yaml", c("PI-01", "PI1.1", "alex@test.example"));
    let git = git2::Repository::init(fx.path()).unwrap();
    let mut index = git.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.write().unwrap();
    let tree = git.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::now("T", "t@example").unwrap();
    git.commit(Some("HEAD"), &sig, &sig, "init", &tree, &[]).unwrap();

    // --criteria: the in-scope controls mapped to CC6 (PI-01 is out of scope, CH-01 is CC8).
    let run = fx.soc2(&["review", "--criteria", "CC6", "--by", "sam@test.example", "--note", "Q2 review", "--commit"]);
    run.code(0).stderr_has("reviewed 2 control(s): AC-01, AC-02").stdout_has("committed ");
    let head = git.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.message().ok(), Some("soc2 review: 2 controls by Sam Patel"));
    let diff = git
        .diff_tree_to_tree(Some(&head.parent(0).unwrap().tree().unwrap()), Some(&head.tree().unwrap()), None)
        .unwrap();
    let paths: Vec<String> =
        diff.deltas().map(|d| d.new_file().path().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(
        paths,
        ["evidence/reviews/2026-06-30-ac-01-review.yaml", "evidence/reviews/2026-06-30-ac-02-review.yaml"]
    );
    assert_eq!(
        fx.read("evidence/reviews/2026-06-30-ac-01-review.yaml"),
        "subject: control\nid: AC-01\ndate: 2026-06-30T12:00:00Z\nby: sam@test.example\nnote: Q2 review\napproved: false\n"
    );
    // --owner: the controls whose review that person owes (here, as their owner).
    fx.soc2(&["review", "--owner", "Alex Kim", "--by", "sam@test.example"])
        .code(0)
        .stderr_has("reviewed 2 control(s): AC-02, CH-01");
    // --all: every in-scope control; the reviewer's own are flagged.
    fx.soc2(&["review", "--all", "--by", "alex@test.example"])
        .code(0)
        .stderr_has("warning: Alex Kim owns 2 of these controls: a review by its owner is flagged (separation of duties): AC-02, CH-01")
        .stderr_has("reviewed 3 control(s): AC-01, AC-02, CH-01");
    let due = fx.soc2(&["reviews", "--within", "60d", "--format", "json"]).json();
    let reviews: Vec<&serde_json::Value> = due["owners"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["items"].as_array().unwrap())
        .filter(|i| i["kind"] == "review")
        .collect();
    assert!(reviews.is_empty(), "{due}");
    // Bad selections are refused, nothing written.
    fx.soc2(&["review", "--criteria", "CC66", "--by", "sam@test.example"])
        .code(2)
        .stderr_has("--criteria CC66: no criterion of soc2-2017 matches");
    fx.soc2(&["review", "--owner", "nobody@test.example", "--by", "sam@test.example"])
        .code(2)
        .stderr_has("--owner nobody@test.example: no such person in soc2.toml");
    fx.soc2(&["review", "--owner", "Jo Park", "--by", "sam@test.example"])
        .code(2)
        .stderr_has("no control's review is owed by Jo Park: nothing recorded");
    fx.soc2(&["review", "--by", "sam@test.example"])
        .code(2)
        .stderr_has("the following required arguments were not provided");
    fx.soc2(&["review", "--all", "--by", "sam@test.example", "--approve"]).code(2);
}

#[test]
fn attest_and_evidence_add_do_what_their_help_says() {
    let fx = repo().file("sample.pdf", "%PDF-1.4 sample");
    // --file with --note: the note describes the file.
    fx.soc2(&["evidence", "add", "AC-02", "--file", "sample.pdf", "--note", "offboarding checklist, Q2 sample"])
        .code(0)
        .stdout_has("wrote evidence/manual/AC-02/sample.pdf");
    let rec = fx.read("evidence/manual/AC-02/2026-06-30-file-sample.pdf.yaml");
    assert!(rec.starts_with("kind: file\n") && rec.contains("note: offboarding checklist, Q2 sample\n"), "{rec}");
    fx.soc2(&["evidence", "add", "AC-02", "--file", "sample.pdf", "--link", "https://x.example"])
        .code(2)
        .stderr_has("cannot be used with");
    // A control that asks for no attestation says what it does ask for.
    let run = fx.soc2(&["attest", "AC-01", "--by", "dana@test.example"]);
    run.code(2);
    insta::assert_snapshot!("people_attest_not_asked", run.stderr);
    fx.soc2(&["attest", "AC-02", "--by", "alex@test.example", "--expires", "2026-06-29"])
        .code(2)
        .stderr_has("--expires 2026-06-29: that is not after now (2026-06-30T12:00:00Z); the record would never count")
        .stderr_has("hint: give a date in the future, e.g. --expires 2026-09-28");
    // Every option of the recording commands has help text.
    for cmd in
        [&["attest", "--help"][..], &["review", "--help"], &["evidence", "add", "--help"], &["workflow", "--help"]]
    {
        let help = fx.soc2(cmd).stdout;
        let options = help.split("Options:\n").nth(1).and_then(|o| o.split("\n\n").next()).unwrap();
        for line in options.lines().filter(|l| l.starts_with("  -")) {
            let described = line.trim_start().split("  ").filter(|p| !p.trim().is_empty()).count() > 1;
            assert!(described, "{cmd:?}: an option without help: {line:?}\n{help}");
        }
    }
}

#[test]
fn of_two_approvals_the_same_day_the_one_of_the_current_text_counts() {
    let fx = repo();
    fx.soc2(&["review", "access-control", "--by", "Sam Patel", "--approve"]).code(0);
    let dir = fx.join("evidence/reviews");
    let made = std::fs::read_dir(&dir).expect("reviews").next().expect("one record").expect("entry").path();
    let record = std::fs::read_to_string(&made).expect("record");
    let date = record.lines().find_map(|l| l.strip_prefix("date: ")).expect("date").to_owned();
    // The approval of the text before its last edit, same day, in a file that sorts after.
    let fx = fx.file(
        "evidence/reviews/zz-earlier-text.yaml",
        format!(
            "subject: policy\nid: access-control\ndate: {date}\nby: Jo Park\napproved: true\nsha256: {}\n",
            "0".repeat(64)
        ),
    );
    let json = fx.soc2(&["check", "--format", "json"]).json();
    assert_eq!(json["coverage"]["policies"][0]["approval"], "approved", "{}", json["coverage"]["policies"][0]);
    assert_eq!(json["coverage"]["policies"][0]["approved_by"], "Sam Patel");
}
