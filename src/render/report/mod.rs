//! `soc2 report`: the readiness and gap report as HTML, Markdown, JSON and PDF.

pub mod html;
pub mod markdown;
#[cfg(feature = "pdf")]
pub mod pdf;

use anyhow::Result;

use crate::eval::period::PeriodReport;
use crate::eval::readiness::Report;
use crate::files::RepoFiles;
use crate::render::{period, templates};

/// The formats of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Html,
    Markdown,
    Json,
    Pdf,
}

/// The report in `format`, with the Type II section when `period` is given,
/// as `soc2 report` and the export write it; templates are the repo's own
/// where it has them (`files`), else the built-in ones. JSON with a period
/// is the period report alone.
pub fn render(
    files: &dyn RepoFiles,
    report: &Report<'_>,
    period: Option<&PeriodReport>,
    format: Format,
) -> Result<Vec<u8>> {
    Ok(match (format, period) {
        (Format::Html, _) => {
            let template = templates::load(files, html::TEMPLATE)?;
            let section = match period {
                Some(p) => Some(period::html_section(p, &templates::load(files, period::TEMPLATE)?)?),
                None => None,
            };
            html::render(report, &template, section)?.into_bytes()
        }
        (Format::Markdown, _) => {
            let mut text = markdown::render(report);
            if let Some(p) = period {
                text.push('\n');
                text.push_str(&period::markdown_section(p));
            }
            text.into_bytes()
        }
        (Format::Json, Some(p)) => crate::json::pretty(p)?.into_bytes(),
        (Format::Json, None) => crate::json::pretty(report)?.into_bytes(),
        (Format::Pdf, period) => pdf_bytes(report, period)?,
    })
}

#[cfg(feature = "pdf")]
fn pdf_bytes(report: &Report<'_>, period: Option<&PeriodReport>) -> Result<Vec<u8>> {
    pdf::render(report, period).map_err(anyhow::Error::msg)
}

#[cfg(not(feature = "pdf"))]
fn pdf_bytes(_report: &Report<'_>, _period: Option<&PeriodReport>) -> Result<Vec<u8>> {
    Err(crate::diagnostic::hinted("rebuild with the default `pdf` feature", "this soc2 was built without PDF support"))
}
