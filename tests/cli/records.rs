//! `soc2 evidence add`, `soc2 attest`, `soc2 review`: records that drive check, never rewriting controls.

use crate::support::{CONTROL, Fixture};

fn repo() -> Fixture {
    Fixture::with_people().file(
        "controls/AC-02.yaml",
        "id: AC-02\ntitle: Quarterly access review\ncriteria: [CC6.2]\nowner: dana@test.example\npolicies: [access-control]\nevidence:\n  - attestation: { every: 90d, note: access review done }\n  - file: { every: 365d, note: offboarding sample }\nreview: { every: 365d }\n",
    )
}

fn status(fx: &Fixture, id: &str) -> serde_json::Value {
    let json = fx.soc2(&["check", "--format", "json", "--control", id]).json();
    json["controls"][0].clone()
}

#[test]
fn attestation_review_and_file_satisfy_a_control() {
    let fx = repo();
    let before = fx.read("controls/AC-02.yaml");
    assert_eq!(status(&fx, "AC-02")["status"], "missing");
    fx.soc2(&["attest", "AC-02", "--by", "dana@test.example", "--note", "Q2 review"])
        .code(0)
        .stdout_has("wrote evidence/manual/AC-02/2026-06-30-attestation.yaml");
    let record = fx.read("evidence/manual/AC-02/2026-06-30-attestation.yaml");
    assert_eq!(record, "kind: attestation\ndate: 2026-06-30T12:00:00Z\nby: dana@test.example\nnote: Q2 review\n");
    let fx = fx.file("sample.pdf", "%PDF-1.4 sample");
    fx.soc2(&["evidence", "add", "AC-02", "--file", "sample.pdf", "--by", "alex@test.example"]).code(0);
    assert_eq!(fx.read("evidence/manual/AC-02/sample.pdf"), "%PDF-1.4 sample");
    let rec = fx.read("evidence/manual/AC-02/2026-06-30-file-sample.pdf.yaml");
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(b"%PDF-1.4 sample"))
    };
    assert!(rec.contains(&format!("file: sample.pdf\nsha256: {sha}\n")), "{rec}");
    // Its first review falls due a year after the control was added (now, outside git).
    let c = status(&fx, "AC-02");
    assert_eq!(c["status"], "pass", "{c}");
    assert_eq!(c["obligations"][2]["due"], "2027-06-30T12:00:00Z");
    fx.soc2(&["review", "AC-02", "--by", "sam@test.example"])
        .code(0)
        .stdout_has("wrote evidence/reviews/2026-06-30-ac-02-review.yaml");
    assert_eq!(status(&fx, "AC-02")["status"], "pass");
    assert_eq!(fx.read("controls/AC-02.yaml"), before, "the control file is never rewritten");
}

#[test]
fn attestations_lapse_by_cadence_or_expiry() {
    let fx = repo();
    fx.soc2(&["--now", "2026-01-01", "attest", "AC-02", "--by", "dana@test.example"]).code(0);
    fx.soc2(&["--now", "2026-01-01", "evidence", "add", "AC-02", "--note", "sample reviewed"]).code(0);
    fx.soc2(&["--now", "2026-01-01", "review", "AC-02", "--by", "dana@test.example"]).code(0);
    let c = status(&fx, "AC-02");
    assert_eq!(c["status"], "missing", "a note does not satisfy a file requirement: {c}");
    fx.soc2(&["--now", "2026-01-01", "evidence", "add", "AC-02", "--link", "https://drive.example/x"]).code(0);
    let fx = fx.file("x.txt", "x");
    fx.soc2(&["--now", "2026-01-01", "evidence", "add", "AC-02", "--file", "x.txt"]).code(0);
    let c = status(&fx, "AC-02");
    assert_eq!(c["status"], "review-due", "{c}");
    assert_eq!(c["reasons"][0], "attestation \"access review done\" due since 2026-04-01T00:00:00Z");
    fx.soc2(&["attest", "AC-02", "--by", "dana@test.example", "--expires", "2026-06-01"])
        .code(2)
        .stderr_has("--expires 2026-06-01: that is not after now (2026-06-30T12:00:00Z)");
}

#[test]
fn policy_approval_and_edit_after_it() {
    let fx = repo();
    fx.soc2(&["review", "access-control", "--by", "ceo@test.example", "--approve"]).code(0);
    let rec = fx.read("evidence/reviews/2026-06-30-access-control-approval.yaml");
    assert!(
        rec.contains("subject: policy\n") && rec.contains("approved: true\n") && rec.contains("version: '1.0'\n"),
        "{rec}"
    );
    let json = fx.soc2(&["check", "--format", "json"]).json();
    assert_eq!(json["coverage"]["policies"][0]["approval"], "approved");
    let fx = fx.file("policies/access-control.md", format!("{}\nmore\n", crate::support::POLICY));
    let json = fx.soc2(&["check", "--format", "json"]).json();
    assert_eq!(json["coverage"]["policies"][0]["approval"], "changed");
}

#[test]
fn bad_input_is_refused() {
    let fx = repo();
    fx.soc2(&["attest", "AC-2", "--by", "dana@test.example"])
        .code(2)
        .stderr_has("no control `AC-2`")
        .stderr_has("did you mean `AC-02`?");
    fx.soc2(&["evidence", "add", "AC-02"]).code(2).stderr_has("--file");
    fx.soc2(&["evidence", "add", "AC-02", "--file", "nope.pdf"]).code(2).stderr_has("--file nope.pdf: cannot read");
    fx.soc2(&["attest", "AC-02", "--by", "dana@test.example", "--expires", "soon"])
        .code(2)
        .stderr_has("--expires: invalid date `soon`");
    fx.soc2(&["review", "AC-02", "--by", "dana@test.example", "--approve"])
        .code(2)
        .stderr_has("--approve is for policies");
    fx.soc2(&["review", "acces-control", "--by", "dana@test.example"])
        .code(2)
        .stderr_has("did you mean `access-control`?");
    assert!(!fx.join("evidence").exists(), "nothing written on bad input");
}

#[test]
fn commit_takes_only_what_was_written() {
    let fx = repo();
    let git = git2::Repository::init(fx.path()).unwrap();
    let mut index = git.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.write().unwrap();
    let tree = git.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::now("T", "t@example").unwrap();
    git.commit(Some("HEAD"), &sig, &sig, "init", &tree, &[]).unwrap();
    // An unrelated staged change must stay staged and uncommitted.
    let fx = fx.file("controls/AC-01.yaml", format!("{CONTROL}severity: high\n"));
    index.add_path(std::path::Path::new("controls/AC-01.yaml")).unwrap();
    index.write().unwrap();
    fx.soc2(&["attest", "AC-02", "--by", "dana@test.example", "--commit"]).code(0).stdout_has("committed ");
    let head = git.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.message().ok(), Some("soc2 attest: AC-02"));
    let diff = git
        .diff_tree_to_tree(Some(&head.parent(0).unwrap().tree().unwrap()), Some(&head.tree().unwrap()), None)
        .unwrap();
    let paths: Vec<String> =
        diff.deltas().map(|d| d.new_file().path().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(paths, ["evidence/manual/AC-02/2026-06-30-attestation.yaml"]);
    let status = git.status_file(std::path::Path::new("controls/AC-01.yaml")).unwrap();
    assert!(status.contains(git2::Status::INDEX_MODIFIED), "{status:?}");
}
