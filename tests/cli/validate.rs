//! `soc2 validate`: every bad input is reported at its file, line and field, with exit 2.

use crate::support::{CONTROL, Fixture, POLICY};

#[test]
fn minimal_repo_is_valid() {
    let run = Fixture::minimal().soc2(&["validate"]);
    run.code(0);
    assert_eq!(run.stdout, "ok: 1 controls · 1 policies · 1 queries · 33 criteria in scope (security)\n");
}

#[test]
fn json_summary() {
    let run = Fixture::minimal().soc2(&["validate", "--format", "json"]);
    run.code(0);
    let json = run.json();
    assert_eq!(json["valid"], true);
    assert_eq!(json["controls"], 1);
    assert_eq!(json["criteria_in_scope"], 33);
}

#[test]
fn json_lists_errors_with_locations() {
    let run = Fixture::minimal()
        .file("controls/AC-01.yaml", CONTROL.replace("[CC6.1]", "[CC6.9]"))
        .soc2(&["validate", "--format", "json"]);
    run.code(2);
    let json = run.json();
    assert_eq!(json["valid"], false);
    let d = &json["diagnostics"][0];
    assert_eq!(d["path"], "controls/AC-01.yaml");
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 12);
    assert_eq!(d["message"], "unknown criterion `CC6.9`");
}

#[test]
fn finds_repo_root_from_a_subdirectory_and_with_dash_c() {
    let fx = Fixture::minimal();
    std::fs::create_dir_all(fx.join("controls/nested")).unwrap();
    let run = crate::support::soc2_cmd(&fx.join("controls/nested")).arg("validate").output().unwrap();
    assert!(run.status.success());
    let other = Fixture::empty();
    other.soc2(&["-C", fx.path().to_str().unwrap(), "validate"]).code(0);
}

#[test]
fn no_repo_is_a_clear_error() {
    Fixture::empty()
        .soc2(&["validate"])
        .code(2)
        .stderr_has("error: no soc2.toml in ")
        .stderr_has("hint: create a compliance repo with `soc2 init`");
}

#[test]
fn reports_every_problem_at_once() {
    let run = Fixture::minimal()
        .file("controls/AC-01.yaml", CONTROL.replace("[CC6.1]", "[CC6.9]"))
        .file("controls/AC-02.yaml", "id: AC-02\ntitle: x\nowner: o\ncriteria: [CC1.1]\npolicies: [nope]\n")
        .file("queries/empty.sql", "  \n")
        .soc2(&["validate"]);
    run.code(2)
        .stderr_has("controls/AC-01.yaml:3:12: error: unknown criterion `CC6.9`")
        .stderr_has("controls/AC-02.yaml:5:12: error: unknown policy `nope`")
        .stderr_has("queries/empty.sql: error: query file is empty")
        .stderr_has("3 errors and 0 warnings found");
}

/// One bad input: files written over the minimal repo, and the exact location and message expected.
struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    expect: &'static str,
    hint: Option<&'static str>,
}

fn case(name: &'static str, files: &[(&'static str, &str)], expect: &'static str, hint: Option<&'static str>) -> Case {
    Case { name, files: files.iter().map(|(p, c)| (*p, c.as_bytes().to_vec())).collect(), expect, hint }
}

fn control_with(from: &str, to: &str) -> String {
    assert!(CONTROL.contains(from), "fixture lacks {from}");
    CONTROL.replace(from, to)
}

