//! `soc2 report`: the readiness and gap report (HTML, Markdown, JSON). Exit 0
//! whatever it finds: a report is not a gate (`soc2 check` is).

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::{Context, check};
use crate::cli::{ReportArgs, ReportFormat};
use crate::dates::Period;
use crate::eval::period as history;
use crate::eval::session::Session;
use crate::output::Outcome;

use crate::eval::readiness as report;
use crate::files::library;
use crate::output::Output;
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
        Some(text) => Some(period_report(ctx, &session, text, &selection, out)?),
    };
    let bytes = render(root, &report, period.as_ref(), args.format)?;
    let target = match (&args.output, args.format) {
        (Some(p), _) if p.as_os_str() == "-" => None,
        (Some(p), _) => Some(p.clone()),
        (None, ReportFormat::Html) => Some(root.join(DEFAULT_HTML)),
        (None, ReportFormat::Pdf) => Some(root.join(DEFAULT_PDF)),
        (None, _) => None,
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
            anyhow::anyhow!(
                "--period: soc2.toml has no `audit.period`\n  hint: pass one, e.g. `--period 2026-01-01..2026-12-31`, or set `period` under [audit]"
            )
        })?
    } else {
        text.parse().map_err(|e: crate::dates::ParseError| anyhow::anyhow!("--period: {e}\n  hint: {}", e.hint))?
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

/// The report in `format`, with the Type II section when `period` is given,
/// as the report command and the export write it. JSON with a period is the
/// period report alone.
pub(super) fn render(
    root: &Path,
    report: &report::Report<'_>,
    period: Option<&history::PeriodReport>,
    format: ReportFormat,
) -> Result<Vec<u8>> {
    Ok(match (format, period) {
        (ReportFormat::Html, _) => {
            let (name, template) = html_template(root)?;
            let section = period.map(render::period::html_section).transpose().map_err(anyhow::Error::msg)?;
            render::report::html::render_with_period(report, &name, &template, section)
                .map_err(anyhow::Error::msg)?
                .into_bytes()
        }
        (ReportFormat::Markdown, _) => {
            let mut text = render::report::markdown::render(report);
            if let Some(p) = period {
                text.push('\n');
                text.push_str(&render::period::markdown_section(p));
            }
            text.into_bytes()
        }
        (ReportFormat::Json, Some(p)) => json(p)?,
        (ReportFormat::Json, None) => json(report)?,
        (ReportFormat::Pdf, Some(_)) => {
            anyhow::bail!(
                "--period is not in the PDF report yet\n  hint: use --format html, markdown or json with --period"
            )
        }
        (ReportFormat::Pdf, None) => pdf(report)?,
    })
}

fn json(value: &impl serde::Serialize) -> Result<Vec<u8>> {
    Ok(crate::json::pretty(value)?.into_bytes())
}

#[cfg(feature = "pdf")]
fn pdf(report: &report::Report<'_>) -> Result<Vec<u8>> {
    crate::render::report::pdf::render(report).map_err(anyhow::Error::msg)
}

#[cfg(not(feature = "pdf"))]
fn pdf(_report: &report::Report<'_>) -> Result<Vec<u8>> {
    anyhow::bail!("this soc2 was built without PDF support\n  hint: rebuild with the default `pdf` feature")
}

/// The repo's own `templates/report/report.html.j2`, else the built-in one.
fn html_template(root: &Path) -> Result<(String, String)> {
    let rel = format!("templates/{}", render::report::html::TEMPLATE);
    let own = root.join(&rel);
    if own.is_file() {
        let text = std::fs::read_to_string(&own).with_context(|| format!("cannot read {rel}"))?;
        return Ok((rel, text));
    }
    let text = library::template(render::report::html::TEMPLATE)
        .with_context(|| format!("built-in template {rel} is missing from this build"))?;
    Ok((rel, text.to_owned()))
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
