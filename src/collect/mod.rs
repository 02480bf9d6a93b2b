//! Collectors: turn a system's state into evidence datasets.
//!
//! Each kind lives in its own file and implements [`Collector`]; [`build`]
//! reads a `[collectors.NAME]` table into one, [`run_all`] runs them in
//! parallel and writes what they return through the evidence store.

mod client;
mod command;
mod file;
mod git;
mod github;
mod http;
pub mod progress;

use std::collections::BTreeMap;
use std::fmt::Display;
use std::io::Read;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, NaiveDate, Utc};
use regex::Regex;
use serde_json::Value;

use crate::config::{CONFIG_FILE, CollectorKind, CollectorSpec};
use crate::diagnostic::{Diagnostic, Position};
use crate::evidence::redact::Redactor;
use crate::evidence::store::{Origin, Store};
use crate::evidence::{RECORD_DIRS, table_name};
use progress::{Board, Msg, Progress};

/// One collector kind's work: fetch, shape rows, hand back datasets.
pub trait Collector: Send + Sync {
    /// Where the data comes from (a path, URL or argv), for the meta file; redacted on write.
    fn source(&self) -> String;

    /// Collect every dataset. `Err` fails them all; a dataset's own `Err` fails only it.
    fn collect(&self, cx: &Cx<'_>) -> Result<Vec<DatasetResult>>;
}

/// One dataset, or why it could not be collected.
pub type DatasetResult = std::result::Result<Dataset, DatasetError>;

/// A dataset that failed while others of the same collector succeeded.
#[derive(Debug)]
pub struct DatasetError {
    pub dataset: String,
    pub error: anyhow::Error,
}

impl DatasetError {
    pub fn new(dataset: &str, error: anyhow::Error) -> Self {
        DatasetError { dataset: dataset.to_owned(), error }
    }
}

/// What every collector run shares.
#[derive(Clone, Debug)]
pub struct Settings {
    pub root: PathBuf,
    pub now: DateTime<Utc>,
    /// Start of the audit period, the default `since` of time-bounded datasets.
    pub period_start: Option<NaiveDate>,
    /// Longest single wait on a rate limit or between retries.
    pub http_max_wait: Duration,
}

/// Environment variable capping HTTP rate-limit and retry waits, in seconds.
pub const HTTP_MAX_WAIT_ENV: &str = "SOC2_HTTP_MAX_WAIT";
pub const DEFAULT_HTTP_MAX_WAIT: Duration = Duration::from_secs(60);

pub fn http_max_wait_from_env() -> Duration {
    std::env::var(HTTP_MAX_WAIT_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map_or(DEFAULT_HTTP_MAX_WAIT, |s| Duration::from_secs_f64(s.min(3600.0)))
}

/// The context one collector runs in.
pub struct Cx<'a> {
    pub name: &'a str,
    pub settings: &'a Settings,
    pub redactor: &'a Redactor,
    pub progress: &'a Progress<'a>,
}

/// Rows of one dataset, each already redacted and serialised with sorted keys.
///
/// Rows live in one buffer (sort key bytes, then the JSON line) so a million
/// rows cost a million small index entries, not two million allocations.
#[derive(Debug)]
pub struct Dataset {
    pub name: String,
    buf: Vec<u8>,
    /// (start in `buf`, key length, line length); sorted by key, then line.
    rows: Vec<(usize, u32, u32)>,
}

impl Dataset {
    pub fn new(name: &str) -> Self {
        Dataset { name: name.to_owned(), buf: Vec::new(), rows: Vec::new() }
    }

    /// Add a row ordered by its own JSON text.
    pub fn push(&mut self, cx: &Cx<'_>, row: Value) -> Result<()> {
        self.push_sorted(cx, String::new(), row)
    }

