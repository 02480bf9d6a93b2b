//! `install.sh` against a fake release on 127.0.0.1: the platform's archive,
//! verified against SHA256SUMS, installed whole or not at all.

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use crate::fake_release::{FakeRelease, archive_name, fake_output, make_executable};
use crate::support::Run;

/// The install.sh of this repository.
pub fn install_sh() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("install.sh")
}

/// A sandbox: HOME, and a bin dir first on PATH with a `uname` (and `sysctl`)
/// that report the given platform.
pub struct Machine {
    pub dir: TempDir,
    os: String,
    arch: String,
    rosetta: bool,
}

impl Machine {
    pub fn new(os: &str, arch: &str) -> Self {
        Machine { dir: tempfile::tempdir().unwrap(), os: os.to_owned(), arch: arch.to_owned(), rosetta: false }
    }

    fn rosetta(mut self) -> Self {
        self.rosetta = true;
        self
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    pub fn fake_bin(&self) -> PathBuf {
        let bin = self.dir.path().join("fake-bin");
        std::fs::create_dir_all(&bin).unwrap();
        let uname = format!("#!/bin/sh\ncase \"$1\" in -m) echo '{}' ;; *) echo '{}' ;; esac\n", self.arch, self.os);
        std::fs::write(bin.join("uname"), uname).unwrap();
        make_executable(&bin.join("uname"));
        let arm64 = if self.rosetta { "1" } else { "0" };
        std::fs::write(bin.join("sysctl"), format!("#!/bin/sh\necho {arm64}\n")).unwrap();
        make_executable(&bin.join("sysctl"));
        bin
    }

    /// `sh install.sh ARGS` with the release at `base`; `path` replaces the system PATH.
    pub fn run_with_path(&self, base: &str, args: &[&str], path: &str) -> Run {
        std::fs::create_dir_all(self.home()).unwrap();
        let path = format!("{}:{path}", self.fake_bin().display());
        let out = Command::new("sh")
            .arg(install_sh())
            .args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", path)
            .env("HOME", self.home())
            .env("SOC2_INSTALL_BASE_URL", base)
            .env("NO_PROXY", "127.0.0.1,localhost")
            .env("no_proxy", "127.0.0.1,localhost")
            .output()
            .unwrap();
        Run::new(out)
    }

    pub fn run(&self, base: &str, args: &[&str]) -> Run {
        self.run_with_path(base, args, &std::env::var("PATH").unwrap())
    }
}

/// What the installed binary prints.
fn run_installed(path: &Path) -> String {
    let out = Command::new(path).output().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

#[test]
fn installs_the_archive_of_the_detected_platform() {
    let release = FakeRelease::new("0.2.0");
    for (os, arch, target) in [
        ("Linux", "x86_64", "x86_64-unknown-linux-musl"),
        ("Linux", "aarch64", "aarch64-unknown-linux-musl"),
        ("Linux", "arm64", "aarch64-unknown-linux-musl"),
        ("Darwin", "arm64", "aarch64-apple-darwin"),
        ("Darwin", "x86_64", "x86_64-apple-darwin"),
    ] {
        let m = Machine::new(os, arch);
        let to = m.dir.path().join("bin");
        let run = m.run(&release.base, &["--version", "0.2.0", "--to", to.to_str().unwrap()]);
        run.code(0).stderr_has(&format!("installed soc2 0.2.0 ({target}) to {}/soc2", to.display()));
        assert_eq!(run_installed(&to.join("soc2")), fake_output("0.2.0", target), "{os} {arch}");
        assert_eq!(files_in(&to), ["soc2"], "only the binary, no partial file");
        assert!(release.requests().contains(&release.asset(&archive_name("0.2.0", target))));
    }
}

#[test]
fn rosetta_gets_the_native_binary() {
    let release = FakeRelease::new("0.2.0");
    let m = Machine::new("Darwin", "x86_64").rosetta();
    m.run(&release.base, &["--version", "0.2.0"]).code(0);
    assert_eq!(run_installed(&m.home().join(".local/bin/soc2")), fake_output("0.2.0", "aarch64-apple-darwin"));
}

#[test]
fn installs_to_local_bin_by_default_and_latest_reads_sha256sums() {
    let release = FakeRelease::new("0.3.1");
    let m = Machine::new("Linux", "x86_64");
    let run = m.run(&release.base, &[]);
    run.code(0).stderr_has("installed soc2 0.3.1 (x86_64-unknown-linux-musl)");
    run.stderr_has("is not on PATH");
    let bin = m.home().join(".local/bin/soc2");
    assert_eq!(run_installed(&bin), fake_output("0.3.1", "x86_64-unknown-linux-musl"));
    let requests = release.requests();
    assert_eq!(requests[0], "/releases/latest/download/SHA256SUMS", "{requests:?}");
    assert!(requests.contains(&release.asset("soc2-v0.3.1-x86_64-unknown-linux-musl.tar.gz")), "{requests:?}");
}

#[test]
fn a_leading_v_and_reinstalling_over_an_old_binary_are_fine() {
    let release = FakeRelease::new("0.2.0");
    let m = Machine::new("Linux", "x86_64");
    let to = m.dir.path().join("tools");
    std::fs::create_dir_all(&to).unwrap();
    std::fs::write(to.join("soc2"), "old").unwrap();
    m.run(&release.base, &["--version=v0.2.0", "--to", to.to_str().unwrap()]).code(0);
    assert_eq!(run_installed(&to.join("soc2")), fake_output("0.2.0", "x86_64-unknown-linux-musl"));
}

#[test]
fn windows_gets_the_zip_with_soc2_exe() {
    let release = FakeRelease::new("0.2.0");
    let m = Machine::new("MINGW64_NT-10.0-20348", "x86_64");
    let run = m.run(&release.base, &["--version", "0.2.0", "--resolve"]);
    run.code(0);
    assert!(run.stdout.contains("target=x86_64-pc-windows-msvc\n"), "{}", run.stdout);
    assert!(run.stdout.contains("archive=soc2-v0.2.0-x86_64-pc-windows-msvc.zip\n"), "{}", run.stdout);
    assert!(release.requests().is_empty(), "a pinned version resolves offline");
    let to = m.dir.path().join("bin");
    m.run(&release.base, &["--version", "0.2.0", "--to", to.to_str().unwrap()]).code(0);
    assert_eq!(files_in(&to), ["soc2.exe"]);
    assert_eq!(run_installed(&to.join("soc2.exe")), fake_output("0.2.0", "x86_64-pc-windows-msvc"));
}

#[test]
fn a_tampered_archive_is_refused_and_nothing_is_installed() {
    let release = FakeRelease::new("0.2.0");
    let name = archive_name("0.2.0", "x86_64-unknown-linux-musl");
    release.put(&name, b"not the archive SHA256SUMS describes".to_vec());
    let m = Machine::new("Linux", "x86_64");
    let to = m.dir.path().join("bin");
    let run = m.run(&release.base, &["--version", "0.2.0", "--to", to.to_str().unwrap()]);
    run.code(1).stderr_has(&format!("error: checksum mismatch for {name}")).stderr_has("nothing was installed");
    assert_eq!(files_in(&to), Vec::<String>::new());
}

#[test]
fn a_release_without_sha256sums_is_refused() {
    let release = FakeRelease::new("0.2.0");
    release.remove("SHA256SUMS");
    let m = Machine::new("Linux", "x86_64");
    let to = m.dir.path().join("bin");
    let run = m.run(&release.base, &["--version", "0.2.0", "--to", to.to_str().unwrap()]);
    run.code(1).stderr_has("SHA256SUMS: refusing to install without checksums; nothing was installed");
    assert_eq!(files_in(&to), Vec::<String>::new());
    assert!(!release.requests().iter().any(|r| r.ends_with(".tar.gz")), "the archive is not even fetched");
}

#[test]
fn an_archive_missing_from_sha256sums_is_refused() {
    let release = FakeRelease::new("0.2.0");
    let sums = format!("{}  {}\n", "0".repeat(64), archive_name("0.2.0", "aarch64-apple-darwin"));
    release.put("SHA256SUMS", sums.into_bytes());
    let m = Machine::new("Linux", "x86_64");
    let to = m.dir.path().join("bin");
    m.run(&release.base, &["--version", "0.2.0", "--to", to.to_str().unwrap()])
        .code(1)
        .stderr_has("SHA256SUMS of v0.2.0 lists no soc2-v0.2.0-x86_64-unknown-linux-musl.tar.gz");
    assert!(!to.exists());
}

#[test]
fn a_missing_version_fails_cleanly() {
    let release = FakeRelease::new("0.2.0");
    let m = Machine::new("Linux", "x86_64");
    m.run(&release.base, &["--version", "9.9.9"])
        .code(1)
        .stderr_has("cannot download")
        .stderr_has("nothing was installed");
    assert!(!m.home().join(".local/bin/soc2").exists());
}

#[test]
fn an_unsupported_platform_points_to_cargo_install() {
    let release = FakeRelease::new("0.2.0");
    let m = Machine::new("FreeBSD", "amd64");
    let run = m.run(&release.base, &["--version", "0.2.0"]);
    let repo = env!("CARGO_PKG_REPOSITORY");
    run.code(1)
        .stderr_has("no prebuilt soc2 for FreeBSD amd64")
        .stderr_has(&format!("cargo install --locked --git {repo} --tag v0.2.0 soc2"));
    let resolve = m.run(&release.base, &["--version", "0.2.0", "--resolve"]);
    resolve.code(0);
    assert!(resolve.stdout.contains("target=\narchive=\n"), "{}", resolve.stdout);
    assert!(resolve.stdout.contains(&format!("repository={repo}\n")), "{}", resolve.stdout);
}

#[test]
fn usage_errors_exit_2() {
    let m = Machine::new("Linux", "x86_64");
    m.run("http://127.0.0.1:9", &["--version", "../../etc"]).code(2).stderr_has("invalid version");
    m.run("http://127.0.0.1:9", &["--bogus"]).code(2).stderr_has("unknown argument '--bogus'");
    m.run("http://127.0.0.1:9", &["--to"]).code(2).stderr_has("--to needs a directory");
    let help = m.run("http://127.0.0.1:9", &["--help"]);
    help.code(0).stdout_has("--version VERSION").stdout_has("SOC2_INSTALL_BASE_URL");
}

/// Without curl, wget does the downloads.
#[test]
#[allow(clippy::print_stderr)]
fn works_with_wget_alone() {
    let tools = [
        "sh",
        "awk",
        "sed",
        "tar",
        "gzip",
        "sha256sum",
        "cut",
        "mktemp",
        "rm",
        "mkdir",
        "cp",
        "chmod",
        "mv",
        "head",
        "cat",
        "wget",
    ];
    let m = Machine::new("Linux", "x86_64");
    let bin = m.dir.path().join("only-wget");
    std::fs::create_dir_all(&bin).unwrap();
    for tool in tools {
        let Some(found) = which(tool) else {
            eprintln!("note: {tool} not found, skipping works_with_wget_alone");
            return;
        };
        std::os::unix::fs::symlink(found, bin.join(tool)).unwrap();
    }
    let release = FakeRelease::new("0.2.0");
    let to = m.dir.path().join("bin");
    m.run_with_path(&release.base, &["--to", to.to_str().unwrap()], bin.to_str().unwrap()).code(0);
    assert_eq!(run_installed(&to.join("soc2")), fake_output("0.2.0", "x86_64-unknown-linux-musl"));
    release.put(&archive_name("0.2.0", "x86_64-unknown-linux-musl"), b"tampered".to_vec());
    let other = m.dir.path().join("other");
    m.run_with_path(&release.base, &["--to", other.to_str().unwrap()], bin.to_str().unwrap())
        .code(1)
        .stderr_has("checksum mismatch");
    assert!(!other.join("soc2").exists());
}

pub fn which(tool: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(tool)).find(|p| p.is_file())
}
