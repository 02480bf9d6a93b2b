//! No pass without evidence, with the built-in library: a new repo whose
//! registers are empty and whose git history is idle passes nothing it did
//! not examine; "nothing happened" stands only once attested.

use serde_json::Value;

use crate::support::{Fixture, NOW};

/// Every trust services category, so every library control is in scope.
const ALL_CATEGORIES: &str =
    r#"categories = ["security", "availability", "confidentiality", "processing-integrity", "privacy"]"#;

/// Commit everything in the work tree at `when` (RFC 3339), on the current branch.
fn commit_all(fx: &Fixture, message: &str, when: &str) {
    let repo = git2::Repository::open(fx.path()).unwrap();
    let mut index = repo.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let at = soc2::dates::parse_timestamp(when).unwrap().timestamp();
    let sig = git2::Signature::new("Ann Archer", "ann@test.example", &git2::Time::new(at, 0)).unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents).unwrap();
}

/// `soc2 init` with every category in scope, every control reviewed (so review dates hide nothing), one commit made long
/// before the evaluation time, and `soc2 collect` run: every register is
/// collected and empty.
fn fresh_collected_repo() -> Fixture {
    let fx = Fixture::empty();
    fx.soc2(&["init", "."]).code(0);
    let toml = fx.read("soc2.toml");
    let line = toml.lines().find(|l| l.starts_with("categories = ")).unwrap().to_owned();
    let fx = fx.file("soc2.toml", toml.replace(&line, ALL_CATEGORIES));
    let mut fx = fx;
    for entry in std::fs::read_dir(fx.join("controls")).unwrap() {
        let path = entry.unwrap().path();
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        fx = fx.file(
            &format!("evidence/reviews/2026-06-01-{}-review.yaml", id.to_lowercase()),
            format!("subject: control\nid: {id}\ndate: 2026-06-01T09:00:00Z\nby: dana@test.example\n"),
        );
    }
    commit_all(&fx, "Compliance repo", "2026-01-05T10:00:00Z");
    fx.soc2(&["collect"]).no_panic().code(0);
    fx
}

fn control<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["controls"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("no {id}"))
}

/// Whether every query of the control ran and examined no row.
fn examined_nothing(c: &Value) -> bool {
    let queries = c["queries"].as_array().unwrap();
    !queries.is_empty()
        && queries.iter().all(|q| q["population"].as_array().is_some_and(|p| p.iter().all(|p| p["rows"] == 0)))
}

#[test]
fn a_new_repo_passes_nothing_it_did_not_examine() {
    let fx = fresh_collected_repo();
    let json = fx.soc2(&["check", "--format", "json"]).no_panic().json();
    let controls = json["controls"].as_array().unwrap();
    assert!(controls.len() >= 130, "{}", controls.len());
    assert!(controls.iter().all(|c| c["status"] != "out-of-scope"), "every category is in scope");
    let errors: Vec<String> =
        controls.iter().filter(|c| c["status"] == "error").map(|c| format!("{}: {}", c["id"], c["reasons"])).collect();
    assert!(errors.is_empty(), "controls in error over empty registers:\n{}", errors.join("\n"));
    let hollow: Vec<&Value> = controls.iter().filter(|c| c["status"] == "pass" && examined_nothing(c)).collect();
    assert!(hollow.is_empty(), "pass on empty populations: {hollow:?}");
    let unexamined = controls.iter().filter(|c| examined_nothing(c)).count();
    assert!(unexamined >= 40, "only {unexamined} controls examined nothing over empty registers");
    // A control that examined nothing and found nothing is missing, whether or not "nothing
    // happened" is valid for it (a query that alarms on absence, like an overdue test, fails).
    let clean = |c: &&Value| c["queries"].as_array().unwrap().iter().all(|q| q["status"] == "pass");
    for c in controls.iter().filter(|c| examined_nothing(c)).filter(clean) {
        assert_eq!(c["status"], "missing", "{c}");
    }
    // The queries over the repo itself (controls, criteria, git files) did examine something.
    let examined = control(&json, "GOV-12");
    assert_eq!(examined["status"], "pass", "{examined}");
    assert!(examined["queries"][0]["population"][0]["rows"].as_u64().unwrap() > 0);

    // The canonical windowed check: no commit in the 90 days CHG-05 examines is no evidence.
    let chg05 = control(&json, "CHG-05");
    assert_eq!(chg05["status"], "missing", "{chg05}");
    assert_eq!(
        chg05["reasons"][0],
        "no evidence to test: git_commits with committed_at since 2026-04-01; \
         git_merges with committed_at since 2026-04-01 has no rows"
    );
    // An access review register with no rows: the quarterly review is missing.
    let ac03 = control(&json, "AC-03");
    assert_eq!(ac03["status"], "missing");
    assert!(
        ac03["reasons"][0]
            .as_str()
            .unwrap()
            .contains("access_reviews where lower(completed) = 'yes' with review_date since 2026-03-22"),
        "{ac03}"
    );
}

