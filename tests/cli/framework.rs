//! `soc2 framework import` (CSV, JSON, OSCAL, YAML) and `--framework ID` coverage on check and report.

use crate::support::Fixture;

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/frameworks").join(name);
    std::fs::read_to_string(path).unwrap()
}

/// The minimal repo with a spec file copied in at `name`.
fn with_spec(name: &str, contents: &str) -> Fixture {
    Fixture::minimal().file(name, contents)
}

#[test]
fn csv_becomes_framework_yaml_that_loads() {
    let fx = with_spec("specs/iso.csv", &fixture("iso27001-annex-a.csv"));
    let run =
        fx.soc2(&["framework", "import", "specs/iso.csv", "--id", "iso27001-2022", "--title", "ISO/IEC 27001:2022"]);
    run.code(0).no_panic().stdout_has("wrote frameworks/iso27001-2022.yaml: 5 requirements in 2 sections");
    let yaml = fx.read("frameworks/iso27001-2022.yaml");
    assert!(yaml.starts_with("# Imported by `soc2 framework import` from iso.csv"), "{yaml}");
    assert!(yaml.contains("- id: A.5\n  category: all\n  title: Organizational controls\n"), "{yaml}");
    // Document order is kept: A.5.18 comes after A.5.15 although it is a later row.
    let order: Vec<usize> = ["id: A.5.1\n", "id: A.5.15\n", "id: A.5.18\n", "id: A.8.5\n", "id: A.8.15\n"]
        .iter()
        .map(|k| yaml.find(k).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{yaml}");
    // A control may now map to it, and the repo validates.
    fx.file(
        "controls/AC-02.yaml",
        "id: AC-02\ntitle: Access reviews\nowner: o\nmappings: { iso27001-2022: [A.5.18] }\n",
    )
    .soc2(&["validate"])
    .code(0);
}

#[test]
fn import_is_deterministic() {
    let fx = with_spec("iso.csv", &fixture("iso27001-annex-a.csv"));
    fx.soc2(&["framework", "import", "iso.csv"]).code(0);
    let first = fx.read("frameworks/iso.yaml");
    fx.soc2(&["framework", "import", "iso.csv", "--force"]).code(0);
    assert_eq!(first, fx.read("frameworks/iso.yaml"));
}

#[test]
fn oscal_catalog_in_nist_rev5_shape() {
    let fx = with_spec("NIST_SP-800-53_rev5_sample_catalog.json", &fixture("NIST_SP-800-53_rev5_sample_catalog.json"));
    let run = fx.soc2(&["framework", "import", "NIST_SP-800-53_rev5_sample_catalog.json", "--id", "nist-800-53-rev5"]);
    run.code(0)
        .stdout_has("4 requirements in 2 sections (OSCAL catalog); 1 withdrawn control(s) left out")
        .stdout_has("mappings: { nist-800-53-rev5: [AC-1, AC-2] }");
    let yaml = fx.read("frameworks/nist-800-53-rev5.yaml");
    // The label people cite, not the zero-padded one or the OSCAL id.
    assert!(yaml.contains("- id: AC-1\n  series: AC\n  title: Policy and Procedures\n"), "{yaml}");
    assert!(!yaml.contains("AC-01"), "{yaml}");
    // Enhancements follow their control, titled as SP 800-53 prints them; withdrawn ones are left out.
    assert!(
        yaml.contains(
            "- id: AC-2(1)\n  series: AC\n  title: Account Management | Automated System Account Management\n"
        ),
        "{yaml}"
    );
    assert!(!yaml.contains("AC-2(10)"), "{yaml}");
    // The statement with its items and parameters filled in; guidance is not requirement text.
    assert!(yaml.contains("    a. Develop, document, and disseminate to [Assignment: personnel or roles]:\n      1. [Selection (one or more): organization-level; mission/business process-level; system-level] access control policy; and\n"), "{yaml}");
    assert!(yaml.contains("b. Review and update the policy [Assignment: frequency]."), "{yaml}");
    assert!(!yaml.contains("Guidance"), "{yaml}");
    assert!(
        yaml.contains("title: NIST Special Publication 800-53 Revision 5 (sample for soc2 tests) (version 5.1.1)"),
        "{yaml}"
    );
    fx.soc2(&["validate"]).code(0);
}

#[test]
fn oscal_catalog_as_yaml() {
    let yaml = "catalog:\n  uuid: x\n  metadata:\n    title: Tiny\n    version: 1\n  controls:\n    - id: t-1\n      title: One\n      parts:\n        - name: statement\n          prose: Do one thing.\n";
    let fx = with_spec("tiny.yaml", yaml);
    fx.soc2(&["framework", "import", "tiny.yaml"])
        .code(0)
        .stdout_has("wrote frameworks/tiny.yaml: 1 requirement in 0 sections (OSCAL catalog)");
    let out = fx.read("frameworks/tiny.yaml");
    assert!(out.contains("- id: t-1\n  category: all\n  title: One\n  description: Do one thing.\n"), "{out}");
}

#[test]
fn jupiterone_json_shape() {
    let fx = with_spec("hipaa.json", &fixture("hipaa-security.json"));
    fx.soc2(&["framework", "import", "hipaa.json"])
        .code(0)
        .stdout_has("wrote frameworks/hipaa-2013.yaml: 4 requirements in 2 sections (JSON");
    let yaml = fx.read("frameworks/hipaa-2013.yaml");
    assert!(yaml.contains("title: HIPAA 2013\n"), "{yaml}");
    assert!(yaml.contains("- id: 164.312(b)\n  series: Technical Safeguards\n  title: Audit Controls\n"), "{yaml}");
}

#[test]
fn own_yaml_is_copied_as_written() {
    let text = "# ours\nid: acme-internal\ntitle: Acme internal\ncategories: [{id: eng, title: Engineering}]\ncriteria:\n  - {id: E1, category: eng, title: Reviews}\n";
    let fx = with_spec("acme.yaml", text);
    fx.soc2(&["framework", "import", "acme.yaml"])
        .code(0)
        .stdout_has("wrote frameworks/acme-internal.yaml: 1 requirement");
    assert_eq!(fx.read("frameworks/acme-internal.yaml"), text);
}

#[test]
fn refuses_to_overwrite_without_force() {
    let fx = with_spec("iso.csv", &fixture("iso27001-annex-a.csv")).file("frameworks/iso.yaml", "# hand-written\n");
    fx.soc2(&["framework", "import", "iso.csv"])
        .code(2)
        .stderr_has("error: frameworks/iso.yaml already exists")
        .stderr_has("hint: pass --force");
    assert_eq!(fx.read("frameworks/iso.yaml"), "# hand-written\n");
    fx.soc2(&["framework", "import", "iso.csv", "--force"]).code(0);
    assert!(fx.read("frameworks/iso.yaml").contains("id: iso\n"));
}

#[test]
fn id_already_used_by_another_file_or_builtin() {
    let other = "id: iso\ntitle: Other\ncategories: [{id: x, title: X}]\ncriteria: [{id: X1, category: x, title: t}]\n";
    let fx = with_spec("iso.csv", &fixture("iso27001-annex-a.csv")).file("frameworks/other.yaml", other);
    fx.soc2(&["framework", "import", "iso.csv"])
        .code(2)
        .stderr_has("frameworks/other.yaml already defines framework `iso`");
    fx.soc2(&["framework", "import", "iso.csv", "--id", "soc2-2017"])
        .code(2)
        .stderr_has("framework id `soc2-2017` is the built-in SOC 2 framework");
    fx.soc2(&["framework", "import", "iso.csv", "--id", "../x"]).code(2).stderr_has("is not usable as a file name");
    assert!(!fx.join("frameworks/iso.yaml").exists());
}

#[test]
fn missing_file_and_unknown_format() {
    let fx = Fixture::minimal().file("notes.txt", "hello\n");
    fx.soc2(&["framework", "import", "nope.csv"]).code(2).no_panic().stderr_has("error: nope.csv: no such file");
    fx.soc2(&["framework", "import", "notes.txt"])
        .code(2)
        .stderr_has("notes.txt: cannot tell the format from the file name")
        .stderr_has("hint: name the format with --format");
}

#[test]
fn malformed_csv_names_every_bad_line() {
    let csv = "Section,ID,Title,Requirement\nA,A.1,One,first\nA,,Two,no id\nA,A.1,Again,duplicate\nA,A.4,Four,too,many\nA,A.5,,\n";
    let fx = with_spec("bad.csv", csv);
    let run = fx.soc2(&["framework", "import", "bad.csv"]);
    run.code(2)
        .no_panic()
        .stderr_has("bad.csv:3:2: error: row has no ID")
        .stderr_has("bad.csv:4:2: error: duplicate ID `A.1`")
        .stderr_has("hint: `A.1` is first defined on line 2")
        .stderr_has("bad.csv:5: error: row has 5 field(s), the header has 4")
        .stderr_has("bad.csv:6:3: error: requirement `A.5` has no Title and no Requirement")
        .stderr_has("4 errors and 0 warnings found");
    assert!(!fx.join("frameworks").exists(), "nothing is written on error");
}

#[test]
fn csv_header_problems_suggest_the_column() {
    let fx = with_spec("bad.csv", "Section,Ref,Title,Requirment\nA,A.1,One,x\n");
    fx.soc2(&["framework", "import", "bad.csv"])
        .code(2)
        .stderr_has("bad.csv:1:2: error: unknown column `Ref`")
        .stderr_has("bad.csv:1:4: error: unknown column `Requirment`")
        .stderr_has("hint: did you mean `Requirement`?")
        .stderr_has("bad.csv:1: error: no `ID` column");
}

#[test]
fn malformed_json_is_located() {
    let fx = with_spec(
        "bad.json",
        "{\n  \"standard\": \"X\",\n  \"domains\": [\n    {\"title\": \"D\", \"controls\": [{\"ref\": \"A\" \"title\": \"t\"}]}\n  ]\n}\n",
    );
    fx.soc2(&["framework", "import", "bad.json"]).code(2).stderr_has("bad.json:4:45: error: expected `,` or `}`");
    let dup = "{\"standard\": \"X\", \"domains\": [{\"title\": \"D\", \"controls\": [\n  {\"ref\": \"A\", \"title\": \"a\"},\n  {\"ref\": \"A\", \"title\": \"b\"}\n]}]}\n";
    fx.file("dup.json", dup)
        .soc2(&["framework", "import", "dup.json"])
        .code(2)
        .stderr_has("dup.json:3:11: error: duplicate ref `A`")
        .stderr_has("hint: `A` is first defined on line 2");
}

#[test]
fn json_missing_field_names_the_shape() {
    let fx = with_spec("x.json", "{\"standard\": \"X\", \"domains\": [{\"controls\": []}]}");
    fx.soc2(&["framework", "import", "x.json"])
        .code(2)
        .stderr_has("error: missing field `title`")
        .stderr_has("hint: the JSON shape is");
}

const ISO_CONTROLS: &[(&str, &str)] = &[
    (
        "controls/AC-01.yaml",
        "id: AC-01\ntitle: Access rules\nowner: o\ncriteria: [CC6.1]\npolicies: [access-control]\nmappings: { iso: [A.5.15, A.5.18] }\n",
    ),
    (
        "controls/LOG-01.yaml",
        "id: LOG-01\ntitle: Logs are kept\nowner: o\ncriteria: [CC7.2]\npolicies: [access-control]\nmappings: { iso: [A.8.15] }\nqueries: [{query: users_without_mfa}]\n",
    ),
];

fn iso_repo() -> Fixture {
    let mut fx = with_spec("iso.csv", &fixture("iso27001-annex-a.csv")).remove("controls/AC-01.yaml");
    for (path, text) in ISO_CONTROLS {
        fx = fx.file(path, text);
    }
    fx.soc2(&["framework", "import", "iso.csv", "--title", "ISO 27001"]).code(0);
    fx
}

#[test]
fn check_reports_coverage_of_a_framework() {
    let fx = iso_repo();
    let run = fx.soc2(&["check", "--framework", "iso"]);
    // LOG-01 has no evidence (missing), A.5.1 and A.8.5 are mapped by no control: exit 1.
    run.code(1)
        .stdout_has(
            "framework iso (ISO 27001): 2/5 requirements covered (40%) · 1 only by failing controls · 2 unmapped",
        )
        .stdout_has("  A.5 Organizational controls: 2/3 covered · 0 failing · 1 unmapped")
        .stdout_has("  A.8 Technological controls: 0/2 covered · 1 failing · 1 unmapped")
        .stdout_has("  only failing controls (1): A.8.15 (LOG-01 missing)")
        .stdout_has("  unmapped (2): A.5.1, A.8.5");
    let json = fx.soc2(&["check", "--framework", "iso", "--format", "json"]).json();
    let f = &json["framework_coverage"];
    assert_eq!(f["id"], "iso");
    assert_eq!(
        (f["requirements"].as_u64(), f["covered"].as_u64(), f["unmapped"].as_u64()),
        (Some(5), Some(2), Some(2))
    );
    assert_eq!(f["complete"], true);
    let row = f["rows"].as_array().unwrap().iter().find(|r| r["id"] == "A.8.15").unwrap();
    assert_eq!(row["state"], "failing");
    assert_eq!(row["controls"][0]["id"], "LOG-01");
    // Only the controls mapped to the framework are evaluated.
    assert_eq!(json["controls"].as_array().unwrap().len(), 2);
    // Without --framework the output has no framework section.
    let plain = fx.soc2(&["check", "--format", "json"]).json();
    assert!(plain.get("framework_coverage").is_none());
    let md = fx.soc2(&["check", "--framework", "iso", "--format", "markdown"]);
    md.stdout_has("### Framework coverage: ISO 27001")
        .stdout_has("| **A.5.1** Policies for information security | unmapped | – |");
}

#[test]
fn full_coverage_passes() {
    let csv = "Section,ID,Title,Requirement\nS,R1,One,x\n";
    let fx = with_spec("tiny.csv", csv).file(
        "controls/AC-01.yaml",
        "id: AC-01\ntitle: t\nowner: o\ncriteria: [CC6.1]\npolicies: [access-control]\nmappings: { tiny: [R1] }\n",
    );
    fx.soc2(&["framework", "import", "tiny.csv"]).code(0);
    fx.soc2(&["check", "--framework", "tiny"]).code(0).stdout_has("tiny (tiny): 1/1 requirements covered (100%)");
}

#[test]
fn audit_framework_is_covered_through_criteria() {
    let run = Fixture::minimal().soc2(&["check", "--framework", "soc2-2017", "--format", "json"]);
    let f = &run.json()["framework_coverage"];
    assert_eq!(f["requirements"], 61);
    let row = f["rows"].as_array().unwrap().iter().find(|r| r["id"] == "CC6.1").unwrap();
    assert_eq!(row["controls"][0]["id"], "AC-01");
}

#[test]
fn unknown_framework_is_a_usage_error() {
    let fx = iso_repo();
    fx.soc2(&["check", "--framework", "ios"])
        .code(2)
        .stderr_has("--framework ios: unknown framework")
        .stderr_has("did you mean `iso`?");
    fx.soc2(&["report", "--framework", "nothing-like-it"]).code(2).stderr_has("frameworks: iso, soc2-2017");
}

#[test]
fn report_shows_framework_coverage() {
    let fx = iso_repo();
    let md = fx.soc2(&["report", "--framework", "iso", "--format", "markdown"]);
    md.code(0)
        .stdout_has("## Framework coverage: ISO 27001")
        .stdout_has("| A.8 Technological controls | 2 | 0 | 1 | 1 |");
    let json = fx.soc2(&["report", "--framework", "iso", "--format", "json"]).json();
    assert_eq!(json["framework_coverage"]["failing"], 1);
    fx.soc2(&["report", "--framework", "iso", "--output", "r.html"]).code(0);
    let html = fx.read("r.html");
    assert!(html.contains("<section id=\"framework-coverage\">"), "no framework section");
    assert!(html.contains("<h2>Framework coverage: ISO 27001</h2>"));
    assert!(html.contains("<b>A.5.1</b> <span class=\"note\">Policies for information security</span>"));
    let plain = fx.soc2(&["report", "--output", "plain.html"]);
    plain.code(0);
    assert!(!fx.read("plain.html").contains("framework-coverage"));
}

#[test]
fn import_leaves_hand_written_files_alone() {
    let fx = iso_repo();
    let before: Vec<String> =
        ["controls/AC-01.yaml", "controls/LOG-01.yaml", "policies/access-control.md", "soc2.toml"]
            .iter()
            .map(|p| fx.read(p))
            .collect();
    fx.soc2(&["framework", "import", "iso.csv", "--force"]).code(0);
    let after: Vec<String> = ["controls/AC-01.yaml", "controls/LOG-01.yaml", "policies/access-control.md", "soc2.toml"]
        .iter()
        .map(|p| fx.read(p))
        .collect();
    assert_eq!(before, after);
}

#[test]
fn an_oscal_xml_catalog_is_refused_in_one_line() {
    let group = "<group id=\"ac\"><title>Access Control</title><control id=\"ac-1\"><title>Policy and Procedures</title></control></group>";
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalog xmlns=\"http://csrc.nist.gov/ns/oscal/1.0\" uuid=\"x\">\n<metadata><title>NIST SP 800-53</title></metadata>\n{}\n</catalog>\n",
        group.repeat(30)
    );
    let fx = with_spec("NIST_SP-800-53_rev5_catalog.xml", &xml);
    for args in [
        &["framework", "import", "NIST_SP-800-53_rev5_catalog.xml"][..],
        &["framework", "import", "NIST_SP-800-53_rev5_catalog.xml", "--format", "oscal"],
    ] {
        let run = fx.soc2(args);
        run.code(2).no_panic();
        insta::assert_snapshot!("framework_oscal_xml_refused", run.stderr);
    }
    assert!(!fx.join("frameworks").exists());
}

