//! The pipelines soc2 ships and writes: `soc2 init --ci github|gitlab`, the
//! repository's own workflows and action. They validate against the GitHub
//! workflow / action and GitLab CI schemas, zizmor finds nothing of medium or
//! high severity, and their scripts behave as documented when run here.
//!
//! The checkers come from PyPI (`python3 -m pip install -r .ci/requirements.txt`).
//! Without them a test prints a note and skips, unless `CI` is set: then it fails.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::fake_release::{FakeRelease, TARGETS, archive_name, fake_output};
use crate::install::{Machine, which};
use crate::support::{Fixture, NOW, Run};
use tempfile::TempDir;

const VERSION: &str = env!("CARGO_PKG_VERSION");
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).unwrap()
}

/// `owner/name` of the repository.
fn slug() -> &'static str {
    REPOSITORY.strip_prefix("https://github.com/").expect("repository is a GitHub URL")
}

// ------------------------------------------------------------- checkers

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// A checker program, or `None` (after a note) when it is missing outside CI.
#[allow(clippy::print_stderr)]
fn checker(name: &str) -> Option<PathBuf> {
    match which(name) {
        Some(path) => Some(path),
        None if ci() => panic!(
            "{name} is not installed and CI is set: install the checkers with \
             `python3 -m pip install -r .ci/requirements.txt` (.ci/run does)"
        ),
        None => {
            eprintln!("note: {name} is not installed, skipping (python3 -m pip install -r .ci/requirements.txt)");
            None
        }
    }
}

fn run_checker(program: &Path, args: &[&str], files: &[PathBuf], cwd: &Path) -> Run {
    let out = Command::new(program).args(args).args(files).current_dir(cwd).env("NO_COLOR", "1").output().unwrap();
    Run::new(out)
}

fn assert_schema(schema: &str, files: &[PathBuf]) {
    let Some(cj) = checker("check-jsonschema") else { return };
    let run = run_checker(&cj, &["--builtin-schema", schema], files, root());
    assert_eq!(run.code, 0, "{schema} rejects {files:?}:\n{}\n{}", run.stdout, run.stderr);
}

/// zizmor, offline, without any configuration: no finding of medium or high severity.
fn assert_zizmor(files: &[PathBuf], cwd: &Path) {
    let Some(z) = checker("zizmor") else { return };
    let run = run_checker(&z, &["--offline", "--no-config", "--min-severity", "medium"], files, cwd);
    assert_eq!(run.code, 0, "zizmor findings in {files:?}:\n{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("No findings to report"), "{}", run.stdout);
}

// ------------------------------------------------------ generated files

/// `soc2 init --ci SYSTEM` in a fresh directory.
fn generated(system: &str) -> (Fixture, PathBuf) {
    let fx = Fixture::empty();
    fx.soc2(&["init", "repo", "--ci", system]).code(0);
    let file = match system {
        "github" => fx.join("repo/.github/workflows/soc2.yml"),
        _ => fx.join("repo/.gitlab-ci.yml"),
    };
    (fx, file)
}

/// This repository's GitHub workflows and action.
fn shipped_workflows() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    assert!(files.iter().any(|f| f.ends_with("release.yml")), "{files:?}");
    files
}

#[test]
fn generated_github_workflow_is_valid_and_zizmor_clean() {
    let (fx, file) = generated("github");
    assert_schema("vendor.github-workflows", std::slice::from_ref(&file));
    assert_zizmor(&[file], fx.path());
}

#[test]
fn generated_gitlab_pipeline_is_valid() {
    let (_fx, file) = generated("gitlab");
    assert_schema("vendor.gitlab-ci", &[file]);
}

#[test]
fn shipped_workflows_and_action_are_valid_and_zizmor_clean() {
    let workflows = shipped_workflows();
    assert_schema("vendor.github-workflows", &workflows);
    assert_schema("vendor.github-actions", &[root().join("action.yml")]);
    let mut all = workflows;
    all.push(root().join("action.yml"));
    assert_zizmor(&all, root());
}

/// A zizmor ignore comment hides a finding: each one is reviewed and listed here.
#[test]
fn zizmor_ignores_are_the_reviewed_ones() {
    let (_fx, generated) = generated("github");
    let mut files = shipped_workflows();
    files.push(root().join("action.yml"));
    files.push(generated);
    let mut ignores = Vec::new();
    for f in &files {
        for line in read(f).lines().filter(|l| l.contains("zizmor: ignore")) {
            ignores.push(format!("{}: {}", f.file_name().unwrap().to_string_lossy(), line.trim()));
        }
    }
    assert_eq!(
        ignores,
        ["action.yml: run: | # zizmor: ignore[github-env] the path is built from checked parts, see above"],
        "a new zizmor ignore needs a review"
    );
}

#[test]
fn install_sh_passes_shellcheck() {
    let Some(sc) = checker("shellcheck") else { return };
    let run = run_checker(&sc, &["--shell=sh", "--severity=style"], &[root().join("install.sh")], root());
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
}