    /// Add a row ordered by `key` first.
    pub fn push_sorted(&mut self, cx: &Cx<'_>, key: String, mut row: Value) -> Result<()> {
        if !row.is_object() {
            bail!("row {} is {}, expected an object", self.rows.len() + 1, describe(&row));
        }
        cx.redactor.redact_value(&mut row);
        let start = self.buf.len();
        self.buf.extend_from_slice(key.as_bytes());
        serde_json::to_writer(&mut self.buf, &row)?;
        self.finish_row(cx, start, key.len())
    }

    /// Add a row of string-or-null fields without building a JSON value.
    /// `names` are JSON-encoded keys (`"email"`) in sorted order; `values` follow them.
    fn push_fields<'v>(
        &mut self,
        cx: &Cx<'_>,
        names: &[String],
        values: impl Iterator<Item = Option<&'v str>>,
    ) -> Result<()> {
        let start = self.buf.len();
        self.buf.push(b'{');
        for (i, (name, value)) in names.iter().zip(values).enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            self.buf.extend_from_slice(name.as_bytes());
            self.buf.push(b':');
            match value {
                None => self.buf.extend_from_slice(b"null"),
                Some(v) => serde_json::to_writer(&mut self.buf, cx.redactor.redact(v).as_ref())?,
            }
        }
        self.buf.push(b'}');
        self.finish_row(cx, start, 0)
    }

    fn finish_row(&mut self, cx: &Cx<'_>, start: usize, key_len: usize) -> Result<()> {
        let line_len = self.buf.len() - start - key_len;
        let (Ok(key_len), Ok(line_len)) = (u32::try_from(key_len), u32::try_from(line_len)) else {
            bail!("row {} is larger than 4 GiB", self.rows.len() + 1);
        };
        self.rows.push((start, key_len, line_len));
        cx.progress.inc(1);
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The JSON lines in their final order.
    pub fn sorted(mut self) -> SortedRows {
        let buf = &self.buf;
        let part = |start: usize, len: u32| buf.get(start..start + len as usize).unwrap_or_default();
        self.rows.sort_unstable_by(|&(a, ak, al), &(b, bk, bl)| {
            part(a, ak).cmp(part(b, bk)).then_with(|| part(a + ak as usize, al).cmp(part(b + bk as usize, bl)))
        });
        SortedRows { buf: self.buf, rows: self.rows }
    }
}

/// A dataset's rows in their final order.
pub struct SortedRows {
    buf: Vec<u8>,
    rows: Vec<(usize, u32, u32)>,
}

impl SortedRows {
    pub fn lines(&self) -> impl Iterator<Item = &[u8]> {
        self.rows.iter().map(|&(start, key, len)| {
            let from = start + key as usize;
            self.buf.get(from..from + len as usize).unwrap_or_default()
        })
    }
}

/// Build the collector a `[collectors.NAME]` table describes. Secrets it reads
/// from the environment are added to `redactor`. Configuration mistakes the
/// loader could not see (an option of the wrong type) are diagnostics.
pub fn build(
    spec: &CollectorSpec,
    toml_text: &str,
    settings: &Settings,
    redactor: &mut Redactor,
) -> std::result::Result<Box<dyn Collector>, Diagnostic> {
    let opts = Opts::new(spec, toml_text);
    if RECORD_DIRS.contains(&spec.name.as_str()) {
        return Err(opts.at_collector(format!(
            "collector name `{}` is reserved: evidence/{}/ holds people's records",
            spec.name, spec.name
        )));
    }
    let mut env = Env::default();
    let collector: Box<dyn Collector> = match spec.kind {
        CollectorKind::Git => Box::new(git::Git::from_options(&opts, settings)?),
        CollectorKind::Github => Box::new(github::Github::from_options(&opts, &mut env, settings)?),
        CollectorKind::Http => Box::new(http::Http::from_options(&opts, &mut env)?),
        CollectorKind::Command => Box::new(command::Command::from_options(&opts, &mut env, settings)?),
        CollectorKind::File => Box::new(file::File::from_options(&opts)?),
    };
    for secret in &env.secrets {
        redactor.add_secret(secret);
    }
    if env.missing.is_empty() {
        return Ok(collector);
    }
    Ok(Box::new(Unready { source: collector.source(), error: env.missing.join("; ") }))
}