#[test]
fn a_mapping_error_hints_with_an_id_of_that_framework() {
    let csv = "Section,ID,Title,Requirement\nS,R1,One,x\nS,R2,Two,y\n";
    let fx = with_spec("tiny.csv", csv).file(
        "controls/AC-01.yaml",
        "id: AC-01\ntitle: t\nowner: o\ncriteria: [CC6.1]\npolicies: [access-control]\nmappings: { tiny: [XYZ-404] }\n",
    );
    fx.soc2(&["framework", "import", "tiny.csv"]).code(0);
    fx.soc2(&["validate"])
        .code(2)
        .stderr_has("controls/AC-01.yaml:6:20: error: unknown criterion `XYZ-404`")
        .stderr_has("hint: criteria ids are those of `tiny`, e.g. R1");
}

#[test]
fn a_jupiterone_csv_without_titles_imports_with_titles_from_the_requirement() {
    let csv = "Section,ID,Title,Requirement\nAccess,J-1,,Access to production is reviewed every quarter. Reviews are recorded.\nAccess,J-2,Named,MFA is enforced.\n";
    let fx = with_spec("j1.csv", csv);
    fx.soc2(&["framework", "import", "j1.csv"])
        .code(0)
        .stdout_has("wrote frameworks/j1.yaml: 2 requirements in 1 section");
    let yaml = fx.read("frameworks/j1.yaml");
    assert!(yaml.contains("title: Access to production is reviewed every quarter\n"), "{yaml}");
    assert!(yaml.contains("title: Named\n"), "{yaml}");
    // A row with neither a title nor a requirement cannot make one.
    let fx = with_spec("bad.csv", "ID,Title,Requirement\nJ-1,,\n");
    fx.soc2(&["framework", "import", "bad.csv"])
        .code(2)
        .stderr_has("bad.csv:2:2: error: requirement `J-1` has no Title and no Requirement");
}