/// The image cannot be built here (no Docker engine): the Dockerfile is linted.
#[test]
fn dockerfile_passes_hadolint() {
    let Some(h) = checker("hadolint") else { return };
    let run = run_checker(&h, &["--no-color"], &[root().join("Dockerfile")], root());
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let dockerfile = read(&root().join("Dockerfile"));
    assert!(dockerfile.contains("\nUSER 10001:10001\n"), "runs as an unprivileged user");
    assert_eq!(dockerfile.matches("\nFROM ").count() + usize::from(dockerfile.starts_with("FROM ")), 2, "two stages");
}

// ---------------------------------------------------------- consistency

/// Every URL of the project derives from `repository` in Cargo.toml.
#[test]
fn one_repository_everywhere() {
    let cargo: toml::Value = toml::from_str(&read(&root().join("Cargo.toml"))).unwrap();
    assert_eq!(cargo["package"]["repository"].as_str(), Some(REPOSITORY));
    assert!(!REPOSITORY.ends_with('/') && slug().split('/').count() == 2, "{REPOSITORY}");

    let install = read(&root().join("install.sh"));
    assert!(install.contains(&format!("REPOSITORY=\"{REPOSITORY}\"\n")), "install.sh names another repository");
    let readme = read(&root().join("README.md"));
    for needle in [
        format!("{REPOSITORY}/releases/latest/download/install.sh"),
        format!("cargo install --locked --git {REPOSITORY} soc2"),
        format!("uses: {}@", slug()),
    ] {
        assert!(readme.contains(&needle), "README lacks {needle}");
    }
    assert!(read(&root().join("action.yml")).contains(&format!("uses: {}@", slug())));
    assert!(read(&root().join("Dockerfile")).contains(&format!("ghcr.io/{}:", slug())));
    let (_fx, gh) = generated("github");
    assert!(read(&gh).contains(&format!("uses: {}@", slug())));
    let (_fx, gl) = generated("gitlab");
    assert!(read(&gl).contains(&format!("SOC2_RELEASES: \"{REPOSITORY}/releases/download\"")));

    // No other GitHub repository of soc2 is named anywhere.
    let url = regex::Regex::new(r"github\.com/([A-Za-z0-9_.-]+/soc2)\b").unwrap();
    for f in ["install.sh", "action.yml", "README.md", "Dockerfile", "Cargo.toml", ".github/workflows/release.yml"] {
        for m in url.captures_iter(&read(&root().join(f))) {
            assert_eq!(&m[1], slug(), "{f} names {}", &m[1]);
        }
    }
}

/// `soc2-v<version>-<target>.tar.gz` (`.zip` on Windows), the binary at the
/// root: the release workflow, install.sh, the binstall metadata and the
/// GitLab pipeline agree, for the same five targets.
#[test]
fn archive_names_agree() {
    let release = yaml(&read(&root().join(".github/workflows/release.yml")));
    let matrix: BTreeSet<&str> = release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|e| e["target"].as_str().unwrap())
        .collect();
    assert_eq!(matrix, TARGETS.into_iter().collect::<BTreeSet<_>>());
    let package = serde_yaml::to_string(&release["jobs"]["build"]["steps"]).unwrap();
    for needle in [r#"name="soc2-v$VERSION-$TARGET""#, r#""dist/$name.tar.gz""#, r#""../../dist/$name.zip""#] {
        assert!(package.contains(needle), "release.yml packaging lacks {needle}");
    }

    // cargo binstall: pkg-url rendered as binstall does for each target.
    let cargo: toml::Value = toml::from_str(&read(&root().join("Cargo.toml"))).unwrap();
    let binstall = &cargo["package"]["metadata"]["binstall"];
    for target in TARGETS {
        let fmt = binstall
            .get("overrides")
            .and_then(|o| o.get(target))
            .and_then(|o| o.get("pkg-fmt"))
            .unwrap_or(&binstall["pkg-fmt"])
            .as_str()
            .unwrap();
        let suffix = match fmt {
            "tgz" => ".tar.gz",
            "zip" => ".zip",
            other => panic!("unexpected pkg-fmt {other}"),
        };
        let url = binstall["pkg-url"]
            .as_str()
            .unwrap()
            .replace("{ repo }", REPOSITORY)
            .replace("{ version }", "1.2.3")
            .replace("{ name }", "soc2")
            .replace("{ target }", target)
            .replace("{ archive-suffix }", suffix);
        assert_eq!(url, format!("{REPOSITORY}/releases/download/v1.2.3/{}", archive_name("1.2.3", target)));
    }
    assert_eq!(binstall["bin-dir"].as_str(), Some("{ bin }{ binary-ext }"), "the binary at the archive's root");

    // install.sh, per platform (a pinned version resolves without the network).
    for (os, arch, target) in [
        ("Linux", "x86_64", TARGETS[0]),
        ("Linux", "aarch64", TARGETS[1]),
        ("Darwin", "arm64", TARGETS[2]),
        ("Darwin", "x86_64", TARGETS[3]),
        ("MSYS_NT-10.0", "x86_64", TARGETS[4]),
    ] {
        let run = Machine::new(os, arch).run("http://127.0.0.1:9/releases", &["--version", "1.2.3", "--resolve"]);
        run.code(0);
        let url = format!("url=http://127.0.0.1:9/releases/download/v1.2.3/{}\n", archive_name("1.2.3", target));
        assert!(run.stdout.contains(&url), "{os} {arch}: {}", run.stdout);
    }

    // The GitLab pipeline builds the Linux names from `uname -m`.
    let (_fx, gl) = generated("gitlab");
    assert!(
        read(&gl).contains(
            r#"archive="soc2-v${SOC2_VERSION}-$(uname -m | sed 's/arm64/aarch64/')-unknown-linux-musl.tar.gz""#
        )
    );
}

