//! `soc2 collect`: every collector kind against local fixtures (no network),
//! the store's guarantees (atomic, deterministic, failures keep the previous
//! snapshot), redaction, freshness, the lock and `--commit`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{Fixture, Run, SOC2_TOML};

// ---------------------------------------------------------------- helpers

/// A repo whose soc2.toml holds the minimal config plus `collectors`.
fn repo(collectors: &str) -> Fixture {
    Fixture::empty().file("soc2.toml", format!("{SOC2_TOML}\n{collectors}"))
}

fn collect(fx: &Fixture, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut all = vec!["collect"];
    all.extend_from_slice(args);
    let mut env_all = vec![("NO_PROXY", "127.0.0.1,localhost"), ("SOC2_HTTP_MAX_WAIT", "2")];
    env_all.extend_from_slice(env);
    fx.soc2_env(&all, &env_all)
}

fn bytes(fx: &Fixture, path: &str) -> Vec<u8> {
    std::fs::read(fx.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn meta(fx: &Fixture, path: &str) -> serde_json::Value {
    serde_json::from_slice(&bytes(fx, path)).unwrap()
}

/// Every file under `evidence/`, concatenated, for "never appears" checks.
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

// ------------------------------------------------------------ fake HTTP

/// A request the fake server received.
#[derive(Clone, Debug)]
pub(crate) struct Req {
    pub(crate) method: String,
    /// Path and query.
    pub(crate) target: String,
    pub(crate) headers: BTreeMap<String, String>,
    pub(crate) body: String,
}

pub(crate) struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

pub(crate) fn resp(status: u16, body: impl Into<String>) -> Resp {
    Resp { status, headers: Vec::new(), body: body.into() }
}

impl Resp {
    pub(crate) fn header(mut self, k: &str, v: impl Into<String>) -> Self {
        self.headers.push((k.to_owned(), v.into()));
        self
    }
}

type Handler = dyn Fn(&Req, &str) -> Resp + Send + Sync;

/// An HTTP/1.1 server on 127.0.0.1 for one test: at most 500 connections, 60 seconds.
pub(crate) struct Server {
    pub(crate) base: String,
    requests: Arc<Mutex<Vec<Req>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    pub(crate) fn start(handler: impl Fn(&Req, &str) -> Resp + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let (reqs, stop2, base2) = (requests.clone(), stop.clone(), base.clone());
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            let mut served = 0;
            while !stop2.load(Ordering::SeqCst) && Instant::now() < deadline && served < 500 {
                match listener.accept() {
                    Ok((stream, _)) => {
                        served += 1;
                        let (h, r, b) = (handler.clone(), reqs.clone(), base2.clone());
                        std::thread::spawn(move || serve(stream, &*h, &r, &b));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server { base, requests, stop }
    }

    pub(crate) fn requests(&self) -> Vec<Req> {
        self.requests.lock().unwrap().clone()
    }

    fn count(&self, target: &str) -> usize {
        self.requests().iter().filter(|r| r.target == target).count()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn serve(stream: TcpStream, handler: &Handler, log: &Mutex<Vec<Req>>, base: &str) {
    stream.set_nonblocking(false).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    let mut headers = BTreeMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    let len: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut body = vec![0u8; len];
    reader.read_exact(&mut body).unwrap();
    let req = Req { method, target, headers, body: String::from_utf8_lossy(&body).into_owned() };
    log.lock().unwrap().push(req.clone());
    let r = handler(&req, base);
    let mut out = stream;
    let reason = match r.status {
        200 => "OK",
        404 => "Not Found",
        429 => "Too Many Requests",
        403 => "Forbidden",
        500 => "Internal Server Error",
        _ => "Status",
    };
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
        r.status,
        r.body.len()
    );
    for (k, v) in &r.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = out.write_all(head.as_bytes());
    let _ = out.write_all(r.body.as_bytes());
    let _ = out.flush();
}

// ------------------------------------------------------------------ file

#[test]
fn file_collector_reads_csv_json_yaml_jsonl_and_globs() {
    let fx = repo(
        r#"
[collectors.people]
kind = "file"
path = "registers/people.csv"

[collectors.vendors]
kind = "file"
path = "registers/vendors.json"
select = "data.vendors"

[collectors.assets]
kind = "file"
path = "registers/assets/*.yaml"

[collectors.events]
kind = "file"
path = "registers/events.jsonl"
"#,
    )
    .file("registers/people.csv", "email,name,terminated_at\nzed@x.test,Zed,2026-01-02\nann@x.test,Ann,\n")
    .file(
        "registers/vendors.json",
        r#"{"data": {"vendors": [{"name": "Stripe", "tier": 1}, {"tier": 2, "name": "Acme"}]}}"#,
    )
    .file("registers/assets/laptops.yaml", "- id: L1\n  owner: ann\n- id: L2\n  owner: null\n")
    .file("registers/assets/servers.yaml", "id: S1\nos: linux\n")
    .file("registers/events.jsonl", "{\"e\":2}\n\n{\"e\":1}\n");
    let run = collect(&fx, &[], &[]);
    run.code(0).no_panic();
    assert_eq!(
        run.stdout,
        "assets   ok                1 dataset   3 rows\n\
         events   ok                1 dataset   2 rows\n\
         people   ok                1 dataset   2 rows\n\
         vendors  ok                1 dataset   2 rows\n"
    );
    assert_eq!(
        fx.read("evidence/people/people.jsonl"),
        "{\"email\":\"ann@x.test\",\"name\":\"Ann\",\"terminated_at\":null}\n\
         {\"email\":\"zed@x.test\",\"name\":\"Zed\",\"terminated_at\":\"2026-01-02\"}\n"
    );
    assert_eq!(
        fx.read("evidence/vendors/vendors.jsonl"),
        "{\"name\":\"Acme\",\"tier\":2}\n{\"name\":\"Stripe\",\"tier\":1}\n"
    );
    assert_eq!(
        fx.read("evidence/assets/assets.jsonl"),
        "{\"id\":\"L1\",\"owner\":\"ann\"}\n{\"id\":\"L2\",\"owner\":null}\n{\"id\":\"S1\",\"os\":\"linux\"}\n"
    );
    assert_eq!(fx.read("evidence/events/events.jsonl"), "{\"e\":1}\n{\"e\":2}\n");
    let m = meta(&fx, "evidence/people/people.meta.json");
    assert_eq!(
        m,
        serde_json::json!({
            "collector": "people",
            "dataset": "people",
            "kind": "file",
            "source": "registers/people.csv",
            "collected_at": crate::support::NOW,
            "rows": 2,
            "sha256": sha256_hex(&bytes(&fx, "evidence/people/people.jsonl")),
            "soc2_version": env!("CARGO_PKG_VERSION"),
        })
    );
    assert!(fx.read("evidence/people/people.meta.json").ends_with("}\n"));
}

fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(data))
}

#[test]
fn select_on_a_scalar_is_an_error_and_a_missing_file_fails_the_collector() {
    let fx = repo(
        r#"
[collectors.scalar]
kind = "file"
path = "x.json"
select = "count"

[collectors.missing]
kind = "file"
path = "nope.csv"
"#,
    )
    .file("x.json", r#"{"count": 3}"#);
    let run = collect(&fx, &[], &[]);
    run.code(1).no_panic();
    assert_eq!(
        run.stdout,
        "missing  failed            0 datasets  0 rows  nope.csv: not found\n\
         scalar   failed            0 datasets  0 rows  x.json: `select = \"count\"` is a number, expected an array of objects or an object\n"
    );
    assert_eq!(
        run.stderr.lines().last().unwrap(),
        "error: 2 collectors failed: missing, scalar (previous snapshots kept; see last_error in their meta files)"
    );
}

// --------------------------------------------------------------- command

#[test]
fn command_collector_parses_json_jsonl_csv_and_yaml() {
    let fx = repo(
        r#"
[collectors.iam]
kind = "command"
run = ["sh", "-c", "printf '{\"Users\": [{\"UserName\": \"bob\"}, {\"UserName\": \"ann\", \"Mfa\": true}]}'"]
select = "Users"

[collectors.lines]
kind = "command"
run = "printf '{\"a\":1}\n{\"a\":2}\n'"
shell = true
format = "jsonl"

[collectors.table]
kind = "command"
run = "printf 'host,port\nweb,443\ndb,\n'"
shell = true
format = "csv"

[collectors.cluster]
kind = "command"
run = "printf 'items:\n  - name: %s-1\n' \"$POD_PREFIX\""
shell = true
format = "yaml"
select = "items"
env = { POD_PREFIX = "api" }
"#,
    );
    let run = collect(&fx, &[], &[]);
    run.code(0).no_panic();
    assert_eq!(fx.read("evidence/iam/iam.jsonl"), "{\"Mfa\":true,\"UserName\":\"ann\"}\n{\"UserName\":\"bob\"}\n");
    assert_eq!(fx.read("evidence/lines/lines.jsonl"), "{\"a\":1}\n{\"a\":2}\n");
    assert_eq!(
        fx.read("evidence/table/table.jsonl"),
        "{\"host\":\"db\",\"port\":null}\n{\"host\":\"web\",\"port\":\"443\"}\n"
    );
    assert_eq!(fx.read("evidence/cluster/cluster.jsonl"), "{\"name\":\"api-1\"}\n");
}

#[test]
fn a_failing_collector_keeps_its_previous_snapshot_and_the_others_are_written() {
    let good = r#"
[collectors.alpha]
kind = "command"
run = ["echo", "[{\"n\": 1}]"]

[collectors.beta]
kind = "command"
run = ["echo", "[{\"v\": \"old\"}]"]
"#;
    let fx = repo(good);
    collect(&fx, &[], &[]).code(0);
    let alpha_before = bytes(&fx, "evidence/alpha/alpha.jsonl");
    assert_eq!(alpha_before, b"{\"n\":1}\n");

    let failing = good
        .replace(
            r#"run = ["echo", "[{\"n\": 1}]"]"#,
            "run = \"echo partial output; echo 'fatal: access denied' >&2; exit 3\"\nshell = true",
        )
        .replace("old", "new");
    let fx = fx.file("soc2.toml", format!("{SOC2_TOML}\n{failing}"));
    let run = collect(&fx, &["--now", "2026-07-01T08:00:00Z"], &[]);
    run.code(1).no_panic();
    assert_eq!(
        run.stdout,
        "alpha  failed            0 datasets  0 rows  `sh -c` exited with status 3; stderr: fatal: access denied\n\
         beta   ok                1 dataset   1 row\n"
    );
    run.stderr_has("[alpha] failed: `sh -c` exited with status 3; stderr: fatal: access denied")
        .stderr_has("error: 1 collector failed: alpha (previous snapshots kept; see last_error in their meta files)");
    assert_eq!(bytes(&fx, "evidence/alpha/alpha.jsonl"), alpha_before);
    assert_eq!(fx.read("evidence/beta/beta.jsonl"), "{\"v\":\"new\"}\n");
    let m = meta(&fx, "evidence/alpha/alpha.meta.json");
    assert_eq!(m["collected_at"], crate::support::NOW);
    assert_eq!(m["rows"], 1);
    assert_eq!(m["sha256"], sha256_hex(&alpha_before));
    assert_eq!(m["last_error"], "`sh -c` exited with status 3; stderr: fatal: access denied");
    assert_eq!(m["last_error_at"], "2026-07-01T08:00:00Z");
    assert_eq!(meta(&fx, "evidence/beta/beta.meta.json")["collected_at"], "2026-07-01T08:00:00Z");

    // Fixed again: the error goes away.
    let fx = fx.file("soc2.toml", format!("{SOC2_TOML}\n{good}"));
    collect(&fx, &["--now", "2026-07-02T08:00:00Z"], &[]).code(0);
    let m = meta(&fx, "evidence/alpha/alpha.meta.json");
    assert_eq!(m.get("last_error"), None);
    assert_eq!(m["collected_at"], "2026-07-02T08:00:00Z");
}

#[test]
fn a_command_past_its_timeout_is_killed() {
    let fx = repo(
        r#"
[collectors.hang]
kind = "command"
run = "echo '[]'; sleep 30"
shell = true
timeout = "1s"

[collectors.quick]
kind = "command"
run = ["echo", "{\"ok\": true}"]
"#,
    );
    let started = Instant::now();
    let run = collect(&fx, &[], &[]);
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    run.code(1).no_panic();
    assert_eq!(
        run.stdout,
        "hang   failed            0 datasets  0 rows  timed out after 1s (process killed)\n\
         quick  ok                1 dataset   1 row\n"
    );
    assert!(!fx.join("evidence/hang/hang.jsonl").exists());
    assert_eq!(meta(&fx, "evidence/hang/hang.meta.json")["last_error"], "timed out after 1s (process killed)");
    assert_eq!(meta(&fx, "evidence/hang/hang.meta.json")["source"], r#"sh -c 'echo '\''[]'\''; sleep 30'"#);
    assert_eq!(meta(&fx, "evidence/quick/quick.meta.json")["source"], r#"echo '{"ok": true}'"#);
}

#[test]
fn a_program_that_is_not_installed_is_named() {
    let fx = repo("[collectors.aws]\nkind = \"command\"\nrun = [\"soc2-test-no-such-program\", \"iam\"]\n");
    let run = collect(&fx, &[], &[]);
    run.code(1);
    assert_eq!(
        run.stdout,
        "aws  failed            0 datasets  0 rows  cannot run `soc2-test-no-such-program`: not found (is it installed and on PATH?)\n"
    );
}

// ----------------------------------------------------------- determinism

#[test]
fn unchanged_data_gives_a_byte_identical_file_and_only_collected_at_moves() {
    let fx = repo("[collectors.hr]\nkind = \"file\"\npath = \"hr.csv\"\n")
        .file("hr.csv", "email,team\nb@x,ops\na@x,eng\nc@x,\n");
    collect(&fx, &["--now", "2026-03-01T00:00:00Z"], &[]).code(0);
    let data = bytes(&fx, "evidence/hr/hr.jsonl");
    let meta1 = fx.read("evidence/hr/hr.meta.json");
    // Same rows in another order: same snapshot.
    let fx = fx.file("hr.csv", "email,team\nc@x,\na@x,eng\nb@x,ops\n");
    collect(&fx, &["--now", "2026-03-02T00:00:00Z"], &[]).code(0);
    assert_eq!(bytes(&fx, "evidence/hr/hr.jsonl"), data);
    let meta2 = fx.read("evidence/hr/hr.meta.json");
    assert_eq!(meta2, meta1.replace("2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z"));
    assert_ne!(meta1, meta2);
}

#[test]
fn every_skips_fresh_collectors_unless_forced_or_named() {
    let fx = repo(
        r#"
[collectors.daily]
kind = "file"
path = "a.csv"
every = "1d"

[collectors.always]
kind = "file"
path = "a.csv"
"#,
    )
    .file("a.csv", "x\n1\n");
    collect(&fx, &["--now", "2026-05-01T00:00:00Z"], &[]).code(0);

    let run = collect(&fx, &["--now", "2026-05-01T12:00:00Z"], &[]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "always  ok                1 dataset   1 row\n\
         daily   skipped (fresh)   1 dataset   1 row\n"
    );
    assert_eq!(meta(&fx, "evidence/daily/daily.meta.json")["collected_at"], "2026-05-01T00:00:00Z");

    let run = collect(&fx, &["--now", "2026-05-01T12:00:00Z", "--force"], &[]);
    assert_eq!(
        run.stdout,
        "always  ok                1 dataset   1 row\ndaily   ok                1 dataset   1 row\n"
    );
    assert_eq!(meta(&fx, "evidence/daily/daily.meta.json")["collected_at"], "2026-05-01T12:00:00Z");

    let run = collect(&fx, &["--now", "2026-05-01T13:00:00Z", "daily"], &[]);
    assert_eq!(run.stdout, "daily  ok                1 dataset   1 row\n");

    let run = collect(&fx, &["--now", "2026-05-02T13:00:00Z"], &[]);
    assert_eq!(
        run.stdout,
        "always  ok                1 dataset   1 row\ndaily   ok                1 dataset   1 row\n"
    );
}

// ------------------------------------------------------------------ lock

#[test]
fn a_second_collect_waits_for_the_lock_then_fails_clearly() {
    let fx = repo("[collectors.hr]\nkind = \"file\"\npath = \"hr.csv\"\n").file("hr.csv", "a\n1\n");
    std::fs::create_dir_all(fx.join(".soc2")).unwrap();
    let held = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(fx.join(".soc2/collect.lock"))
        .unwrap();
    held.lock().unwrap();
    let started = Instant::now();
    let run = collect(&fx, &[], &[("SOC2_LOCK_WAIT", "0.3")]);
    assert!(started.elapsed() >= Duration::from_millis(300));
    run.code(2).no_panic();
    assert_eq!(
        run.stderr,
        "error: another soc2 collect is running in this repo (lock .soc2/collect.lock); busy, retry: waited 0.3s\n  hint: nothing is wrong with the repo; run it again when the other collect ends, or wait longer with SOC2_LOCK_WAIT=SECONDS\n"
    );
    assert_eq!(run.stdout, "");
    assert!(!fx.join("evidence/hr").exists());

    // Released while the second one waits: it proceeds.
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        held.unlock().unwrap();
    });
    collect(&fx, &[], &[("SOC2_LOCK_WAIT", "10")]).code(0);
    releaser.join().unwrap();
}

#[test]
fn a_killed_collect_leaves_the_previous_snapshot_and_no_stale_lock() {
    let fx = repo(
        r#"
[collectors.slow]
kind = "command"
run = "if [ -f second ]; then touch started; sleep 20; fi; echo '[{\"v\": 1}]'"
shell = true
"#,
    );
    collect(&fx, &[], &[]).code(0);
    let before = bytes(&fx, "evidence/slow/slow.jsonl");
    let meta_before = bytes(&fx, "evidence/slow/slow.meta.json");

    let fx = fx.file("second", "");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("soc2"))
        .args(["collect", "--now", "2026-07-01T00:00:00Z"])
        .current_dir(fx.path())
        .env("CI", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !fx.join("started").exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(fx.join("started").exists(), "the collector never started");
    child.kill().unwrap();
    child.wait().unwrap();

    assert_eq!(bytes(&fx, "evidence/slow/slow.jsonl"), before);
    assert_eq!(bytes(&fx, "evidence/slow/slow.meta.json"), meta_before);
    std::fs::remove_file(fx.join("second")).unwrap();
    collect(&fx, &[], &[("SOC2_LOCK_WAIT", "0")]).code(0);
}

// ------------------------------------------------------------- usage

#[test]
fn unknown_collector_names_suggest_a_close_one() {
    let fx = repo("[collectors.hr_roster]\nkind = \"file\"\npath = \"hr.csv\"\n");
    let run = collect(&fx, &["hr_rostr"], &[]);
    run.code(2).no_panic();
    assert_eq!(
        run.stderr,
        "error: unknown collector `hr_rostr`\n  hint: did you mean `hr_roster`? collectors: hr_roster\n"
    );
}

#[test]
fn option_errors_stop_collect_even_for_a_fresh_collector() {
    let fx = repo("[collectors.hr]\nkind = \"file\"\npath = \"hr.csv\"\nevery = \"1d\"\n").file("hr.csv", "a\n1\n");
    collect(&fx, &[], &[]).code(0);
    let data = bytes(&fx, "evidence/hr/hr.jsonl");
    // `hr` is now fresh, so it would be skipped; a mistake in its options still stops the run.
    let fx = fx.file(
        "soc2.toml",
        format!("{SOC2_TOML}\n[collectors.hr]\nkind = \"file\"\npath = \"hr.csv\"\nevery = \"1d\"\nselect = 3\n"),
    );
    let run = collect(&fx, &[], &[]);
    run.code(2).no_panic();
    let line = SOC2_TOML.lines().count() + 6;
    run.stderr_has(&format!("soc2.toml:{line}:10: error: `collectors.hr.select`: must be a string, found integer `3`"));
    assert_eq!(bytes(&fx, "evidence/hr/hr.jsonl"), data);
}

#[test]
fn an_unset_environment_variable_fails_only_its_collector() {
    let fx = repo(
        r#"
[collectors.api]
kind = "http"
url = "http://127.0.0.1:9/x"
headers = { Authorization = "Bearer ${SOC2_TEST_UNSET_TOKEN}" }

[collectors.hr]
kind = "file"
path = "hr.csv"
"#,
    )
    .file("hr.csv", "a\n1\n");
    let run = collect(&fx, &[], &[]);
    run.code(1);
    assert_eq!(
        run.stdout,
        "api  failed            0 datasets  0 rows  environment variable `SOC2_TEST_UNSET_TOKEN` is not set (used in `collectors.api.headers.Authorization`)\n\
         hr   ok                1 dataset   1 row\n"
    );
}

#[test]
fn help_explains_exit_codes() {
    let run = Fixture::empty().soc2(&["collect", "--help"]);
    run.code(0).stdout_has("1 one or more collectors failed").stdout_has("soc2 collect --force --commit");
}

// ------------------------------------------------------------------- http

#[test]
fn http_collector_follows_cursors_interpolates_headers_and_redacts_echoed_secrets() {
    let secret = "s3cr3t-api-key-4242";
    let server = Server::start(move |req, _| {
        let auth = req.headers.get("x-api-key").cloned().unwrap_or_default();
        match req.target.as_str() {
            "/v1/users?limit=2" => resp(
                200,
                format!(
                    r#"{{"data": {{"items": [{{"id": 1, "seen_with": "{auth}"}}, {{"id": 2}}]}}, "meta": {{"next": "c2"}}}}"#
                ),
            ),
            "/v1/users?limit=2&cursor=c2" => resp(
                200,
                r#"{"data": {"items": [{"id": 3, "url": "https://u:pw@db.internal/x"}]}, "meta": {"next": null}}"#,
            ),
            _ => resp(404, "{}"),
        }
    });
    let fx = repo(&format!(
        r#"
[collectors.idp]
kind = "http"
url = "{}/v1/users?limit=2"
headers = {{ X-Api-Key = "${{IDP_KEY}}" }}
select = "data.items"
paginate = "cursor"
cursor_field = "meta.next"
cursor_param = "cursor"
"#,
        server.base
    ));
    let run = collect(&fx, &[], &[("IDP_KEY", secret)]);
    run.code(0).no_panic();
    assert_eq!(run.stdout, "idp  ok                1 dataset   3 rows\n");
    assert_eq!(
        fx.read("evidence/idp/idp.jsonl"),
        "{\"id\":1,\"seen_with\":\"[REDACTED]\"}\n{\"id\":2}\n{\"id\":3,\"url\":\"https://[REDACTED]@db.internal/x\"}\n"
    );
    assert!(server.requests().iter().all(|r| r.headers.get("x-api-key").map(String::as_str) == Some(secret)));
    assert_nowhere(&fx, &run, secret);
}

#[test]
fn http_collector_link_pagination_post_body_and_a_persistent_500() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let server = Server::start(move |req, base| match (req.method.as_str(), req.target.as_str()) {
        ("POST", "/search") => {
            assert_eq!(req.body, r#"{"q":"all"}"#);
            resp(200, r#"[{"n": 1}]"#).header("link", format!(r#"<{base}/search?page=2>; rel="next""#))
        }
        ("POST", "/search?page=2") => resp(200, r#"[{"n": 2}]"#),
        (_, "/broken") => {
            let n = c.fetch_add(1, Ordering::SeqCst);
            if n == 0 { resp(200, r#"[{"v": "first"}]"#) } else { resp(500, r#"{"message": "database on fire"}"#) }
        }
        _ => resp(404, "{}"),
    });
    let fx = repo(&format!(
        r#"
[collectors.search]
kind = "http"
method = "POST"
url = "{base}/search"
body = '{{"q":"all"}}'
paginate = "link"

[collectors.broken]
kind = "http"
url = "{base}/broken"
retries = 1
"#,
        base = server.base
    ));
    collect(&fx, &[], &[]).code(0);
    assert_eq!(fx.read("evidence/search/search.jsonl"), "{\"n\":1}\n{\"n\":2}\n");
    let before = bytes(&fx, "evidence/broken/broken.jsonl");

    let run = collect(&fx, &["broken"], &[("SOC2_HTTP_MAX_WAIT", "0.2")]);
    run.code(1).no_panic();
    let err = format!("GET {}/broken: HTTP 500 Internal Server Error: database on fire (after 1 retries)", server.base);
    assert_eq!(run.stdout, format!("broken  failed            0 datasets  0 rows  {err}\n"));
    run.stderr_has("[broken] HTTP 500; retry 1/1 in 0.2s");
    assert_eq!(bytes(&fx, "evidence/broken/broken.jsonl"), before);
    assert_eq!(meta(&fx, "evidence/broken/broken.meta.json")["last_error"], err.as_str());
    assert_eq!(server.count("/broken"), 3);
}

#[test]
fn http_collector_follows_next_links_in_the_body_and_offsets() {
    let server = Server::start(move |req, base| match req.target.as_str() {
        // Microsoft Graph: rows under `value`, the next page's absolute URL under `@odata.nextLink`.
        "/v1.0/users?$top=2" => resp(
            200,
            format!(
                r#"{{"value": [{{"id": "a"}}, {{"id": "b"}}], "@odata.nextLink": "{base}/v1.0/users?$skiptoken=X1"}}"#
            ),
        ),
        "/v1.0/users?$skiptoken=X1" => resp(200, r#"{"value": [{"id": "c"}]}"#),
        // PagerDuty: `offset` counts the rows read, `more` says whether to go on.
        "/incidents?limit=2" | "/incidents?limit=2&offset=0" => {
            resp(200, r#"{"incidents": [{"n": 1}, {"n": 2}], "more": true}"#)
        }
        "/incidents?limit=2&offset=2" => resp(200, r#"{"incidents": [{"n": 3}], "more": false}"#),
        // No `more_field`: paging stops at the first page without rows.
        "/items?limit=1" => resp(200, r#"[{"n": 1}]"#),
        "/items?limit=1&offset=1" => resp(200, r#"[{"n": 2}]"#),
        "/items?limit=1&offset=2" => resp(200, "[]"),
        // A server that ignores the offset would be paged for ever.
        t if t.starts_with("/stuck") => resp(200, r#"[{"n": 1}]"#),
        // A next link to another server would receive the collector's headers.
        "/away" => resp(200, r#"{"value": [], "next": "https://elsewhere.example/steal"}"#),
        _ => resp(404, "{}"),
    });
    let fx = repo(&format!(
        r#"
[collectors.entra_users]
kind = "http"
url = "{base}/v1.0/users?$top=2"
select = "value"
paginate = "next"
next_field = "@odata.nextLink"

[collectors.incidents]
kind = "http"
url = "{base}/incidents?limit=2"
select = "incidents"
paginate = "offset"
more_field = "more"

[collectors.items]
kind = "http"
url = "{base}/items?limit=1"
paginate = "offset"

[collectors.stuck]
kind = "http"
url = "{base}/stuck"
paginate = "offset"

[collectors.away]
kind = "http"
url = "{base}/away"
select = "value"
paginate = "next"
next_field = "next"
"#,
        base = server.base
    ));
    let run = collect(&fx, &[], &[]);
    run.code(1).no_panic();
    assert_eq!(fx.read("evidence/entra_users/entra_users.jsonl"), "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n");
    assert_eq!(fx.read("evidence/incidents/incidents.jsonl"), "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
    assert_eq!(fx.read("evidence/items/items.jsonl"), "{\"n\":1}\n{\"n\":2}\n");
    assert_eq!(server.count("/incidents?limit=2&offset=4"), 0, "`more: false` ends the paging");
    run.stdout_has(&format!(
        "stuck        failed            0 datasets  0 rows  page 2 ({}/stuck?offset=1) is the same as the page before it: the server ignores the pagination; stopping",
        server.base
    ));
    run.stdout_has("away         failed            0 datasets  0 rows  the next-page link points to another server (https://elsewhere.example); not following it");
    assert!(!fx.join("evidence/stuck/stuck.jsonl").exists(), "a failed collector writes no rows");
}

#[test]
fn pagination_options_are_checked_where_they_are_written() {
    let fx = repo(
        r#"
[collectors.graph]
kind = "http"
url = "https://graph.microsoft.com/v1.0/users"
paginate = "next"

[collectors.pd]
kind = "http"
url = "https://api.pagerduty.com/incidents"
paginate = "cursor"
cursor_field = "next"
cursor_param = "cursor"
more_field = "more"

[collectors.pd2]
kind = "http"
url = "https://api.pagerduty.com/incidents"
paginate = "offset"
offset_param = " "
"#,
    );
    let run = fx.soc2(&["validate"]);
    run.code(2)
        .stderr_has("soc2.toml:12:12: error: `collectors.graph.paginate`: `next` pagination needs `next_field`, where a response holds the next page's URL")
        .stderr_has("hint: e.g. next_field = \"@odata.nextLink\" (Microsoft Graph) or \"links.next\"")
        .stderr_has("soc2.toml:20:14: error: `collectors.pd.more_field`: `more_field` is used only with `paginate = \"offset\"`")
        .stderr_has("soc2.toml:26:16: error: `collectors.pd2.offset_param`: `offset_param` is empty");
}

#[test]
fn a_rate_limit_longer_than_the_wait_cap_fails_at_once() {
    let server = Server::start(|_, _| resp(429, r#"{"message": "slow down"}"#).header("retry-after", "3600"));
    let fx = repo(&format!("[collectors.api]\nkind = \"http\"\nurl = \"{}/items\"\n", server.base));
    let started = Instant::now();
    let run = collect(&fx, &[], &[("SOC2_HTTP_MAX_WAIT", "60")]);
    assert!(started.elapsed() < Duration::from_secs(10));
    run.code(1);
    assert_eq!(
        run.stdout,
        format!(
            "api  failed            0 datasets  0 rows  GET {}/items: rate limited (HTTP 429); the server asks to wait 3600s, longer than the 60s soc2 waits (run again later)\n",
            server.base
        )
    );
    assert_eq!(server.count("/items"), 1);
}

// ----------------------------------------------------------------- github

fn github_api(req: &Req, base: &str, members_calls: &AtomicUsize, outside_calls: &AtomicUsize) -> Resp {
    let auth = req.headers.get("authorization").cloned().unwrap_or_default();
    if auth != "Bearer s3cr3t-github-token-value" {
        return resp(401, r#"{"message": "Bad credentials"}"#);
    }
    match req.target.as_str() {
        "/orgs/acme/repos?type=all&per_page=100" => resp(
            200,
            r#"[{"name": "api", "full_name": "acme/api", "private": true, "archived": false, "default_branch": "main", "pushed_at": "2026-06-20T10:00:00Z"}]"#,
        )
        .header("link", format!(r#"<{base}/orgs/acme/repos?type=all&per_page=100&page=2>; rel="next", <{base}/orgs/acme/repos?type=all&per_page=100&page=2>; rel="last""#)),
        "/orgs/acme/repos?type=all&per_page=100&page=2" => resp(
            200,
            format!(r#"[{{"name": "web", "full_name": "acme/web", "private": false, "archived": false, "default_branch": "main", "pushed_at": "2025-01-01T00:00:00Z", "description": "seen {auth}"}}]"#),
        ),
        "/repos/acme/api/branches/main/protection" => resp(
            200,
            r#"{"required_pull_request_reviews": {"required_approving_review_count": 1, "dismiss_stale_reviews": true}, "enforce_admins": {"enabled": true}, "allow_force_pushes": {"enabled": false}}"#,
        ),
        "/repos/acme/web/branches/main/protection" => resp(404, r#"{"message": "Branch not protected"}"#),
        "/orgs/acme/members?per_page=100" => {
            if members_calls.fetch_add(1, Ordering::SeqCst) == 0 {
                resp(429, r#"{"message": "slow down"}"#).header("retry-after", "1")
            } else {
                resp(200, r#"[{"login": "ann", "id": 1, "type": "User", "site_admin": false}, {"login": "bob", "id": 2, "type": "User", "site_admin": false, "bio": "ghp_abcdefghijklmnopqrstuvwxyz0123"}]"#)
            }
        }
        "/orgs/acme/members?role=admin&per_page=100" => {
            let reset = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
            if members_calls.fetch_add(1, Ordering::SeqCst) == 2 {
                resp(403, r#"{"message": "API rate limit exceeded"}"#)
                    .header("x-ratelimit-remaining", "0")
                    .header("x-ratelimit-reset", reset.to_string())
            } else {
                resp(200, r#"[{"login": "ann", "id": 1}]"#)
            }
        }
        "/orgs/acme/members?filter=2fa_disabled&per_page=100" => resp(200, r#"[{"login": "bob", "id": 2}]"#),
        "/orgs/acme/outside_collaborators?per_page=100" => {
            if outside_calls.fetch_add(1, Ordering::SeqCst) == 0 {
                resp(500, r#"{"message": "oops"}"#)
            } else {
                resp(200, "[]")
            }
        }
        "/repos/acme/api/pulls?state=closed&sort=updated&direction=desc&per_page=100" => resp(
            200,
            r#"[
              {"number": 9, "title": "Not merged", "user": {"login": "ann"}, "updated_at": "2026-06-25T00:00:00Z", "merged_at": null},
              {"number": 8, "title": "Rate limiting", "user": {"login": "ann"}, "created_at": "2026-06-18T09:00:00Z", "updated_at": "2026-06-21T00:00:00Z", "merged_at": "2026-06-20T14:02:11Z", "merge_commit_sha": "abc123", "html_url": "https://github.test/acme/api/pull/8", "base": {"ref": "main"}, "head": {"ref": "feat/rl", "sha": "h8"}, "body": "Limits logins.\n\nFixes OPS-77", "labels": [{"name": "security"}]},
              {"number": 7, "title": "Old", "user": {"login": "bob"}, "updated_at": "2026-05-01T00:00:00Z", "merged_at": "2026-05-01T00:00:00Z"}
            ]"#,
        ),
        "/repos/acme/api/pulls/8" => resp(200, r#"{"number": 8, "merged_by": {"login": "bob"}}"#),
        "/repos/acme/api/pulls/8/reviews?per_page=100" => resp(
            200,
            r#"[{"user": {"login": "ann"}, "state": "COMMENTED", "submitted_at": "2026-06-19T10:00:00Z"}, {"user": {"login": "bob"}, "state": "APPROVED", "submitted_at": "2026-06-20T13:40:00Z"}]"#,
        ),
        "/orgs/acme/dependabot/alerts?per_page=100" => resp(
            200,
            r#"[{"number": 3, "state": "open", "created_at": "2026-06-01T00:00:00Z", "repository": {"name": "api", "full_name": "acme/api"}, "security_advisory": {"ghsa_id": "GHSA-x", "severity": "high"}, "security_vulnerability": {"severity": "critical"}}]"#,
        ),
        "/repos/acme/api/commits/h8/check-runs?per_page=100" => resp(
            200,
            r#"{"total_count": 2, "check_runs": [{"name": "test", "status": "completed", "conclusion": "failure"}, {"name": "build", "status": "completed", "conclusion": "success"}]}"#,
        ),
        "/repos/acme/api/commits/h8/status?per_page=100" => resp(
            200,
            r#"{"state": "success", "total_count": 1, "statuses": [{"context": "ci/legacy", "state": "success"}]}"#,
        ),
        "/orgs/acme/secret-scanning/alerts?per_page=100" => resp(
            200,
            r#"[{"number": 2, "state": "open", "secret_type": "slack_api_token", "secret_type_display_name": "Slack API Token", "secret": "xoxb-0000-leaked-slack-token-value", "validity": "active", "created_at": "2026-06-24T00:00:00Z", "repository": {"name": "api", "full_name": "acme/api"}, "push_protection_bypassed": false, "publicly_leaked": false, "html_url": "https://github.test/acme/api/security/secret-scanning/2"}]"#,
        ),
        _ => resp(404, r#"{"message": "Not Found"}"#),
    }
}

#[test]
fn github_collector_paginates_retries_honours_rate_limits_and_never_leaks_the_token() {
    let token = "s3cr3t-github-token-value";
    let members_calls = Arc::new(AtomicUsize::new(0));
    let outside_calls = Arc::new(AtomicUsize::new(0));
    let (m, o) = (members_calls.clone(), outside_calls.clone());
    let server = Server::start(move |req, base| github_api(req, base, &m, &o));
    let fx = repo(&format!(
        "[collectors.github]\nkind = \"github\"\norg = \"acme\"\napi_url = \"{}\"\nsince = \"2026-06-01\"\n",
        server.base
    ));
    let run = collect(&fx, &[], &[("GITHUB_TOKEN", token)]);
    run.code(0).no_panic();
    assert_eq!(run.stdout, "github  ok                7 datasets  9 rows\n");
    run.stderr_has("[github] rate limited (HTTP 429); retry 1/3 in 1.0s")
        .stderr_has("[github] rate limited (HTTP 403); retry 1/3 in ")
        .stderr_has("[github] HTTP 500; retry 1/3 in 1.0s")
        .stderr_has("[github] github_members: 2 rows");

    let repos = fx.read("evidence/github/repos.jsonl");
    assert_eq!(repos.lines().count(), 2);
    assert!(repos.lines().next().unwrap().starts_with(
        "{\"archived\":false,\"created_at\":null,\"default_branch\":\"main\",\"fork\":null,\"full_name\":\"acme/api\""
    ));
    assert!(repos.contains("\"description\":\"seen Bearer [REDACTED]\""), "{repos}");
    assert_eq!(
        fx.read("evidence/github/branch_protection.jsonl"),
        "{\"allow_deletions\":null,\"allow_force_pushes\":{\"enabled\":false},\"branch\":\"main\",\"enforce_admins\":{\"enabled\":true},\"protected\":true,\"repo\":\"api\",\"required_linear_history\":null,\"required_pull_request_reviews\":{\"dismiss_stale_reviews\":true,\"required_approving_review_count\":1},\"required_signatures\":null,\"required_status_checks\":null}\n\
         {\"allow_deletions\":null,\"allow_force_pushes\":null,\"branch\":\"main\",\"enforce_admins\":null,\"protected\":false,\"repo\":\"web\",\"required_linear_history\":null,\"required_pull_request_reviews\":null,\"required_signatures\":null,\"required_status_checks\":null}\n"
    );
    assert_eq!(
        fx.read("evidence/github/members.jsonl"),
        "{\"id\":1,\"login\":\"ann\",\"role\":\"admin\",\"site_admin\":false,\"two_factor_disabled\":false,\"type\":\"User\"}\n\
         {\"bio\":\"[REDACTED]\",\"id\":2,\"login\":\"bob\",\"role\":\"member\",\"site_admin\":false,\"two_factor_disabled\":true,\"type\":\"User\"}\n"
    );
    assert_eq!(fx.read("evidence/github/outside_collaborators.jsonl"), "");
    assert_eq!(
        fx.read("evidence/github/pulls.jsonl"),
        "{\"approvals\":1,\"author\":\"ann\",\"base_ref\":\"main\",\"checks\":[{\"conclusion\":\"success\",\"name\":\"build\",\"source\":\"check_run\"},{\"conclusion\":\"failure\",\"name\":\"test\",\"source\":\"check_run\"},{\"conclusion\":\"success\",\"name\":\"ci/legacy\",\"source\":\"status\"}],\"checks_state\":\"failure\",\"created_at\":\"2026-06-18T09:00:00Z\",\"head_ref\":\"feat/rl\",\"head_sha\":\"h8\",\"html_url\":\"https://github.test/acme/api/pull/8\",\"labels\":[\"security\"],\"merge_commit_sha\":\"abc123\",\"merged_at\":\"2026-06-20T14:02:11Z\",\"merged_by\":\"bob\",\"number\":8,\"repo\":\"api\",\"reviews\":[{\"state\":\"COMMENTED\",\"submitted_at\":\"2026-06-19T10:00:00Z\",\"user\":\"ann\"},{\"state\":\"APPROVED\",\"submitted_at\":\"2026-06-20T13:40:00Z\",\"user\":\"bob\"}],\"ticket\":\"OPS-77\",\"title\":\"Rate limiting\"}\n"
    );
    let alerts = fx.read("evidence/github/dependabot_alerts.jsonl");
    assert!(alerts.contains("\"repo\":\"api\"") && alerts.contains("\"severity\":\"critical\""), "{alerts}");
    // The secret itself never lands in evidence: only the alert's named fields are kept.
    assert_eq!(
        fx.read("evidence/github/secret_scanning_alerts.jsonl"),
        "{\"created_at\":\"2026-06-24T00:00:00Z\",\"html_url\":\"https://github.test/acme/api/security/secret-scanning/2\",\"number\":2,\"publicly_leaked\":false,\"push_protection_bypassed\":false,\"push_protection_bypassed_by\":null,\"repo\":\"api\",\"resolution\":null,\"resolution_comment\":null,\"resolved_at\":null,\"resolved_by\":null,\"secret_type\":\"slack_api_token\",\"secret_type_display_name\":\"Slack API Token\",\"state\":\"open\",\"updated_at\":null,\"validity\":\"active\"}\n"
    );
    assert_nowhere(&fx, &run, "xoxb-0000-leaked-slack-token-value");
    let m = meta(&fx, "evidence/github/members.meta.json");
    assert_eq!(m["source"], format!("{}/orgs/acme", server.base));
    assert_eq!(m["kind"], "github");

    // The web repo was not pushed to since `since`: its pulls were never listed.
    assert_eq!(server.count("/repos/acme/web/pulls?state=closed&sort=updated&direction=desc&per_page=100"), 0);
    assert_eq!(server.count("/orgs/acme/repos?type=all&per_page=100&page=2"), 1);
    assert!(server.requests().iter().all(|r| r.headers["authorization"] == format!("Bearer {token}")));
    assert_nowhere(&fx, &run, token);
    assert_nowhere(&fx, &run, "ghp_abcdefghijklmnopqrstuvwxyz0123");
}

#[test]
fn github_datasets_fail_on_their_own_and_a_missing_token_is_named() {
    let server = Server::start(|req, _| match req.target.as_str() {
        "/orgs/acme/repos?type=all&per_page=100" => resp(200, "[]"),
        "/orgs/acme/dependabot/alerts?per_page=100" => {
            resp(403, r#"{"message": "Resource not accessible by integration"}"#)
        }
        t if t.starts_with("/orgs/acme/members") || t.starts_with("/orgs/acme/outside") => resp(200, "[]"),
        // Secret scanning enabled on no repository: no alerts, not a failure.
        t if t.starts_with("/orgs/acme/secret-scanning") => resp(404, r#"{"message": "Not Found"}"#),
        _ => resp(404, "{}"),
    });
    let toml = format!("[collectors.gh]\nkind = \"github\"\norg = \"acme\"\napi_url = \"{}\"\n", server.base);
    let fx = repo(&toml);
    let run = collect(&fx, &[], &[]);
    run.code(1);
    assert_eq!(
        run.stdout,
        "gh  failed            0 datasets  0 rows  environment variable `GITHUB_TOKEN` is not set (used in `collectors.gh.token_env`)\n"
    );
    assert_eq!(server.requests().len(), 0);

    let run = collect(&fx, &[], &[("GITHUB_TOKEN", "t0ken-value")]);
    run.code(1);
    assert_eq!(
        run.stdout,
        format!(
            "gh  failed            6 datasets  0 rows  dependabot_alerts: GET {}/orgs/acme/dependabot/alerts?per_page=100: HTTP 403 Forbidden: Resource not accessible by integration\n",
            server.base
        )
    );
    assert!(fx.join("evidence/gh/members.jsonl").exists());
    assert_eq!(fx.read("evidence/gh/secret_scanning_alerts.jsonl"), "");
    assert!(!fx.join("evidence/gh/dependabot_alerts.jsonl").exists());
    assert_eq!(
        meta(&fx, "evidence/gh/dependabot_alerts.meta.json")["last_error"],
        format!(
            "GET {}/orgs/acme/dependabot/alerts?per_page=100: HTTP 403 Forbidden: Resource not accessible by integration",
            server.base
        )
    );
}

// -------------------------------------------------------------------- git

fn sig(name: &str, email: &str, at: i64) -> git2::Signature<'static> {
    git2::Signature::new(name, email, &git2::Time::new(at, 0)).unwrap()
}

/// Commit the work tree's files `paths` on top of `parents`, updating `refname`.
fn commit_files(
    repo: &git2::Repository,
    refname: Option<&str>,
    files: &[(&str, &str)],
    message: &str,
    at: i64,
    parents: &[git2::Oid],
) -> git2::Oid {
    let workdir = repo.workdir().unwrap().to_path_buf();
    let mut index = repo.index().unwrap();
    for (path, contents) in files {
        let full = workdir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(&full, contents).unwrap();
        index.add_path(Path::new(path)).unwrap();
    }
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let parents: Vec<git2::Commit<'_>> = parents.iter().map(|p| repo.find_commit(*p).unwrap()).collect();
    let parent_refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
    let s = sig("Ann Dev", "ann@x.test", at);
    repo.commit(refname, &s, &s, message, &tree, &parent_refs).unwrap()
}

#[test]
fn git_collector_reads_commits_trailers_merges_tags_branches_and_files() {
    let fx = repo("[collectors.repo]\nkind = \"git\"\n");
    let git = git2::Repository::init(fx.path()).unwrap();
    let t0 = 1_780_000_000; // 2026-05-28
    let c1 = commit_files(
        &git,
        Some("HEAD"),
        &[("soc2.toml", &fx.read("soc2.toml")), ("README.md", "# x\n")],
        "Initial commit",
        t0,
        &[],
    );
    let c2 = commit_files(
        &git,
        None,
        &[("CODEOWNERS", "* @acme/devs\n"), (".github/workflows/ci.yaml", "on: push\n")],
        "Add code owners and CI\n\nReviewed-by: Bob <bob@x.test>\nCo-authored-by: Cid <cid@x.test>\n",
        t0 + 100,
        &[c1],
    );
    let c3 = commit_files(&git, Some("HEAD"), &[("docs.md", "d\n")], "Docs on main", t0 + 50, &[c1]);
    let merge = commit_files(
        &git,
        Some("HEAD"),
        &[("CODEOWNERS", "* @acme/devs\n"), (".github/workflows/ci.yaml", "on: push\n")],
        "Merge pull request #12 from acme/ci\n\nAdd CI\n\nApproved-by: Dana <dana@x.test>\n",
        t0 + 200,
        &[c3, c2],
    );
    let obj = git.find_object(merge, None).unwrap();
    git.tag("v1.0.0", &obj, &sig("Rel Eng", "rel@x.test", t0 + 300), "Release 1.0.0\n", false).unwrap();
    git.tag_lightweight("nightly", &git.find_object(c3, None).unwrap(), false).unwrap();
    git.branch("feature", &git.find_commit(c2).unwrap(), false).unwrap();

    let run = collect(&fx, &[], &[]);
    run.code(0).no_panic();
    assert_eq!(run.stdout, "repo  ok                5 datasets  41 rows\n");

    let commits: Vec<serde_json::Value> =
        fx.read("evidence/repo/commits.jsonl").lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let shas: Vec<String> = commits.iter().map(|c| c["sha"].as_str().unwrap().to_owned()).collect();
    assert_eq!(shas, [merge, c2, c3, c1].map(|o| o.to_string()));
    assert_eq!(
        commits[1],
        serde_json::json!({
            "sha": c2.to_string(),
            "author_name": "Ann Dev",
            "author_email": "ann@x.test",
            "authored_at": "2026-05-28T20:28:20Z",
            "committer_name": "Ann Dev",
            "committer_email": "ann@x.test",
            "committed_at": "2026-05-28T20:28:20Z",
            "subject": "Add code owners and CI",
            "parents": [c1.to_string()],
            "parent_count": 1,
            "is_merge": false,
            "signed": false,
            "trailers": {"Co-authored-by": ["Cid <cid@x.test>"], "Reviewed-by": ["Bob <bob@x.test>"]},
            "reviewed_by": ["Bob <bob@x.test>"],
            "approved_by": [],
            "co_authored_by": ["Cid <cid@x.test>"],
        })
    );
    let merges: Vec<serde_json::Value> =
        fx.read("evidence/repo/merges.jsonl").lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(merges.len(), 1);
    assert_eq!(merges[0]["pr_number"], 12);
    assert_eq!(merges[0]["merged_branch"], "acme/ci");
    assert_eq!(merges[0]["is_merge"], true);
    assert_eq!(merges[0]["approved_by"], serde_json::json!(["Dana <dana@x.test>"]));

    assert_eq!(
        fx.read("evidence/repo/tags.jsonl"),
        format!(
            "{{\"annotated\":false,\"message\":null,\"name\":\"nightly\",\"signed\":false,\"tagged_at\":null,\"tagger_email\":null,\"tagger_name\":null,\"target\":\"{c3}\"}}\n\
             {{\"annotated\":true,\"message\":\"Release 1.0.0\",\"name\":\"v1.0.0\",\"signed\":false,\"tagged_at\":\"2026-05-28T20:31:40Z\",\"tagger_email\":\"rel@x.test\",\"tagger_name\":\"Rel Eng\",\"target\":\"{merge}\"}}\n"
        )
    );
    let head_branch = git.head().unwrap().shorthand().unwrap().to_owned();
    let mut expected_branches = [
        format!(
            "{{\"head\":\"{c2}\",\"is_default\":false,\"last_commit_at\":\"2026-05-28T20:28:20Z\",\"name\":\"feature\"}}\n"
        ),
        format!(
            "{{\"head\":\"{merge}\",\"is_default\":true,\"last_commit_at\":\"2026-05-28T20:30:00Z\",\"name\":\"{head_branch}\"}}\n"
        ),
    ];
    expected_branches.sort_by_key(|l| l.split("\"name\":").nth(1).unwrap().to_owned());
    assert_eq!(fx.read("evidence/repo/branches.jsonl"), expected_branches.concat());

    let files = fx.read("evidence/repo/files.jsonl");
    assert!(files.contains(&format!(
        "{{\"category\":\"codeowners\",\"path\":\"CODEOWNERS\",\"present\":true,\"sha256\":\"{}\",\"size\":13}}\n",
        sha256_hex(b"* @acme/devs\n")
    )));
    assert!(files.contains(&format!(
        "{{\"category\":\"ci_workflow\",\"path\":\".github/workflows/ci.yaml\",\"present\":true,\"sha256\":\"{}\",\"size\":9}}\n",
        sha256_hex(b"on: push\n")
    )));
    assert!(files.contains(
        "{\"category\":\"security_policy\",\"path\":\"SECURITY.md\",\"present\":false,\"sha256\":null,\"size\":null}\n"
    ));

    // `since` keeps only recent commits; `branch` reads another branch.
    let fx = fx.file(
        "soc2.toml",
        format!(
            "{SOC2_TOML}\n[collectors.repo]\nkind = \"git\"\nbranch = \"feature\"\nsince = \"2026-05-28T20:28:00Z\"\n"
        ),
    );
    collect(&fx, &[], &[]).code(0);
    let commits = fx.read("evidence/repo/commits.jsonl");
    assert_eq!(commits.lines().count(), 1);
    assert!(commits.contains(&c2.to_string()));
}

// ----------------------------------------------------------------- commit

#[test]
fn commit_holds_only_changed_evidence_and_leaves_the_users_changes_alone() {
    let fx = repo("[collectors.hr]\nkind = \"file\"\npath = \"hr.csv\"\n")
        .file("hr.csv", "email\nann@x\nbob@x\n")
        .file("README.md", "original\n")
        .file("notes.md", "original notes\n");
    let git = git2::Repository::init(fx.path()).unwrap();
    git.config().unwrap().set_str("user.name", "Casey Compliance").unwrap();
    git.config().unwrap().set_str("user.email", "casey@x.test").unwrap();
    let base = commit_files(
        &git,
        Some("HEAD"),
        &[
            ("soc2.toml", &fx.read("soc2.toml")),
            ("hr.csv", "email\nann@x\nbob@x\n"),
            ("README.md", "original\n"),
            ("notes.md", "original notes\n"),
        ],
        "initial",
        1_780_000_000,
        &[],
    );
    // The user's work in progress: one staged change, one unstaged change.
    std::fs::write(fx.join("README.md"), "staged by the user\n").unwrap();
    let mut index = git.index().unwrap();
    index.add_path(Path::new("README.md")).unwrap();
    index.write().unwrap();
    std::fs::write(fx.join("notes.md"), "unstaged edit\n").unwrap();

    let run = collect(&fx, &["--commit"], &[]);
    run.code(0).no_panic();
    let git = git2::Repository::open(fx.path()).unwrap();
    let head = git.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.message().ok(), Some("soc2 collect: hr (2 rows)"));
    assert_eq!(
        run.stdout,
        format!(
            "hr  ok                1 dataset   2 rows\ncommitted {}: soc2 collect: hr (2 rows)\n",
            &head.id().to_string()[..12]
        )
    );
    assert_eq!(head.author().name().ok(), Some("Casey Compliance"));
    assert_eq!(head.author().when().seconds(), 1_782_820_800); // SOC2_NOW
    assert_eq!(head.parent_ids().collect::<Vec<_>>(), [base]);

    let parent_tree = git.find_commit(base).unwrap().tree().unwrap();
    let diff = git.diff_tree_to_tree(Some(&parent_tree), Some(&head.tree().unwrap()), None).unwrap();
    let changed: Vec<String> =
        diff.deltas().map(|d| d.new_file().path().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(changed, ["evidence/hr/hr.jsonl", "evidence/hr/hr.meta.json"]);

    let statuses: BTreeMap<String, git2::Status> =
        git.statuses(None).unwrap().iter().map(|s| (s.path().unwrap().to_owned(), s.status())).collect();
    assert_eq!(statuses.get("README.md"), Some(&git2::Status::INDEX_MODIFIED));
    assert_eq!(statuses.get("notes.md"), Some(&git2::Status::WT_MODIFIED));
    assert!(statuses.keys().all(|p| !p.starts_with("evidence/")), "{statuses:?}");

    // Same data, same clock: nothing to commit.
    let run = collect(&fx, &["--commit"], &[]);
    run.code(0);
    assert_eq!(run.stdout, "hr  ok                1 dataset   2 rows\nnothing to commit: evidence unchanged\n");
    assert_eq!(git.head().unwrap().peel_to_commit().unwrap().id(), head.id());

    // A later run with the same data commits only the meta (collected_at moved).
    collect(&fx, &["--commit", "--now", "2026-07-01T00:00:00Z"], &[]).code(0);
    let git = git2::Repository::open(fx.path()).unwrap();
    let next = git.head().unwrap().peel_to_commit().unwrap();
    let diff = git.diff_tree_to_tree(Some(&head.tree().unwrap()), Some(&next.tree().unwrap()), None).unwrap();
    let changed: Vec<String> =
        diff.deltas().map(|d| d.new_file().path().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(changed, ["evidence/hr/hr.meta.json"]);
    assert_eq!(
        git.index().unwrap().get_path(Path::new("README.md"), 0).map(|e| e.id),
        Some(git.blob(b"staged by the user\n").unwrap())
    );
}

#[test]
fn commit_includes_evidence_an_earlier_run_left_uncommitted() {
    let fx = repo("[collectors.hr]\nkind = \"file\"\npath = \"hr.csv\"\nevery = \"1d\"\n\n[collectors.other]\nkind = \"file\"\npath = \"hr.csv\"\n")
        .file("hr.csv", "email\nann@x\n");
    let git = git2::Repository::init(fx.path()).unwrap();
    commit_files(
        &git,
        Some("HEAD"),
        &[("soc2.toml", &fx.read("soc2.toml")), ("hr.csv", "email\nann@x\n")],
        "initial",
        1_780_000_000,
        &[],
    );
    collect(&fx, &[], &[]).code(0);
    // `hr` is fresh now and skipped, `other` rewrites nothing; both snapshots are still uncommitted.
    let run = collect(&fx, &["--commit"], &[]);
    run.code(0);
    let git = git2::Repository::open(fx.path()).unwrap();
    let head = git.head().unwrap().peel_to_commit().unwrap();
    // Several collectors: a short subject with the totals, each collector in the body.
    assert_eq!(
        head.message().ok(),
        Some("soc2 collect: 2 collectors, 2 datasets, 2 rows\n\n- hr (1 row)\n- other (1 row)\n")
    );
    assert!(head.summary().unwrap().unwrap().chars().count() <= 72);
    let tree = head.tree().unwrap();
    for path in [
        "evidence/hr/hr.jsonl",
        "evidence/hr/hr.meta.json",
        "evidence/other/other.jsonl",
        "evidence/other/other.meta.json",
    ] {
        assert!(tree.get_path(Path::new(path)).is_ok(), "{path} not committed");
    }
    assert!(git.statuses(None).unwrap().iter().all(|s| !s.path().unwrap().starts_with("evidence/")));
}

#[test]
fn commit_outside_a_git_repository_is_refused_before_collecting() {
    let fx = repo("[collectors.hr]\nkind = \"file\"\npath = \"hr.csv\"\n").file("hr.csv", "a\n1\n");
    let run =
        collect(&fx, &["--commit"], &[("GIT_CEILING_DIRECTORIES", fx.path().parent().unwrap().to_str().unwrap())]);
    run.code(2).no_panic().stderr_has("is not inside a git repository").stderr_has("hint: run `git init` first");
    assert!(!fx.join("evidence").exists());
}