#[test]
fn report_on_another_framework_is_its_own_document() {
    let fx = iso_repo();
    fx.soc2(&["report"]).code(0).stderr_has("wrote .soc2/soc2-report.html");
    let soc2 = fx.read(".soc2/soc2-report.html");
    fx.soc2(&["report", "--framework", "iso"]).code(0).stderr_has("wrote .soc2/iso-report.html");
    assert_eq!(fx.read(".soc2/soc2-report.html"), soc2, "the SOC 2 report is not overwritten");
    let html = fx.read(".soc2/iso-report.html");
    assert!(html.contains("<title>Test Co — ISO 27001 coverage report</title>"), "{html}");
    assert!(html.contains("<h2>Framework coverage: ISO 27001</h2>"));
    assert!(!html.contains("<h2>Progress by category</h2>") && !html.contains("<h2>Coverage matrix</h2>"), "{html}");
    let md = fx.soc2(&["report", "--framework", "iso", "--format", "markdown"]);
    md.code(0).stdout_has("# Test Co — ISO 27001 coverage report\n");
    assert!(
        !md.stdout.contains("## Progress by category") && !md.stdout.contains("## Coverage matrix"),
        "{}",
        md.stdout
    );
    // The audit's own framework is the SOC 2 report, with its coverage.
    fx.soc2(&["report", "--framework", "soc2-2017"]).code(0).stderr_has("wrote .soc2/soc2-report.html");
}
