//! Tool outputs as evidence: Prowler's OCSF, SARIF, Steampipe (and osquery
//! through a plain `command` collector), read from the recorded outputs in
//! tests/fixtures/scanners/ through the real binary.

use std::path::Path;

use crate::support::{Fixture, Run, SOC2_TOML};

fn scanner(path: &str) -> Vec<u8> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scanners").join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn library(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn repo(collectors: &str) -> Fixture {
    Fixture::empty().file("soc2.toml", format!("{SOC2_TOML}\n{collectors}"))
}

fn read_rows(fx: &Fixture, path: &str) -> Vec<serde_json::Value> {
    fx.read(path).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// Every file under `evidence/`, concatenated.
fn all_evidence(fx: &Fixture) -> String {
    let mut text = String::new();
    for entry in walkdir::WalkDir::new(fx.join("evidence")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            text.push_str(&String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()));
        }
    }
    text
}

fn assert_nowhere(fx: &Fixture, run: &Run, secret: &str) {
    assert!(!all_evidence(fx).contains(secret), "{secret} leaked into evidence/");
    assert!(!run.stdout.contains(secret), "{secret} leaked into stdout:\n{}", run.stdout);
    assert!(!run.stderr.contains(secret), "{secret} leaked into stderr:\n{}", run.stderr);
}

/// A value shaped like an AWS secret access key (40 characters), in no token pattern the redactor knows.
const AWS_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";

// ------------------------------------------------------------------ Prowler

const PROWLER_FILE: &str = r#"
[collectors.prowler_findings]
kind = "file"
path = "scans/prowler-output.ocsf.json"
"#;

#[test]
fn prowler_ocsf_becomes_one_normalized_row_per_finding() {
    let fx = repo(PROWLER_FILE).file("scans/prowler-output.ocsf.json", scanner("prowler/aws-ocsf.json"));
    let run = fx.soc2(&["collect"]);
    run.code(0).no_panic();
    assert_eq!(run.stdout, "prowler_findings  ok                1 dataset   21 rows\n");
    let rows = read_rows(&fx, "evidence/prowler_findings/prowler_findings.jsonl");
    assert_eq!(rows.len(), 21);
    let columns: Vec<&str> = soc2::collect::ocsf::COLUMNS.iter().map(|c| c.0).collect();
    for r in &rows {
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, columns, "every row has every column");
    }
    let count = |status: &str| rows.iter().filter(|r| r["status"] == status).count();
    assert_eq!((count("PASS"), count("FAIL"), count("MANUAL")), (11, 9, 1));
    let bob = rows.iter().find(|r| r["resource_name"] == "bob.builder").unwrap();
    assert_eq!(
        *bob,
        serde_json::json!({
            "account_name": "acme-production",
            "account_uid": "123456789012",
            "check_id": "iam_user_mfa_enabled_console_access",
            "check_title": "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password.",
            "compliance": {"CIS-3.0": ["1.10"], "ISO27001-2022": ["A.8.5"], "SOC2": ["cc_6_1"]},
            "finding_uid": "prowler-aws-iam_user_mfa_enabled_console_access-123456789012-eu-west-1-bob.builder",
            "message": "User bob.builder has Console Password enabled but MFA disabled.",
            "muted": false,
            "product": "Prowler",
            "provider": "aws",
            "region": "eu-west-1",
            "remediation": "Enable MFA for the user's account.",
            "resource_name": "bob.builder",
            "resource_type": "AwsIamUser",
            "resource_uid": "arn:aws:iam::123456789012:user/bob.builder",
            "service": "iam",
            "severity": "High",
            "status": "FAIL",
            "time": "2026-06-30T09:00:00.000000"
        })
    );
    // Validate parses the same file and finds nothing to say.
    fx.soc2(&["validate"]).code(0);
}

