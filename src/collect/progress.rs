//! Progress while collectors run: one indicatif line per collector on a
//! terminal, plain log lines (sent to the main thread, which prints them)
//! when stderr is not a terminal or `CI` is set.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Report, Status};
use crate::evidence::redact::Redactor;

/// Messages from collector threads to the main thread.
pub enum Msg {
    Line(String),
    Done(usize, Box<Report>),
}

/// The whole display.
pub struct Board {
    multi: Option<MultiProgress>,
    width: usize,
}

impl Board {
    /// Progress bars when `fancy`, else plain lines. `names` sets the column width.
    pub fn new(fancy: bool, names: &[&str]) -> Self {
        let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
        let multi = fancy.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        Board { multi, width }
    }

    pub fn progress<'a>(&self, name: &str, tx: Sender<Msg>, redactor: &'a Redactor) -> Progress<'a> {
        let bar = self.multi.as_ref().map(|m| {
            let bar = m.add(ProgressBar::new_spinner());
            let template = format!("{{spinner}} {{prefix:<{}}}  {{pos:>9}} rows  {{wide_msg}}", self.width);
            let style = ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            bar.set_prefix(name.to_owned());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        let progress = Progress { name: name.to_owned(), bar, tx, rows: AtomicU64::new(0), redactor };
        progress.line("started");
        progress
    }

    /// Remove the bars; the summary says the same.
    pub fn clear(&self) {
        if let Some(m) = &self.multi {
            let _ = m.clear();
        }
    }
}

/// One collector's line.
pub struct Progress<'a> {
    name: String,
    bar: Option<ProgressBar>,
    tx: Sender<Msg>,
    rows: AtomicU64,
    redactor: &'a Redactor,
}

impl Progress<'_> {
    /// Count `n` more rows.
    pub fn inc(&self, n: u64) {
        self.rows.fetch_add(n, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }

    /// What the collector is doing now (shown on the bar; not logged in plain mode).
    pub fn step(&self, what: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(self.redactor.redact(what).into_owned());
        }
    }

    /// A milestone: on the bar, or as a plain `[name] message` line.
    pub fn line(&self, what: &str) {
        let what = self.redactor.redact(what);
        match &self.bar {
            Some(bar) => bar.set_message(what.into_owned()),
            None => {
                let _ = self.tx.send(Msg::Line(format!("[{}] {what}", self.name)));
            }
        }
    }

    pub fn finish(&self, report: &Report) {
        let text = match &report.status {
            Status::Ok => format!("ok: {}", counts(report.datasets, report.rows)),
            Status::Failed(why) => format!("failed: {why}"),
        };
        self.line(&text);
        if let Some(bar) = &self.bar {
            bar.finish();
        }
    }
}

/// `1 dataset, 42 rows` / `6 datasets, 1234 rows`.
pub fn counts(datasets: usize, rows: u64) -> String {
    let ds = if datasets == 1 { "dataset" } else { "datasets" };
    let r = if rows == 1 { "row" } else { "rows" };
    format!("{datasets} {ds}, {rows} {r}")
}