/// A collector that cannot run because environment variables it needs are unset.
struct Unready {
    source: String,
    error: String,
}

impl Collector for Unready {
    fn source(&self) -> String {
        self.source.clone()
    }

    fn collect(&self, _cx: &Cx<'_>) -> Result<Vec<DatasetResult>> {
        Err(anyhow!("{}", self.error))
    }
}

/// Environment variables a collector reads; their values become secrets.
#[derive(Default)]
pub struct Env {
    secrets: Vec<String>,
    missing: Vec<String>,
}

static INTERPOLATION: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}").ok());

impl Env {
    /// The value of `name`, remembered as a secret; a missing one is remembered as an error.
    pub fn var(&mut self, name: &str, used_in: &str) -> Option<String> {
        match std::env::var(name) {
            Ok(v) if !v.is_empty() => {
                self.secrets.push(v.clone());
                Some(v)
            }
            Ok(_) | Err(std::env::VarError::NotPresent) => {
                self.missing.push(format!("environment variable `{name}` is not set (used in {used_in})"));
                None
            }
            Err(std::env::VarError::NotUnicode(_)) => {
                self.missing.push(format!("environment variable `{name}` is not valid UTF-8 (used in {used_in})"));
                None
            }
        }
    }

    /// `text` with every `${VAR}` replaced by the variable's value.
    pub fn interpolate(&mut self, text: &str, used_in: &str) -> String {
        let Some(re) = INTERPOLATION.as_ref() else { return text.to_owned() };
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for caps in re.captures_iter(text) {
            let (Some(whole), Some(name)) = (caps.get(0), caps.get(1)) else { continue };
            out.push_str(text.get(last..whole.start()).unwrap_or_default());
            out.push_str(&self.var(name.as_str(), used_in).unwrap_or_default());
            last = whole.end();
        }
        out.push_str(text.get(last..).unwrap_or_default());
        out
    }
}

/// Typed access to a collector's options, with errors located in `soc2.toml`.
pub struct Opts<'a> {
    spec: &'a CollectorSpec,
    text: &'a str,
    doc: Option<toml_edit::Document<&'a str>>,
}

impl<'a> Opts<'a> {
    fn new(spec: &'a CollectorSpec, text: &'a str) -> Self {
        Opts { spec, text, doc: toml_edit::Document::parse(text).ok() }
    }

    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// `` `collectors.NAME.KEY` `` for messages.
    pub fn field(&self, key: &str) -> String {
        format!("`collectors.{}.{key}`", self.spec.name)
    }

    fn position_of(&self, key: &str) -> Position {
        let span = self.doc.as_ref().and_then(|doc| {
            doc.as_item()
                .get("collectors")
                .and_then(|c| c.get(self.spec.name.as_str()))
                .and_then(|t| t.get(key))?
                .span()
        });
        span.map_or(self.spec.position, |s| Position::of_offset(self.text, s.start))
    }

    /// A problem with option `key`, located at its value.
    pub fn error(&self, key: &str, message: impl Display) -> Diagnostic {
        Diagnostic::error(CONFIG_FILE, format!("{}: {message}", self.field(key)))
            .at(self.position_of(key))
            .with_source(self.text)
    }

    /// A problem with the collector as a whole, located at its name.
    pub fn at_collector(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(CONFIG_FILE, message).at(self.spec.position).with_source(self.text)
    }