#[test]
fn a_cut_off_prowler_file_is_located_by_validate_and_fails_collect_keeping_the_snapshot() {
    let fx = repo(PROWLER_FILE).file("scans/prowler-output.ocsf.json", scanner("prowler/aws-ocsf.json"));
    fx.soc2(&["collect"]).code(0);
    let before = fx.read("evidence/prowler_findings/prowler_findings.jsonl");
    let fx = fx.file("scans/prowler-output.ocsf.json", scanner("prowler/malformed.json"));

    let run = fx.soc2(&["validate"]);
    run.code(2).no_panic();
    let lines = scanner("prowler/malformed.json").split(|b| *b == b'\n').count();
    run.stderr_has(&format!("scans/prowler-output.ocsf.json:{lines}:"))
        .stderr_has("finding 9: EOF while parsing")
        .stderr_has("(the file is cut off)")
        .stderr_has("collector `prowler_findings` reads this file as ocsf");

    let json = fx.soc2(&["validate", "--format", "json"]);
    json.code(2).no_panic();
    let json = json.json();
    assert_eq!(json["valid"], false);
    assert_eq!(json["diagnostics"][0]["path"], "scans/prowler-output.ocsf.json");
    assert_eq!(json["diagnostics"][0]["line"], lines);
    assert_eq!(json["diagnostics"][0]["severity"], "error");

    let run = fx.soc2(&["collect"]);
    run.code(1).no_panic();
    run.stdout_has("prowler_findings  failed").stdout_has(&format!("scans/prowler-output.ocsf.json:{lines}:"));
    assert_eq!(fx.read("evidence/prowler_findings/prowler_findings.jsonl"), before, "previous snapshot kept");
    let meta: serde_json::Value =
        serde_json::from_str(&fx.read("evidence/prowler_findings/prowler_findings.meta.json")).unwrap();
    assert!(meta["last_error"].as_str().unwrap().contains("the file is cut off"), "{meta}");
}

#[test]
fn other_json_given_as_ocsf_is_an_error_not_an_empty_table() {
    let fx = repo(
        r#"
[collectors.prowler_findings]
kind = "file"
path = "scan.json"
format = "prowler"
"#,
    )
    .file("scan.json", "[\n  {\"CheckID\": \"s3_bucket_public_access\", \"Status\": \"FAIL\"}\n]\n");
    let run = fx.soc2(&["validate"]);
    run.code(2).no_panic();
    run.stderr_has("scan.json:2:").stderr_has(
        "finding 1: missing field `metadata` (is this Prowler's OCSF output, `--output-formats json-ocsf`?)",
    );
    fx.soc2(&["collect"]).code(1).stdout_has("missing field `metadata`");
}

#[test]
fn prowler_from_a_command_is_spooled_and_its_secrets_are_redacted() {
    // The scan echoes the secret key it was given into a finding's message.
    let fx = repo(
        r#"
[collectors.prowler_findings]
kind = "command"
run = "sed \"s|User bob.builder has|User bob.builder (key $AWS_SECRET_ACCESS_KEY) has|\" scan.json"
shell = true
format = "ocsf"
env = { AWS_SECRET_ACCESS_KEY = "${AWS_SECRET_ACCESS_KEY}" }
"#,
    )
    .file("scan.json", scanner("prowler/aws-ocsf.json"));
    let run = fx.soc2_env(&["collect"], &[("AWS_SECRET_ACCESS_KEY", AWS_SECRET)]);
    run.code(0).no_panic();
    assert_nowhere(&fx, &run, AWS_SECRET);
    let rows = read_rows(&fx, "evidence/prowler_findings/prowler_findings.jsonl");
    assert_eq!(rows.len(), 21);
    assert!(rows.iter().any(|r| r["message"] == "User bob.builder (key [REDACTED]) has Console Password enabled but MFA disabled."));

    // A malformed output fails with its position in the output.
    let fx = fx.file("scan.json", scanner("prowler/malformed.json"));
    let run = fx.soc2_env(&["collect"], &[("AWS_SECRET_ACCESS_KEY", AWS_SECRET)]);
    run.code(1).no_panic().stdout_has("output is not valid ocsf: line ");
}

