//! `soc2 report`: the readiness and gap report (HTML, Markdown, JSON). Exit 0
//! whatever it finds: a report is not a gate (`soc2 check` is).

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::{Context, check};
use crate::cli::{ReportArgs, ReportFormat};
use crate::dates::Period;
use crate::diagnostic::hinted;
use crate::eval::period as history;
use crate::eval::session::Session;
use crate::output::Outcome;

use crate::eval::readiness as report;
use crate::output::Output;
use crate::render::report::Format;
use crate::render::{self, format_percent};

/// Where the HTML report goes without `--output`, relative to the repo root.
pub const DEFAULT_HTML: &str = ".soc2/soc2-report.html";
/// Where the PDF report goes without `--output`.
pub const DEFAULT_PDF: &str = ".soc2/soc2-report.pdf";

pub fn run(ctx: &Context, args: ReportArgs, out: &mut Output) -> Result<Outcome> {
    let selection = super::selection(args.selection);
    let session = super::open_session(ctx, check::point(&args.history)?.as_ref(), args.no_cache, out)?;
    let evaluation = session.evaluate(&selection)?;
    let (root, repo) = (session.root(), &session.repo);
    let report = report::build(&evaluation, &repo.framework);
    let period = match &args.period {
        None => None,
        Some(text) => {
            let mut p = period_report(ctx, &session, text, &selection, out)?;
            super::period_populations(ctx, &session, &evaluation, &mut p, args.no_cache)?;
            Some(p)
        }
    };
    let bytes = render::report::render(session.files(), &report, period.as_ref(), format(args.format))?;
    // A report on another framework (`--framework ID`) has its own file beside the SOC 2 one.
    let other = evaluation.framework_coverage.as_ref().map(|f| f.id.as_str()).filter(|id| *id != evaluation.framework);
    let target = match (&args.output, args.format, other) {
        (Some(p), _, _) if p.as_os_str() == "-" => None,
        (Some(p), _, _) => Some(p.clone()),
        (None, ReportFormat::Html, Some(id)) => Some(root.join(format!(".soc2/{id}-report.html"))),
        (None, ReportFormat::Pdf, Some(id)) => Some(root.join(format!(".soc2/{id}-report.pdf"))),
        (None, ReportFormat::Html, None) => Some(root.join(DEFAULT_HTML)),
        (None, ReportFormat::Pdf, None) => Some(root.join(DEFAULT_PDF)),
        (None, _, _) => None,
    };
    match target {
        Some(path) => {
            write(&path, &bytes)?;
            out.status(format!(
                "wrote {} (readiness {}%, {} {})",
                shown(root, &path),
                format_percent(evaluation.summary.readiness),
                evaluation.summary.gaps,
                if evaluation.summary.gaps == 1 { "gap" } else { "gaps" }
            ));
        }
        None => out.stdout().write_all(&bytes)?,
    }
    Ok(Outcome::Clean)
}

/// Evaluate the period `text` (empty: `audit.period` of soc2.toml) from the git history.
fn period_report(
    ctx: &Context,
    session: &Session,
    text: &str,
    selection: &crate::eval::Selection,
    out: &mut Output,
) -> Result<history::PeriodReport> {
    let period: Period = if text.trim().is_empty() {
        session.repo.config.audit.period.ok_or_else(|| {
            hinted(
                "pass one, e.g. `--period 2026-01-01..2026-12-31`, or set `period` under [audit]",
                "--period: soc2.toml has no `audit.period`",
            )
        })?
    } else {
        text.parse().map_err(|e: crate::dates::ParseError| hinted(e.hint, format!("--period: {e}")))?
    };
    let (p, stats) = session.period(&period, selection, ctx.now, &super::period_bar())?;
    let effectiveness = p.summary.effectiveness.map_or_else(|| "–".to_owned(), |e| format!("{}%", format_percent(e)));
    out.status(format!(
        "period {}: {} days, {} control-days evaluated, operating effectiveness {effectiveness}; {}",
        p.period,
        p.days,
        p.summary.control_days,
        stats.line()
    ));
    Ok(p)
}

/// The report's format, from the command line.
fn format(f: ReportFormat) -> Format {
    match f {
        ReportFormat::Html => Format::Html,
        ReportFormat::Markdown => Format::Markdown,
        ReportFormat::Json => Format::Json,
        ReportFormat::Pdf => Format::Pdf,
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// A path as the user would type it: relative to the repo root when inside it.
fn shown(root: &Path, path: &Path) -> String {
    let p: PathBuf = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf());
    p.display().to_string()
}
