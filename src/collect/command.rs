//! `kind = "command"`: rows from a program's standard output.
//!
//! ```toml
//! [collectors.iam_users]
//! kind = "command"
//! run = ["aws", "iam", "list-users", "--output", "json"]
//! select = "Users"
//! format = "json"          # json | jsonl | csv | yaml | sarif | ocsf
//! timeout = "2m"
//! env = { AWS_PROFILE = "audit" }
//! ```
//!
//! `run` is an argv executed directly; with `shell = true` it is one string
//! run by `sh -c`. On timeout the whole process group is killed.

use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow, bail};

use super::{Collector, Cx, Dataset, DatasetResult, Env, Format, Settings, adapter, parse_rows, steampipe};
use crate::repo::collector::{CollectorSpec, CommandOptions, Run, SteampipeOptions};

/// How much of stderr is kept for error messages.
const STDERR_TAIL: usize = 16 * 1024;
/// Lines of stderr quoted when the command fails.
const STDERR_LINES: usize = 10;

pub struct Command {
    argv: Vec<String>,
    shell: bool,
    timeout: Duration,
    output: Output,
    env: BTreeMap<String, String>,
    cwd: PathBuf,
}

/// How the program's standard output becomes rows.
enum Output {
    /// A document of this format, rows at `select`.
    Rows { format: Format, select: Option<String> },
    /// Steampipe's `--output json`.
    Steampipe,
}

/// What the program printed: in memory, or spooled to a temp file for formats read as a stream.
enum Captured {
    Bytes(Vec<u8>),
    File(std::fs::File),
}

impl Command {
    pub fn new(o: &CommandOptions, env: &mut Env, spec: &CollectorSpec, settings: &Settings) -> Self {
        let argv = match &o.run {
            Run::Argv(argv) => argv.clone(),
            Run::Shell(s) => vec![s.clone()],
        };
        let cwd = match &o.cwd {
            Some(dir) => settings.root.join(dir),
            None => settings.root.clone(),
        };
        Command {
            argv,
            shell: o.shell,
            timeout: o.timeout.map_or(Duration::from_secs(300), |d| d.as_std()),
            output: Output::Rows {
                format: o.format.unwrap_or(Format::Json),
                select: o.select.clone().filter(|s| !s.is_empty()),
            },
            env: interpolate_env(o.env.as_ref(), env, spec),
            cwd,
        }
    }

    /// `kind = "steampipe"`: `steampipe query --output json <query>` run like a command.
    pub fn steampipe(o: &SteampipeOptions, env: &mut Env, spec: &CollectorSpec, settings: &Settings) -> Self {
        Command {
            argv: steampipe::argv(o),
            shell: false,
            timeout: o.timeout.map_or(Duration::from_secs(300), |d| d.as_std()),
            output: Output::Steampipe,
            env: interpolate_env(o.env.as_ref(), env, spec),
            cwd: settings.root.clone(),
        }
    }

    /// Whether stdout goes to a temp file rather than memory.
    fn spools(&self) -> bool {
        matches!(self.output, Output::Rows { format, .. } if format.is_adapter())
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
    fn run(&self, cx: &Cx<'_>) -> Result<Captured> {
        let started = Instant::now();
        let deadline = started + self.timeout;
        // Created before the program runs, so a full /tmp fails before it does any work.
        let spool = if self.spools() {
            Some(tempfile::tempfile().map_err(|e| anyhow!("cannot create a temp file for the output: {e}"))?)
        } else {
            None
        };
        let mut child = self.spawn()?;
        let (out_tx, out_rx) = mpsc::channel();
        let (err_tx, err_rx) = mpsc::channel();
        if let Some(mut stdout) = child.stdout.take() {
            std::thread::spawn(move || {
                let r = match spool {
                    Some(mut file) => std::io::copy(&mut stdout, &mut file).map(|_| Captured::File(file)),
                    None => {
                        let mut buf = Vec::new();
                        stdout.read_to_end(&mut buf).map(|_| Captured::Bytes(buf))
                    }
                };
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
        match (&self.output, stdout) {
            (Output::Rows { format, .. }, Captured::File(mut file)) => {
                file.seek(SeekFrom::Start(0)).map_err(|e| anyhow!("cannot read the spooled output: {e}"))?;
                let reader = std::io::BufReader::with_capacity(1 << 16, file);
                adapter::read(*format, reader, &mut |row| ds.push(cx, row))
                    .map_err(|e| anyhow!("output is not valid {}: {e}", format.as_str()))?;
            }
            (Output::Rows { format, select }, Captured::Bytes(bytes)) => {
                parse_rows(*format, &bytes, select.as_deref(), &mut ds, cx)
                    .map_err(|e| anyhow!("output is not valid {}: {e}", format.as_str()))?;
            }
            (Output::Steampipe, Captured::Bytes(bytes)) => {
                steampipe::read(&bytes, &mut |row| ds.push(cx, row))
                    .map_err(|e| anyhow!("steampipe output is not valid JSON rows: {e}"))?;
            }
            (Output::Steampipe, Captured::File(_)) => bail!("internal error: steampipe output was spooled"),
        }
        Ok(vec![Ok(ds)])
    }
}

/// A collector's `env` table with `${VAR}` replaced. Those values are
/// secrets, and so is any value set, or inherited, under a secret's name:
/// what the child prints on failure (`set -x`, an error echoing a variable)
/// must not carry one.
fn interpolate_env(
    vars: Option<&BTreeMap<String, String>>,
    env: &mut Env,
    spec: &CollectorSpec,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (k, v) in vars.into_iter().flatten() {
        let value = env.interpolate(v, &spec.field(&format!("env.{k}")));
        if crate::evidence::redact::is_secret_name(k) {
            env.secrets.push(value.clone());
        }
        out.insert(k.clone(), value);
    }
    for (k, v) in std::env::vars_os().filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))) {
        if !out.contains_key(&k) && crate::evidence::redact::is_secret_name(&k) {
            env.secrets.push(v);
        }
    }
    out
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
