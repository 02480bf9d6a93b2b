//! `soc2 import comply DIR`: a strongdm/comply project (tests/fixtures/comply) migrated into a repo.

use std::path::Path;

use crate::support::Fixture;

/// The minimal repo with the comply fixture copied to `comply/`.
fn repo_with_comply() -> Fixture {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/comply");
    let mut fx = Fixture::minimal();
    for entry in walk(&src) {
        let rel = entry.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        fx = fx.file(&format!("comply/{rel}"), std::fs::read(&entry).unwrap());
    }
    fx
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out.sort();
    out
}

#[test]
fn migrates_standards_policies_narratives_and_procedures() {
    let fx = repo_with_comply();
    let run = fx.soc2(&["import", "comply", "comply"]);
    // Warnings (an unknown criterion, an unmappable cron …) make it exit 1.
    run.code(1)
        .no_panic()
        .stdout_has("wrote   frameworks/tsc-2017.yaml  (from standards/TSC-2017.yml (4 criteria))")
        .stdout_has("wrote   frameworks/iso.yaml  (from standards/ISO.yml (2 criteria))")
        .stdout_has("wrote   policies/access.md  (from policies/access.md)")
        .stdout_has("wrote   policies/control-narrative.md  (from narratives/control.md)")
        .stdout_has("wrote   controls/patch.yaml  (from procedures/patch.md)")
        .stdout_has("imported 2 frameworks, 3 policies, 3 controls; 0 skipped; 7 warnings");
    assert!(!run.stdout.contains("README"), "READMEs are not documents:\n{}", run.stdout);
    // The result is a valid repo: every imported file loads.
    fx.soc2(&["validate"]).code(0);
}

#[test]
fn policy_front_matter_is_mapped_and_body_kept() {
    let fx = repo_with_comply();
    fx.soc2(&["import", "comply", "comply"]);
    let policy = fx.read("policies/access.md");
    let body = "\n# Access Onboarding and Termination Policy\n\nAccess is granted on least privilege --- and removed on the last day.\n";
    assert!(policy.ends_with(&format!("---\n{body}")), "body not kept byte for byte:\n{policy}");
    assert!(
        policy.contains("id: access\ntitle: Access Onboarding and Termination Policy\nowner: role:security-officer\n"),
        "{policy}"
    );
    // Two major revisions: version 2.0, effective from the latest.
    assert!(policy.contains("version: '2.0'\n"), "{policy}");
    assert!(policy.contains("effective: 2020-01-15\n"), "{policy}");
    assert!(
        policy.contains("#   Jun 1 2018: Initial document\n#   Jan 15 2020: Added contractor offboarding\n"),
        "{policy}"
    );
    // YAML 1.1 would read `acronym: ON` as true: it stays the string, quoted.
    assert!(policy.contains("acronym: \"ON\"\n"), "{policy}");
    // Known criteria kept, the unknown one reported (below), not written.
    assert!(policy.contains("criteria:\n- CC6.1\n- CC6.2\n---"), "{policy}");
    let json = fx.soc2(&["check", "--format", "json"]).json();
    let access = json["coverage"]["policies"].as_array().unwrap().iter().find(|p| p["id"] == "access").unwrap().clone();
    assert_eq!(access["version"], "2.0");
    let narrative = fx.read("policies/control-narrative.md");
    assert!(narrative.contains("title: Control Environment Narrative\n"), "{narrative}");
    assert!(!narrative.contains("acronym"), "{narrative}");
}

#[test]
fn unknown_criteria_and_other_losses_are_reported_with_lines() {
    let fx = repo_with_comply();
    let run = fx.soc2(&["import", "comply", "comply"]);
    run.stderr_has(
        "comply/policies/access.md:7:7: warning: unknown criterion `CC9.9` in `satisfies.TSC`; not imported",
    )
    .stderr_has("hint: did you mean `CC9.1`?")
    .stderr_has("comply/policies/vulnerability.md:5:10: warning: unknown criterion `SI-2` in `satisfies.NIST`")
    .stderr_has("hint: no standard named `NIST` under standards/ (known: ISO, TSC)")
    .stderr_has(
        "comply/policies/vulnerability.md:4:9: warning: `A.8.8` (standard `ISO`) is not a criterion of soc2-2017",
    )
    .stderr_has("comply/policies/vulnerability.md:9:1: warning: field `live` is not imported")
    .stderr_has("comply/policies/vulnerability.md:7:11: warning: revision date `sometime in 2019` is not a date")
    .stderr_has("comply/procedures/offboarding.md:1:1: warning: no `---` line after the YAML header; not imported")
    .stderr_has("comply/procedures/review.md:3:7: warning: cron `every tuesday` cannot be mapped to a review cadence");
}

