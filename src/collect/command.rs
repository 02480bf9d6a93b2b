//! `kind = "command"`: rows from a program's standard output.
//!
//! ```toml
//! [collectors.iam_users]
//! kind = "command"
//! run = ["aws", "iam", "list-users", "--output", "json"]
//! select = "Users"
//! format = "json"          # json | jsonl | csv | yaml
//! timeout = "2m"
//! env = { AWS_PROFILE = "audit" }
//! ```
//!
//! `run` is an argv executed directly; with `shell = true` it is one string
//! run by `sh -c`. On timeout the whole process group is killed.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow, bail};

use super::{Collector, Cx, Dataset, DatasetResult, Env, Format, Opts, Settings, parse_rows};
use crate::diagnostic::Diagnostic;

/// How much of stderr is kept for error messages.
const STDERR_TAIL: usize = 16 * 1024;
/// Lines of stderr quoted when the command fails.
const STDERR_LINES: usize = 10;

pub struct Command {
    argv: Vec<String>,
    shell: bool,
    timeout: Duration,
    format: Format,
    select: Option<String>,
    env: BTreeMap<String, String>,
    cwd: PathBuf,
}

impl Command {
    pub fn from_options(opts: &Opts<'_>, env: &mut Env, settings: &Settings) -> Result<Self, Diagnostic> {
        let shell = opts.bool("shell")?.unwrap_or(false);
        let argv = match (opts.value("run"), shell) {
            (Some(toml::Value::String(s)), true) => vec![s.clone()],
            (Some(toml::Value::String(_)), false) => {
                return Err(opts
                    .error("run", "is a string; without `shell = true` it must be an argv array")
                    .with_hint(
                        "write `run = [\"aws\", \"iam\", \"list-users\"]`, or add `shell = true` to run it with sh -c",
                    ));
            }
            (Some(toml::Value::Array(_)), true) => {
                return Err(opts
                    .error("run", "with `shell = true`, `run` must be one string")
                    .with_hint("write `run = \"aws iam list-users | jq .Users\"`"));
            }
            (Some(toml::Value::Array(_)), false) => opts.strings("run")?.unwrap_or_default(),
            (Some(other), _) => {
                return Err(opts.error("run", format!("must be an array of strings, found {}", other.type_str())));
            }
            (None, _) => Vec::new(),
        };
        if argv.first().is_none_or(|a| a.trim().is_empty()) {
            return Err(opts.error("run", "is empty"));
        }
        let mut vars = BTreeMap::new();
        for (k, v) in opts.string_table("env")?.unwrap_or_default() {
            let value = env.interpolate(&v, &opts.field(&format!("env.{k}")));
            vars.insert(k, value);
        }
        let format = opts.format()?.unwrap_or(Format::Json);
        let select = opts.select()?;
        if format == Format::Csv && select.is_some() {
            return Err(opts.error("select", "does not apply to CSV output"));
        }
        let cwd = match opts.string("cwd")? {
            Some(dir) => settings.root.join(dir),
            None => settings.root.clone(),
        };
        Ok(Command {
            argv,
            shell,
            timeout: opts.duration("timeout")?.unwrap_or(Duration::from_secs(300)),
            format,
            select,
            env: vars,
            cwd,
        })
    }