fn bad_inputs() -> Vec<Case> {
    let toml = crate::support::SOC2_TOML;
    vec![
        case(
            "unknown control field",
            &[("controls/AC-01.yaml", &control_with("criteria:", "critera:"))],
            "controls/AC-01.yaml:3:1: error: unknown field `critera`",
            Some("did you mean `criteria`?"),
        ),
        case(
            "unknown criterion",
            &[("controls/AC-01.yaml", &control_with("[CC6.1]", "[CC6.1, CC6.10]"))],
            "controls/AC-01.yaml:3:19: error: unknown criterion `CC6.10`",
            Some("did you mean `CC6.1`?"),
        ),
        case(
            "duplicate control id",
            &[("controls/AC-01-copy.yaml", CONTROL)],
            "controls/AC-01.yaml:1:5: error: duplicate control id `AC-01`",
            Some("`AC-01` is already defined at controls/AC-01-copy.yaml:1"),
        ),
        case(
            "duplicate policy id",
            &[("policies/access-control-2.md", POLICY)],
            "policies/access-control.md:2:5: error: duplicate policy id `access-control`",
            None,
        ),
        case(
            "missing query",
            &[("controls/AC-01.yaml", &control_with("users_without_mfa", "users_without_mf"))],
            "controls/AC-01.yaml:7:12: error: unknown query `users_without_mf`",
            Some("did you mean `users_without_mfa`?"),
        ),
        case(
            "missing policy",
            &[("controls/AC-01.yaml", &control_with("[access-control]", "[acces-control]"))],
            "controls/AC-01.yaml:5:12: error: unknown policy `acces-control`",
            Some("did you mean `access-control`?"),
        ),
        case(
            "missing evidence file",
            &[(
                "controls/AC-01.yaml",
                &format!("{CONTROL}evidence:\n  - file: {{ path: evidence/manual/AC-01/sample.pdf }}\n"),
            )],
            "controls/AC-01.yaml:9:19: error: evidence file `evidence/manual/AC-01/sample.pdf` does not exist",
            None,
        ),
        case(
            "bad duration",
            &[("controls/AC-01.yaml", &format!("{CONTROL}review: {{ every: 90days }}\n"))],
            "controls/AC-01.yaml:8:18: error: review.every: invalid duration `90days`",
            Some("write a number and a unit"),
        ),
        case(
            "bad date",
            &[("controls/AC-01.yaml", &format!("{CONTROL}target_date: 2026-02-30\n"))],
            "controls/AC-01.yaml:8:14: error: `target_date`: invalid date `2026-02-30`",
            Some("YYYY-MM-DD"),
        ),
        case(
            "bad policy effective date",
            &[("policies/access-control.md", &POLICY.replace("criteria:", "effective: 31/01/2026\ncriteria:"))],
            "policies/access-control.md:7:12: error: `effective`: invalid date `31/01/2026`",
            None,
        ),
        case(
            "bad policy review duration",
            &[("policies/access-control.md", &POLICY.replace("365d", "yearly"))],
            "policies/access-control.md:6:15: error: review_every: invalid duration `yearly`",
            None,
        ),
        case(
            "type2 without period",
            &[("soc2.toml", &toml.replace("type1", "type2"))],
            "soc2.toml:5:8: error: a `type2` audit needs `audit.period`",
            Some("add `period ="),
        ),
        case(
            "bad period",
            &[(
                "soc2.toml",
                &toml.replace("type = \"type1\"", "type = \"type2\"\nperiod = \"2026-12-31..2026-01-01\""),
            )],
            "soc2.toml:6:10: error: `audit.period`: period `2026-12-31..2026-01-01` ends before it starts",
            None,
        ),
        case(
            "unknown category",
            &[("soc2.toml", &toml.replace("[\"security\"]", "[\"security\", \"avaliability\"]"))],
            "soc2.toml:6:27: error: `audit.categories`: unknown category `avaliability`",
            Some("did you mean `availability`?"),
        ),
        case(
            "unknown audit type",
            &[("soc2.toml", &toml.replace("type1", "type3"))],
            "soc2.toml:5:8: error: `audit.type` must be `type1` or `type2`, not `type3`",
            None,
        ),
        case(
            "unknown framework",
            &[("soc2.toml", &toml.replace("[audit]", "[audit]\nframework = \"soc2-2018\""))],
            "soc2.toml:5:13: error: unknown framework `soc2-2018`",
            Some("did you mean `soc2-2017`?"),
        ),
        case(
            "empty control file",
            &[("controls/AC-01.yaml", "")],
            "controls/AC-01.yaml:1:1: error: file is empty",
            None,
        ),
        case(
            "control that is a list",
            &[("controls/AC-01.yaml", "# a list\n- id: AC-01\n")],
            "controls/AC-01.yaml:2:1: error: expected a mapping of fields, found a list",
            None,
        ),
        case(
            "criteria not a list",
            &[("controls/AC-01.yaml", &control_with("[CC6.1]", "CC6.1"))],
            "controls/AC-01.yaml:3:11: error: criteria: invalid type: string \"CC6.1\", expected a sequence",
            None,
        ),
        case(
            "title is a mapping",
            &[(
                "controls/AC-01.yaml",
                &control_with("title: MFA is enforced for every workforce account", "title: {a: b}"),
            )],
            "controls/AC-01.yaml:2:8: error: title: invalid type: map, expected a string",
            None,
        ),
        case(
            "unknown severity",
            &[("controls/AC-01.yaml", &format!("{CONTROL}severity: urgent\n"))],
            "controls/AC-01.yaml:8:11: error: severity: unknown value `urgent`",
            Some("expected one of: low, medium, high, critical"),
        ),
        case(
            "unknown expect",
            &[("controls/AC-01.yaml", &format!("{CONTROL}    expect: nothing\n"))],
            "controls/AC-01.yaml:8:13: error: queries[0].expect: unknown value `nothing`",
            Some("expected one of: empty, nonempty"),
        ),
        case(
            "missing required field",
            &[("controls/AC-01.yaml", &control_with("owner: dana@test.example\n", ""))],
            "controls/AC-01.yaml:1:1: error: missing field `owner`",
            None,
        ),
        case(
            "YAML syntax error",
            &[("controls/AC-01.yaml", &control_with("[CC6.1]", "[CC6.1"))],
            "controls/AC-01.yaml:4:6: error: did not find expected ',' or ']'",
            None,
        ),
        case(
            "control id unusable as a directory",
            &[("controls/AC-01.yaml", &control_with("id: AC-01", "id: ../AC-01"))],
            "controls/AC-01.yaml:1:5: error: control id `../AC-01` is not usable as a file name",
            None,
        ),
        case(
            "unknown mapping framework",
            &[("controls/AC-01.yaml", &format!("{CONTROL}mappings:\n  iso27001-2022: [A.5.15]\n"))],
            "controls/AC-01.yaml:9:3: error: `mappings`: unknown framework `iso27001-2022`",
            None,
        ),
        case(
            "toml syntax error",
            &[("soc2.toml", &toml.replace("name = \"Test Co\"", "name = \"Test Co"))],
            "soc2.toml:2:16: error: invalid basic string",
            None,
        ),
        case(
            "unknown toml table",
            &[("soc2.toml", &format!("{toml}\n[colectors.hr]\nkind = \"file\"\n"))],
            "soc2.toml:8:2: error: unknown field `colectors`",
            Some("did you mean `collectors`?"),
        ),
        case(
            "unknown collector kind",
            &[("soc2.toml", &format!("{toml}\n[collectors.repo]\nkind = \"gti\"\n"))],
            "soc2.toml:9:8: error: `collectors.repo.kind`: unknown collector kind `gti`",
            Some("did you mean `git`?"),
        ),
        case(
            "unknown collector field",
            &[("soc2.toml", &format!("{toml}\n[collectors.hr]\nkind = \"file\"\npaht = \"hr.csv\"\n"))],
            "soc2.toml:10:1: error: `collectors.hr.paht`: unknown field for a `file` collector",
            Some("did you mean `path`?"),
        ),
        case(
            "collector without required field",
            &[("soc2.toml", &format!("{toml}\n[collectors.iam]\nkind = \"command\"\n"))],
            "soc2.toml:8:13: error: a `command` collector needs `collectors.iam.run`",
            None,
        ),
        case(
            "collector bad every",
            &[(
                "soc2.toml",
                &format!("{toml}\n[collectors.hr]\nkind = \"file\"\npath = \"hr.csv\"\nevery = \"daily\"\n"),
            )],
            "soc2.toml:11:9: error: `collectors.hr.every`: invalid duration `daily`",
            None,
        ),
        case(
            "collector option of the wrong type",
            &[(
                "soc2.toml",
                &format!("{toml}\n[collectors.iam]\nkind = \"command\"\nrun = [\"true\"]\ntimeout = 30\n"),
            )],
            "soc2.toml:11:11: error: `collectors.iam.timeout`: must be a duration string like \"30s\", found integer `30`",
            None,
        ),
        case(
            "github ticket pattern that is no regular expression",
            &[(
                "soc2.toml",
                &format!(
                    "{toml}\n[collectors.github]\nkind = \"github\"\norg = \"acme\"\nticket_pattern = '(OPS-[0-9]+'\n"
                ),
            )],
            "soc2.toml:11:18: error: `collectors.github.ticket_pattern`: `(OPS-[0-9]+` is not a regular expression: unclosed group",
            Some("e.g. ticket_pattern"),
        ),
        case(
            "file collector reading outside the repo",
            &[(
                "soc2.toml",
                &format!("{toml}\n[collectors.hr]\nkind = \"file\"\npath = \"/etc/passwd\"\nformat = \"csv\"\n"),
            )],
            "soc2.toml:10:8: error: `collectors.hr.path`: `/etc/passwd` is outside the repo",
            Some("file collectors read files inside the compliance repo"),
        ),
        case(
            "command collector string run without shell",
            &[("soc2.toml", &format!("{toml}\n[collectors.iam]\nkind = \"command\"\nrun = \"aws iam list-users\"\n"))],
            "soc2.toml:10:7: error: `collectors.iam.run`: is a string; without `shell = true` it must be an argv array",
            Some("write `run = [\"aws\", \"iam\", \"list-users\"]`"),
        ),
        case(
            "collector name not a table name",
            &[("soc2.toml", &format!("{toml}\n[collectors.HR-roster]\nkind = \"file\"\npath = \"hr.csv\"\n"))],
            "soc2.toml:8:13: error: collector name `HR-roster` cannot be a table name",
            None,
        ),
        case(
            "empty query file",
            &[("queries/users_without_mfa.sql", "\n\n")],
            "queries/users_without_mfa.sql: error: query file is empty",
            None,
        ),
        case(
            "policy without front matter",
            &[("policies/access-control.md", "# Access Control\n")],
            "policies/access-control.md:1:1: error: policy has no YAML front matter",
            None,
        ),
        case(
            "policy front matter missing title",
            &[("policies/access-control.md", &POLICY.replace("title: Access Control Policy\n", ""))],
            "policies/access-control.md:2:1: error: missing field `title`",
            None,
        ),
        case(
            "policy unknown field",
            &[("policies/access-control.md", &POLICY.replace("owner:", "ownr:"))],
            "policies/access-control.md:4:1: error: unknown field `ownr`",
            Some("did you mean `owner`?"),
        ),
        case(
            "policy unknown criterion",
            &[("policies/access-control.md", &POLICY.replace("[CC6.1]", "[CC10.1]"))],
            "policies/access-control.md:7:12: error: unknown criterion `CC10.1`",
            None,
        ),
        case(
            "custom framework with unknown category",
            &[(
                "frameworks/iso.yaml",
                "id: iso27001-2022\ntitle: ISO\ncategories: [{id: org, title: Org}]\ncriteria:\n  - {id: A.5.1, title: Policies, category: people}\n",
            )],
            "frameworks/iso.yaml:5:5: error: criterion `A.5.1` is in unknown category `people`",
            None,
        ),
    ]
}

