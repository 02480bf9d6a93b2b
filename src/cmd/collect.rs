//! `soc2 collect [NAME...] [--commit] [--force]`: run collectors, write evidence, optionally commit it.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Result;

use super::Context;
use crate::cli::CollectArgs;
use crate::collect::progress::{Board, counts};
use crate::collect::{self, Job, Settings, Status};
use crate::diagnostic::hinted;
use crate::diagnostic::{InvalidRepo, did_you_mean};
use crate::evidence::commit::EvidenceRepo;
use crate::evidence::lock;
use crate::evidence::redact::Redactor;
use crate::evidence::store::Store;
use crate::evidence::{data_path, meta_path};
use crate::output::Outcome;
use crate::output::Output;
use crate::repo::collector::CollectorSpec;
use crate::repo::config::{self, CONFIG_FILE};

/// One line of the final summary.
struct Line {
    name: String,
    status: String,
    datasets: usize,
    rows: u64,
    reason: Option<String>,
}

pub fn run(ctx: &Context, args: CollectArgs, out: &mut Output) -> Result<Outcome> {
    let root = ctx.root()?;
    let text = crate::repo::read_text_file(&crate::files::Worktree::new(&root), CONFIG_FILE)?;
    let config = config::parse(&text).map_err(InvalidRepo)?;

    let known: Vec<&str> = config.collectors.iter().map(|c| c.name.as_str()).collect();
    let named: BTreeSet<&str> = args.names.iter().map(String::as_str).collect();
    for name in &named {
        if !known.contains(name) {
            let hint = match did_you_mean(name, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? collectors: {}", known.join(", ")),
                None if known.is_empty() => "soc2.toml has no [collectors.NAME] tables".to_owned(),
                None => format!("collectors: {}", known.join(", ")),
            };
            return Err(hinted(hint, format!("unknown collector `{name}`")));
        }
    }
    if config.collectors.is_empty() {
        out.status("no collectors in soc2.toml\n  hint: add a [collectors.NAME] table, e.g. `[collectors.git]` with `kind = \"git\"`");
        return Ok(Outcome::Clean);
    }
    let selected: Vec<&CollectorSpec> =
        config.collectors.iter().filter(|c| named.is_empty() || named.contains(c.name.as_str())).collect();

    let evidence_repo = if args.commit { Some(EvidenceRepo::open(&root)?) } else { None };
    let settings = Settings {
        root: root.clone(),
        now: ctx.now,
        period_start: config.audit.period.map(|p| p.start),
        http_max_wait: collect::http_max_wait_from_env(),
    };
    let store = Store::new(&root);

    // What a file collector reads is checked as written (registers against their
    // schemas): a mistake stops the run before any snapshot is replaced.
    let mut diags = crate::diagnostic::Diagnostics::new();
    for spec in &selected {
        for d in collect::check_input(spec, &root) {
            diags.push(d);
        }
    }
    if diags.has_errors() {
        return Err(InvalidRepo(diags).into());
    }

    // Every collector's options were checked when soc2.toml loaded; what is fresh is skipped.
    let mut skipped: Vec<(&CollectorSpec, usize, u64)> = Vec::new();
    let mut jobs: Vec<Job<'_>> = Vec::new();
    let mut redactor = Redactor::new();
    for spec in &selected {
        let fresh = if args.force || !named.is_empty() { None } else { fresh_snapshot(&store, spec, ctx) };
        match fresh {
            Some((datasets, rows)) => skipped.push((spec, datasets, rows)),
            None => jobs.push(Job { spec, collector: collect::build(spec, &settings, &mut redactor) }),
        }
    }

    let _lock = lock::acquire(&root, lock::configured_wait())
        .map_err(|e| crate::diagnostic::Hinted::maybe(e.to_string(), e.hint()))?;
    let names: Vec<&str> = jobs.iter().map(|j| j.spec.name.as_str()).collect();
    let board = Board::new(crate::output::progress_bars_wanted(), &names);
    let reports = collect::run_all(&jobs, &settings, &redactor, &board, usize::from(args.jobs), &mut |line| {
        out.status(line);
    });

    let mut lines: Vec<Line> = Vec::new();
    for spec in &selected {
        if let Some((_, datasets, rows)) = skipped.iter().find(|(s, _, _)| s.name == spec.name) {
            lines.push(Line {
                name: spec.name.clone(),
                status: "skipped (fresh)".into(),
                datasets: *datasets,
                rows: *rows,
                reason: None,
            });
        } else if let Some(r) = reports.iter().find(|r| r.name == spec.name) {
            let (status, reason) = match &r.status {
                Status::Ok => ("ok".to_owned(), None),
                Status::Failed(why) => ("failed".to_owned(), Some(why.clone())),
            };
            lines.push(Line { name: r.name.clone(), status, datasets: r.datasets, rows: r.rows, reason });
        }
    }
    print_summary(&lines, &redactor, out)?;

    let failed: Vec<&str> =
        reports.iter().filter(|r| matches!(r.status, Status::Failed(_))).map(|r| r.name.as_str()).collect();
    if let Some(repo) = &evidence_repo {
        commit(repo, &root, &selected, &lines, ctx, out)?;
    }
    if failed.is_empty() {
        return Ok(Outcome::Clean);
    }
    let plural = if failed.len() == 1 { "collector" } else { "collectors" };
    out.status(format!(
        "error: {} {plural} failed: {} (previous snapshots kept; see last_error in their meta files)",
        failed.len(),
        failed.join(", ")
    ));
    Ok(Outcome::Findings)
}