    fn spawn(&self) -> Result<Child> {
        let mut cmd = if self.shell {
            let mut c = std::process::Command::new("sh");
            c.arg("-c").args(&self.argv);
            c
        } else {
            let mut c = std::process::Command::new(self.argv.first().map_or("", String::as_str));
            c.args(self.argv.iter().skip(1));
            c
        };
        cmd.envs(&self.env).current_dir(&self.cwd).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let program = if self.shell { "sh" } else { self.argv.first().map_or("", String::as_str) };
        cmd.spawn().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound if !self.cwd.is_dir() => {
                anyhow!("cannot run `{program}`: the working directory {} does not exist", self.cwd.display())
            }
            std::io::ErrorKind::NotFound => anyhow!("cannot run `{program}`: not found (is it installed and on PATH?)"),
            _ => anyhow!("cannot run `{program}`: {e}"),
        })
    }

    /// Run to completion or timeout; stdout, and the status with stderr's tail.
    fn run(&self, cx: &Cx<'_>) -> Result<Vec<u8>> {
        let started = Instant::now();
        let deadline = started + self.timeout;
        let mut child = self.spawn()?;
        let (out_tx, out_rx) = mpsc::channel();
        let (err_tx, err_rx) = mpsc::channel();
        if let Some(mut stdout) = child.stdout.take() {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                let r = stdout.read_to_end(&mut buf).map(|_| buf);
                let _ = out_tx.send(r);
            });
        }
        if let Some(mut stderr) = child.stderr.take() {
            std::thread::spawn(move || {
                let mut tail: Vec<u8> = Vec::new();
                let mut chunk = [0u8; 8192];
                while let Ok(n) = stderr.read(&mut chunk) {
                    if n == 0 {
                        break;
                    }
                    tail.extend_from_slice(chunk.get(..n).unwrap_or_default());
                    if tail.len() > 2 * STDERR_TAIL {
                        tail.drain(..tail.len() - STDERR_TAIL);
                    }
                }
                let _ = err_tx.send(tail);
            });
        }
        cx.progress.step("running");
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() >= deadline => {
                    kill(&mut child);
                    bail!("timed out after {} (process killed)", human(self.timeout));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                Err(e) => {
                    kill(&mut child);
                    bail!("cannot wait for the process: {e}");
                }
            }
        };
        // Output may still be in flight; a background process holding the pipes open counts against the timeout.
        let remaining = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(200));
        let stdout = match out_rx.recv_timeout(remaining) {
            Ok(Ok(bytes)) => bytes,
            Ok(Err(e)) => bail!("cannot read its output: {e}"),
            Err(_) => {
                kill(&mut child);
                bail!("timed out after {}: a background process kept its output open", human(self.timeout));
            }
        };
        let stderr = err_rx.recv_timeout(Duration::from_millis(500)).unwrap_or_default();
        if !status.success() {
            let program = if self.shell { "sh -c" } else { self.argv.first().map_or("", String::as_str) };
            bail!("`{program}` {}{}", describe_status(status), stderr_tail(&stderr));
        }
        Ok(stdout)
    }
}

impl Collector for Command {
    fn source(&self) -> String {
        if self.shell {
            format!("sh -c {}", quote(self.argv.first().map_or("", String::as_str)))
        } else {
            self.argv.iter().map(|a| quote(a)).collect::<Vec<_>>().join(" ")
        }
    }

    fn collect(&self, cx: &Cx<'_>) -> Result<Vec<DatasetResult>> {
        let stdout = self.run(cx)?;
        cx.progress.step("parsing output");
        let mut ds = Dataset::new(cx.name);
        parse_rows(self.format, &stdout, self.select.as_deref(), &mut ds, cx)
            .map_err(|e| anyhow!("output is not valid {}: {e}", format_name(self.format)))?;
        Ok(vec![Ok(ds)])
    }
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Json => "json",
        Format::Jsonl => "jsonl",
        Format::Csv => "csv",
        Format::Yaml => "yaml",
    }
}

/// Kill the whole process group (a shell's children too), then reap.
fn kill(child: &mut Child) {
    #[cfg(unix)]
    {
        let _ =
            rustix::process::kill_process_group(rustix::process::Pid::from_child(child), rustix::process::Signal::KILL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn describe_status(status: ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exited with status {code}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return format!("killed by signal {sig}");
        }
    }
    "exited abnormally".to_owned()
}

/// `: stderr: last | lines` or nothing.
fn stderr_tail(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()).collect();
    let start = lines.len().saturating_sub(STDERR_LINES);
    match lines.get(start..) {
        Some(tail) if !tail.is_empty() => format!("; stderr: {}", tail.join(" | ")),
        _ => String::new(),
    }
}

fn human(d: Duration) -> String {
    let s = d.as_secs();
    if s > 0 && s.is_multiple_of(3600) {
        format!("{}h", s / 3600)
    } else if s > 0 && s.is_multiple_of(60) {
        format!("{}m", s / 60)
    } else {
        format!("{s}s")
    }
}

/// Quote an argument the way a shell would need it, for the meta's `source`.
fn quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | ':' | '=' | ',' | '@' | '+' | '%')
        });
    if plain { arg.to_owned() } else { format!("'{}'", arg.replace('\'', r"'\''")) }
}
