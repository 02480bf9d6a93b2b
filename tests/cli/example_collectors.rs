//! The identity-provider, incident-management and Kubernetes collectors of soc2.toml's examples,
//! run as shipped: the commented block of templates/soc2.toml.example-collectors is uncommented
//! into a `soc2 init` repo, then `soc2 collect` reads recorded outputs (a local 127.0.0.1 server
//! answering as the Google Admin SDK, Microsoft Graph or the PagerDuty REST API, a fake `kubectl`
//! on PATH printing recorded `kubectl get -o json` output) and `soc2 check` evaluates the library
//! controls reading those tables. No network.

use std::path::Path;

use serde_json::Value;

use crate::collect::{Server, resp};
use crate::support::{Fixture, Run};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const EXAMPLES: &str = include_str!("../../templates/soc2.toml.example-collectors");

/// The commented example `[collectors.NAME]` of the template, uncommented.
fn example(name: &str) -> String {
    let header = format!("# [collectors.{name}]");
    let mut block = String::new();
    for line in EXAMPLES.lines().skip_while(|l| *l != header) {
        let Some(body) = line.strip_prefix("# ") else { break };
        block.push_str(body);
        block.push('\n');
    }
    assert!(!block.is_empty(), "no example `{header}` in templates/soc2.toml.example-collectors");
    block
}

/// A fresh `soc2 init` repo with the examples `blocks` enabled and `roster` as its HR roster rows.
fn repo(blocks: &[String], roster: &str) -> Fixture {
    let fx = Fixture::empty();
    fx.soc2(&["init", "."]).code(0);
    let toml = format!("{}\n{}", fx.read("soc2.toml"), blocks.join("\n"));
    let header = fx.read("registers/hr_roster.csv");
    fx.file("soc2.toml", toml).file("registers/hr_roster.csv", format!("{header}{roster}"))
}

/// The findings of one control as `(status, resource)`, from `check --format json` (which lists
/// the rows that are not `ok`).
fn findings(fx: &Fixture, control: &str) -> (String, Vec<(String, String)>) {
    findings_with(fx, control, &[])
}

/// [`findings`] with more arguments for `check` (`--now`).
fn findings_with(fx: &Fixture, control: &str, args: &[&str]) -> (String, Vec<(String, String)>) {
    let mut all = vec!["check", "--control", control, "--format", "json"];
    all.extend_from_slice(args);
    let run = fx.soc2(&all);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let json = run.json();
    let c = &json["controls"][0];
    let rows = c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["status"].as_str().unwrap().to_owned(), f["resource"].as_str().unwrap().to_owned()))
        .collect();
    (c["status"].as_str().unwrap().to_owned(), rows)
}

/// The resources of `found` whose status is `alarm`, in order.
fn alarms(found: &[(String, String)]) -> Vec<&str> {
    found.iter().filter(|(s, _)| s == "alarm").map(|(_, r)| r.as_str()).collect()
}

/// The token is in none of `tables`' evidence files and not in the run's output.
fn assert_token_nowhere(fx: &Fixture, run: &Run, token: &str, tables: &[&str]) {
    for table in tables {
        for file in [format!("{table}.meta.json"), format!("{table}.jsonl")] {
            assert!(!fx.read(&format!("evidence/{table}/{file}")).contains(token), "{table}/{file}");
        }
    }
    assert!(!run.stderr.contains(token) && !run.stdout.contains(token));
}

fn recorded(path: &str) -> String {
    std::fs::read_to_string(Path::new(FIXTURES).join(path)).unwrap()
}

