//! The Type II section of the report (`soc2 report --period`): HTML (a
//! fragment with an SVG timeline per control, placed in the report page or an
//! export) and Markdown. Reads a [`PeriodReport`]; computes nothing.

use std::fmt::Write as _;

use crate::render::markdown_text as cell;

use minijinja::{Value, context};

use super::templates::{Template, TemplateError, html_environment};
use super::{format_percent, optional_percent, plural};
use crate::eval::period::PeriodReport;

/// The fragment's built-in template under `templates/`.
pub const TEMPLATE: &str = "report/period.html.j2";

/// Timeline colours by state, the same as the report's status colours.
const COLORS: [(&str, &str); 11] = [
    ("pass", "#2e7d32"),
    ("not-occurring", "#80cbc4"),
    ("fail", "#c62828"),
    ("error", "#6a1b9a"),
    ("missing", "#ef6c00"),
    ("stale", "#f9a825"),
    ("review-due", "#1565c0"),
    ("out-of-scope", "#9e9e9e"),
    ("not-evaluated", "#d0d7de"),
    ("on-time", "#a5d6a7"),
    ("overdue", "#1565c0"),
];

/// The period section as an HTML fragment (`<section id="period">…</section>`),
/// from `template` (`templates/report/period.html.j2`, the repo's or the built-in one).
pub fn html_section(p: &PeriodReport, template: &Template) -> Result<String, TemplateError> {
    let mut env = html_environment();
    let name = template.name.as_str();
    env.add_template(name, &template.text).map_err(|e| TemplateError::new(name, &e))?;
    let colors: std::collections::BTreeMap<&str, &str> = COLORS.into_iter().collect();
    env.get_template(name)
        .and_then(|t| {
            t.render(context! { p => Value::from_serialize(p), colors => colors, population_method => crate::population::SUMMARY_METHOD })
        })
        .map_err(|e| TemplateError::new(name, &e))
}

/// The period section as Markdown, starting with a `##` heading.
pub fn markdown_section(p: &PeriodReport) -> String {
    let mut out = String::new();
    let s = &p.summary;
    let _ = writeln!(out, "## Type II: operating effectiveness, {}\n", p.period);
    let _ = writeln!(
        out,
        "**Operating effectiveness {}**: {} of {} control-days with passing evidence · {} over {}{} · {} without exceptions · {} with commits, {} evaluated\n",
        optional_percent(s.effectiveness),
        s.control_days_passing,
        s.control_days,
        plural(s.controls, "control"),
        plural(p.days, "day"),
        p.evaluated_through.as_deref().map(|d| format!(", evaluated through {d}")).unwrap_or_default(),
        s.controls_without_exceptions,
        plural(p.days_with_commits, "day"),
        plural(p.commits, "commit"),
    );
    let _ = writeln!(
        out,
        "**Reviews on time {}**: {} with a control review overdue · {} late at least once (counted apart from operating effectiveness)\n",
        optional_percent(s.reviews_on_time),
        plural(s.control_days_review_overdue, "control-day"),
        plural(s.controls_reviews_late, "control"),
    );
    for r in &p.not_evaluated {
        let _ = writeln!(
            out,
            "- Not evaluated: {}–{} ({}, {})",
            r.start,
            r.end,
            plural(r.days, "day"),
            r.why.as_deref().unwrap_or("")
        );
    }
    if !p.not_evaluated.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "| control | operating effectiveness | days passing | days evaluated | not occurring | exceptions | longest exception | reviews on time |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---|---:|");
    for c in &p.controls {
        let longest = c
            .longest_exception
            .as_ref()
            .map_or_else(|| "–".to_owned(), |l| format!("{}..{} ({})", l.start, l.end, plural(l.days, "day")));
        let _ = writeln!(
            out,
            "| **{}** {} | {} | {} | {} | {} | {} | {longest} | {} |",
            cell(&c.id),
            cell(&c.title),
            optional_percent(c.effectiveness),
            c.days_passing,
            c.days_evaluated,
            c.days_not_occurring,
            c.exceptions.len(),
            optional_percent(c.reviews_on_time),
        );
    }
    let with: Vec<_> = p.controls.iter().filter(|c| !c.exceptions.is_empty()).collect();
    if !with.is_empty() {
        let _ = writeln!(out, "\n### Exceptions\n");
        for c in with {
            for x in &c.exceptions {
                let _ = writeln!(
                    out,
                    "- **{}** {}..{} ({}, {}): {} ({})",
                    cell(&c.id),
                    x.start,
                    x.end,
                    plural(x.days, "day"),
                    x.status.as_str(),
                    cell(&x.reason),
                    x.commit
                );
            }
        }
    }
    let late: Vec<_> = p.controls.iter().filter(|c| !c.review_lapses.is_empty()).collect();
    if !late.is_empty() {
        let _ = writeln!(out, "\n### Reviews overdue\n");
        for c in late {
            for x in &c.review_lapses {
                let _ = writeln!(
                    out,
                    "- **{}** {}..{} ({}): {}",
                    cell(&c.id),
                    x.start,
                    x.end,
                    plural(x.days, "day"),
                    cell(&x.reason)
                );
            }
        }
    }
    if !p.populations.is_empty() {
        let _ = writeln!(out, "\n### Populations and samples\n");
        let _ = writeln!(
            out,
            "| control | frequency | population | tested | deviations | deviation rate | tolerable | result |"
        );
        let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---:|---|");
        for c in &p.populations {
            let row: Vec<String> = population_row(c).iter().map(|v| cell(v)).collect();
            let _ = writeln!(out, "| **{}** {} | {} |", cell(&c.id), cell(&c.title), row.join(" | "));
        }
        let _ = writeln!(out, "\n{}", crate::population::SUMMARY_METHOD);
    }
    let _ = writeln!(out, "\n{}", p.method);
    out
}

/// One row of the populations table as plain text, for the Markdown and PDF
/// tables alike: frequency, population, tested, deviations, deviation rate,
/// tolerable rate, result.
pub fn population_row(c: &crate::population::PopulationSummary) -> [String; 7] {
    let k = &c.counts;
    let tested = match &c.sample {
        Some(s) if s.current => format!("{} ({} deviating)", s.tested, s.deviations),
        Some(s) => format!("{} (drawn from other evidence)", s.tested),
        None => "not sampled".to_owned(),
    };
    let deviations = if k.remediated > 0 {
        format!("{} ({} remediated later)", k.deviations, k.remediated)
    } else {
        k.deviations.to_string()
    };
    let items = if k.recorded_late > 0 {
        format!("{} ({} recorded late)", k.items, k.recorded_late)
    } else {
        k.items.to_string()
    };
    let result = match (&c.error, &c.not_occurring) {
        (Some(e), _) => format!("error: {e}"),
        (None, Some(a)) => format!("not occurring ({a})"),
        (None, None) => c.outcome.as_str().to_owned(),
    };
    [
        c.frequency.as_str().to_owned(),
        items,
        tested,
        deviations,
        optional_percent(k.deviation_rate),
        format!("{}%", format_percent(k.tolerable_rate)),
        result,
    ]
}
