//! Running collectors in parallel and writing what they collect.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use anyhow::anyhow;

use super::progress::{Board, Msg, Progress};
use super::{Collector, Cx, DatasetError, Settings};
use crate::evidence::redact::Redactor;
use crate::evidence::store::{Origin, Store};
use crate::evidence::table_name;
use crate::repo::collector::CollectorSpec;

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
    let cx = Cx { name: &spec.name, spec, settings, redactor, progress };
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| job.collector.collect(&cx)))
        .unwrap_or_else(|_| Err(anyhow!("internal error: the collector panicked")));
    let source = job.collector.source();
    let now = crate::dates::format_timestamp(settings.now);
    let store = Store::new(&settings.root);
    store.remove_stale_temp_files(&spec.name);
    let kind = spec.kind().as_str();
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
                        let mut sorted = ds.sorted();
                        let origin = Origin { collector: &spec.name, dataset: &dataset, kind, source: &source };
                        match store.write_rows(&origin, sorted.lines(), &now, redactor) {
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