/// The library's control `id` with its queries, owned by the fixture's person and policy.
fn with_library_control(mut fx: Fixture, id: &str) -> Fixture {
    let control = library(&format!("controls/{id}.yaml"));
    for query in control.lines().filter_map(|l| l.trim().strip_prefix("- query: ")) {
        let query = query.trim();
        fx = fx.file(&format!("queries/{query}.sql"), library(&format!("queries/{query}.sql")));
    }
    let control: String = control
        .lines()
        .map(|l| match l {
            l if l.starts_with("policies:") => "policies: [access-control]\n".to_owned(),
            l if l.starts_with("owner:") => "owner: dana@test.example\n".to_owned(),
            l => format!("{l}\n"),
        })
        .collect();
    fx.file(&format!("controls/{id}.yaml"), control).file("policies/access-control.md", crate::support::POLICY)
}

/// Each control's status in `soc2 check --format json`.
fn statuses(fx: &Fixture) -> std::collections::BTreeMap<String, String> {
    let json = fx.soc2(&["check", "--format", "json"]).json();
    json["controls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap().to_owned(), c["status"].as_str().unwrap().to_owned()))
        .collect()
}

#[test]
fn prowler_fail_findings_turn_the_mapped_cloud_controls_red() {
    let mut fx = repo(PROWLER_FILE).file("scans/prowler-output.ocsf.json", scanner("prowler/aws-ocsf.json"));
    for id in ["CLD-01", "CLD-02", "CLD-04"] {
        fx = with_library_control(fx, id);
    }
    fx.soc2(&["collect"]).code(0);
    let statuses = statuses(&fx);
    assert_eq!(
        (statuses["CLD-01"].as_str(), statuses["CLD-02"].as_str(), statuses["CLD-04"].as_str()),
        ("fail", "fail", "fail")
    );
    let human = fx.soc2(&["check"]);
    human.stdout_has("arn:aws:iam::123456789012:user/bob.builder").stdout_has("iam_user_mfa_enabled_console_access");
    human.stdout_has("sg-0bas000000000001");
    insta::assert_snapshot!("prowler_check_human", human.stdout);
}

// -------------------------------------------------------------------- SARIF

const SARIF_FILES: &str = r#"
[collectors.sarif_results]
kind = "file"
path = "scans/*.sarif"
"#;

fn sarif_repo() -> Fixture {
    repo(SARIF_FILES)
        .file("scans/trivy.sarif", scanner("sarif/trivy.sarif"))
        .file("scans/semgrep.sarif", scanner("sarif/semgrep.sarif"))
        .file("scans/codeql.sarif", scanner("sarif/codeql.sarif"))
}

#[test]
fn sarif_from_trivy_semgrep_and_codeql_becomes_one_row_per_result() {
    let fx = sarif_repo();
    let run = fx.soc2(&["collect"]);
    run.code(0).no_panic();
    let rows = read_rows(&fx, "evidence/sarif_results/sarif_results.jsonl");
    let columns: Vec<&str> = soc2::collect::sarif::COLUMNS.iter().map(|c| c.0).collect();
    for r in &rows {
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, columns, "every row has every column");
    }
    let by_tool = |t: &str| rows.iter().filter(|r| r["tool"] == t).count();
    assert_eq!((by_tool("Trivy"), by_tool("CodeQL")), (4, 3));
    let semgrep = rows.iter().filter(|r| r["tool"].as_str().is_some_and(|t| t.starts_with("Semgrep"))).count();
    assert_eq!(rows.len(), 7 + semgrep);
    assert!(semgrep > 0);

    let crit = rows.iter().find(|r| r["rule_id"] == "CVE-2024-45337").unwrap();
    assert_eq!(crit["severity"], "critical");
    assert_eq!(crit["security_severity"], 9.1);
    assert_eq!(crit["level"], "error");
    assert_eq!((crit["uri"].as_str(), crit["line"].as_i64()), (Some("app/go.mod"), Some(1)));
    assert_eq!(crit["tool_version"], "0.58.1");
    let sqli = rows.iter().find(|r| r["rule_id"] == "js/sql-injection").unwrap();
    assert_eq!((sqli["severity"].as_str(), sqli["uri"].as_str()), (Some("high"), Some("web/server/routes/search.js")));
    assert_eq!(sqli["fingerprint"], "1ff29732f40d7098:1");
    assert_eq!(sqli["tool_version"], "2.20.1");
    let unused = rows.iter().find(|r| r["rule_id"] == "js/unused-local-variable").unwrap();
    assert_eq!((unused["level"].as_str(), unused["severity"].clone()), (Some("note"), serde_json::Value::Null));
    // Semgrep lists results before its tool: levels still come from the rules.
    let semgrep_row = rows.iter().find(|r| r["tool"].as_str().is_some_and(|t| t.starts_with("Semgrep"))).unwrap();
    assert_eq!(semgrep_row["level"], "error", "{semgrep_row}");
    assert!(semgrep_row["fingerprint"].as_str().is_some_and(|f| f.len() > 20), "{semgrep_row}");
    fx.soc2(&["validate"]).code(0);
}