// ------------------------------------------------ the GitHub workflow

fn job<'a>(workflow: &'a serde_yaml::Value, name: &str) -> &'a serde_yaml::Value {
    let job = &workflow["jobs"][name];
    assert!(job.is_mapping(), "no job {name}");
    job
}

fn steps(job: &serde_yaml::Value) -> &Vec<serde_yaml::Value> {
    job["steps"].as_sequence().unwrap()
}

/// The `run:` of the step named `name`.
fn step_run(job: &serde_yaml::Value, name: &str) -> String {
    steps(job)
        .iter()
        .find(|s| s["name"] == name)
        .and_then(|s| s["run"].as_str())
        .unwrap_or_else(|| panic!("no step {name}"))
        .to_owned()
}

fn step_if(job: &serde_yaml::Value, name: &str) -> String {
    steps(job).iter().find(|s| s["name"] == name).and_then(|s| s["if"].as_str()).unwrap_or_default().to_owned()
}

#[test]
fn github_workflow_pins_this_soc2_with_least_privilege() {
    let (_fx, file) = generated("github");
    let text = read(&file);
    assert!(!text.contains("__SOC2_"), "a placeholder is left:\n{text}");
    assert!(!text.contains("cargo install") && !text.contains("SOC2_SOURCE"), "{text}");
    let wf = yaml(&text);
    assert_eq!(wf["permissions"], yaml("{}"), "nothing at the workflow level");
    let sha = regex::Regex::new(r"^[0-9a-f]{40}$").unwrap();
    for name in ["check", "changes", "collect", "reviews"] {
        let job = job(&wf, name);
        assert!(job["permissions"].is_mapping(), "{name} has its own permissions");
        let installs: Vec<_> = steps(job).iter().filter(|s| s["name"] == "Install soc2").collect();
        assert_eq!(installs.len(), 1, "{name}");
        let uses = installs[0]["uses"].as_str().unwrap();
        let (action, rev) = uses.split_once('@').unwrap();
        assert_eq!(action, slug());
        assert!(sha.is_match(rev), "{name}: the action is pinned to a commit, not {rev}");
        assert_eq!(installs[0]["with"]["version"].as_str(), Some(VERSION));
        for s in steps(job).iter().filter(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/checkout@"))) {
            assert_eq!(s["with"]["persist-credentials"], serde_yaml::Value::Bool(false), "{name}");
        }
    }
    assert!(text.contains(&format!(" # v{VERSION}\n")), "the pin names its version");
    assert_eq!(job(&wf, "check")["permissions"], yaml("contents: read"));
    assert_eq!(job(&wf, "collect")["permissions"], yaml("contents: write"));
    assert_eq!(job(&wf, "reviews")["permissions"], yaml("{contents: read, issues: write}"));
    assert_eq!(job(&wf, "changes")["permissions"], yaml("{contents: read, pull-requests: write}"));
    // The default branch keeps the full gate; pull requests are gated on regressions.
    assert_eq!(
        job(&wf, "check")["if"].as_str(),
        Some("github.event_name == 'push' && github.ref_name == github.event.repository.default_branch")
    );
    assert_eq!(job(&wf, "changes")["if"].as_str(), Some("github.event_name == 'pull_request'"));
    // The summary is written before the gate runs.
    let check = job(&wf, "check");
    let names: Vec<&str> = steps(check).iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names, ["Install soc2", "Summary", "Check controls"]);
    assert_eq!(step_run(check, "Summary"), "soc2 check --format markdown >> \"$GITHUB_STEP_SUMMARY\" || test $? -eq 1");
    assert_eq!(step_run(check, "Check controls"), "soc2 check --format github");
}

