//! A fixture repo in a temp dir and a way to run the real binary on it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// The evaluation time every test runs at, so output holds no wall-clock time.
pub const NOW: &str = "2026-06-30T12:00:00Z";

pub const SOC2_TOML: &str = r#"[organization]
name = "Test Co"

[audit]
type = "type1"
categories = ["security"]
"#;

/// People of the fixture repos that record reviews, attestations and workflow moves.
pub const PEOPLE: &str = r#"
[[people]]
name = "Dana Lee"
email = "dana@test.example"
github = "dana-lee"
roles = ["security-officer"]

[[people]]
name = "Sam Patel"
email = "sam@test.example"
roles = ["reviewer"]

[[people]]
name = "Jo Park"
email = "ceo@test.example"
roles = ["ceo"]

[[people]]
name = "Alex Kim"
email = "alex@test.example"
roles = ["it-admin"]

[[people]]
name = "Avery Quinn"
email = "auditor@cpa.example"
roles = ["auditor"]
"#;

pub const CONTROL: &str = r#"id: AC-01
title: MFA is enforced for every workforce account
criteria: [CC6.1]
owner: dana@test.example
policies: [access-control]
queries:
  - query: users_without_mfa
"#;

pub const POLICY: &str = r#"---
id: access-control
title: Access Control Policy
owner: Dana Lee
version: "1.0"
review_every: 365d
criteria: [CC6.1]
---
# Access Control Policy

Access is granted on least privilege.
"#;

pub const QUERY: &str = "-- Workforce accounts without MFA.\nselect email from idp_users where mfa = 0\n";

/// A compliance repo under construction in a temp dir.
pub struct Fixture {
    dir: TempDir,
}

impl Fixture {
    /// An empty directory.
    pub fn empty() -> Self {
        Fixture { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// A small valid repo: config, one control, one policy, one query.
    pub fn minimal() -> Self {
        Fixture::empty()
            .file("soc2.toml", SOC2_TOML)
            .file("controls/AC-01.yaml", CONTROL)
            .file("policies/access-control.md", POLICY)
            .file("queries/users_without_mfa.sql", QUERY)
    }

    /// [`Fixture::minimal`] with [`PEOPLE`] in soc2.toml.
    pub fn with_people() -> Self {
        Fixture::minimal().file("soc2.toml", format!("{SOC2_TOML}{PEOPLE}"))
    }

    pub fn file(self, path: &str, contents: impl AsRef<[u8]>) -> Self {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(&full, contents).expect("write fixture");
        self
    }

    /// Evidence for one dataset, written as a collector would, collected at `collected_at`.
    pub fn evidence(self, collector: &str, dataset: &str, rows: &[&str], collected_at: &str) -> Self {
        let data: String = rows.iter().map(|r| format!("{r}\n")).collect();
        let meta = format!(
            r#"{{"collector":"{collector}","dataset":"{dataset}","kind":"file","source":"test","collected_at":"{collected_at}","rows":{},"sha256":null,"soc2_version":"test"}}"#,
            rows.len()
        );
        self.file(&format!("evidence/{collector}/{dataset}.jsonl"), data)
            .file(&format!("evidence/{collector}/{dataset}.meta.json"), meta)
    }

    /// [`Fixture::with_people`] whose AC-01 passes: fresh `idp_users` evidence, everyone with MFA.
    pub fn passing() -> Self {
        Fixture::with_people()
            .file(
                "soc2.toml",
                format!("{SOC2_TOML}{PEOPLE}\n[collectors.idp_users]\nkind = \"file\"\npath = \"registers/idp.csv\"\n"),
            )
            .evidence("idp_users", "idp_users", &[r#"{"email":"dana@test.example","mfa":1}"#], "2026-06-29T00:00:00Z")
    }

    pub fn remove(self, path: &str) -> Self {
        std::fs::remove_file(self.dir.path().join(path)).expect("remove fixture");
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    pub fn read(&self, p: &str) -> String {
        std::fs::read_to_string(self.join(p)).expect("read")
    }

    /// `soc2 ARGS` run in the repo with a fixed clock and no colour.
    pub fn soc2(&self, args: &[&str]) -> Run {
        Run::new(soc2_cmd(self.path()).args(args).output().expect("run soc2"))
    }

    /// Like [`Fixture::soc2`] with extra environment variables.
    pub fn soc2_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = soc2_cmd(self.path());
        for (k, v) in env {
            cmd.env(k, v);
        }
        Run::new(cmd.args(args).output().expect("run soc2"))
    }
}

pub fn soc2_cmd(cwd: &Path) -> Command {
    let mut cmd = Command::cargo_bin("soc2").expect("soc2 binary");
    cmd.current_dir(cwd).env("NO_COLOR", "1").env("SOC2_NOW", NOW).env_remove("CI").env_remove("GITHUB_TOKEN");
    cmd
}

/// What one run printed and how it exited.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn new(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(self.code, expected, "exit code\n--- stdout\n{}\n--- stderr\n{}", self.stdout, self.stderr);
        self
    }

    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(self.stderr.contains(needle), "stderr lacks {needle:?}:\n{}", self.stderr);
        self
    }

    pub fn stdout_has(&self, needle: &str) -> &Self {
        assert!(self.stdout.contains(needle), "stdout lacks {needle:?}:\n{}", self.stdout);
        self
    }

    /// No panic message, no backtrace.
    pub fn no_panic(&self) -> &Self {
        assert!(!self.stderr.contains("panicked"), "panic:\n{}", self.stderr);
        assert!(!self.stderr.contains("RUST_BACKTRACE"), "backtrace:\n{}", self.stderr);
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}