#[test]
fn open_critical_and_high_sarif_results_turn_vuln_09_red() {
    let fx = with_library_control(sarif_repo(), "VULN-09");
    fx.soc2(&["collect"]).code(0);
    assert_eq!(statuses(&fx)["VULN-09"], "fail");
    let json = fx.soc2(&["check", "--format", "json", "--control", "VULN-09"]).json();
    let findings: Vec<String> = json["controls"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "alarm")
        .map(|f| format!("{} | {}", f["resource"].as_str().unwrap(), f["reason"].as_str().unwrap()))
        .collect();
    assert!(
        findings.contains(&"app/go.mod:1 | Trivy CVE-2024-45337 (critical 9.1, first detection not recorded): Package: golang.org/x/crypto · Installed Version: v0.29.0 · Vulnerability CVE-2024-45337 · Severity: CRITICAL · Fixed Version: 0.31.0 · Link: [CVE-2024-45337](https://avd.aquasec.com/nvd/cve-2024-45337)".to_owned()),
        "{findings:#?}"
    );
    assert!(
        findings.iter().any(|f| f.starts_with("web/server/routes/search.js:34 | CodeQL js/sql-injection (high 8.8")),
        "{findings:#?}"
    );
    assert!(!findings.iter().any(|f| f.contains("js/unused-local-variable")), "notes without a score are not findings");
}

#[test]
fn a_malformed_sarif_file_is_located_and_fails_only_its_collector() {
    let fx = sarif_repo();
    fx.soc2(&["collect"]).code(0);
    let before = fx.read("evidence/sarif_results/sarif_results.jsonl");
    let fx = fx.file("scans/trivy.sarif", scanner("sarif/malformed.sarif"));
    let run = fx.soc2(&["validate"]);
    run.code(2).no_panic();
    run.stderr_has("scans/trivy.sarif:13:").stderr_has("runs[0]: EOF while parsing");
    let run = fx.soc2(&["collect"]);
    run.code(1).no_panic().stdout_has("scans/trivy.sarif:13:");
    assert_eq!(fx.read("evidence/sarif_results/sarif_results.jsonl"), before);
}

#[test]
fn sarif_from_a_command_keeps_secrets_out() {
    let fx = repo(
        r#"
[collectors.sarif_results]
kind = "command"
run = "sed \"s|Unused variable pad.|Unused variable $AWS_SECRET_ACCESS_KEY.|\" codeql.sarif; echo \"scanned with $AWS_SECRET_ACCESS_KEY\" >&2"
shell = true
format = "sarif"
env = { AWS_SECRET_ACCESS_KEY = "${AWS_SECRET_ACCESS_KEY}" }
"#,
    )
    .file("codeql.sarif", scanner("sarif/codeql.sarif"));
    let run = fx.soc2_env(&["collect"], &[("AWS_SECRET_ACCESS_KEY", AWS_SECRET)]);
    run.code(0).no_panic();
    assert_nowhere(&fx, &run, AWS_SECRET);
    assert!(fx.read("evidence/sarif_results/sarif_results.jsonl").contains("Unused variable [REDACTED]."));
}

#[test]
fn select_does_not_apply_to_adapter_formats() {
    let fx = repo(
        r#"
[collectors.sarif_results]
kind = "file"
path = "scan.sarif"
select = "runs"
"#,
    );
    let run = fx.soc2(&["validate"]);
    run.code(2).stderr_has("soc2.toml:").stderr_has("`collectors.sarif_results.select`: does not apply to sarif files");
}