/// A compliance repo with a collector that works and one that fails, committed,
/// and a bare clone of it (`remote.git` in the second directory) as its remote.
fn collect_repo(soc2_toml_extra: &str) -> (Fixture, TempDir) {
    let fx = Fixture::minimal()
        .file(
            "soc2.toml",
            format!(
                "{}\n[collectors.roster]\nkind = \"file\"\npath = \"registers/roster.csv\"\n\n[collectors.broken]\nkind = \"command\"\nrun = [\"false\"]\n{soc2_toml_extra}",
                crate::support::SOC2_TOML
            ),
        )
        .file("registers/roster.csv", "email,name\nann@test.example,Ann\n");
    git(fx.path(), &["init", "-q", "-b", "main"]);
    git(fx.path(), &["add", "-A"]);
    git(fx.path(), &["-c", "user.name=t", "-c", "user.email=t@test.example", "commit", "-q", "-m", "init"]);
    let remote = tempfile::tempdir().unwrap();
    git(fx.path(), &["clone", "-q", "--bare", ".", remote.path().join("remote.git").to_str().unwrap()]);
    (fx, remote)
}

fn git(cwd: &Path, args: &[&str]) -> String {
    let out = Command::new("git").args(args).current_dir(cwd).env("GIT_CONFIG_NOSYSTEM", "1").output().unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Files of the remote's `main`.
fn remote_files(remote: &TempDir) -> String {
    git(&remote.path().join("remote.git"), &["ls-tree", "-r", "--name-only", "main"])
}

/// Runs a job's scripts here, as a runner would: the real soc2 on PATH and
/// the runner's environment files.
struct Runner<'a> {
    fx: &'a Fixture,
    /// The runner's own files: GITHUB_OUTPUT, GITHUB_STEP_SUMMARY.
    files: TempDir,
    env: Vec<(String, String)>,
}

impl<'a> Runner<'a> {
    fn new(fx: &'a Fixture) -> Self {
        let soc2 = assert_cmd::cargo::cargo_bin("soc2");
        let path = format!("{}:{}", soc2.parent().unwrap().display(), std::env::var("PATH").unwrap());
        let files = tempfile::tempdir().unwrap();
        let runner = files.path();
        let env = [
            ("PATH", path),
            ("SOC2_NOW", NOW.to_owned()),
            ("NO_COLOR", "1".to_owned()),
            ("GIT_CONFIG_NOSYSTEM", "1".to_owned()),
            ("GITHUB_OUTPUT", runner.join("output").display().to_string()),
            ("GITHUB_STEP_SUMMARY", runner.join("summary.md").display().to_string()),
            ("GITHUB_SERVER_URL", "file:///nonexistent".to_owned()),
            ("GITHUB_REPOSITORY", "remote".to_owned()),
            ("GITHUB_REF_NAME", "main".to_owned()),
            ("PUSH_TOKEN", "test-token".to_owned()),
        ];
        Runner { fx, files, env: env.into_iter().map(|(k, v)| (k.to_owned(), v)).collect() }
    }

    /// Pushes go to `remote.git` in `remote`.
    fn remote(self, remote: &TempDir) -> Self {
        let server = format!("file://{}", remote.path().display());
        self.env("GITHUB_SERVER_URL", &server)
    }

    fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// A GitHub `run:` under the default shell, `bash -eo pipefail`.
    fn bash(&self, script: &str) -> Run {
        self.shell("bash", &["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
    }

    /// A GitLab job's script, its lines as one `sh -e` script (the Alpine image's shell).
    fn sh(&self, script: &str) -> Run {
        self.shell("sh", &["-e", "-c", script])
    }

    fn shell(&self, shell: &str, args: &[&str]) -> Run {
        let mut cmd = Command::new(shell);
        cmd.args(args).current_dir(self.fx.path()).env_remove("CI").env_remove("GITHUB_TOKEN");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        Run::new(cmd.output().unwrap())
    }

    fn output(&self, key: &str) -> String {
        let text = std::fs::read_to_string(self.files.path().join("output")).unwrap_or_default();
        text.lines().filter_map(|l| l.strip_prefix(&format!("{key}="))).next_back().unwrap_or_default().to_owned()
    }

    fn summary(&self) -> String {
        std::fs::read_to_string(self.files.path().join("summary.md")).unwrap_or_default()
    }
}

#[test]
fn github_check_job_writes_the_summary_then_gates() {
    let (_gen, file) = generated("github");
    let wf = yaml(&read(&file));
    let check = job(&wf, "check");
    let fx = Fixture::minimal();
    let runner = Runner::new(&fx);
    runner.bash(&step_run(check, "Summary")).code(0);
    assert!(runner.summary().contains("AC-01"), "{}", runner.summary());
    let gate = runner.bash(&step_run(check, "Check controls"));
    gate.code(1).stdout_has("::error file=controls/AC-01.yaml");

    // Invalid input fails the job already at the summary.
    let broken = Fixture::minimal().file("soc2.toml", "[organization\n");
    let run = Runner::new(&broken).bash(&step_run(check, "Summary"));
    assert_ne!(run.code, 0);
    run.stderr_has("soc2.toml:1:14: error: unclosed table");
}

#[test]
fn github_collect_job_pushes_what_was_collected_then_names_the_failed_collectors() {
    let (_gen, file) = generated("github");
    let wf = yaml(&read(&file));
    let collect = job(&wf, "collect");
    assert_eq!(collect["permissions"], yaml("contents: write"));
    assert_eq!(step_if(collect, "Push evidence"), "", "pushes whenever collect did not stop the job");
    assert_eq!(step_if(collect, "Failed collectors"), "always() && steps.collect.outputs.status == '1'");

    let (fx, remote) = collect_repo("");
    let runner = Runner::new(&fx).remote(&remote);
    runner.bash(&step_run(collect, "Collect evidence")).code(0);
    assert_eq!(runner.output("status"), "1");
    let push = runner.bash(&step_run(collect, "Push evidence"));
    push.code(0);
    assert!(!push.stderr.contains("test-token") && !push.stdout.contains("test-token"), "the token is never printed");
    assert!(!read(&fx.join(".git/config")).contains("extraheader"), "the token never reaches .git/config");
    assert!(remote_files(&remote).contains("evidence/roster/roster.jsonl"), "the collected evidence is pushed");
    runner.bash(&step_run(collect, "Summary")).code(0);
    let failed = runner.bash(&step_run(collect, "Failed collectors"));
    failed.code(1).stdout_has("::error title=soc2 collect::1 collector failed: broken");
}

#[test]
fn github_collect_job_pushes_nothing_on_invalid_input() {
    let (_gen, file) = generated("github");
    let wf = yaml(&read(&file));
    let collect = job(&wf, "collect");
    let (fx, remote) = collect_repo("[collectors.bad]\nkind = \"nope\"\n");
    let runner = Runner::new(&fx).remote(&remote);
    let run = runner.bash(&step_run(collect, "Collect evidence"));
    run.code(2).stdout_has("nothing was committed or pushed");
    assert_eq!(runner.output("status"), "2");
    assert_eq!(git(fx.path(), &["rev-list", "--count", "HEAD"]).trim(), "1", "nothing committed");
    assert!(!remote_files(&remote).contains("evidence/"));
    // The steps after it do not run: the summary's condition excludes exit 2, the rest need success.
    assert!(step_if(collect, "Summary").contains("status == '0' || steps.collect.outputs.status == '1'"));
}

/// A compliance repo whose `main` is pushed to `origin` (a bare repository in
/// the second directory), then a branch `feature` with one commit: AC-01's
/// query made failing when `regress`, else a comment added to it.
fn pull_request_repo(regress: bool) -> (Fixture, TempDir) {
    let fx = Fixture::minimal()
        .file(".gitignore", ".soc2/\n")
        .file("queries/users_without_mfa.sql", "select 1 as x where 0\n");
    let commit = |dir: &Path, msg: &str| {
        git(dir, &["add", "-A"]);
        git(dir, &["-c", "user.name=t", "-c", "user.email=t@test.example", "commit", "-q", "-m", msg]);
    };
    git(fx.path(), &["init", "-q", "-b", "main"]);
    commit(fx.path(), "init");
    let remote = tempfile::tempdir().unwrap();
    let bare = remote.path().join("remote.git");
    git(fx.path(), &["clone", "-q", "--bare", ".", bare.to_str().unwrap()]);
    git(fx.path(), &["remote", "add", "origin", bare.to_str().unwrap()]);
    git(fx.path(), &["fetch", "-q", "origin"]);
    git(fx.path(), &["checkout", "-q", "-b", "feature"]);
    let query = if regress { "select 'bob@test.example' as email\n" } else { "-- none\nselect 1 as x where 0\n" };
    let fx = fx.file("queries/users_without_mfa.sql", query);
    commit(fx.path(), "change");
    (fx, remote)
}

/// A directory with a fake `NAME` program that logs its arguments, one run a
/// line, to `calls` beside it, and prints `$FAKE_OUTPUT` (fails when `$FAKE_FAIL` is set).
fn fake_program(name: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$*\" >> \"{}\"\nif [ -n \"${{FAKE_FAIL:-}}\" ]; then exit 1; fi\nprintf '%s' \"${{FAKE_OUTPUT:-}}\"\n",
        dir.path().join("calls").display()
    );
    let path = dir.path().join(name);
    std::fs::write(&path, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

fn calls(fake: &TempDir) -> String {
    std::fs::read_to_string(fake.path().join("calls")).unwrap_or_default()
}

fn with_fake_on_path<'a>(runner: Runner<'a>, fake: &TempDir) -> Runner<'a> {
    let path = runner.env.iter().rev().find(|(k, _)| k == "PATH").map(|(_, v)| v.clone()).unwrap();
    runner.env("PATH", &format!("{}:{path}", fake.path().display()))
}

#[test]
fn github_changes_job_comments_once_and_gates_on_regressions() {
    let (_gen, file) = generated("github");
    let wf = yaml(&read(&file));
    let changes = job(&wf, "changes");
    let names: Vec<&str> = steps(changes).iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names, ["Install soc2", "Comment", "Check changes"]);
    assert_eq!(steps(changes)[0]["with"]["fetch-depth"], serde_yaml::Value::from(0));
    assert_eq!(step_run(changes, "Check changes"), "soc2 check --baseline --format github");