    fn value(&self, key: &str) -> Option<&'a toml::Value> {
        self.spec.options.get(key)
    }

    fn wrong_type(&self, key: &str, expected: &str, found: &toml::Value) -> Diagnostic {
        self.error(key, format!("must be {expected}, found {}", found.type_str()))
    }

    pub fn string(&self, key: &str) -> std::result::Result<Option<String>, Diagnostic> {
        match self.value(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(self.wrong_type(key, "a string", other)),
        }
    }

    pub fn bool(&self, key: &str) -> std::result::Result<Option<bool>, Diagnostic> {
        match self.value(key) {
            None => Ok(None),
            Some(toml::Value::Boolean(b)) => Ok(Some(*b)),
            Some(other) => Err(self.wrong_type(key, "true or false", other)),
        }
    }

    pub fn count(&self, key: &str, max: u32) -> std::result::Result<Option<u32>, Diagnostic> {
        match self.value(key) {
            None => Ok(None),
            Some(toml::Value::Integer(n)) => match u32::try_from(*n) {
                Ok(n) if n <= max => Ok(Some(n)),
                _ => Err(self.error(key, format!("must be between 0 and {max}, found {n}"))),
            },
            Some(other) => Err(self.wrong_type(key, "a whole number", other)),
        }
    }

    /// A duration written like `30s`, `5m` or `2h`.
    pub fn duration(&self, key: &str) -> std::result::Result<Option<Duration>, Diagnostic> {
        match self.value(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => match s.parse::<crate::dates::Duration>() {
                Ok(d) => Ok(Some(Duration::from_secs(d.seconds().unsigned_abs()))),
                Err(e) => Err(self.error(key, e.message).with_hint(e.hint)),
            },
            Some(other) => Err(self.wrong_type(key, "a duration string like \"30s\"", other)),
        }
    }

    /// A date or timestamp (`2026-01-01`).
    pub fn timestamp(&self, key: &str) -> std::result::Result<Option<DateTime<Utc>>, Diagnostic> {
        match self.string(key)? {
            None => Ok(None),
            Some(s) => {
                crate::dates::parse_timestamp(&s).map(Some).map_err(|e| self.error(key, e.message).with_hint(e.hint))
            }
        }
    }

    pub fn strings(&self, key: &str) -> std::result::Result<Option<Vec<String>>, Diagnostic> {
        match self.value(key) {
            None => Ok(None),
            Some(toml::Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .map(Some)
                .ok_or_else(|| self.error(key, "must be an array of strings")),
            Some(other) => Err(self.wrong_type(key, "an array of strings", other)),
        }
    }

    /// A table of string values (`headers`, `env`).
    pub fn string_table(&self, key: &str) -> std::result::Result<Option<BTreeMap<String, String>>, Diagnostic> {
        match self.value(key) {
            None => Ok(None),
            Some(toml::Value::Table(t)) => t
                .iter()
                .map(|(k, v)| match v {
                    toml::Value::String(s) => Ok((k.clone(), s.clone())),
                    other => Err(self.error(key, format!("`{k}` must be a string, found {}", other.type_str()))),
                })
                .collect::<std::result::Result<BTreeMap<_, _>, _>>()
                .map(Some),
            Some(other) => Err(self.wrong_type(key, "a table of strings", other)),
        }
    }

    /// `select`: a dotted path to the rows inside a document.
    pub fn select(&self) -> std::result::Result<Option<String>, Diagnostic> {
        let select = self.string("select")?;
        if let Some(s) = &select
            && s.split('.').any(str::is_empty)
        {
            return Err(self
                .error("select", format!("`{s}` is not a dotted path"))
                .with_hint("write it like `data.items`"));
        }
        Ok(select.filter(|s| !s.is_empty()))
    }

    /// `format`, if given.
    pub fn format(&self) -> std::result::Result<Option<Format>, Diagnostic> {
        match self.string("format")? {
            None => Ok(None),
            Some(f) => Format::parse(&f).map(Some).ok_or_else(|| {
                let hint = match crate::diagnostic::did_you_mean(&f, Format::NAMES) {
                    Some(s) => format!("did you mean `{s}`? formats: {}", Format::NAMES.join(", ")),
                    None => format!("formats: {}", Format::NAMES.join(", ")),
                };
                self.error("format", format!("unknown format `{f}`")).with_hint(hint)
            }),
        }
    }
}

/// Formats of documents holding rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
    Yaml,
}

