//! PDFs (`report --format pdf`, `policies build`), read back with lopdf.

use crate::support::Fixture;

const BACKUP: &str = "---\nid: backup\ntitle: Backup Policy\nowner: Sam Patel\n---\n# Backup Policy\n\n| system | frequency |\n|---|---|\n| Postgres | hourly |\n\nBackups are *encrypted* and `restic` checks them. A \"quoted\" #hash [bracket] $dollar \\ backslash.\n";

fn repo() -> Fixture {
    Fixture::minimal().file("policies/backup.md", BACKUP)
}

pub fn read(bytes: &[u8]) -> (usize, String) {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let doc = lopdf::Document::load_mem(bytes).expect("valid PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = pdf_extract::extract_text_from_mem(bytes).expect("text");
    (pages.len(), text)
}

/// Extracted PDF text, with the line breaks and spacing of layout removed.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn report_pdf_has_the_readiness_and_the_gaps() {
    let fx = repo();
    fx.soc2(&["report", "--format", "pdf"]).code(0).no_panic().stderr_has("wrote .soc2/soc2-report.pdf");
    let (pages, text) = read(&std::fs::read(fx.join(".soc2/soc2-report.pdf")).unwrap());
    assert!(pages >= 1);
    let text = squash(&text);
    assert!(text.contains("TestCo—SOC2readinessreport"), "{text}");
    assert!(text.contains("Prioritizedgaps"), "{text}");
    assert!(text.contains("AC-01"), "{text}");
}

#[test]
fn report_pdf_is_deterministic() {
    let fx = repo();
    fx.soc2(&["report", "--format", "pdf", "--output", "a.pdf"]).code(0);
    fx.soc2(&["report", "--format", "pdf", "--output", "b.pdf"]).code(0);
    assert_eq!(std::fs::read(fx.join("a.pdf")).unwrap(), std::fs::read(fx.join("b.pdf")).unwrap());
}

#[test]
fn policies_build_writes_one_pdf_per_policy_and_a_handbook() {
    let fx = repo();
    fx.soc2(&["policies", "build"]).code(0).no_panic().stderr_has("handbook.pdf");
    for (file, title) in [("access-control.pdf", "AccessControlPolicy"), ("backup.pdf", "BackupPolicy")] {
        let (pages, text) = read(&std::fs::read(fx.join(&format!(".soc2/policies/{file}"))).unwrap());
        assert!(pages >= 1, "{file}");
        assert!(squash(&text).contains(title), "{file}: {text}");
    }
    let (pages, text) = read(&std::fs::read(fx.join(".soc2/policies/handbook.pdf")).unwrap());
    assert!(pages >= 4, "title, contents, one page per policy: {pages}");
    let text = squash(&text);
    assert!(text.contains("Contents"), "{text}");
    assert!(text.contains("AccessControlPolicy") && text.contains("BackupPolicy"), "{text}");
    assert!(text.contains("Postgres") && text.contains("#hash[bracket]$dollar"), "markup characters stay text: {text}");
}

/// Commit everything in the fixture at `date` (RFC 3339), as a first commit.
fn commit_at(fx: &Fixture, date: &str) {
    let git = git2::Repository::init(fx.path()).unwrap();
    let mut index = git.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.write().unwrap();
    let tree = git.find_tree(index.write_tree().unwrap()).unwrap();
    let when = chrono::DateTime::parse_from_rfc3339(date).unwrap().timestamp();
    let sig = git2::Signature::new("T", "t@example", &git2::Time::new(when, 0)).unwrap();
    git.commit(Some("HEAD"), &sig, &sig, "init", &tree, &[]).unwrap();
}