#[test]
fn bad_inputs_are_located_and_exit_2() {
    let cases = bad_inputs();
    assert!(cases.len() >= 25);
    let mut failures = Vec::new();
    for c in cases {
        let mut fx = Fixture::minimal();
        for (path, contents) in &c.files {
            fx = fx.file(path, contents);
        }
        let run = fx.soc2(&["validate"]);
        run.no_panic();
        let hint_ok = c.hint.is_none_or(|h| run.stderr.contains(h));
        if run.code != 2 || !run.stderr.contains(c.expect) || !hint_ok {
            failures.push(format!(
                "{} (exit {}): expected {:?} hint {:?} in\n{}",
                c.name, run.code, c.expect, c.hint, run.stderr
            ));
        }
        // The whole message, snippet and hint, exactly as people read it.
        insta::assert_snapshot!(format!("validate_{}", c.name.replace([' ', '/'], "_")), run.stderr);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

#[test]
fn non_utf8_file_is_located() {
    let mut bytes = b"id: AC-01\ntitle: caf".to_vec();
    bytes.extend([0xff, 0xfe]);
    Fixture::minimal()
        .file("controls/AC-01.yaml", bytes)
        .soc2(&["validate"])
        .code(2)
        .stderr_has("controls/AC-01.yaml:2:11: error: file is not valid UTF-8");
}

#[test]
fn yaml_11_booleans_stay_strings() {
    Fixture::minimal()
        .file("controls/AC-01.yaml", control_with("title: MFA is enforced for every workforce account", "title: no"))
        .file("policies/access-control.md", POLICY.replace("Dana Lee", "ON"))
        .soc2(&["validate"])
        .code(0);
}

#[cfg(unix)]
#[test]
fn directory_and_symlink_loop_where_files_are_expected() {
    let fx = Fixture::minimal();
    std::fs::create_dir_all(fx.join("somewhere")).unwrap();
    std::os::unix::fs::symlink(fx.join("somewhere"), fx.join("controls/dir.yaml")).unwrap();
    std::os::unix::fs::symlink(fx.join("controls/loop.yaml"), fx.join("controls/loop.yaml")).unwrap();
    fx.soc2(&["validate"])
        .code(2)
        .no_panic()
        .stderr_has("controls/dir.yaml:1:1: error: is a directory, expected a file")
        .stderr_has("controls/loop.yaml:1:1: error: cannot read");
}

#[test]
fn huge_control_file_does_not_panic() {
    let mut text = CONTROL.to_owned();
    text.push_str("description: >-\n");
    let line = "  this control description goes on and on and on and on and on and on and on\n";
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(line);
    }
    text.push_str("bogus: [\n");
    let run = Fixture::minimal().file("controls/AC-01.yaml", text).soc2(&["validate"]);
    run.code(2).no_panic().stderr_has("controls/AC-01.yaml:");
}

#[test]
fn warnings_do_not_fail() {
    let run = Fixture::minimal()
        .file("controls/AC-02.yaml", "id: AC-02\ntitle: t\nowner: o\npolicies: [access-control]\n")
        .soc2(&["validate"]);
    run.code(0).stderr_has("controls/AC-02.yaml:1:5: warning: control `AC-02` maps to no criteria");
    assert!(run.stdout.contains("· 1 warning"), "{}", run.stdout);
}
