//! A fake soc2 release served over HTTP on 127.0.0.1, laid out as GitHub
//! serves releases (`download/v<version>/<asset>`, `latest/download/<asset>`
//! redirecting to the latest release), for install.sh, the action and the GitLab
//! pipeline. Each archive holds a `soc2` script printing its own target.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// Every platform a release has a binary for, as the release workflow builds them.
pub const TARGETS: [&str; 5] = [
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
    "aarch64-apple-darwin",
    "x86_64-apple-darwin",
    "x86_64-pc-windows-msvc",
];

/// `soc2-v<version>-<target>.tar.gz`, `.zip` on Windows: the one archive naming.
pub fn archive_name(version: &str, target: &str) -> String {
    let ext = if target.contains("-windows-") { "zip" } else { "tar.gz" };
    format!("soc2-v{version}-{target}.{ext}")
}

/// What the fake binary of a target prints, whatever its arguments.
pub fn fake_output(version: &str, target: &str) -> String {
    format!("soc2 {version} fake build for {target}")
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

type Files = Arc<Mutex<BTreeMap<String, Vec<u8>>>>;

pub struct FakeRelease {
    /// What SOC2_INSTALL_BASE_URL is set to: `http://127.0.0.1:PORT/releases`.
    pub base: String,
    pub version: String,
    files: Files,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl FakeRelease {
    /// Release `version` with an archive for every target and its SHA256SUMS; `latest` is it.
    pub fn new(version: &str) -> Self {
        let mut files = BTreeMap::new();
        let mut sums = String::new();
        for target in TARGETS {
            let name = archive_name(version, target);
            let bytes = archive(version, target);
            sums.push_str(&format!("{}  {name}\n", sha256_hex(&bytes)));
            files.insert(format!("/releases/download/v{version}/{name}"), bytes);
        }
        sums.push_str(&format!("{}  install.sh\n", sha256_hex(b"#!/bin/sh\n")));
        files.insert(format!("/releases/download/v{version}/SHA256SUMS"), sums.into_bytes());
        let files: Files = Arc::new(Mutex::new(files));
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let base = format!("http://{}/releases", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (files2, requests2, stop2, version2) = (files.clone(), requests.clone(), stop.clone(), version.to_owned());
        std::thread::spawn(move || {
            // Bounded: stops when dropped, after two minutes, or after 200 requests.
            let deadline = Instant::now() + Duration::from_secs(120);
            let mut served = 0;
            while !stop2.load(Ordering::SeqCst) && Instant::now() < deadline && served < 200 {
                match listener.accept() {
                    Ok((stream, _)) => {
                        served += 1;
                        let (f, r, v) = (files2.clone(), requests2.clone(), version2.clone());
                        std::thread::spawn(move || serve(stream, &f, &r, &v));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        FakeRelease { base, version: version.to_owned(), files, requests, stop }
    }

    /// Path of an asset of this release on the server.
    pub fn asset(&self, name: &str) -> String {
        format!("/releases/download/v{}/{name}", self.version)
    }

    /// Replace an asset's bytes (a tampered archive).
    pub fn put(&self, name: &str, bytes: Vec<u8>) {
        self.files.lock().unwrap().insert(self.asset(name), bytes);
    }

    /// Stop serving an asset (a release without SHA256SUMS).
    pub fn remove(&self, name: &str) {
        self.files.lock().unwrap().remove(&self.asset(name));
    }

    /// Request paths, in the order they came.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for FakeRelease {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn serve(stream: TcpStream, files: &Files, log: &Mutex<Vec<String>>, version: &str) {
    stream.set_nonblocking(false).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or_default().to_owned();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
    }
    log.lock().unwrap().push(path.clone());
    let mut out = stream;
    let latest = path.strip_prefix("/releases/latest/download/");
    let body = files.lock().unwrap().get(&path).cloned();
    let head = match (latest, &body) {
        (Some(asset), _) => {
            format!("HTTP/1.1 302 Found\r\nLocation: /releases/download/v{version}/{asset}\r\nContent-Length: 0\r\n")
        }
        (None, Some(b)) => {
            format!("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n", b.len())
        }
        (None, None) => "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n".to_owned(),
    };
    let _ = out.write_all(format!("{head}Connection: close\r\n\r\n").as_bytes());
    match (latest, body) {
        (None, Some(b)) => {
            let _ = out.write_all(&b);
        }
        (None, None) => {
            let _ = out.write_all(b"not found");
        }
        _ => {}
    }
    let _ = out.flush();
}

/// The archive of one target: `soc2` (`soc2.exe`) and README.md at its root.
fn archive(version: &str, target: &str) -> Vec<u8> {
    let script = format!("#!/bin/sh\necho '{}'\n", fake_output(version, target));
    if target.contains("-windows-") {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().unix_permissions(0o755);
        for (name, body) in [("soc2.exe", script.as_str()), ("README.md", "# soc2\n")] {
            zip.start_file(name, opts).unwrap();
            zip.write_all(body.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        return buf.into_inner();
    }
    let staging = tempfile::tempdir().unwrap();
    std::fs::write(staging.path().join("soc2"), script).unwrap();
    std::fs::write(staging.path().join("README.md"), "# soc2\n").unwrap();
    make_executable(&staging.path().join("soc2"));
    let out = staging.path().join("out.tar.gz");
    let status = Command::new("tar")
        .arg("-czf")
        .arg(&out)
        .arg("-C")
        .arg(staging.path())
        .args(["soc2", "README.md"])
        .status()
        .expect("tar");
    assert!(status.success(), "tar failed");
    std::fs::read(out).unwrap()
}

pub fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}