// ---------------------------------------------------------------- Steampipe

/// A fake `steampipe` on PATH that records its arguments and prints `output`.
fn with_fake_steampipe(fx: Fixture, output: &[u8], extra: &str) -> Fixture {
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$PWD/steampipe-args.txt\"\n{extra}\ncat \"$PWD/steampipe-output.json\"\n"
    );
    let fx = fx.file("bin/steampipe", script).file("steampipe-output.json", output);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(fx.join("bin/steampipe"), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    fx
}

fn path_with(fx: &Fixture) -> String {
    format!("{}:{}", fx.join("bin").display(), std::env::var("PATH").unwrap_or_default())
}

const OKTA: &str = r#"
[collectors.okta_users]
kind = "steampipe"
query = "select login, email, status, created, last_login, password_changed, user_type, profile from okta_user"
connection = "okta"
timeout = "1m"
"#;

#[test]
fn steampipe_runs_the_query_and_stores_its_rows() {
    let fx = with_fake_steampipe(repo(OKTA), &scanner("steampipe/okta_user.json"), "");
    let run = fx.soc2_env(&["collect"], &[("PATH", &path_with(&fx))]);
    run.code(0).no_panic();
    assert_eq!(
        fx.read("steampipe-args.txt"),
        "query\n--output\njson\n--search-path-prefix\nokta\nselect login, email, status, created, last_login, password_changed, user_type, profile from okta_user\n"
    );
    let rows = read_rows(&fx, "evidence/okta_users/okta_users.jsonl");
    let expected: serde_json::Value = serde_json::from_slice(&scanner("steampipe/okta_user.json")).unwrap();
    assert_eq!(rows.len(), expected["rows"].as_array().unwrap().len());
    assert!(rows.iter().all(|r| r.as_object().unwrap().len() == 8), "every column on every row");
    let meta: serde_json::Value = serde_json::from_str(&fx.read("evidence/okta_users/okta_users.meta.json")).unwrap();
    assert_eq!(meta["kind"], "steampipe");
    assert!(
        meta["source"]
            .as_str()
            .unwrap()
            .starts_with("steampipe query --output json --search-path-prefix okta 'select login")
    );

    // Steampipe before 0.21 printed the bare array of rows: the same table.
    let bare = serde_json::to_vec(&expected["rows"]).unwrap();
    let fx = with_fake_steampipe(fx, &bare, "");
    fx.soc2_env(&["collect"], &[("PATH", &path_with(&fx))]).code(0);
    assert_eq!(
        read_rows(&fx, "evidence/okta_users/okta_users.jsonl").len(),
        expected["rows"].as_array().unwrap().len()
    );
}

#[test]
fn steampipe_failures_and_garbage_fail_the_collector_and_secrets_stay_out() {
    let token = "00aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789ab";
    let collectors = format!("{OKTA}env = {{ OKTA_TOKEN = \"${{OKTA_TOKEN}}\" }}\n");
    // The plugin echoes the token in its error.
    let fx = with_fake_steampipe(repo(&collectors), b"", "echo \"Error: okta: 401 for token $OKTA_TOKEN\" >&2; exit 1");
    let run = fx.soc2_env(&["collect"], &[("PATH", &path_with(&fx)), ("OKTA_TOKEN", token)]);
    run.code(1)
        .no_panic()
        .stdout_has("`steampipe` exited with status 1; stderr: Error: okta: 401 for token [REDACTED]");
    assert_nowhere(&fx, &run, token);

    // Rows echoing the token are redacted too.
    let fx = with_fake_steampipe(fx, format!("[{{\"login\": \"svc\", \"note\": \"{token}\"}}]").as_bytes(), "");
    let run = fx.soc2_env(&["collect"], &[("PATH", &path_with(&fx)), ("OKTA_TOKEN", token)]);
    run.code(0).no_panic();
    assert_nowhere(&fx, &run, token);

    let fx = with_fake_steampipe(fx, b"{\"error\": \"no such table\"}", "");
    let run = fx.soc2_env(&["collect"], &[("PATH", &path_with(&fx)), ("OKTA_TOKEN", token)]);
    run.code(1).no_panic().stdout_has("steampipe output is not valid JSON rows: expected {\"columns\"");
}

