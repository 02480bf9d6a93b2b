//! The built-in library as a layer: `[library] builtin` repos use the
//! controls and queries embedded in soc2 under their own files, and every
//! repo's templates fall back to the built-in ones.

use crate::support::Fixture;

fn thin() -> Fixture {
    let fx = Fixture::empty();
    fx.soc2(&["init", ".", "--builtin-library"]).code(0);
    fx
}

#[test]
fn init_can_leave_the_library_built_in() {
    let fx = thin();
    assert!(!fx.join("controls").exists() && !fx.join("queries").exists());
    assert!(fx.read("soc2.toml").contains(&format!("[library]\nbuiltin = \"{}\"\n", env!("CARGO_PKG_VERSION"))));
    let run = fx.soc2(&["validate"]);
    run.code(0).stdout_has("ok: 164 controls · 0 policies · 211 queries");
    let check = fx.soc2(&["check", "--control", "AC-04", "--format", "json"]);
    let json = check.json();
    assert_eq!(json["controls"][0]["path"], "builtin:controls/AC-04.yaml");
    assert_eq!(json["controls"][0]["queries"][0]["path"], "builtin:queries/github_members_without_2fa.sql");
}

#[test]
fn diagnostics_name_built_in_files() {
    let run = thin().soc2(&["--verbose", "validate"]);
    run.code(0).stderr_has("builtin:controls/AC-01.yaml:6:12: warning: policy `access-control` is not written yet");
}

#[test]
fn a_file_of_the_repo_replaces_the_built_in_one() {
    let fx = thin();
    let builtin = fx.soc2(&["check", "--control", "AC-04", "--format", "json"]).json();
    let original = builtin["controls"][0]["title"].as_str().unwrap().to_owned();
    let yaml = soc2::files::library::file("controls/AC-04.yaml").unwrap();
    let own = String::from_utf8_lossy(yaml).replace(&original, "Every GitHub account uses a hardware key");
    let fx = fx.file("controls/AC-04.yaml", own);
    let json = fx.soc2(&["check", "--control", "AC-04", "--format", "json"]).json();
    assert_eq!(json["controls"][0]["path"], "controls/AC-04.yaml");
    assert_eq!(json["controls"][0]["title"], "Every GitHub account uses a hardware key");
    fx.soc2(&["validate"]).code(0).stdout_has("ok: 164 controls");
}

#[test]
fn the_pinned_version_is_checked() {
    let fx = thin();
    let toml = fx.read("soc2.toml");
    let fx = fx.file(
        "soc2.toml",
        toml.replace(&format!("builtin = \"{}\"", env!("CARGO_PKG_VERSION")), "builtin = \"0.0.9\""),
    );
    fx.soc2(&["validate"])
        .code(0)
        .stderr_has("soc2.toml:8:11: warning: `library.builtin` pins 0.0.9, but this soc2 carries library");
    let toml = fx.read("soc2.toml");
    let fx = fx.file("soc2.toml", toml.replace("builtin = \"0.0.9\"", "builtin = \"latest\""));
    fx.soc2(&["validate"])
        .code(2)
        .stderr_has("soc2.toml:8:11: error: `library.builtin`: `latest` is not a soc2 version");
}