    let (fx, _remote) = pull_request_repo(true);
    let gh = fake_program("gh");
    let runner = with_fake_on_path(Runner::new(&fx), &gh)
        .env("GITHUB_BASE_REF", "main")
        .env("GH_TOKEN", "test-token")
        .env("GH_REPO", "acme/compliance")
        .env("PR_NUMBER", "7");
    runner.bash(&step_run(changes, "Comment")).code(0);
    assert!(runner.summary().starts_with("<!-- soc2:compare -->\n### SOC 2: 1 regression"), "{}", runner.summary());
    let log = calls(&gh);
    assert!(log.contains("api repos/acme/compliance/issues/7/comments --paginate --jq"), "{log}");
    assert!(log.ends_with("pr comment 7 --body-file soc2-comment.md\n"), "a new comment: {log}");
    runner
        .bash(&step_run(changes, "Check changes"))
        .code(1)
        .stdout_has("::error file=queries/users_without_mfa.sql,line=1,");

    // The comment of an earlier run is updated in place.
    let runner = runner.env("FAKE_OUTPUT", "42");
    runner.bash(&step_run(changes, "Comment")).code(0);
    assert!(
        calls(&gh).ends_with("api --method PATCH repos/acme/compliance/issues/comments/42 -F body=@soc2-comment.md\n"),
        "{}",
        calls(&gh)
    );
    // A token that cannot write (a fork's) costs the comment, not the job.
    let run = runner.env("FAKE_FAIL", "1").bash(&step_run(changes, "Comment"));
    run.code(0).stdout_has("::warning title=soc2::cannot comment on the pull request");

    // Pre-existing gaps alone pass: the repo's only control was failing before the change too.
    let (fx, _remote) = pull_request_repo(false);
    let runner = Runner::new(&fx).env("GITHUB_BASE_REF", "main");
    runner.bash(&step_run(changes, "Check changes")).code(0);
    assert_eq!(
        Runner::new(&fx).bash(&step_run(job(&wf, "check"), "Check controls")).code,
        1,
        "the full gate fails on the same repo"
    );
}

// ------------------------------------------------ the GitLab pipeline

/// A GitLab job's `script` (or another list key) as one shell script.
fn gitlab_script(pipeline: &serde_yaml::Value, job: &str, key: &str) -> String {
    let lines = pipeline[job][key].as_sequence().unwrap_or_else(|| panic!("{job}.{key}"));
    lines.iter().map(|l| l.as_str().unwrap().to_owned()).collect::<Vec<_>>().join("\n")
}

#[test]
fn gitlab_pipeline_pins_this_soc2() {
    let (_fx, file) = generated("gitlab");
    let text = read(&file);
    assert!(!text.contains("__SOC2_"), "{text}");
    assert!(!text.contains("cargo install"), "{text}");
    let gl = yaml(&text);
    assert_eq!(gl["variables"]["SOC2_VERSION"].as_str(), Some(VERSION));
    assert_eq!(gl[".soc2"]["cache"]["key"].as_str(), Some("soc2-$SOC2_VERSION"));
    for name in ["check", "changes", "collect", "reviews"] {
        assert_eq!(gl[name]["extends"].as_str(), Some(".soc2"), "{name}");
    }
    // Merge requests get the baseline gate, everything else the full one, never both for one push.
    assert_eq!(gl["changes"]["rules"], yaml("[{if: '$CI_PIPELINE_SOURCE == \"merge_request_event\"'}]"));
    assert_eq!(
        gl["check"]["rules"][0]["if"].as_str(),
        Some("$CI_PIPELINE_SOURCE == \"schedule\" || $CI_PIPELINE_SOURCE == \"merge_request_event\"")
    );
    assert_eq!(gl["workflow"]["rules"][0]["if"].as_str(), Some("$CI_PIPELINE_SOURCE == \"merge_request_event\""));
    assert_eq!(gl["check"]["artifacts"]["reports"]["junit"].as_str(), Some("soc2-junit.xml"));
    assert_eq!(gl["check"]["artifacts"]["when"].as_str(), Some("always"));
    let check = gitlab_script(&gl, "check", "script");
    assert_eq!(
        check,
        "soc2 check --format markdown > soc2-summary.md || test $? -eq 1\nsoc2 check --format junit > soc2-junit.xml"
    );
    assert!(gitlab_script(&gl, "reviews", "script").contains("soc2 reviews --within 14d --format json"));
}

#[test]
fn gitlab_check_job_writes_the_summary_then_gates() {
    let (_gen, file) = generated("gitlab");
    let gl = yaml(&read(&file));
    let fx = Fixture::minimal();
    Runner::new(&fx).sh(&gitlab_script(&gl, "check", "script")).code(1);
    assert!(fx.read("soc2-summary.md").contains("AC-01"));
    assert!(fx.read("soc2-junit.xml").contains("<testsuites"));
}