/// `(datasets, rows)` of a snapshot younger than the collector's `every`;
/// `None` when it is due (no `every`, missing, old, or its latest run failed).
fn fresh_snapshot(store: &Store, spec: &CollectorSpec, ctx: &Context) -> Option<(usize, u64)> {
    let every = spec.every?;
    let tables = spec.tables();
    let mut rows = 0;
    for (dataset, _) in &tables {
        let meta = store.read_meta(&spec.name, dataset).ok()??;
        if meta.last_error.is_some() {
            return None;
        }
        let at = crate::dates::parse_timestamp(meta.collected_at.as_deref()?).ok()?;
        if ctx.now - at >= every.as_chrono() {
            return None;
        }
        rows += meta.rows;
    }
    Some((tables.len(), rows))
}

fn print_summary(lines: &[Line], redactor: &Redactor, out: &mut Output) -> Result<()> {
    let name_w = lines.iter().map(|l| l.name.chars().count()).max().unwrap_or(0);
    let rows_w = lines.iter().map(|l| l.rows.to_string().len()).max().unwrap_or(1);
    for l in lines {
        let ds = if l.datasets == 1 { "dataset " } else { "datasets" };
        let rows = if l.rows == 1 { "row " } else { "rows" };
        let mut text =
            format!("{:<name_w$}  {:<15}  {:>2} {ds}  {:>rows_w$} {rows}", l.name, l.status, l.datasets, l.rows);
        if let Some(reason) = &l.reason {
            text.push_str("  ");
            text.push_str(reason);
        }
        out.line(redactor.redact(text.trim_end()))?;
    }
    Ok(())
}

/// `--commit`: one commit of the selected collectors' evidence files that differ from HEAD
/// (written now, or by an earlier run that was not committed).
fn commit(
    repo: &EvidenceRepo,
    root: &Path,
    selected: &[&CollectorSpec],
    lines: &[Line],
    ctx: &Context,
    out: &mut Output,
) -> Result<()> {
    let mut paths = Vec::new();
    for spec in selected {
        for (dataset, _) in spec.tables() {
            for path in [data_path(&spec.name, &dataset), meta_path(&spec.name, &dataset)] {
                if root.join(&path).is_file() {
                    paths.push(path);
                }
            }
        }
    }
    let committed = repo.commit_paths(&paths, ctx.now, |changed| commit_message(lines, changed))?;
    match committed {
        Some(c) => {
            let subject = c.message.lines().next().unwrap_or_default();
            out.line(format!("committed {}: {subject}", c.id.get(..12).unwrap_or(&c.id)))?
        }
        None => out.line("nothing to commit: evidence unchanged")?,
    }
    Ok(())
}

/// The longest subject line git tools show whole.
const SUBJECT_MAX: usize = 72;

/// A subject of at most 72 characters (`soc2 collect: github (6 datasets, 1234 rows)`,
/// or counts when several collectors changed), then one body line per collector.
fn commit_message(lines: &[Line], changed: &[String]) -> String {
    let mut parts = Vec::new();
    let (mut datasets, mut rows) = (0, 0);
    for l in lines {
        let prefix = format!("{}/{}/", crate::evidence::EVIDENCE_DIR, l.name);
        if !changed.iter().any(|p| p.starts_with(&prefix)) {
            continue;
        }
        let row_count = if l.rows == 1 { "1 row".to_owned() } else { format!("{} rows", l.rows) };
        let what = match (l.reason.is_some(), l.datasets) {
            (true, 0) => "failed".to_owned(),
            (true, n) => format!("{}; some datasets failed", counts(n, l.rows)),
            (false, 1) => row_count,
            (false, n) => counts(n, l.rows),
        };
        datasets += l.datasets;
        rows += l.rows;
        parts.push(format!("{} ({what})", l.name));
    }
    let whole = format!("soc2 collect: {}", parts.join(", "));
    if parts.len() <= 1 && whole.chars().count() <= SUBJECT_MAX {
        return whole;
    }
    let collectors = if parts.len() == 1 { "1 collector".to_owned() } else { format!("{} collectors", parts.len()) };
    let subject = format!("soc2 collect: {collectors}, {}", counts(datasets, rows));
    let body: Vec<String> = parts.iter().map(|p| format!("- {p}")).collect();
    format!("{subject}\n\n{}\n", body.join("\n"))
}
