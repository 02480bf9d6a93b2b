//! Collectors: turn a system's state into evidence datasets.
//!
//! Each kind lives in its own file and implements [`Collector`]; [`build`]
//! reads a `[collectors.NAME]` table into one, [`run_all`] runs them in
//! parallel and writes what they return through the evidence store.

pub mod adapter;
mod client;
mod command;
mod dataset;
mod env;
mod file;
mod git;
mod github;
mod http;
mod input;
pub mod ocsf;
pub mod progress;
mod rows;
mod run;
pub mod sarif;
pub mod steampipe;

pub use dataset::{Dataset, SortedRows};
pub use env::Env;
pub use file::check_input;
pub use input::check_tool_output;
pub use rows::{Format, csv_rows, describe, parse_rows, push_selected, select_value};
pub use run::{Job, Report, Status, one_line, run_all};

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Result, anyhow};
use chrono::{DateTime, NaiveDate, Utc};

use crate::evidence::redact::Redactor;
use crate::repo::collector::{CollectorOptions, CollectorSpec};
use progress::Progress;

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
    /// The collector's configuration: its datasets' declared columns come from it.
    pub spec: &'a CollectorSpec,
    pub settings: &'a Settings,
    pub redactor: &'a Redactor,
    pub progress: &'a Progress<'a>,
}

/// Build the collector a `[collectors.NAME]` table describes (its options
/// were checked when `soc2.toml` was loaded). Secrets it reads from the
/// environment are added to `redactor`.
pub fn build(spec: &CollectorSpec, settings: &Settings, redactor: &mut Redactor) -> Box<dyn Collector> {
    let mut env = Env::default();
    let collector: Box<dyn Collector> = match &spec.options {
        CollectorOptions::Git(o) => Box::new(git::Git::new(o, settings)),
        CollectorOptions::Github(o) => Box::new(github::Github::new(o, &mut env, spec)),
        CollectorOptions::Http(o) => Box::new(http::Http::new(o, &mut env, spec)),
        CollectorOptions::Command(o) => Box::new(command::Command::new(o, &mut env, spec, settings)),
        CollectorOptions::File(o) => Box::new(file::File::new(o)),
        CollectorOptions::Steampipe(o) => Box::new(command::Command::steampipe(o, &mut env, spec, settings)),
    };
    for secret in &env.secrets {
        redactor.add_secret(secret);
    }
    if env.missing.is_empty() {
        return collector;
    }
    Box::new(Unready { source: collector.source(), error: env.missing.join("; ") })
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