#[test]
fn steampipe_options_are_checked() {
    let fx = repo("[collectors.okta_users]\nkind = \"steampipe\"\nquery = \" \"\nconnection = \"-x\"\n");
    let run = fx.soc2(&["validate"]);
    run.code(2)
        .stderr_has("soc2.toml:10:9: error: `collectors.okta_users.query`: is empty")
        .stderr_has("`collectors.okta_users.connection`: `-x` is not a Steampipe connection name");
    let fx = repo("[collectors.okta_users]\nkind = \"steampipe\"\n");
    fx.soc2(&["validate"]).code(2).stderr_has("a `steampipe` collector needs `collectors.okta_users.query`");
}

// ------------------------------------------------------------------ osquery

#[test]
fn osquery_json_is_read_by_a_command_collector_and_secrets_stay_out() {
    let fx = repo(
        r#"
[collectors.osquery_disk_encryption]
kind = "command"
run = "sed \"s|5F2C0A9E-7D1B-4E3A-9C8F-2B6D4A1E0F33|$FLEET_API_TOKEN|\" disk_encryption.json"
shell = true
format = "json"
env = { FLEET_API_TOKEN = "${FLEET_API_TOKEN}" }
"#,
    )
    .file("disk_encryption.json", scanner("osquery/disk_encryption.json"));
    let token = "fleet-token-0123456789abcdef";
    let run = fx.soc2_env(&["collect"], &[("FLEET_API_TOKEN", token)]);
    run.code(0).no_panic();
    assert_nowhere(&fx, &run, token);
    let rows = read_rows(&fx, "evidence/osquery_disk_encryption/osquery_disk_encryption.jsonl");
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().any(|r| r["hostname"] == "carol-xps" && r["encrypted"] == "0"));
}

#[test]
fn osquery_outputs_feed_the_endpoint_queries() {
    let mut fx = repo(
        r#"
[collectors.osquery_disk_encryption]
kind = "command"
run = ["cat", "osquery/disk_encryption.json"]

[collectors.osquery_screenlock]
kind = "command"
run = ["cat", "osquery/screenlock.json"]

[collectors.osquery_firewall]
kind = "command"
run = ["cat", "osquery/firewall.json"]

[collectors.osquery_os_version]
kind = "command"
run = ["cat", "osquery/os_version.json"]

[collectors.osquery_local_admins]
kind = "command"
run = ["cat", "osquery/local_admins.json"]
"#,
    );
    for name in ["disk_encryption", "screenlock", "firewall", "os_version", "local_admins"] {
        fx = fx.file(&format!("osquery/{name}.json"), scanner(&format!("osquery/{name}.json")));
    }
    let mut control = String::from(
        "id: END-01\ntitle: Endpoints as osquery reports them\ncriteria: [CC6.1]\nowner: dana@test.example\npolicies: [access-control]\nqueries:\n",
    );
    for q in [
        "osquery_disks_unencrypted",
        "osquery_screen_lock_disabled",
        "osquery_firewall_disabled",
        "osquery_os_unsupported",
        "osquery_users_with_local_admin",
    ] {
        control.push_str(&format!("  - query: {q}\n"));
        fx = fx.file(&format!("queries/{q}.sql"), library(&format!("queries/{q}.sql")));
    }
    let fx = fx.file("controls/END-01.yaml", control).file("policies/access-control.md", crate::support::POLICY);
    fx.soc2(&["collect"]).code(0);
    let json = fx.soc2(&["check", "--format", "json"]).json();
    let alarms: Vec<String> = json["controls"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "alarm")
        .map(|f| {
            format!(
                "{}: {} | {}",
                f["query"].as_str().unwrap_or(""),
                f["resource"].as_str().unwrap(),
                f["reason"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(json["controls"][0]["status"], "fail");
    insta::assert_snapshot!("osquery_alarms", alarms.join("\n"));
}
