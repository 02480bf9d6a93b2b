//! `soc2 policies init`: the policy builder.

use crate::support::{Fixture, soc2_cmd};

/// Every variable without a default, as `--set` arguments; people as `Name <email>`.
const REQUIRED: [(&str, &str); 11] = [
    ("name", "Acme Robotics, Inc."),
    ("short_name", "Acme"),
    ("domain", "acme.example"),
    ("effective_date", "2026-01-01"),
    ("ceo", "Jo Park <jo@acme.example>"),
    ("security_officer", "Dana Lee <dana@acme.example>"),
    ("security_email", "security@acme.example"),
    ("cto", "Sam Patel <sam@acme.example>"),
    ("hr_lead", "Alex Kim <alex@acme.example>"),
    ("privacy_officer", "Dana Lee"),
    ("privacy_email", "privacy@acme.example"),
];

/// The same answers as typed at the prompts: a new person's email is asked after their name.
const TYPED: &str = "Acme Robotics, Inc.\nAcme\nacme.example\n2026-01-01\nJo Park\njo@acme.example\nDana Lee\ndana@acme.example\nsecurity@acme.example\nSam Patel\nsam@acme.example\nAlex Kim\nalex@acme.example\nDana Lee\nprivacy@acme.example\n";

fn repo() -> Fixture {
    Fixture::empty()
        .file("soc2.toml", "# my comment\n[organization]\n\n[audit]\ncategories = [\"security\", \"privacy\"]\n")
}