#[test]
fn gitlab_collect_job_pushes_what_was_collected_then_names_the_failed_collectors() {
    let (_gen, file) = generated("gitlab");
    let gl = yaml(&read(&file));
    let script = gitlab_script(&gl, "collect", "script");
    let (fx, remote_dir) = collect_repo("");
    let remote = format!("file://{}", remote_dir.path().join("remote.git").display());
    // The push URL, with its token, is sent to the local bare repository instead.
    let runner = Runner::new(&fx)
        .env("SOC2_PUSH_TOKEN", "test-token")
        .env("CI_SERVER_HOST", "gitlab.invalid")
        .env("CI_PROJECT_PATH", "acme/compliance")
        .env("CI_COMMIT_REF_NAME", "main")
        .env("GIT_CONFIG_COUNT", "1")
        .env("GIT_CONFIG_KEY_0", &format!("url.{remote}.insteadOf"))
        .env("GIT_CONFIG_VALUE_0", "https://oauth2:test-token@gitlab.invalid/acme/compliance.git");
    let run = runner.sh(&script);
    run.code(1).stderr_has("error: 1 collector failed: broken");
    assert!(remote_files(&remote_dir).contains("evidence/roster/roster.jsonl"), "the collected evidence is pushed");
    assert!(fx.read("soc2-summary.md").contains("AC-01"));

    let (bad, bad_remote) = collect_repo("[collectors.bad]\nkind = \"nope\"\n");
    let run = Runner::new(&bad).sh(&script);
    run.code(2).stderr_has("nothing was committed or pushed");
    assert!(!remote_files(&bad_remote).contains("evidence/"));
}

#[test]
fn gitlab_changes_job_notes_once_and_gates_on_regressions() {
    let (_gen, file) = generated("gitlab");
    let gl = yaml(&read(&file));
    assert_eq!(gl["changes"]["variables"]["GIT_DEPTH"], serde_yaml::Value::from(0));
    let script = gitlab_script(&gl, "changes", "script");
    let (fx, _remote) = pull_request_repo(true);
    let curl = fake_program("curl");
    let runner = with_fake_on_path(Runner::new(&fx), &curl)
        .env("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")
        .env("CI_API_V4_URL", "https://gitlab.invalid/api/v4")
        .env("CI_PROJECT_ID", "12")
        .env("CI_MERGE_REQUEST_IID", "3")
        .env("SOC2_NOTES_TOKEN", "test-token")
        .env("FAKE_OUTPUT", "[]");
    let run = runner.sh(&script);
    run.code(1).stdout_has("regressions (1)");
    assert!(fx.read("soc2-comment.md").starts_with("<!-- soc2:compare -->\n"));
    let api = "https://gitlab.invalid/api/v4/projects/12/merge_requests/3/notes";
    let log = calls(&curl);
    assert!(
        log.contains(&format!("-fsS --get --header PRIVATE-TOKEN: test-token --data per_page=100 {api}\n")),
        "{log}"
    );
    assert!(
        log.ends_with(&format!(
            "-fsS -X POST --header PRIVATE-TOKEN: test-token --data-urlencode body@soc2-comment.md {api}\n"
        )),
        "{log}"
    );

    // The note of an earlier run is updated in place.
    let earlier = r#"[{"id": 8, "body": "a reviewer's note"}, {"id": 9, "body": "<!-- soc2:compare -->\n### SOC 2: no regressions"}]"#;
    runner.env("FAKE_OUTPUT", earlier).sh(&script).code(1);
    assert!(
        calls(&curl).ends_with(&format!(
            "-fsS -X PUT --header PRIVATE-TOKEN: test-token --data-urlencode body@soc2-comment.md {api}/9\n"
        )),
        "{}",
        calls(&curl)
    );

    // Without a token the comparison is an artifact and the gate still runs.
    let (fx, _remote) = pull_request_repo(false);
    let run = Runner::new(&fx).env("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main").sh(&script);
    run.code(0).stderr_has("set SOC2_NOTES_TOKEN to comment on merge requests");
}

#[test]
fn gitlab_install_verifies_the_release_and_caches_the_binary() {
    let (_gen, file) = generated("gitlab");
    let gl = yaml(&read(&file));
    let before = gl[".soc2"]["before_script"].as_sequence().unwrap();
    assert!(before[0].as_str().unwrap().starts_with("apk add"));
    let install = before[1].as_str().unwrap();
    let target = match std::env::consts::ARCH {
        "aarch64" => TARGETS[1],
        _ => TARGETS[0],
    };
    let release = FakeRelease::new("0.2.0");
    let releases = format!("{}/download", release.base);
    let fx = Fixture::empty();
    let runner = Runner::new(&fx).env("SOC2_VERSION", "0.2.0").env("SOC2_RELEASES", &releases);
    runner.sh(install).code(0);
    let bin = fx.join(".soc2/bin/soc2");
    let out = Command::new(&bin).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), fake_output("0.2.0", target));
    assert!(!fx.join(".soc2/download").exists());
    // Cached: a second run downloads nothing.
    let before = release.requests().len();
    runner.sh(install).code(0);
    assert_eq!(release.requests().len(), before);

    release.put(&archive_name("0.2.0", target), b"tampered".to_vec());
    let fx = Fixture::empty();
    let run = Runner::new(&fx).env("SOC2_VERSION", "0.2.0").env("SOC2_RELEASES", &releases).sh(install);
    assert_ne!(run.code, 0);
    assert!(!fx.join(".soc2/bin/soc2").exists(), "a tampered archive is never unpacked");
}