#[test]
fn the_export_carries_built_in_controls_and_names_the_library() {
    let fx = thin();
    fx.soc2(&["export", "--output", "p.zip", "--control", "AC-04"]).code(0);
    let file = std::fs::File::open(fx.join("p.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut control = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("controls/AC-04/control.yaml").unwrap(), &mut control).unwrap();
    assert!(control.starts_with("id: AC-04"), "{control}");
    let mut manifest = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("manifest.json").unwrap(), &mut manifest).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(manifest["library"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["library"]["builtin"], env!("CARGO_PKG_VERSION"));
    fx.soc2(&["verify", "p.zip"]).code(0);
}

#[test]
fn templates_of_the_repo_replace_the_built_in_ones_everywhere() {
    let fx = Fixture::minimal()
        .file("templates/report/report.html.j2", "<p>own report {{ readiness }}% {{ period_section }}</p>\n")
        .file("templates/report/period.html.j2", "<section>own period {{ p.days }} days</section>");
    let run = fx.soc2(&["report", "--output", "-"]);
    run.code(0);
    assert!(run.stdout.starts_with("<p>own report "), "{}", run.stdout);
    let broken = fx.file("templates/report/report.html.j2", "{% if %}");
    broken.soc2(&["report", "--output", "-"]).code(2).stderr_has("error: template templates/report/report.html.j2:");
}

#[test]
fn a_built_in_control_is_first_reviewed_one_cadence_after_soc2_toml_was_committed() {
    let fx = thin();
    let git = git2::Repository::open(fx.path()).unwrap();
    let mut index = git.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.write().unwrap();
    let tree = git.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::new("T", "t@example", &git2::Time::new(1_735_689_600, 0)).unwrap(); // 2025-01-01
    git.commit(Some("HEAD"), &sig, &sig, "start", &tree, &[]).unwrap();
    let review = |now: &str| {
        let json = fx.soc2(&["--now", now, "check", "--control", "AC-04", "--format", "json"]).json();
        json["controls"][0]["obligations"].as_array().unwrap().iter().find(|o| o["kind"] == "review").unwrap().clone()
    };
    let early = review("2025-06-01");
    assert_eq!((early["state"].as_str(), early["due"].as_str()), (Some("ok"), Some("2026-01-01T00:00:00Z")), "{early}");
    let late = review("2026-06-30");
    assert_eq!(late["state"], "due", "{late}");
}

#[test]
fn a_built_in_control_that_does_not_apply_is_out_of_scope_with_its_reason() {
    let fx = thin();
    let toml = fx.read("soc2.toml") + "\n[not_applicable]\nNET-10 = \"we run no Kubernetes\"\n";
    let fx = fx.file("soc2.toml", toml.clone());
    let line = toml.lines().position(|l| l.starts_with("NET-10")).unwrap() + 1;
    let before = thin().soc2(&["check", "--format", "json"]).json();
    let json = fx.soc2(&["check", "--format", "json"]).json();
    let net10 = json["controls"].as_array().unwrap().iter().find(|c| c["id"] == "NET-10").unwrap().clone();
    assert_eq!(net10["status"], "out-of-scope");
    assert_eq!(net10["not_applicable"], "we run no Kubernetes");
    assert_eq!(net10["reasons"][0], format!("not applicable: we run no Kubernetes (soc2.toml:{line})"));
    assert!(net10["queries"].as_array().unwrap().is_empty(), "nothing of it is evaluated");
    let out_of_scope = |j: &serde_json::Value| j["summary"]["by_status"]["out-of-scope"].as_u64().unwrap();
    assert_eq!(out_of_scope(&json), out_of_scope(&before) + 1);
    fx.soc2(&["check"]).stdout_has(&format!("             - not applicable: we run no Kubernetes (soc2.toml:{line})"));
    let md = fx.soc2(&["report", "--format", "markdown", "--output", "-"]);
    md.code(0).stdout_has(
        "## Not applicable\n\nControls left out of scope in soc2.toml (`[not_applicable]`), with the reason given.\n\n| control | reason |\n|---|---|\n| **NET-10** Kubernetes namespaces isolate their pods with network policies | we run no Kubernetes |\n",
    );
    fx.soc2(&["check", "--format", "junit"])
        .stdout_has("<skipped message=\"out of scope: not applicable: we run no Kubernetes\"/>");
    fx.soc2(&["report", "--output", "r.html"]).code(0);
    assert!(fx.read("r.html").contains("<tr><td><code>NET-10</code> Kubernetes namespaces isolate their pods with network policies</td><td>we run no Kubernetes</td></tr>"));
}

#[test]
fn not_applicable_names_a_control_and_a_reason() {
    let fx = thin();
    let toml = fx.read("soc2.toml") + "\n[not_applicable]\nNET-1O = \"no Kubernetes\"\n";
    let line = toml.lines().count();
    let fx = fx.file("soc2.toml", toml.clone());
    let run = fx.soc2(&["validate"]);
    run.code(2)
        .stderr_has(&format!("soc2.toml:{line}:1: error: `not_applicable`: no control `NET-1O`"))
        .stderr_has("hint: did you mean `NET-10`?");
    let run = fx.file("soc2.toml", toml.replace("NET-1O = \"no Kubernetes\"", "NET-10 = \" \"")).soc2(&["validate"]);
    run.code(2)
        .stderr_has(&format!("soc2.toml:{line}:10: error: `not_applicable.NET-10`: the reason is empty"))
        .stderr_has("the auditor reads it");
    let schema = Fixture::empty().soc2(&["schema", "soc2-toml"]).json();
    assert_eq!(schema["properties"]["not_applicable"]["additionalProperties"]["type"], "string");
}