fn sets(extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = ["policies", "init", "--no-input"].iter().map(|s| s.to_string()).collect();
    for (k, v) in REQUIRED {
        args.push("--set".into());
        args.push(format!("{k}={v}"));
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn run(fx: &Fixture, args: &[String]) -> crate::support::Run {
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    fx.soc2(&refs)
}

#[test]
fn no_input_lists_every_missing_variable() {
    let fx = repo();
    let r = fx.soc2(&["policies", "init", "--no-input", "--set", "name=Acme"]);
    r.code(2)
        .stderr_has("10 policy variable(s) have no value; the answers given are saved:")
        .stderr_has("  ceo — ")
        .stderr_has("  privacy_email — ");
    assert!(!fx.join("policies").exists(), "no policy is written when variables are missing");
    assert!(fx.read("soc2.toml").contains("name = \"Acme\""), "the answer given is kept");
}

#[test]
fn renders_every_policy_and_saves_answers() {
    let fx = repo();
    let r = run(&fx, &sets(&[]));
    r.code(0).stdout_has("wrote     policies/access-control.md").stdout_has("policies: 22 written");
    let toml = fx.read("soc2.toml");
    assert!(toml.starts_with("# my comment\n"), "comments are kept:\n{toml}");
    assert!(
        toml.contains("[[people]]\nname = \"Jo Park\"\nemail = \"jo@acme.example\"\nroles = [\"ceo\"]\n"),
        "{toml}"
    );
    assert!(
        toml.contains(
            "name = \"Dana Lee\"\nemail = \"dana@acme.example\"\nroles = [\"security-officer\", \"privacy-officer\"]\n"
        ),
        "one person with two roles:\n{toml}"
    );
    assert!(!toml.contains("ceo = "), "people are not organization variables:\n{toml}");
    assert!(toml.contains("rto_hours = 24"), "defaults are saved too:\n{toml}");
    let policy = fx.read("policies/access-control.md");
    assert!(policy.contains("owner: \"Dana Lee\""), "{policy}");
    assert!(!policy.contains("{{"), "{policy}");
    fx.soc2(&["validate"]).code(0).stdout_has("22 policies");
}

#[test]
fn answers_can_be_piped() {
    let fx = Fixture::empty().file("soc2.toml", "[organization]\nname = \"Acme\"\n");
    let answers = TYPED.split_once('\n').unwrap().1;
    let out = soc2_cmd(fx.path()).args(["policies", "init"]).write_stdin(answers).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let prompts = String::from_utf8_lossy(&out.stderr);
    assert!(prompts.contains("Name of the chief executive"), "{prompts}");
    assert!(prompts.contains("[AWS]"), "defaults are offered: {prompts}");
    assert!(fx.read("soc2.toml").contains("privacy_email = \"privacy@acme.example\""));
    assert!(fx.read("policies/code-of-conduct.md").contains("Jo Park"));
}

#[test]
fn edited_policies_are_kept_unless_forced() {
    let fx = repo();
    run(&fx, &sets(&[])).code(0);
    let edited = format!("{}\nOur own addition.\n", fx.read("policies/backup.md"));
    let fx = fx.file("policies/backup.md", &edited);
    let r = run(&fx, &sets(&["--set", "rto_hours=8"]));
    r.code(0).stdout_has("kept      policies/backup.md (edited since it was generated; --force overwrites)");
    r.stdout_has("wrote     policies/business-continuity.md");
    assert_eq!(fx.read("policies/backup.md"), edited);
    assert!(fx.read("policies/business-continuity.md").contains('8'));
    let again = run(&fx, &sets(&["--set", "rto_hours=8"]));
    again.stdout_has("unchanged policies/access-control.md");
    run(&fx, &sets(&["--force", "--only", "backup"]))
        .code(0)
        .stdout_has("wrote     policies/backup.md")
        .stdout_has("policies: 1 written");
    assert!(!fx.read("policies/backup.md").contains("Our own addition."));
}

#[test]
fn organization_facts_and_scope_change_the_text() {
    let remote = repo();
    run(&remote, &sets(&["--set", "remote_only=yes"])).code(0);
    assert!(remote.read("policies/physical-security.md").contains("is a fully remote company and operates no offices"));
    let office = repo();
    run(&office, &sets(&["--set", "remote_only=no"])).code(0);
    let text = office.read("policies/physical-security.md");
    assert!(text.contains("offices and any equipment rooms"), "{text}");
}

#[test]
fn bad_set_values_are_usage_errors() {
    let fx = repo();
    fx.soc2(&["policies", "init", "--set", "ceoo=X"])
        .code(2)
        .stderr_has("--set ceoo: no policy template uses this variable")
        .stderr_has("did you mean `ceo`?");
    fx.soc2(&["policies", "init", "--set", "rto_hours=soon"])
        .code(2)
        .stderr_has("--set `rto_hours`: `soon` is not a whole number greater than 0");
    fx.soc2(&["policies", "init", "--set", "noequals"]).code(2).stderr_has("expected KEY=VALUE");
}

#[test]
fn repo_templates_override_built_ins() {
    let fx = repo().file(
        "templates/policies/backup.md.j2",
        "---\nid: backup\ntitle: Backup Policy\nowner: \"{{ cto }}\"\ncriteria: [A1.2]\n---\n# Our backup policy for {{ short_name }}\n",
    );
    run(&fx, &sets(&[])).code(0);
    assert_eq!(fx.read("policies/backup.md").lines().last(), Some("# Our backup policy for Acme"));
}

fn pipe(fx: &Fixture, args: &[&str], input: &str) -> crate::support::Run {
    let mut cmd = soc2_cmd(fx.path());
    let out = cmd.args(args).write_stdin(input.to_owned()).output().unwrap();
    crate::support::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_new_repo_is_asked_its_legal_name_first() {
    let fx = Fixture::empty();
    fx.soc2(&["init", "acme"]).code(0);
    let dir = fx.join("acme");
    let out = soc2_cmd(&dir).args(["policies", "init"]).write_stdin(TYPED).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let prompts = String::from_utf8_lossy(&out.stderr);
    let first = prompts.lines().find(|l| l.contains(": ")).unwrap_or_default();
    assert!(first.starts_with("Legal name of the company (e.g. Acme Robotics, Inc.): "), "{prompts}");
    let policy = std::fs::read_to_string(dir.join("policies/access-control.md")).unwrap();
    assert!(policy.contains("Acme Robotics, Inc. (\"Acme\")"), "{policy}");
    assert!(!policy.contains("acme (\"Acme\")"), "never the folder name: {policy}");
}

#[test]
fn answers_are_checked_and_asked_again() {
    let fx = repo();
    // A bad date, a blank required answer, a bad email, a zero, then good answers.
    let input = "Acme Robotics, Inc.\nAcme\nhttps://acme.example\nacme.example\nDec 1 2026\n\n2026-12-01\nJo Park\njo at acme\njo@acme.example\nJo Park\nsecurity@acme.example\nSam Patel\nsam@acme.example\nMorgan Chen\nmorgan@acme.example\nJo Park\nprivacy@acme.example\n\nnone\n\n\n\n\n\n\n\n0\n12\n";
    let run = pipe(&fx, &["policies", "init"], input);
    run.code(0).no_panic();
    insta::assert_snapshot!("policies_init_transcript", run.stderr);
    let toml = fx.read("soc2.toml");
    assert!(toml.contains("effective_date = \"2026-12-01\""), "{toml}");
    assert!(toml.contains("identity_provider = \"\""), "{toml}");
    assert!(toml.contains("password_min_length = 12"), "{toml}");
    assert!(!fx.read("policies/access-control.md").contains("Dec 1 2026"));
    // --set answers are checked the same way.
    fx.soc2(&["policies", "init", "--set", "effective_date=Dec 1 2026"])
        .code(2)
        .stderr_has("--set `effective_date`: `Dec 1 2026` is not a date; write YYYY-MM-DD, e.g. 2026-01-01");
    fx.soc2(&["policies", "init", "--set", "security_email=security"])
        .code(2)
        .stderr_has("`security` is not an email address");
    fx.soc2(&["policies", "init", "--set", "security_officer=Dana\n---\n# injected"])
        .code(2)
        .stderr_has("`security_officer`: line breaks and control characters cannot appear in policy variables");
}

#[test]
fn no_answer_is_lost_when_input_ends() {
    let fx = repo();
    let first = "Acme Robotics, Inc.\nAcme\nacme.example\n2026-01-01\nJo Park\njo@acme.example\n";
    let run = pipe(&fx, &["policies", "init"], first);
    run.code(2)
        .stderr_has("saved 5 answer(s) and 16 default(s) to soc2.toml")
        .stderr_has("policy variable(s) have no value; the answers given are saved:")
        .stderr_has("  security_officer — ");
    let toml = fx.read("soc2.toml");
    assert!(toml.contains("short_name = \"Acme\"") && toml.contains("name = \"Jo Park\""), "{toml}");
    assert!(!fx.join("policies/access-control.md").exists());
    // The next run asks only what is still missing.
    let rest = "Dana Lee\ndana@acme.example\nsecurity@acme.example\nSam Patel\nsam@acme.example\nAlex Kim\nalex@acme.example\nDana Lee\nprivacy@acme.example\n";
    let run = pipe(&fx, &["policies", "init"], rest);
    run.code(0);
    assert!(!run.stderr.contains("Legal name"), "{}", run.stderr);
    assert!(fx.read("policies/code-of-conduct.md").contains("Jo Park"));
}

#[test]
fn one_person_in_two_roles_is_named_once() {
    let fx = repo();
    run(&fx, &sets(&["--set", "cto=Dana Lee", "--set", "hr_lead=Jo Park"])).code(0);
    let access = fx.read("policies/access-control.md");
    assert!(access.contains("additionally requires approval from Dana Lee."), "{access}");
    assert!(!access.contains("Dana Lee or Dana Lee"), "{access}");
    let conduct = fx.read("policies/code-of-conduct.md");
    assert!(
        conduct.contains("raise it with their manager, Jo Park, or, for information security concerns"),
        "{conduct}"
    );
    let ir = fx.read("policies/incident-response.md");
    assert!(ir.contains("updates Jo Park and Dana Lee at least every four hours"), "{ir}");
    let toml = fx.read("soc2.toml");
    assert!(toml.contains("roles = [\"security-officer\", \"privacy-officer\", \"cto\"]"), "{toml}");
    // Everyone the policies name is one owner.
    let json = fx.soc2(&["reviews", "--format", "json"]).json();
    let owners: Vec<&str> = json["owners"].as_array().unwrap().iter().map(|o| o["owner"].as_str().unwrap()).collect();
    assert_eq!(owners, ["Dana Lee", "Jo Park"], "{json}");
}

#[test]
fn a_policy_whose_variables_changed_is_reported_and_updated_unless_edited() {
    let fx = repo();
    run(&fx, &sets(&[])).code(0);
    let generated: serde_json::Value = serde_json::from_str(&fx.read("policies/.generated.json")).unwrap();
    let backup = &generated["policies"]["backup"];
    assert_eq!(backup["variables"]["rto_hours"], 24, "{backup}");
    assert_eq!(backup["variables_sha256"].as_str().unwrap().len(), 64);
    fx.soc2(&["validate"]).code(0).no_panic();
    assert!(!fx.soc2(&["validate"]).stderr.contains("warning"));
    // soc2.toml changes: two policies use rto_hours; one of them was edited by hand.
    let toml = fx.read("soc2.toml").replace("rto_hours = 24", "rto_hours = 8");
    let edited = format!("{}\nOur own addition.\n", fx.read("policies/backup.md"));
    let fx = fx.file("soc2.toml", toml).file("policies/backup.md", &edited);
    let validate = fx.soc2(&["validate"]);
    validate.code(0);
    insta::assert_snapshot!("policies_variables_changed", validate.stderr);
    fx.soc2(&["check"]).stderr_has("policies/business-continuity.md:1:1: warning: rendered from variables that changed in soc2.toml since: rto_hours (24 → 8)");
    let update = fx.soc2(&["policies", "init", "--update"]);
    update.code(0);
    insta::assert_snapshot!("policies_update", update.stdout);
    assert!(fx.read("policies/business-continuity.md").contains("8 hours"));
    assert_eq!(fx.read("policies/backup.md"), edited, "an edited policy is never overwritten");
    let after = fx.soc2(&["validate"]);
    assert!(!after.stderr.contains("business-continuity"), "{}", after.stderr);
    assert!(after.stderr.contains("policies/backup.md:1:1: warning"), "{}", after.stderr);
    fx.soc2(&["policies", "init", "--update"]).code(0).stdout_has("policies: 1 kept");
}

#[test]
fn a_type2_policy_effective_after_the_period_start_is_a_gap() {
    let fx = Fixture::empty().file(
        "soc2.toml",
        "[organization]\n\n[audit]\ntype = \"type2\"\nperiod = \"2026-01-01..2026-12-31\"\ncategories = [\"security\"]\n",
    );
    run(&fx, &sets(&["--set", "effective_date=2026-03-01", "--only", "backup", "--only", "access-control"])).code(0);
    let json = fx.soc2(&["check", "--format", "json"]).json();
    assert_eq!(json["coverage"]["policies_effective_late"], serde_json::json!(["access-control", "backup"]));
    fx.soc2(&["check"]).code(1).stdout_has("policies effective after the period start (2): access-control, backup");
    run(&fx, &sets(&["--set", "effective_date=2026-01-01", "--only", "backup", "--only", "access-control"])).code(0);
    let json = fx.soc2(&["check", "--format", "json"]).json();
    assert_eq!(json["coverage"]["policies_effective_late"], serde_json::json!([]));
}

#[test]
fn policy_numbers_and_the_queries_that_test_them_come_from_the_same_variables() {
    let fx = repo();
    run(&fx, &sets(&["--set", "screen_lock_minutes=10", "--set", "incident_notification_hours=24"])).code(0);
    let aup = fx.read("policies/acceptable-use.md");
    assert!(aup.contains("lock automatically after no more than 10 minutes of inactivity"), "{aup}");
    let ir = fx.read("policies/incident-response.md");
    assert!(ir.contains("no later than 24 hours** after Acme detects it"), "{ir}");
    assert!(!ir.contains("confirms the breach"), "{ir}");
    let privacy = fx.read("policies/privacy.md");
    assert!(privacy.contains("customers within 24 hours of detection"), "{privacy}");
    // IR-04's query reads the same variable from soc2_organization.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let toml = format!(
        "{}\n[collectors.incident_log]\nkind = \"file\"\npath = \"registers/incident_log.csv\"\n",
        fx.read("soc2.toml")
    );
    let fx = fx
        .file("controls/IR-04.yaml", std::fs::read_to_string(root.join("controls/IR-04.yaml")).unwrap())
        .file(
            "queries/incident_customer_notification_late.sql",
            std::fs::read_to_string(root.join("queries/incident_customer_notification_late.sql")).unwrap(),
        )
        .file("soc2.toml", toml)
        .evidence(
            "incident_log",
            "incident_log",
            &[r#"{"incident_id":"INC-1","title":"Leak","detected_date":"2026-06-01","customer_notification_required":"yes","customers_notified_date":"2026-06-03"}"#],
            "2026-06-29T00:00:00Z",
        );
    let c = fx.soc2(&["check", "--format", "json", "--control", "IR-04"]).json();
    assert_eq!(
        c["controls"][0]["findings"][0]["reason"],
        "customer notified 2026-06-03, 2 days after detection (commitment: 24 hours)",
        "{c}"
    );
}

#[test]
fn a_role_given_to_someone_else_moves_in_the_people_table() {
    let fx = repo();
    run(&fx, &sets(&[])).code(0);
    fx.soc2(&["policies", "init", "--set", "cto=Dana Lee"])
        .code(0)
        .stdout_has("wrote     policies/change-management.md");
    let toml = fx.read("soc2.toml");
    assert!(toml.contains("name = \"Sam Patel\"\nemail = \"sam@acme.example\"\nroles = []\n"), "{toml}");
    assert!(toml.contains("roles = [\"security-officer\", \"privacy-officer\", \"cto\"]"), "{toml}");
    assert!(fx.read("policies/change-management.md").contains("owner: \"Dana Lee\""));
    fx.soc2(&["validate"]).code(0);
}

/// Words an auditor flags as untestable: each promise says who, what and by when.
const VAGUE: [&str; 8] =
    ["appropriate", "as required", "as needed", "timely", "where possible", "adequate", "as necessary", "reasonable"];

#[test]
fn policies_make_no_vague_promises() {
    let fx = Fixture::empty().file(
        "soc2.toml",
        "[organization]\n\n[audit]\ncategories = [\"security\", \"availability\", \"confidentiality\", \"processing-integrity\", \"privacy\"]\n",
    );
    run(&fx, &sets(&["--set", "remote_only=true"])).code(0).stdout_has("policies: 22 written");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(fx.join("policies")).expect("policies dir") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("policy").to_lowercase();
        for (n, line) in text.lines().enumerate() {
            for word in VAGUE.iter().filter(|w| line.contains(*w)) {
                found.push(format!("{}:{}: {word}", path.display(), n + 1));
            }
        }
    }
    assert!(found.is_empty(), "vague wording in the policies:\n{}", found.join("\n"));
}
