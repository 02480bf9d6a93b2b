//! `soc2 export` and `soc2 verify`: the auditor package, its determinism,
//! its contents, and tamper detection.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use crate::support::{Fixture, NOW};

const TOML: &str = r#"[organization]
name = "Test Co"

[audit]
type = "type2"
period = "2026-01-01..2026-12-31"
categories = ["security"]

[collectors.idp_users]
kind = "file"
path = "registers/idp.csv"
"#;

const SECOND_CONTROL: &str = "id: AC-02\ntitle: Second control\ncriteria: [CC6.2]\nowner: dana@test.example\npolicies: [access-control]\nqueries:\n  - query: users_without_mfa\n";

/// Two controls, one policy with an approval, evidence, and a manual record with its file.
fn repo() -> Fixture {
    Fixture::minimal()
        .file("soc2.toml", TOML)
        .file("controls/AC-02.yaml", SECOND_CONTROL)
        .file("evidence/idp_users/idp_users.jsonl", "{\"email\":\"a@test.example\",\"mfa\":1}\n{\"email\":\"b@test.example\",\"mfa\":0}\n")
        .file(
            "evidence/idp_users/idp_users.meta.json",
            r#"{"collector":"idp_users","dataset":"idp_users","kind":"file","source":"registers/idp.csv","collected_at":"2026-06-29T00:00:00Z","rows":2,"sha256":null,"soc2_version":"test"}"#,
        )
        .file("evidence/manual/AC-01/2026-06-01-file.yaml", "kind: file\ndate: 2026-06-01\nby: dana@test.example\nfile: mfa-screenshot.png\nsha256: 075f8e3f22fcb592f1c27b086375ceeaacc767bd43a4583cffd38685d3a1d9bb\n")
        .file("evidence/manual/AC-01/mfa-screenshot.png", b"\x89PNG fake".as_slice())
}

/// Every entry of a zip: name → bytes.
pub(crate) fn entries(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        out.insert(e.name().to_owned(), bytes);
    }
    out
}

/// Write `entries` as a new zip at `path`, in the given order.
pub(crate) fn write_zip(path: &Path, entries: &[(String, Vec<u8>)]) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in entries {
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
}

fn text(entries: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(entries.get(name).unwrap_or_else(|| panic!("{name} missing")).clone()).unwrap()
}

#[test]
fn the_same_repo_exports_byte_identical_zips_that_verify() {
    let fx = repo();
    fx.soc2(&["export", "--output", "a.zip"]).code(0).stderr_has("wrote a.zip");
    fx.soc2(&["export", "--output", "b.zip"]).code(0);
    let (a, b) = (std::fs::read(fx.join("a.zip")).unwrap(), std::fs::read(fx.join("b.zip")).unwrap());
    assert!(a == b, "two exports of the same repo differ");
    fx.soc2(&["verify", "a.zip"]).code(0).stdout_has("a.zip: intact:").stdout_has("manifest.json sha256 ");
    // Another clock gives another package: --now is part of the input.
    fx.soc2(&["--now", "2026-07-01", "export", "--output", "c.zip"]).code(0);
    assert!(std::fs::read(fx.join("c.zip")).unwrap() != a);
}