#[test]
fn procedures_become_controls_with_a_review_cadence() {
    let fx = repo_with_comply();
    fx.soc2(&["import", "comply", "comply"]);
    let patch = fx.read("controls/patch.yaml");
    assert!(patch.contains("# comply ran it on cron `0 0 0 1 * *` (monthly): reviewed every 30d.\n"), "{patch}");
    assert!(patch.contains("criteria:\n- CC7.1\nmappings:\n  iso:\n  - A.8.8\n"), "{patch}");
    assert!(patch.contains("review:\n  every: 30d\n"), "{patch}");
    assert!(patch.contains("  1. Run the patch playbook.\n"), "{patch}");
    let hourly = fx.read("controls/workstation.yaml");
    assert!(hourly.contains("review:\n  every: 1d\n"), "{hourly}");
    let unmapped = fx.read("controls/access-review.yaml");
    assert!(!unmapped.contains("review:"), "{unmapped}");
    assert!(!fx.join("controls/offboard.yaml").exists());
    // The control is evaluated like any other: never reviewed, its first review due 30 days after it was added
    // (outside git: now).
    let json = fx.soc2(&["check", "--control", "patch", "--format", "json"]).json();
    assert_eq!(json["controls"][0]["status"], "pass");
    assert_eq!(json["controls"][0]["obligations"][0]["due"], "2026-07-30T12:00:00Z");
    // Its ISO mapping counts for that framework's coverage.
    fx.soc2(&["check", "--framework", "iso"]).stdout_has("A.8: 1/1 covered");
}

#[test]
fn standards_become_frameworks_in_document_order() {
    let fx = repo_with_comply();
    fx.soc2(&["import", "comply", "comply"]);
    let tsc = fx.read("frameworks/tsc-2017.yaml");
    assert!(
        tsc.starts_with("# Imported by `soc2 import comply` from standards/TSC-2017.yml (comply standard `TSC`).\n"),
        "{tsc}"
    );
    assert!(tsc.contains("id: tsc-2017\ntitle: TSC\n"), "{tsc}");
    let order: Vec<usize> =
        ["id: CC4.1", "id: CC6.1", "id: CC6.2", "id: CC7.1"].iter().map(|k| tsc.find(k).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{tsc}");
    // `name:` left empty in comply: the title comes from the description.
    assert!(
        tsc.contains("- id: CC7.1\n  series: CC7\n  title: To meet its objectives, the entity uses detection and…\n"),
        "{tsc}"
    );
}

#[test]
fn existing_files_are_never_overwritten() {
    let fx =
        repo_with_comply().file("policies/access.md", "---\nid: access\ntitle: Ours\nowner: o\n---\nhand-written\n");
    let before_control = fx.read("controls/AC-01.yaml");
    let run = fx.soc2(&["import", "comply", "comply"]);
    run.code(1).stdout_has("skipped policies/access.md  (exists; from policies/access.md)").stdout_has("; 1 skipped;");
    assert_eq!(fx.read("policies/access.md"), "---\nid: access\ntitle: Ours\nowner: o\n---\nhand-written\n");
    assert_eq!(fx.read("controls/AC-01.yaml"), before_control);
    // A second run writes nothing new and changes nothing.
    let patch = fx.read("controls/patch.yaml");
    fx.soc2(&["import", "comply", "comply"])
        .code(1)
        .stdout_has("imported 0 frameworks, 0 policies, 0 controls; 8 skipped");
    assert_eq!(fx.read("controls/patch.yaml"), patch);
}

#[test]
fn clean_project_exits_zero_and_owner_is_set() {
    let fx = Fixture::minimal()
        .file("c/standards/S.yml", "name: S\nX1:\n  family: X\n  name: One\n  description: d\n")
        .file("c/procedures/p.md", "id: p1\nname: P\ncron: \"0 0 0 * * 1\"\nsatisfies:\n  S: [X1]\n---\nbody\n");
    let run = fx.soc2(&["import", "comply", "c", "--owner", "dana@test.example"]);
    run.code(0).stdout_has("imported 1 framework, 0 policies, 1 control; 0 skipped; 0 warnings");
    let control = fx.read("controls/p1.yaml");
    assert!(control.contains("owner: dana@test.example\n"), "{control}");
    assert!(control.contains("mappings:\n  s:\n  - X1\n"), "{control}");
    assert!(control.contains("every: 7d"), "{control}");
}

#[test]
fn bad_directory_is_a_clear_error() {
    let fx = Fixture::minimal().file("empty/readme.txt", "x");
    fx.soc2(&["import", "comply", "nowhere"]).code(2).no_panic().stderr_has("error: nowhere: no such directory");
    fx.soc2(&["import", "comply", "empty"]).code(2).stderr_has("empty is not a comply project");
    Fixture::empty()
        .file("c/policies/a.md", "name: A\n---\n")
        .soc2(&["import", "comply", "c"])
        .code(2)
        .stderr_has("no soc2.toml");
}

#[test]
fn invalid_yaml_is_reported_at_its_line() {
    let fx = Fixture::minimal().file("c/policies/a.md", "name: A\nsatisfies: [unclosed\n---\nbody\n");
    fx.soc2(&["import", "comply", "c"]).code(1).stderr_has("c/policies/a.md:3:1: warning: invalid YAML");
    assert!(!fx.join("policies/a.md").exists());
}