impl Format {
    pub const NAMES: [&'static str; 4] = ["json", "jsonl", "csv", "yaml"];

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_lowercase().as_str() {
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::Jsonl,
            "csv" => Format::Csv,
            "yaml" | "yml" => Format::Yaml,
            _ => return None,
        })
    }

    /// The format a file name's extension says.
    pub fn from_path(path: &str) -> Option<Self> {
        let ext = path.rsplit_once('.')?.1;
        Format::parse(ext)
    }
}

/// Parse a whole document of `format` and add its rows (found at `select`) to `ds`.
pub fn parse_rows(format: Format, bytes: &[u8], select: Option<&str>, ds: &mut Dataset, cx: &Cx<'_>) -> Result<()> {
    match format {
        Format::Json => {
            let doc: Value = serde_json::from_slice(bytes).map_err(|e| anyhow!("invalid JSON: {e}"))?;
            push_selected(ds, cx, doc, select)
        }
        Format::Yaml => {
            let doc: Value = serde_yaml::from_slice(bytes).map_err(|e| anyhow!("invalid YAML: {e}"))?;
            push_selected(ds, cx, doc, select)
        }
        Format::Jsonl => {
            let text = std::str::from_utf8(bytes).map_err(|e| anyhow!("invalid UTF-8: {e}"))?;
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let doc: Value =
                    serde_json::from_str(line).map_err(|e| anyhow!("line {}: invalid JSON: {e}", i + 1))?;
                push_selected(ds, cx, doc, select).map_err(|e| anyhow!("line {}: {e}", i + 1))?;
            }
            Ok(())
        }
        Format::Csv => csv_rows(bytes, ds, cx),
    }
}

/// Add one row per CSV record: header names are keys, cells are strings, an empty cell is null.
pub fn csv_rows(reader: impl Read, ds: &mut Dataset, cx: &Cx<'_>) -> Result<()> {
    let mut csv = csv::ReaderBuilder::new().has_headers(true).from_reader(reader);
    let headers: Vec<String> =
        csv.headers().map_err(|e| anyhow!("CSV header: {e}"))?.iter().map(str::to_owned).collect();
    for (i, h) in headers.iter().enumerate() {
        if h.trim().is_empty() {
            bail!("CSV header: column {} has no name", i + 1);
        }
        if headers.iter().take(i).any(|o| o == h) {
            bail!("CSV header: column `{h}` appears twice");
        }
    }
    // Keys in the order a JSON object with sorted keys has them, encoded once.
    let mut order: Vec<(String, usize)> =
        headers.iter().enumerate().map(|(i, h)| (cx.redactor.redact(h).into_owned(), i)).collect();
    order.sort();
    let names: Vec<String> = order.iter().map(|(h, _)| serde_json::to_string(h)).collect::<Result<_, _>>()?;
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => bail!("CSV: {e}"),
        }
        let values = order.iter().map(|(_, i)| record.get(*i).filter(|cell| !cell.is_empty()));
        ds.push_fields(cx, &names, values)?;
    }
    Ok(())
}

/// Add the rows at `select` in `doc`: an array's objects, or an object as one row; null is no rows.
pub fn push_selected(ds: &mut Dataset, cx: &Cx<'_>, doc: Value, select: Option<&str>) -> Result<()> {
    match select_value(doc, select)? {
        Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                if !item.is_object() {
                    bail!("{} item {} is {}; rows must be objects", where_(select), i + 1, describe(&item));
                }
                ds.push(cx, item)?;
            }
            Ok(())
        }
        obj @ Value::Object(_) => ds.push(cx, obj),
        Value::Null => Ok(()),
        other => bail!("{} is {}, expected an array of objects or an object", where_(select), describe(&other)),
    }
}

fn where_(select: Option<&str>) -> String {
    match select {
        Some(s) => format!("`select = \"{s}\"`"),
        None => "the document".to_owned(),
    }
}

