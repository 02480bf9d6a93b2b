//! Conveniences generated from the CLI and the file formats: `soc2 completions`, `soc2 man`.

use crate::support::Fixture;

#[test]
fn bash_completions_name_every_command() {
    let run = Fixture::empty().soc2(&["completions", "bash"]);
    run.code(0).stdout_has("_soc2()").stdout_has("complete -F _soc2");
    for sub in ["check", "report", "framework", "import", "completions", "man", "collect", "validate"] {
        assert!(run.stdout.contains(sub), "no `{sub}` in the bash completions");
    }
    // Values are completed too, e.g. check's formats.
    assert!(run.stdout.contains("human json junit markdown sarif github"), "formats missing");
}

#[test]
fn other_shells_and_bad_shell() {
    let fx = Fixture::empty();
    fx.soc2(&["completions", "zsh"]).code(0).stdout_has("#compdef soc2");
    fx.soc2(&["completions", "fish"]).code(0).stdout_has("complete -c soc2");
    fx.soc2(&["completions", "powershell"]).code(0).stdout_has("Register-ArgumentCompleter");
    fx.soc2(&["completions", "tcsh"]).code(2).stderr_has("invalid value 'tcsh'");
}

#[test]
fn man_page_is_roff() {
    let run = Fixture::empty().soc2(&["man"]);
    run.code(0).stdout_has(".TH soc2 1").stdout_has(".SH NAME").stdout_has(".SH SUBCOMMANDS");
    assert!(run.stdout.contains("framework"), "{}", run.stdout);
}

#[test]
fn man_pages_per_command() {
    let fx = Fixture::empty();
    let run = fx.soc2(&["man", "--output", "man"]);
    run.code(0).stdout_has("man pages to man");
    for page in ["soc2.1", "soc2-check.1", "soc2-framework-import.1", "soc2-import-comply.1", "soc2-policies-init.1"] {
        let text = fx.read(&format!("man/{page}"));
        assert!(text.starts_with(".ie \\n(.g .ds Aq"), "{page} is not roff");
    }
    assert!(fx.read("man/soc2-framework-import.1").contains(".TH soc2-framework-import 1"));
}

fn schema(what: &str) -> jsonschema::Validator {
    let run = Fixture::empty().soc2(&["schema", what]);
    run.code(0);
    let schema = run.json();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    jsonschema::validator_for(&schema).unwrap()
}

fn errors(v: &jsonschema::Validator, instance: &serde_json::Value) -> Vec<String> {
    v.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

fn yaml(text: &str) -> serde_json::Value {
    serde_yaml::from_str(text).unwrap()
}

/// The files of a folder of this project (the built-in library, or the example organization).
fn project_files(dir: &str) -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.into_iter().map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap())).collect()
}

#[test]
fn every_library_control_matches_the_control_schema() {
    let v = schema("control");
    let controls: Vec<_> = project_files("controls").into_iter().filter(|(p, _)| p.ends_with(".yaml")).collect();
    assert!(controls.len() > 100);
    for (path, text) in controls {
        let errs = errors(&v, &yaml(&text));
        assert!(errs.is_empty(), "{path}: {errs:?}");
    }
}

#[test]
fn control_schema_rejects_what_soc2_rejects() {
    let v = schema("control");
    let good = "id: AC-01\ntitle: t\nowner: o\nevidence:\n  - attestation: { every: 90d, by: role:x }\nreview: { every: 365d }\nmappings: { iso: [A.5.15] }\n";
    assert!(errors(&v, &yaml(good)).is_empty(), "{:?}", errors(&v, &yaml(good)));
    for bad in [
        "id: AC-01\ntitle: t\nowner: o\ncritera: [CC6.1]\n", // unknown field
        "id: AC-01\ntitle: t\n",                             // no owner
        "id: AC-01\ntitle: t\nowner: o\nseverity: urgent\n", // unknown severity
        "id: AC-01\ntitle: t\nowner: o\nreview: { every: soon }\n", // not a duration
        "id: AC-01\ntitle: t\nowner: o\nevidence: [{ photo: {} }]\n",
    ] {
        assert!(!errors(&v, &yaml(bad)).is_empty(), "accepted: {bad}");
        // and soc2 itself refuses the same file
        Fixture::minimal().file("controls/AC-01.yaml", bad).soc2(&["validate"]).code(2);
    }
}

#[test]
fn every_example_policy_front_matter_matches_the_policy_schema() {
    let v = schema("policy");
    for (path, text) in project_files("examples/acme/policies").into_iter().filter(|(p, _)| p.ends_with(".md")) {
        let front = text.strip_prefix("---\n").and_then(|t| t.split_once("\n---\n")).map(|(f, _)| f).unwrap();
        let errs = errors(&v, &yaml(front));
        assert!(errs.is_empty(), "{path}: {errs:?}");
    }
    assert!(!errors(&v, &yaml("id: x\ntitle: t\nowner: o\nreview_every: 1 year\n")).is_empty());
    assert!(errors(&v, &yaml("id: x\ntitle: t\nowner: o\nacronym: AOTP\n")).is_empty());
}

#[test]
fn soc2_toml_schema_matches_the_examples() {
    let v = schema("soc2-toml");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for path in ["examples/acme/soc2.toml", "soc2.toml"] {
        let value: serde_json::Value = toml::from_str(&std::fs::read_to_string(root.join(path)).unwrap()).unwrap();
        let errs = errors(&v, &value);
        assert!(errs.is_empty(), "{path}: {errs:?}");
    }
    let toml_value = |t: &str| -> serde_json::Value { toml::from_str(t).unwrap() };
    assert!(!errors(&v, &toml_value("[collectors.x]\nkind = \"ftp\"\n")).is_empty());
    assert!(!errors(&v, &toml_value("[collectors.gh]\nkind = \"github\"\n")).is_empty(), "org is required");
    assert!(!errors(&v, &toml_value("[collectors.f]\nkind = \"file\"\npath = \"a.csv\"\nurl = \"x\"\n")).is_empty());
    assert!(!errors(&v, &toml_value("[collectors.c]\nkind = \"command\"\nrun = [\"x\"]\ntimeout = 30\n")).is_empty());
    assert!(
        errors(
            &v,
            &toml_value("[collectors.c]\nkind = \"command\"\nrun = [\"x\"]\ntimeout = \"30s\"\nevery = \"1d\"\n")
        )
        .is_empty()
    );
    assert!(!errors(&v, &toml_value("[audit]\ntype = \"type3\"\n")).is_empty());
    assert!(errors(&v, &toml_value("[audit]\ncategories = [\"security\", \"custom-cat\"]\n")).is_empty());
}

#[test]
fn schemas_written_to_a_folder() {
    let fx = Fixture::empty();
    fx.soc2(&["schema", "--output", "schemas"]).code(0).stdout_has("control.schema.json (controls/*.yaml)");
    for name in ["control.schema.json", "policy.schema.json", "soc2.toml.schema.json"] {
        let text = fx.read(&format!("schemas/{name}"));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(value["title"].is_string(), "{name}");
    }
    fx.soc2(&["schema", "nope"]).code(2).stderr_has("invalid value 'nope'");
}
