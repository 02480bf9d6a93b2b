//! `soc2 policies init`: the policy builder.

use crate::support::{Fixture, soc2_cmd};

/// Every variable without a default, as `--set` arguments.
const REQUIRED: [(&str, &str); 11] = [
    ("name", "Acme Robotics, Inc."),
    ("short_name", "Acme"),
    ("domain", "acme.example"),
    ("effective_date", "2026-01-01"),
    ("ceo", "Jo Park"),
    ("security_officer", "Dana Lee"),
    ("security_email", "security@acme.example"),
    ("cto", "Sam Patel"),
    ("hr_lead", "Alex Kim"),
    ("privacy_officer", "Dana Lee"),
    ("privacy_email", "privacy@acme.example"),
];

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
        .stderr_has("10 policy variable(s) have no value:")
        .stderr_has("  ceo — ")
        .stderr_has("  privacy_email — ");
    assert!(!fx.join("policies").exists(), "nothing is written when variables are missing");
}

#[test]
fn renders_every_policy_and_saves_answers() {
    let fx = repo();
    let r = run(&fx, &sets(&[]));
    r.code(0).stdout_has("wrote     policies/access-control.md").stdout_has("policies: 22 written");
    let toml = fx.read("soc2.toml");
    assert!(toml.starts_with("# my comment\n"), "comments are kept:\n{toml}");
    assert!(toml.contains("ceo = \"Jo Park\""), "{toml}");
    assert!(toml.contains("rto_hours = 24"), "defaults are saved too:\n{toml}");
    let policy = fx.read("policies/access-control.md");
    assert!(policy.contains("owner: \"Dana Lee\""), "{policy}");
    assert!(!policy.contains("{{"), "{policy}");
    fx.soc2(&["validate"]).code(0).stdout_has("22 policies");
}

#[test]
fn answers_can_be_piped() {
    let fx = Fixture::empty().file("soc2.toml", "[organization]\nname = \"Acme\"\n");
    let answers: String = REQUIRED.iter().skip(1).map(|(_, v)| format!("{v}\n")).collect();
    let out = soc2_cmd(fx.path()).args(["policies", "init"]).write_stdin(answers).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let prompts = String::from_utf8_lossy(&out.stderr);
    assert!(prompts.contains("Name of the chief executive"), "{prompts}");
    assert!(prompts.contains("[365d]"), "defaults are offered: {prompts}");
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
        .stderr_has("`rto_hours`: expected a whole number");
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