/// The value at a dotted path (`data.items`, `results.0.rows`).
pub fn select_value(doc: Value, select: Option<&str>) -> Result<Value> {
    let Some(path) = select else { return Ok(doc) };
    let mut current = doc;
    let mut seen = Vec::new();
    for seg in path.split('.') {
        let here = if seen.is_empty() { "the document".to_owned() } else { format!("`{}`", seen.join(".")) };
        current = match current {
            Value::Object(mut map) => match map.remove(seg) {
                Some(v) => v,
                None => {
                    let keys: Vec<&String> = map.keys().take(12).collect();
                    let keys = keys.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ");
                    bail!("`select = \"{path}\"`: {here} has no key `{seg}` (keys: {keys})");
                }
            },
            Value::Array(mut items) => match seg.parse::<usize>() {
                Ok(i) if i < items.len() => items.swap_remove(i),
                _ => {
                    bail!("`select = \"{path}\"`: {here} is an array of {}; `{seg}` is not an index in it", items.len())
                }
            },
            other => bail!("`select = \"{path}\"`: {here} is {}, not an object", describe(&other)),
        };
        seen.push(seg);
    }
    Ok(current)
}

/// "a string", "an array", … for messages.
pub fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A collector to run, with its configuration.
pub struct Job<'a> {
    pub spec: &'a CollectorSpec,
    pub collector: Box<dyn Collector>,
}

/// How one collector's run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Ok,
    /// Some or all datasets failed; the message names them.
    Failed(String),
}

/// What one collector run wrote.
#[derive(Clone, Debug)]
pub struct Report {
    pub name: String,
    pub status: Status,
    /// Datasets written successfully.
    pub datasets: usize,
    pub rows: u64,
    /// Repo-relative paths of files written (data files that changed, meta files).
    pub paths: Vec<String>,
}

/// Run `jobs`, at most `parallel` at once, writing their evidence; `on_line`
/// receives plain progress lines (already redacted) on the calling thread.
pub fn run_all(
    jobs: &[Job<'_>],
    settings: &Settings,
    redactor: &Redactor,
    board: &Board,
    parallel: usize,
    on_line: &mut dyn FnMut(&str),
) -> Vec<Report> {
    let next = AtomicUsize::new(0);
    let mut reports: Vec<Option<Report>> = jobs.iter().map(|_| None).collect();
    let workers = parallel.clamp(1, jobs.len().max(1));
    let (tx, rx) = mpsc::channel::<Msg>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = jobs.get(i) else { break };
                    let progress = board.progress(&job.spec.name, tx.clone(), redactor);
                    let report = run_one(job, settings, redactor, &progress);
                    progress.finish(&report);
                    let _ = tx.send(Msg::Done(i, Box::new(report)));
                }
            });
        }
        drop(tx);
        for msg in rx {
            match msg {
                Msg::Line(line) => on_line(&line),
                Msg::Done(i, report) => {
                    if let Some(slot) = reports.get_mut(i) {
                        *slot = Some(*report);
                    }
                }
            }
        }
    });
    board.clear();
    reports
        .into_iter()
        .zip(jobs)
        .map(|(r, job)| {
            r.unwrap_or_else(|| Report {
                name: job.spec.name.clone(),
                status: Status::Failed("internal error: the collector did not report".to_owned()),
                datasets: 0,
                rows: 0,
                paths: Vec::new(),
            })
        })
        .collect()
}