fn rows(fx: &Fixture, path: &str) -> Vec<Value> {
    fx.read(path).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

const ROSTER: &str = "ann@acme.example,Ann Archer,Engineering,SRE,,employee,Berlin,2024-03-01,,active,ann,,2024-03-01,,2025-03-01\n\
    carl@acme.example,Carl Cole,Engineering,Developer,ann@acme.example,employee,Berlin,2024-03-01,2026-05-31,terminated,carl,,2024-03-01,,2025-03-01\n\
    erin@acme.example,Erin Eady,Sales,AE,ann@acme.example,employee,Berlin,2024-03-01,2026-01-31,terminated,,,2024-03-01,2026-02-01,2025-03-01\n";

#[test]
fn google_workspace_users_are_paged_through_and_tied_to_the_roster_and_2sv() {
    let token = "ya29.recorded-google-access-token-value";
    let server = Server::start(move |req, _| {
        if req.headers.get("authorization").map(String::as_str) != Some(&format!("Bearer {token}")) {
            return resp(
                401,
                r#"{"error": {"code": 401, "message": "Request had invalid authentication credentials."}}"#,
            );
        }
        match req.target.as_str() {
            "/admin/directory/v1/users?customer=my_customer&maxResults=500&orderBy=email" => {
                resp(200, recorded("google_workspace/users-1.json"))
            }
            "/admin/directory/v1/users?customer=my_customer&maxResults=500&orderBy=email&pageToken=Q2FybEBhY21lLmV4YW1wbGU" => {
                resp(200, recorded("google_workspace/users-2.json"))
            }
            _ => resp(404, r#"{"error": {"code": 404, "message": "Not Found"}}"#),
        }
    });
    let block = example("google_workspace_users").replace("https://admin.googleapis.com", &server.base);
    let fx = repo(&[block], ROSTER);
    let run = fx.soc2_env(
        &["collect", "google_workspace_users", "hr_roster"],
        &[("NO_PROXY", "127.0.0.1,localhost"), ("SOC2_HTTP_MAX_WAIT", "2"), ("GOOGLE_WORKSPACE_TOKEN", token)],
    );
    run.code(0);
    assert_eq!(server.requests().len(), 2);
    let users = rows(&fx, "evidence/google_workspace_users/google_workspace_users.jsonl");
    let mut emails: Vec<&str> = users.iter().map(|u| u["primaryEmail"].as_str().unwrap()).collect();
    emails.sort_unstable();
    assert_eq!(emails, ["ann@acme.example", "carl@acme.example", "dev@acme.example", "erin@acme.example"]);
    assert_token_nowhere(&fx, &run, token, &["google_workspace_users"]);

    // Carl left but his account is active; dev@ is in no roster and has no 2SV; Erin's is suspended.
    let (status, found) = findings(&fx, "AC-14");
    assert_eq!(status, "fail");
    assert_eq!(alarms(&found), ["carl@acme.example", "dev@acme.example", "dev@acme.example"]);
    assert!(!found.iter().any(|(_, r)| r == "erin@acme.example"), "{found:?}");
}

#[test]
fn entra_users_are_paged_through_next_links_and_tied_to_the_roster_and_mfa_registration() {
    let token = "eyJ0eXAiOiJKV1QiLCJub25jZSI6InJlY29yZGVkIn0.recorded-graph-access-token";
    let users =
        "/v1.0/users?$select=id,userPrincipalName,mail,displayName,accountEnabled,userType,createdDateTime&$top=999";
    let server = Server::start(move |req, base| {
        if req.headers.get("authorization").map(String::as_str) != Some(&format!("Bearer {token}")) {
            return resp(
                401,
                r#"{"error": {"code": "InvalidAuthenticationToken", "message": "Access token is empty."}}"#,
            );
        }
        // Graph's next links are absolute: the recorded ones name this server instead.
        let page = |path: &str| recorded(path).replace("https://graph.microsoft.com", base);
        let second = format!(
            "{users}&$skiptoken=RFNwdAIAAQAAACtVc2VyXzNiOWQ0YzcwLTFlMmYtNGE1Ni04YjdjLTlkMGUxZjJhM2I0YwAAAAAAAAAAAAAA"
        );
        match req.target.as_str() {
            t if t == users => resp(200, page("entra/users-1.json")),
            t if t == second => resp(200, page("entra/users-2.json")),
            "/v1.0/reports/authenticationMethods/userRegistrationDetails" => {
                resp(200, page("entra/registration-details.json"))
            }
            _ => resp(404, r#"{"error": {"code": "Request_ResourceNotFound", "message": "Resource does not exist."}}"#),
        }
    });
    let blocks =
        [example("entra_users"), example("entra_mfa")].map(|b| b.replace("https://graph.microsoft.com", &server.base));
    // Finn joined in June and registered only an email for password reset.
    let roster = format!(
        "{ROSTER}finn@acme.example,Finn Fox,Sales,AE,ann@acme.example,employee,Berlin,2026-06-22,,active,,,2026-06-22,,\n"
    );
    let fx = repo(&blocks, &roster);
    let run = fx.soc2_env(
        &["collect", "entra_users", "entra_mfa", "hr_roster"],
        &[("NO_PROXY", "127.0.0.1,localhost"), ("SOC2_HTTP_MAX_WAIT", "2"), ("ENTRA_TOKEN", token)],
    );
    run.code(0);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets.len(), 3, "{targets:?}");
    let users = rows(&fx, "evidence/entra_users/entra_users.jsonl");
    let mut names: Vec<&str> = users.iter().map(|u| u["userPrincipalName"].as_str().unwrap()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "ann@acmerobotics.onmicrosoft.com",
            "carl@acme.example",
            "dev@acme.example",
            "erin@acme.example",
            "finn@acme.example",
            "pat_partner.example#EXT#@acmerobotics.onmicrosoft.com",
        ]
    );
    let registrations = rows(&fx, "evidence/entra_mfa/entra_mfa.jsonl");
    assert_eq!(registrations.len(), 5);
    assert_eq!(registrations[0]["methodsRegistered"][0], "microsoftAuthenticatorPush");
    assert_token_nowhere(&fx, &run, token, &["entra_users", "entra_mfa"]);

    // Carl left but his account is enabled; dev@ is in no roster; Finn has no MFA method. Ann is
    // matched by her mail (her sign-in name is the tenant's default domain); Erin's account is
    // disabled and Pat is a guest: neither is a finding.
    let (status, found) = findings(&fx, "AC-17");
    assert_eq!(status, "fail");
    assert_eq!(alarms(&found), ["carl@acme.example", "dev@acme.example", "finn@acme.example"]);
    assert!(
        !found.iter().any(|(_, r)| r.starts_with("erin@") || r.starts_with("pat_") || r.starts_with("ann@")),
        "{found:?}"
    );
}

#[test]
fn pagerduty_incidents_are_paged_through_by_offset_and_held_to_acknowledgement_and_resolution_targets() {
    let token = "e+3xRecordedPdKey9Lq";
    // Pages of 5 rather than 100, so that two recorded pages hold the account's 8 incidents.
    let first = "/incidents?limit=5&date_range=all&time_zone=UTC";
    let server = Server::start(move |req, _| {
        if req.headers.get("authorization").map(String::as_str) != Some(&format!("Token token={token}")) {
            return resp(401, r#"{"error": {"message": "Unauthorized", "code": 2006}}"#);
        }
        if req.headers.get("accept").map(String::as_str) != Some("application/vnd.pagerduty+json;version=2") {
            return resp(406, r#"{"error": {"message": "Not Acceptable"}}"#);
        }
        // The first request has no offset (PagerDuty reads it as 0); the next one the rows read so far.
        let second = format!("{first}&offset=5");
        match req.target.as_str() {
            t if t == first => resp(200, recorded("pagerduty/incidents-1.json")),
            t if t == second => resp(200, recorded("pagerduty/incidents-2.json")),
            _ => resp(404, r#"{"error": {"message": "Not Found", "code": 2100}}"#),
        }
    });
    let block = example("pagerduty_incidents")
        .replace("https://api.pagerduty.com", &server.base)
        .replace("limit=100&", "limit=5&");
    assert!(block.contains(&format!("{}{first}", server.base)), "{block}");
    let fx = repo(&[block], "");
    let now = "2026-06-30T12:00:00Z";
    let run = fx.soc2_env(
        &["collect", "pagerduty_incidents", "--now", now],
        &[("NO_PROXY", "127.0.0.1,localhost"), ("SOC2_HTTP_MAX_WAIT", "2"), ("PAGERDUTY_TOKEN", token)],
    );
    run.code(0);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, [first.to_owned(), format!("{first}&offset=5")]);
    let incidents = rows(&fx, "evidence/pagerduty_incidents/pagerduty_incidents.jsonl");
    let mut numbers: Vec<u64> = incidents.iter().map(|i| i["incident_number"].as_u64().unwrap()).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, [1188, 1201, 1207, 1215, 1222, 1229, 1230, 1231]);
    let acknowledged = incidents.iter().find(|i| i["incident_number"] == 1229).unwrap();
    assert_eq!(acknowledged["acknowledgements"][0]["acknowledger"]["summary"], "Ann Archer");
    assert_eq!(acknowledged["service"]["summary"], "Public API");
    assert_token_nowhere(&fx, &run, token, &["pagerduty_incidents"]);

    // #1230 has waited 55 minutes for an acknowledgement, #1222 (low urgency) has been open 9 days
    // and #1207 (high urgency) took 33 hours to resolve. #1231 is 10 minutes old: pending, not late.
    // #1188 was late too, but resolved more than 90 days ago; the others met their targets.
    let (status, found) = findings_with(&fx, "IR-06", &["--now", now]);
    assert_eq!(status, "fail");
    assert_eq!(
        alarms(&found),
        [
            "#1230 Login service health check failing",
            "#1222 Search cluster yellow: replica shards unassigned",
            "#1207 Postgres primary disk 90% full"
        ]
    );
    assert!(found.contains(&("info".to_owned(), "#1231 Worker queue depth above 10k".to_owned())), "{found:?}");
    assert!(
        !found.iter().any(|(_, r)| ["#1188 ", "#1201 ", "#1215 ", "#1229 "].iter().any(|n| r.starts_with(n))),
        "{found:?}"
    );
}

/// A `kubectl` that prints the recorded output of the calls the examples make.
fn fake_kubectl(fx: &Fixture) -> String {
    let script = format!(
        "#!/bin/sh\ncase \"$*\" in\n  \
           'get pods --all-namespaces --output json') cat '{FIXTURES}/kubectl/pods.json' ;;\n  \
           'get networkpolicies --all-namespaces --output json') cat '{FIXTURES}/kubectl/networkpolicies.json' ;;\n  \
           *) echo \"error: unexpected call: kubectl $*\" >&2; exit 1 ;;\n\
         esac\n"
    );
    let bin = fx.join("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::write(bin.join("kubectl"), script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(bin.join("kubectl"), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default())
}

#[cfg(unix)]
#[test]
fn kubectl_examples_feed_network_policy_and_registry_controls() {
    let registers =
        "REG-001,ghcr.io/acme,container_registry,ann@acme.example,in_use,confidential,cloud,,,,,,,,,,,,,,,,,\n";
    let fx = repo(&[example("k8s_pods"), example("k8s_network_policies")], ROSTER);
    let header = fx.read("registers/asset_inventory.csv");
    let fx = fx.file("registers/asset_inventory.csv", format!("{header}{registers}"));
    let path = fake_kubectl(&fx);
    let run: Run = fx.soc2_env(&["collect", "k8s_pods", "k8s_network_policies", "asset_inventory"], &[("PATH", &path)]);
    run.code(0);
    let policies = rows(&fx, "evidence/k8s_network_policies/k8s_network_policies.jsonl");
    assert_eq!(policies.len(), 2);
    assert_eq!(policies[0]["metadata"]["name"], "default-deny");

    // monitoring's only policy selects grafana alone; prod has a default deny (ok, not listed);
    // kube-system is skipped.
    let (status, found) = findings(&fx, "NET-10");
    assert_eq!(status, "fail");
    assert_eq!(found, [("skip".to_owned(), "kube-system".to_owned()), ("alarm".to_owned(), "monitoring".to_owned()),]);

    // grafana/grafana is docker.io/grafana/grafana, from no approved registry; prod's api and its
    // init container come from ghcr.io/acme (ok, not listed).
    let (status, found) = findings(&fx, "AM-10");
    assert_eq!(status, "fail");
    assert_eq!(
        found,
        [
            ("skip".to_owned(), "kube-system/coredns-5d78c9869d-abcde/coredns".to_owned()),
            ("alarm".to_owned(), "monitoring/grafana-0/grafana".to_owned()),
        ]
    );
}