#[test]
fn report_pdf_has_what_the_html_has() {
    let fx = Fixture::passing().file("controls/AC-02.yaml", "id: AC-02\ntitle: Quarterly access review\ncriteria: [CC6.2]\nowner: dana@test.example\npolicies: [access-control]\nevidence:\n  - attestation: { every: 90d }\n");
    fx.soc2(&["report", "--format", "pdf"]).code(0);
    let (_, text) = read(&std::fs::read(fx.join(".soc2/soc2-report.pdf")).unwrap());
    let text = squash(&text);
    // The criteria × controls matrix, with statuses as words.
    assert!(text.contains("Coveragematrix"), "{text}");
    assert!(text.contains("CC6.1") && text.contains("AC-01pass"), "{text}");
    assert!(text.contains("CC6.2") && text.contains("AC-02missing"), "{text}");
    assert!(text.contains("nocontrolmapstothiscriterion"), "{text}");
    // A legend for the bars, and the counts under each bar as words.
    assert!(text.contains("pass1") && text.contains("missing1") && text.contains("evidencefresh1"), "{text}");
    assert!(text.contains("1pass·1missing"), "{text}");
    // Controls left out of scope, with their reasons.
    let toml = fx.read("soc2.toml") + "\n[not_applicable]\nAC-02 = \"access is reviewed by the parent company\"\n";
    let fx = fx.file("soc2.toml", toml);
    fx.soc2(&["report", "--format", "pdf"]).code(0);
    let (_, text) = read(&std::fs::read(fx.join(".soc2/soc2-report.pdf")).unwrap());
    let text = squash(&text);
    assert!(text.contains("NotapplicableControlsleftoutofscopeinsoc2.toml"), "{text}");
    assert!(text.contains("AC-02Quarterlyaccessreviewaccessisreviewedbytheparentcompany"), "{text}");
}

#[test]
fn report_pdf_has_the_type2_period() {
    let fx = Fixture::passing();
    commit_at(&fx, "2026-06-01T10:00:00Z");
    let run = fx.soc2(&["report", "--period", "2026-06-01..2026-06-30", "--format", "pdf"]);
    run.code(0).no_panic().stderr_has("wrote .soc2/soc2-report.pdf");
    let (_, text) = read(&std::fs::read(fx.join(".soc2/soc2-report.pdf")).unwrap());
    let text = squash(&text);
    assert!(text.contains("TypeII:operatingeffectiveness,2026-06-01..2026-06-30"), "{text}");
    assert!(text.contains("Reviewsontime"), "{text}");
    assert!(text.contains("AC-01"), "{text}");
}

#[test]
fn report_framework_pdf_is_its_own_file_about_that_framework() {
    let csv =
        "Section,ID,Title,Requirement\nAccess,R1,Multi-factor authentication,x\nLogging,R2,Audit logs are kept,y\n";
    let fx = Fixture::passing()
        .file("tiny.csv", csv)
        .file("controls/AC-01.yaml", format!("{}mappings: {{ tiny: [R1] }}\n", crate::support::CONTROL));
    fx.soc2(&["framework", "import", "tiny.csv", "--title", "Tiny Standard"]).code(0);
    fx.soc2(&["report", "--format", "pdf"]).code(0);
    let soc2 = std::fs::read(fx.join(".soc2/soc2-report.pdf")).unwrap();
    let run = fx.soc2(&["report", "--framework", "tiny", "--format", "pdf"]);
    run.code(0).stderr_has("wrote .soc2/tiny-report.pdf");
    assert_eq!(std::fs::read(fx.join(".soc2/soc2-report.pdf")).unwrap(), soc2, "the SOC 2 report is left alone");
    let (_, text) = read(&std::fs::read(fx.join(".soc2/tiny-report.pdf")).unwrap());
    let text = squash(&text);
    assert!(text.contains("TestCo—TinyStandardcoveragereport"), "{text}");
    assert!(text.contains("Frameworkcoverage:TinyStandard"), "{text}");
    assert!(text.contains("1/2requirementsoftinyarecovered"), "{text}");
    assert!(text.contains("R2") && text.contains("nocontrolmapstothisrequirement"), "{text}");
    assert!(!text.contains("Progressbycategory") && !text.contains("Coveragematrix"), "no SOC 2 tables: {text}");
}