/// Run one collector and write its datasets (or record its failure).
fn run_one(job: &Job<'_>, settings: &Settings, redactor: &Redactor, progress: &Progress) -> Report {
    let spec = job.spec;
    let cx = Cx { name: &spec.name, settings, redactor, progress };
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| job.collector.collect(&cx)))
        .unwrap_or_else(|_| Err(anyhow!("internal error: the collector panicked")));
    let source = job.collector.source();
    let now = crate::dates::format_timestamp(settings.now);
    let store = Store::new(&settings.root);
    store.remove_stale_temp_files(&spec.name);
    let kind = spec.kind.as_str();
    let mut report = Report { name: spec.name.clone(), status: Status::Ok, datasets: 0, rows: 0, paths: Vec::new() };
    let mut failures: Vec<String> = Vec::new();
    let expected: Vec<String> = spec.tables().into_iter().map(|(dataset, _)| dataset).collect();
    let single = expected.len() == 1;

    let fail = |report: &mut Report, dataset: &str, error: String, failures: &mut Vec<String>| {
        let origin = Origin { collector: &spec.name, dataset, kind, source: &source };
        if let Ok(path) = store.record_failure(&origin, &error, &now, redactor) {
            report.paths.push(path);
        }
        failures.push(if single { error } else { format!("{dataset}: {error}") });
    };

    match result {
        Err(e) => {
            let error = one_line(&format!("{e:#}"));
            for dataset in &expected {
                let origin = Origin { collector: &spec.name, dataset, kind, source: &source };
                if let Ok(path) = store.record_failure(&origin, &error, &now, redactor) {
                    report.paths.push(path);
                }
            }
            failures.push(error);
        }
        Ok(results) => {
            for result in results {
                match result {
                    Ok(ds) => {
                        let dataset = ds.name.clone();
                        let rows = if ds.len() == 1 { "1 row".to_owned() } else { format!("{} rows", ds.len()) };
                        progress.line(&format!("{}: {rows}", table_name(&spec.name, &dataset)));
                        let sorted = ds.sorted();
                        let origin = Origin { collector: &spec.name, dataset: &dataset, kind, source: &source };
                        match store.write(&origin, sorted.lines(), &now, redactor) {
                            Ok(written) => {
                                report.datasets += 1;
                                report.rows += written.rows;
                                report.paths.extend(written.paths);
                            }
                            Err(e) => {
                                let error =
                                    format!("cannot write {}: {e}", crate::evidence::data_path(&spec.name, &dataset));
                                fail(&mut report, &dataset, error, &mut failures);
                            }
                        }
                    }
                    Err(DatasetError { dataset, error }) => {
                        fail(&mut report, &dataset, one_line(&format!("{error:#}")), &mut failures);
                    }
                }
            }
        }
    }
    if !failures.is_empty() {
        report.status = Status::Failed(redactor.redact(&failures.join("; ")).into_owned());
    }
    report
}

/// Messages go on one line in summaries and meta files.
pub fn one_line(s: &str) -> String {
    s.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()).collect::<Vec<_>>().join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_sorted_when_serialised() {
        let v = serde_json::json!({"b": 1, "a": {"d": 1, "c": 2}});
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"a":{"c":2,"d":1},"b":1}"#);
    }

    #[test]
    fn select_walks_objects_and_arrays() {
        let doc = serde_json::json!({"data": {"items": [{"a": 1}], "total": 1}, "pages": [{"rows": []}]});
        assert_eq!(select_value(doc.clone(), Some("data.items")).unwrap(), serde_json::json!([{"a": 1}]));
        assert_eq!(select_value(doc.clone(), Some("pages.0.rows")).unwrap(), serde_json::json!([]));
        let e = select_value(doc.clone(), Some("data.itemz")).unwrap_err().to_string();
        assert_eq!(e, "`select = \"data.itemz\"`: `data` has no key `itemz` (keys: items, total)");
        let e = select_value(doc, Some("data.total.x")).unwrap_err().to_string();
        assert_eq!(e, "`select = \"data.total.x\"`: `data.total` is a number, not an object");
    }

    #[test]
    fn interpolation_reads_and_remembers_variables() {
        let mut env = Env::default();
        // PATH is set wherever tests run.
        let path = std::env::var("PATH").unwrap();
        let out = env.interpolate("a ${PATH} b ${SOC2_TEST_SURELY_UNSET_VAR} c", "`headers.X`");
        assert_eq!(out, format!("a {path} b  c"));
        assert_eq!(env.secrets, [path]);
        assert_eq!(env.missing, ["environment variable `SOC2_TEST_SURELY_UNSET_VAR` is not set (used in `headers.X`)"]);
    }
}