#[test]
fn the_package_holds_summary_controls_evidence_policies_history_and_manifest() {
    let fx = repo();
    fx.soc2(&["export", "-o", "p.zip"]).code(0);
    let e = entries(&fx.join("p.zip"));
    let names: Vec<&str> = e.keys().map(String::as_str).collect();
    for expected in [
        "summary.html",
        "summary.json",
        "controls/AC-01/control.yaml",
        "controls/AC-01/result.json",
        "controls/AC-01/evidence.json",
        "controls/AC-01/queries/users_without_mfa.sql",
        "controls/AC-01/queries/users_without_mfa.csv",
        "controls/AC-02/result.json",
        "evidence/idp_users/idp_users.jsonl",
        "evidence/idp_users/idp_users.meta.json",
        "evidence/manual/AC-01/2026-06-01-file.yaml",
        "evidence/manual/AC-01/mfa-screenshot.png",
        "policies/access-control.md",
        "policies/access-control.history.json",
        "history/changes.csv",
        "history/changes.json",
        "manifest.json",
    ] {
        assert!(names.contains(&expected), "{expected} not in {names:?}");
    }
    if cfg!(feature = "pdf") {
        assert!(names.contains(&"summary.pdf") && names.contains(&"policies/access-control.pdf"));
    }
    // Sorted, manifest last; the evidence file is stored once though two controls read it.
    let zip_order: Vec<String> = {
        let z = zip::ZipArchive::new(std::fs::File::open(fx.join("p.zip")).unwrap()).unwrap();
        z.file_names().map(str::to_owned).collect()
    };
    let mut by_index = Vec::new();
    let mut z = zip::ZipArchive::new(std::fs::File::open(fx.join("p.zip")).unwrap()).unwrap();
    for i in 0..z.len() {
        by_index.push(z.by_index(i).unwrap().name().to_owned());
    }
    assert_eq!(by_index.last().map(String::as_str), Some("manifest.json"));
    let mut sorted = by_index[..by_index.len() - 1].to_vec();
    sorted.sort();
    assert_eq!(&by_index[..by_index.len() - 1], &sorted[..]);
    assert_eq!(zip_order.len(), by_index.len());

    assert_eq!(text(&e, "controls/AC-01/queries/users_without_mfa.csv"), "email\nb@test.example\n");
    assert_eq!(text(&e, "controls/AC-01/control.yaml"), crate::support::CONTROL);
    let result: serde_json::Value = serde_json::from_str(&text(&e, "controls/AC-01/result.json")).unwrap();
    assert_eq!(result["status"], "fail");
    assert_eq!(result["findings"][0]["resource"], "b@test.example");
    let evidence: serde_json::Value = serde_json::from_str(&text(&e, "controls/AC-01/evidence.json")).unwrap();
    assert_eq!(evidence["datasets"][0]["files"][0], "evidence/idp_users/idp_users.jsonl");
    assert_eq!(evidence["manual"][0]["file"], "mfa-screenshot.png");
    assert_eq!(evidence["manual"][0]["file_path"], "evidence/manual/AC-01/mfa-screenshot.png");
    assert!(evidence["manual"][0]["by"] == "dana@test.example");
    let summary: serde_json::Value = serde_json::from_str(&text(&e, "summary.json")).unwrap();
    assert_eq!(summary["audit_type"], "type2");

    // The manifest lists every other entry with its size and sha256.
    let manifest: serde_json::Value = serde_json::from_str(&text(&e, "manifest.json")).unwrap();
    assert_eq!(manifest["generated_at"], NOW);
    assert_eq!(manifest["audit"]["period"], "2026-01-01..2026-12-31");
    assert_eq!(manifest["soc2_version"], env!("CARGO_PKG_VERSION"));
    let files = manifest["files"].as_array().unwrap();
    assert_eq!(files.len(), e.len() - 1);
    for f in files {
        let bytes = &e[f["path"].as_str().unwrap()];
        assert_eq!(f["size"], bytes.len());
        assert_eq!(f["sha256"].as_str().unwrap(), sha256(bytes));
    }
    assert!(manifest["repo"]["head"].is_null(), "not a git repo: no HEAD");
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[test]
fn verify_names_an_altered_a_missing_an_extra_and_an_unsafe_entry() {
    let fx = repo();
    fx.soc2(&["export", "-o", "p.zip"]).code(0);
    let original: Vec<(String, Vec<u8>)> = entries(&fx.join("p.zip")).into_iter().collect();

    // One byte of one entry changed.
    let mut altered = original.clone();
    let target = altered.iter_mut().find(|(n, _)| n == "controls/AC-01/result.json").unwrap();
    target.1[10] ^= 0x20;
    write_zip(&fx.join("altered.zip"), &altered);
    let run = fx.soc2(&["verify", "altered.zip"]);
    run.code(1).stdout_has("altered: controls/AC-01/result.json: sha256 ").stdout_has("NOT intact: 1 problem");

    // An entry removed, another added, and one escaping the extraction directory.
    let mut changed: Vec<_> = original.iter().filter(|(n, _)| n != "summary.html").cloned().collect();
    changed.push(("notes.txt".into(), b"added later".to_vec()));
    changed.push(("../evil.sh".into(), b"rm -rf ~".to_vec()));
    write_zip(&fx.join("changed.zip"), &changed);
    fx.soc2(&["verify", "changed.zip"])
        .code(1)
        .stdout_has("missing: summary.html")
        .stdout_has("extra: notes.txt")
        .stdout_has("unsafe path: ../evil.sh: `..` leaves the package");
    let json = fx.soc2(&["verify", "changed.zip", "--format", "json"]).json();
    let kinds: Vec<&str> = json["problems"].as_array().unwrap().iter().map(|p| p["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["unsafe-path", "missing", "extra", "extra"]);

    // No manifest at all.
    let bare: Vec<_> = original.iter().filter(|(n, _)| n != "manifest.json").cloned().collect();
    write_zip(&fx.join("bare.zip"), &bare);
    fx.soc2(&["verify", "bare.zip"]).code(1).stdout_has("manifest: manifest.json: no manifest.json in the package");
}

#[test]
fn verify_of_something_that_is_not_a_zip_exits_2() {
    let fx = repo().file("notzip.zip", "hello");
    fx.soc2(&["verify", "notzip.zip"]).code(2).stderr_has("notzip.zip is not a zip file");
    fx.soc2(&["verify", "absent.zip"]).code(2).stderr_has("cannot open absent.zip");
}

#[test]
fn control_narrows_the_package_and_summary_only_leaves_out_evidence() {
    let fx = repo();
    fx.soc2(&["export", "--control", "AC-02", "-o", "one.zip"]).code(0);
    let e = entries(&fx.join("one.zip"));
    assert!(e.contains_key("controls/AC-02/result.json"));
    assert!(!e.keys().any(|k| k.starts_with("controls/AC-01/") || k.starts_with("evidence/manual/AC-01/")));
    assert!(e.contains_key("policies/access-control.md"), "the control's policy comes along");
    let manifest: serde_json::Value = serde_json::from_slice(&e["manifest.json"]).unwrap();
    assert_eq!(manifest["scope"]["controls"], serde_json::json!(["AC-02"]));
    let summary: serde_json::Value = serde_json::from_slice(&e["summary.json"]).unwrap();
    assert_eq!(summary["controls"].as_array().unwrap().len(), 1);

    fx.soc2(&["export", "--control", "AC-9"]).code(2).stderr_has("AC-9");

    fx.soc2(&["export", "--summary-only", "-o", "s.zip"]).code(0);
    let names: Vec<String> = entries(&fx.join("s.zip")).into_keys().collect();
    let expected: &[&str] = if cfg!(feature = "pdf") {
        &["summary.html", "summary.json", "summary.pdf", "manifest.json"]
    } else {
        &["summary.html", "summary.json", "manifest.json"]
    };
    let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected);
    fx.soc2(&["verify", "s.zip"]).code(0);
}

#[test]
fn the_default_name_says_organization_and_date_under_the_ignored_soc2_folder() {
    let fx = repo();
    fx.soc2(&["export", "--summary-only"]).code(0).stderr_has("wrote .soc2/soc2-audit-test-co-2026-06-30.zip");
    assert!(fx.join(".soc2/soc2-audit-test-co-2026-06-30.zip").is_file());
    assert!(!fx.join("soc2-audit-test-co-2026-06-30.zip").exists(), "nothing lands in the repo root");
}

#[cfg(unix)]
#[test]
fn a_symlink_pointing_out_of_the_repo_is_reported_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOP-SECRET-CONTENT").unwrap();
    let fx = repo();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), fx.join("evidence/manual/AC-01/leak.txt")).unwrap();
    let fx = fx.file(
        "evidence/manual/AC-01/2026-06-02-file.yaml",
        "kind: file\ndate: 2026-06-02\nby: dana@test.example\nfile: leak.txt\nsha256: x\n",
    );
    fx.soc2(&["export", "-o", "p.zip"])
        .code(0)
        .stderr_has("warning: evidence/manual/AC-01/leak.txt: is a symbolic link that leaves the repo");
    let e = entries(&fx.join("p.zip"));
    assert!(!e.contains_key("evidence/manual/AC-01/leak.txt"));
    assert!(!e.values().any(|b| b.windows(18).any(|w| w == b"TOP-SECRET-CONTENT")));
    let manifest: serde_json::Value = serde_json::from_slice(&e["manifest.json"]).unwrap();
    assert_eq!(manifest["skipped"][0]["path"], "evidence/manual/AC-01/leak.txt");
    fx.soc2(&["verify", "p.zip"]).code(0);
}

