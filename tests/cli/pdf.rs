//! PDFs (`report --format pdf`, `policies build`), read back with lopdf.

use crate::support::Fixture;

const BACKUP: &str = "---\nid: backup\ntitle: Backup Policy\nowner: Sam Patel\n---\n# Backup Policy\n\n| system | frequency |\n|---|---|\n| Postgres | hourly |\n\nBackups are *encrypted* and `restic` checks them. A \"quoted\" #hash [bracket] $dollar \\ backslash.\n";

fn repo() -> Fixture {
    Fixture::minimal().file("policies/backup.md", BACKUP)
}

fn read(bytes: &[u8]) -> (usize, String) {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let doc = lopdf::Document::load_mem(bytes).expect("valid PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = pdf_extract::extract_text_from_mem(bytes).expect("text");
    (pages.len(), text)
}

/// Extracted PDF text, with the line breaks and spacing of layout removed.
fn squash(s: &str) -> String {
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