// ------------------------------------------------------------ the action

/// The `run:` of a step of action.yml.
fn action_step(name: &str) -> String {
    let action = yaml(&read(&root().join("action.yml")));
    action["runs"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .and_then(|s| s["run"].as_str())
        .unwrap_or_else(|| panic!("no step {name}"))
        .to_owned()
}

/// The action's steps, run here against a fake release (no cache: a miss); the
/// runner's outputs of the resolve step as the third value.
fn run_action(m: &Machine, release: &FakeRelease, version: &str, from_source: &str) -> (Run, Fixture, String) {
    let fx = Fixture::empty();
    let path = format!("{}:{}", m.fake_bin().display(), std::env::var("PATH").unwrap());
    let runner = Runner::new(&fx)
        .env("PATH", &path)
        .env("GITHUB_ACTION_PATH", root().to_str().unwrap())
        .env("RUNNER_TEMP", fx.path().to_str().unwrap())
        .env("RUNNER_TOOL_CACHE", fx.join("tool-cache").to_str().unwrap())
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("GITHUB_PATH", fx.join("github-path").to_str().unwrap())
        .env("SOC2_INSTALL_BASE_URL", &release.base)
        .env("NO_PROXY", "127.0.0.1")
        .env("INPUT_VERSION", version)
        .env("INPUT_FROM_SOURCE", from_source);
    let resolve = runner.bash(&action_step("Resolve the soc2 release"));
    resolve.code(0);
    let (v, t, source, dir) =
        (runner.output("version"), runner.output("target"), runner.output("source"), runner.output("dir"));
    let outputs = std::fs::read_to_string(runner.files.path().join("output")).unwrap();
    if source != "release" {
        return (resolve, fx, outputs);
    }
    let runner = runner.env("SOC2_VERSION", &v).env("SOC2_TARGET", &t).env("SOC2_DIR", &dir);
    let download = runner.bash(&action_step("Download and verify soc2"));
    if download.code != 0 {
        return (download, fx, outputs);
    }
    (runner.bash(&action_step("Add soc2 to PATH")), fx, outputs)
}

#[test]
fn the_action_installs_a_verified_release() {
    let release = FakeRelease::new("0.2.0");
    let m = Machine::new("Linux", "x86_64");
    let (run, fx, _) = run_action(&m, &release, "latest", "false");
    run.code(0).stdout_has(&fake_output("0.2.0", TARGETS[0]));
    let dir = fx.join("tool-cache/soc2/0.2.0/x86_64-unknown-linux-musl/bin");
    assert_eq!(read(&fx.join("github-path")).trim(), dir.to_str().unwrap());

    let (run, _, _) = run_action(&Machine::new("Darwin", "arm64"), &release, "v0.2.0", "false");
    run.code(0).stdout_has(&fake_output("0.2.0", TARGETS[2]));
}

#[test]
fn the_action_refuses_a_tampered_release() {
    let release = FakeRelease::new("0.2.0");
    release.put(&archive_name("0.2.0", TARGETS[0]), b"tampered".to_vec());
    let (run, fx, _) = run_action(&Machine::new("Linux", "x86_64"), &release, "0.2.0", "false");
    run.code(1).stderr_has("checksum mismatch");
    assert!(!fx.join("tool-cache/soc2/0.2.0/x86_64-unknown-linux-musl/bin/soc2").exists());
    assert!(!fx.join("github-path").exists());
}

#[test]
fn the_action_builds_from_source_without_a_prebuilt_binary() {
    let release = FakeRelease::new("0.2.0");
    let (run, _, output) = run_action(&Machine::new("FreeBSD", "amd64"), &release, "0.2.0", "false");
    run.code(0).stdout_has("::notice title=soc2::no prebuilt soc2 for").stdout_has("building v0.2.0 from source");
    assert!(output.contains("source=cargo\n"), "{output}");
    let (_, _, output) = run_action(&Machine::new("Linux", "x86_64"), &release, "0.2.0", "true");
    assert!(output.contains("source=cargo\n"), "{output}");
    assert!(output.contains(&format!("repository={REPOSITORY}\n")), "{output}");
    let action = read(&root().join("action.yml"));
    assert!(action.contains("cargo install --locked --git \"$SOC2_REPOSITORY\" --tag \"v$SOC2_VERSION\""));
    for cached in ["~/.cargo/registry/index/", "~/.cargo/registry/cache/", "${{ runner.temp }}/soc2-target"] {
        assert!(action.contains(cached), "the source build caches {cached}");
    }
}