#[test]
fn a_recent_direct_commit_is_examined_and_fails() {
    let fx = fresh_collected_repo().file("notes.md", "hotfix\n");
    commit_all(&fx, "quick fix for prod config", "2026-06-20T10:00:00Z");
    fx.soc2(&["collect", "git"]).code(0);
    let json = fx.soc2(&["check", "--format", "json", "--control", "CHG-05"]).json();
    let chg05 = control(&json, "CHG-05");
    assert_eq!(chg05["status"], "fail", "{chg05}");
    assert_eq!(chg05["queries"][0]["population"][0]["rows"], 1);
    assert!(chg05["findings"][0]["reason"].as_str().unwrap().contains("pushed directly by Ann Archer"));
}

#[test]
fn nothing_occurring_is_missing_until_attested() {
    let fx = fresh_collected_repo();
    let check = |fx: &Fixture, id: &str| fx.soc2(&["check", "--format", "json", "--control", id]).json();
    let json = check(&fx, "IR-02");
    let ir02 = control(&json, "IR-02");
    assert_eq!(ir02["status"], "missing", "{ir02}");
    let reason = ir02["reasons"][0].as_str().unwrap();
    assert!(reason.starts_with("nothing occurred (incident_log where"), "{reason}");
    assert!(reason.ends_with("confirm it with `soc2 attest IR-02 --not-occurring --by WHO`"), "{reason}");

    // A control where empty is missing evidence refuses the attestation.
    fx.soc2(&["attest", "AC-03", "--not-occurring", "--by", "x@y", "--external"])
        .code(2)
        .stderr_has("AC-03 does not accept \"not occurring\"");

    fx.soc2(&["attest", "IR-02", "--not-occurring", "--by", "x@y", "--external"]).code(0);
    let json = check(&fx, "IR-02");
    let ir02 = control(&json, "IR-02");
    assert_eq!(ir02["status"], "not-occurring", "{ir02}");
    assert!(ir02["reasons"][0].as_str().unwrap().ends_with(&format!("attested by x@y on {}", &NOW[..10])), "{ir02}");
    assert_eq!(json["summary"]["gaps"], 0);
    assert_eq!(json["summary"]["not_occurring"], 1);

    // The attestation stands 90 days; then the control is missing again.
    let later = fx.soc2(&["check", "--format", "json", "--control", "IR-02", "--now", "2026-10-15"]).json();
    assert_eq!(control(&later, "IR-02")["status"], "missing");

    // Once something occurred, the control is judged on it.
    let header = fx.read("registers/incident_log.csv");
    let fx = fx.file(
        "registers/incident_log.csv",
        format!(
            "{}\n{}\n",
            header.trim_end(),
            header
                .trim()
                .split(',')
                .map(|c| match c {
                    "incident_id" => "INC-1",
                    "title" => "Phishing email reported",
                    "category" => "security",
                    "severity" => "low",
                    "status" => "open",
                    "detected_date" => "2026-06-28",
                    "owner_email" => "dana@test.example",
                    _ => "",
                })
                .collect::<Vec<_>>()
                .join(",")
        ),
    );
    fx.soc2(&["collect", "incident_log"]).code(0);
    let json = check(&fx, "IR-02");
    assert_eq!(control(&json, "IR-02")["status"], "pass", "{json}");
}

/// An attestation that nothing occurred is not the control's ordinary attestation.
#[test]
fn a_not_occurring_attestation_does_not_stand_for_the_controls_attestation() {
    let fx = fresh_collected_repo();
    fx.soc2(&["attest", "PRIV-09", "--not-occurring", "--by", "x@y", "--external"]).code(0);
    let json = fx.soc2(&["check", "--format", "json", "--control", "PRIV-09"]).json();
    let priv09 = control(&json, "PRIV-09");
    assert_eq!(priv09["status"], "missing", "{priv09}");
    let reasons = priv09["reasons"].to_string();
    assert!(reasons.contains("no attestation"), "{reasons}");
    assert!(
        reasons.contains("nothing occurred (privacy_requests with received_date since 2025-06-30 has no rows)"),
        "{reasons}"
    );
}

/// A collected dataset with no rows and no declared columns (AWS, Kubernetes)
/// has none for a population's condition to name: it examined nothing, no error.
#[test]
fn an_empty_dataset_without_declared_columns_is_missing_not_an_error() {
    let meta = r#"{"collector":"aws_kms_keys","dataset":"aws_kms_keys","kind":"command","source":"test","collected_at":"2026-06-30T06:00:00Z","rows":0,"sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","soc2_version":"test"}"#;
    let fx = fresh_collected_repo()
        .file("evidence/aws_kms_keys/aws_kms_keys.jsonl", "")
        .file("evidence/aws_kms_keys/aws_kms_keys.meta.json", meta);
    let json = fx.soc2(&["check", "--format", "json", "--control", "CRYPT-03"]).json();
    let crypt03 = control(&json, "CRYPT-03");
    assert_eq!(crypt03["status"], "missing", "{crypt03}");
    assert_eq!(
        crypt03["reasons"][0],
        "no evidence to test: aws_kms_keys where KeyManager = 'CUSTOMER' AND KeyState = 'Enabled' has no rows"
    );
}