/// Commit everything in the worktree at `time` (seconds since the epoch).
fn commit_all(repo: &git2::Repository, message: &str, time: i64) -> git2::Oid {
    let mut index = repo.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.update_all(["*"], None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::new("Dana Lee", "dana@test.example", &git2::Time::new(time, 0)).unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents).unwrap()
}

#[test]
fn history_lists_the_commits_of_the_period_and_the_manifest_records_head_and_dirt() {
    let fx = repo();
    let git = git2::Repository::init(fx.path()).unwrap();
    commit_all(&git, "Set up the program", 1_764_547_200); // 2025-12-01: before the period
    let fx = fx.file("evidence/idp_users/idp_users.jsonl", "{\"email\":\"a@test.example\",\"mfa\":1}\n");
    commit_all(&git, "collect: idp_users", 1_772_323_200); // 2026-03-01
    let fx = fx.file("policies/access-control.md", format!("{}\nAmended.\n", crate::support::POLICY));
    commit_all(&git, "Amend the access policy", 1_777_593_600); // 2026-05-01
    let fx = fx.file("controls/AC-02.yaml", format!("{SECOND_CONTROL}# later\n"));
    let head = commit_all(&git, "After the evaluation time", 1_788_220_800); // 2026-09-01, after NOW

    fx.soc2(&["export", "-o", "p.zip"]).code(0);
    let e = entries(&fx.join("p.zip"));
    let csv = text(&e, "history/changes.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "date,commit,author,author_email,change,path,subject");
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(
        lines[1].starts_with("2026-03-01T00:00:00Z,")
            && lines[1].ends_with(",modified,evidence/idp_users/idp_users.jsonl,collect: idp_users")
    );
    assert!(
        lines[2].contains(",Dana Lee,dana@test.example,modified,policies/access-control.md,Amend the access policy")
    );
    let policy: serde_json::Value = serde_json::from_slice(&e["policies/access-control.history.json"]).unwrap();
    let commits = policy["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 2, "added before the period, amended within it");
    assert_eq!(commits[0]["change"], "added");
    let manifest: serde_json::Value = serde_json::from_slice(&e["manifest.json"]).unwrap();
    assert_eq!(manifest["repo"]["head"], head.to_string());
    assert_eq!(manifest["repo"]["dirty"], false, "the package itself does not make the repo dirty");

    let fx = fx.file("controls/AC-01.yaml", format!("{}# uncommitted\n", crate::support::CONTROL));
    fx.soc2(&["export", "-o", "p.zip"]).code(0).stderr_has("uncommitted change");
    let manifest: serde_json::Value = serde_json::from_slice(&entries(&fx.join("p.zip"))["manifest.json"]).unwrap();
    assert_eq!(manifest["repo"]["dirty"], true);
    assert_eq!(manifest["repo"]["dirty_paths"], serde_json::json!(["controls/AC-01.yaml"]));
}

#[test]
fn oscal_adds_assessment_results_with_a_finding_per_criterion() {
    let fx = repo().file(
        "controls/AC-02.yaml",
        "id: AC-02\ntitle: Second control\ncriteria: [CC6.2]\nowner: dana@test.example\npolicies: [access-control]\n",
    );
    fx.soc2(&["export", "--oscal", "-o", "p.zip"]).code(0);
    let e = entries(&fx.join("p.zip"));
    let doc: serde_json::Value = serde_json::from_slice(&e["oscal/assessment-results.json"]).unwrap();
    let ar = &doc["assessment-results"];
    assert_eq!(ar["metadata"]["oscal-version"], "1.1.2");
    assert_eq!(ar["metadata"]["last-modified"], NOW);
    let result = &ar["results"][0];
    let observations = result["observations"].as_array().unwrap();
    assert_eq!(observations.len(), 2);
    assert_eq!(observations[0]["title"], "AC-01: MFA is enforced for every workforce account");
    assert_eq!(observations[0]["methods"], serde_json::json!(["TEST"]));
    assert_eq!(observations[1]["methods"], serde_json::json!(["EXAMINE"]));
    assert!(
        observations[0]["relevant-evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["href"] == "../evidence/idp_users/idp_users.jsonl")
    );
    let findings = result["findings"].as_array().unwrap();
    let cc61 = findings.iter().find(|f| f["target"]["target-id"] == "CC6.1").unwrap();
    assert_eq!(cc61["target"]["status"]["state"], "not-satisfied");
    assert_eq!(cc61["related-observations"][0]["observation-uuid"], observations[0]["uuid"]);
    let uuid = regex::Regex::new("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$").unwrap();
    assert!(uuid.is_match(ar["uuid"].as_str().unwrap()));
    fx.soc2(&["export", "-o", "plain.zip"]).code(0);
    assert!(!entries(&fx.join("plain.zip")).contains_key("oscal/assessment-results.json"), "only with --oscal");
    // Same input, same document (UUIDs included).
    fx.soc2(&["export", "--oscal", "-o", "q.zip"]).code(0);
    assert_eq!(entries(&fx.join("q.zip"))["oscal/assessment-results.json"], e["oscal/assessment-results.json"]);
}

#[test]
fn the_package_holds_the_auditor_requests_with_their_answers() {
    let fx = repo()
        .file("pbc.csv", "id,request,references,due\nPBC-1,Terminated users list,AC-01,2026-07-15\nPBC-2,Board minutes,CC1.2,2026-08-01\n")
        .file("terminations.csv", "email\nx@test.example\n");
    fx.soc2(&["requests", "import", "pbc.csv"]).code(0);
    fx.soc2(&["requests", "answer", "PBC-1", "--control", "AC-01", "--file", "terminations.csv"]).code(0);
    fx.soc2(&["export", "-o", "p.zip"]).code(0);
    let e = entries(&fx.join("p.zip"));
    assert!(e.contains_key("audit/requests/PBC-1.yaml") && e.contains_key("audit/requests/PBC-2.yaml"));
    assert_eq!(text(&e, "audit/requests/files/PBC-1/terminations.csv"), "email\nx@test.example\n");
    let csv = text(&e, "requests/requests.csv");
    assert_eq!(csv.lines().next(), Some("id,request,references,due,status,controls,files"));
    assert!(
        csv.contains(
            "PBC-1,Terminated users list,AC-01,2026-07-15,provided,AC-01,audit/requests/files/PBC-1/terminations.csv"
        ),
        "{csv}"
    );
    assert!(csv.contains("PBC-2,Board minutes,CC1.2,2026-08-01,open,,"), "{csv}");
    let json: serde_json::Value = serde_json::from_slice(&e["requests/requests.json"]).unwrap();
    assert_eq!(json[0]["answers"][0]["control"], "AC-01");
    // A package narrowed to another control leaves out requests it does not answer.
    fx.soc2(&["export", "--control", "AC-02", "-o", "one.zip"]).code(0);
    assert!(!entries(&fx.join("one.zip")).keys().any(|k| k.starts_with("requests/") || k.starts_with("audit/")));
}

#[test]
fn a_type2_package_carries_operating_effectiveness_over_the_audit_period() {
    // Evidence collected when the program was set up, fresh for the year: a
    // collection time after a day's end would be evidence from the future (D22).
    let meta = "evidence/idp_users/idp_users.meta.json";
    let fx = repo().file("soc2.toml", format!("{TOML}\n[evidence]\nmax_age = \"365d\"\n"));
    let early = fx.read(meta).replace("2026-06-29T00:00:00Z", "2026-03-01T00:00:00Z");
    let fx = fx.file(meta, early);
    let git = git2::Repository::init(fx.path()).unwrap();
    // AC-01 fails from the first commit (b@ has no MFA) until the evidence is fixed on 2026-05-01.
    commit_all(&git, "Set up the program", 1_772_323_200); // 2026-03-01
    let fx = fx.file(
        "evidence/idp_users/idp_users.jsonl",
        "{\"email\":\"a@test.example\",\"mfa\":1}\n{\"email\":\"b@test.example\",\"mfa\":1}\n",
    );
    commit_all(&git, "collect: idp_users", 1_777_593_600); // 2026-05-01
    fx.soc2(&["export", "-o", "p.zip"]).code(0).stderr_has("period 2026-01-01..2026-12-31:");
    let e = entries(&fx.join("p.zip"));
    let period: serde_json::Value = serde_json::from_slice(&e["period.json"]).unwrap();
    assert_eq!(period["period"], "2026-01-01..2026-12-31");
    let ac01 = period["controls"].as_array().unwrap().iter().find(|c| c["id"] == "AC-01").unwrap();
    // 2026-03-01..2026-06-30 evaluated (122 days); passing from 2026-05-01 (61 days).
    assert_eq!(ac01["days_evaluated"], 122);
    assert_eq!(ac01["days_passing"], 61);
    assert_eq!(ac01["exceptions"][0]["start"], "2026-03-01");
    assert_eq!(ac01["exceptions"][0]["end"], "2026-04-30");
    assert!(text(&e, "summary.html").contains("<section id=\"period\""));
    fx.soc2(&["verify", "p.zip"]).code(0);

    // Outside git, a Type II package says why it has no period section.
    let plain = repo();
    plain.soc2(&["export", "-o", "p.zip"]).code(0).stderr_has("warning: no operating-effectiveness section");
    assert!(!entries(&plain.join("p.zip")).contains_key("period.json"));
}
