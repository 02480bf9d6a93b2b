//! The report as a PDF (the summary a board or an auditor reads): what the
//! HTML report shows — readiness, progress per category and series,
//! prioritized gaps, owners' roadmap, the criteria × controls matrix, the
//! framework coverage of `--framework`, coverage gaps, and with `--period` the
//! Type II section. Every bar has a legend, and every status is also a word.

use crate::eval::FrameworkCoverage;
use crate::eval::period::PeriodReport;
use crate::eval::readiness::{Progress, Report, heading};
use crate::render::typst::markup::{str_lit, text};
use crate::render::typst::{compile, preamble};
use crate::render::{format_percent, optional_percent, plural, summary_line};

/// Statuses in the order bars draw them.
const STATUSES: [&str; 6] = ["pass", "fail", "error", "missing", "stale", "review-due"];

fn colour(status: &str) -> &'static str {
    match status {
        "pass" | "fresh" | "covered" => "#2e7d32",
        "fail" | "failed" | "failing" => "#c62828",
        "error" => "#6a1b9a",
        "missing" => "#ef6c00",
        "stale" => "#b8860b",
        "review-due" | "overdue" => "#1565c0",
        "on-time" => "#a5d6a7",
        "not-evaluated" => "#d0d7de",
        _ => "#757575",
    }
}

/// A status as a coloured word.
fn status(s: &str) -> String {
    format!("#text(fill: rgb(\"{}\"), weight: \"bold\")[{}]", colour(s), text(s))
}

/// A horizontal bar of coloured segments, `(count, colour)`.
fn bar(parts: &[(usize, &str)]) -> String {
    let total: usize = parts.iter().map(|(n, _)| n).sum();
    if total == 0 {
        return "[–]".to_owned();
    }
    let cells: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, c)| format!("box(width: {:.2}%, height: 7pt, fill: rgb(\"{c}\"))", *n as f64 * 100.0 / total as f64))
        .collect();
    format!(
        "block(width: 100%, height: 7pt, clip: true, radius: 2pt, fill: luma(230), stack(dir: ltr, {}))",
        cells.join(", ")
    )
}

/// A legend: a swatch and a label (with its count when given) per key.
fn legend(items: &[(&str, Option<usize>)], prefix: &str) -> String {
    let cells: Vec<String> = items
        .iter()
        .map(|(k, n)| {
            let label = match n {
                Some(n) => format!("{prefix}{k} {n}"),
                None => format!("{prefix}{k}"),
            };
            format!("#box[#box(width: 7pt, height: 7pt, radius: 1pt, fill: rgb(\"{}\")) {}]", colour(k), text(&label))
        })
        .collect();
    format!("#text(size: 8.5pt)[{}]\n\n", cells.join(" #h(8pt) "))
}

/// Counts by status as words: `12 pass · 2 fail · 1 missing`.
fn counts(p: &Progress) -> String {
    let words: Vec<String> =
        STATUSES.iter().filter_map(|k| p.by_status.get(*k).filter(|n| **n > 0).map(|n| format!("{n} {k}"))).collect();
    words.join(" · ")
}

fn gap_bar(p: &Progress) -> String {
    let by = |k: &str| p.by_status.get(k).copied().unwrap_or(0);
    bar(&STATUSES.map(|k| (by(k), colour(k))))
}

fn evidence_bar(p: &Progress) -> String {
    let e = &p.evidence;
    bar(&[
        (e.fresh, colour("fresh")),
        (e.stale, colour("stale")),
        (e.missing, colour("missing")),
        (e.failed, colour("failed")),
    ])
}

fn progress_table(rows: &[Progress], first: &str) -> String {
    let mut cells =
        vec![format!("table.header([{}], [readiness], [controls], [gap analysis], [evidence fresh])", text(first))];
    for p in rows.iter().filter(|p| p.in_scope) {
        let readiness = if p.controls > 0 { format!("{}%", format_percent(p.readiness)) } else { "–".to_owned() };
        let words = counts(p);
        let under = if words.is_empty() { String::new() } else { format!(" #text(size: 7.5pt)[{}]", text(&words)) };
        cells.push(format!(
            "[*{}* {}], [{}], [{}], [#{}{under}], [{}]",
            text(&p.id),
            text(&p.title),
            text(&readiness),
            text(&format!("{}/{}", p.pass, p.controls)),
            gap_bar(p),
            text(&format!("{}/{}", p.evidence.fresh, p.evidence.datasets))
        ));
    }
    format!(
        "#table(columns: (1fr, auto, auto, 28%, auto), align: (left + horizon, right + horizon, right + horizon, horizon, right + horizon), {})\n\n",
        cells.join(", ")
    )
}

fn note(s: &str) -> String {
    format!("#text(size: 9pt, fill: luma(90))[{}]\n\n", text(s))
}

/// The report as PDF bytes, with the Type II section when `period` is given.
pub fn render(r: &Report<'_>, period: Option<&PeriodReport>) -> Result<Vec<u8>, String> {
    let e = r.evaluation;
    let (title, framework_view) = heading(e);
    let header = if framework_view { "framework coverage report" } else { "SOC 2 summary report" };
    let mut src = preamble(&title, header);
    let period_text = e.period.as_deref().map(|p| format!(" · period {p}")).unwrap_or_default();
    src.push_str(&format!("#heading(level: 1)[{}]\n\n", text(&title)));
    src.push_str(&format!(
        "#text(fill: luma(90))[{}]\n\n",
        text(&format!(
            "{} · {}{period_text} · in scope: {} · evaluated {}",
            e.framework,
            e.audit_type,
            e.categories.join(", "),
            e.evaluated_at
        ))
    ));
    let o = &r.progress.overall;
    src.push_str(&format!(
        "#grid(columns: (auto, 1fr), column-gutter: 16pt, align: horizon, text(size: 30pt, weight: \"bold\")[{}], [{}\n\n#grid(columns: (auto, 1fr), gutter: 6pt, align: horizon, [Gap analysis], {}, [Evidence collection], {})])\n\n",
        text(&format!("{}%", format_percent(e.summary.readiness))),
        text(&summary_line(e)),
        gap_bar(o),
        evidence_bar(o)
    ));
    let by = |k: &str| o.by_status.get(k).copied();
    src.push_str(&legend(&STATUSES.map(|k| (k, by(k).or(Some(0)))), ""));
    let ev = &o.evidence;
    src.push_str(&legend(
        &[
            ("fresh", Some(ev.fresh)),
            ("stale", Some(ev.stale)),
            ("missing", Some(ev.missing)),
            ("failed", Some(ev.failed)),
        ],
        "evidence ",
    ));
    src.push_str(&note(
        "Readiness is the share of in-scope controls that pass. Gap analysis bars colour controls by status, evidence bars datasets by freshness, with the colours above. This report is not a gate: soc2 check is.",
    ));
    if let Some(f) = e.framework_coverage.as_ref() {
        src.push_str(&framework_section(f));
    }
    if !framework_view {
        src.push_str("#heading(level: 2)[Progress by category]\n\n");
        src.push_str(&progress_table(&r.progress.categories, "category"));
        src.push_str("#heading(level: 2)[Progress by series]\n\n");
        src.push_str(&progress_table(&r.progress.series, "series"));
    }

    src.push_str(&format!("#heading(level: 2)[Prioritized gaps ({})]\n\n", r.priorities.len()));
    src.push_str(&note(&format!("Order: {}.", r.priority_rule)));
    if r.priorities.is_empty() {
        src.push_str("No gaps: every in-scope control passes.\n\n");
    } else {
        let mut cells = vec!["table.header([\\#], [priority], [control], [status], [owner], [why])".to_owned()];
        for g in &r.priorities {
            let mut why: Vec<String> = g.reasons.iter().map(|w| text(w)).collect();
            for f in g.findings.iter().take(3) {
                let reason = if f.reason.is_empty() { String::new() } else { format!(" — {}", f.reason) };
                why.push(text(&format!("{}{reason}", f.resource)));
            }
            if g.findings_total > 3.min(g.findings.len()) {
                why.push(text(&format!("{} open findings in all", g.findings_total)));
            }
            let target = g
                .target_date
                .as_deref()
                .map(|d| format!("#linebreak()#text(size: 8pt)[{}]", text(&format!("target {d}"))))
                .unwrap_or_default();
            cells.push(format!(
                "[{}], [{}], [#raw({}); {}{target}], [{}#linebreak(){}], [{}], [{}]",
                g.rank,
                g.priority,
                str_lit(&g.id),
                text(&g.title),
                status(g.status.as_str()),
                text(g.severity.as_str()),
                text(&g.owner),
                why.join("#linebreak()")
            ));
        }
        src.push_str(&format!(
            "#[#set text(size: 9pt)\n#table(columns: (auto, auto, 22%, auto, auto, 1fr), {})]\n\n",
            cells.join(", ")
        ));
    }

    src.push_str("#heading(level: 2)[Owners and remediation roadmap]\n\n");
    for o in &r.owners {
        src.push_str(&format!("#heading(level: 3)[{}]\n\n", text(&o.owner)));
        let mut lines = Vec::new();
        for g in &o.gaps {
            let target = g.target_date.as_deref().map(|d| format!(" — target {d}")).unwrap_or_default();
            lines.push(format!(
                "[{} {}]",
                text(&format!("#{} {} {}{target}", g.rank, g.id, g.title)),
                status(g.status.as_str())
            ));
        }
        for ev in &o.stale_evidence {
            lines.push(format!("[{}]", text(&format!("evidence {} is {} (for {})", ev.table, ev.state, ev.control))));
        }
        for d in &o.due {
            let when = if d.state == "missing" {
                "never recorded".to_owned()
            } else {
                format!("due {}", d.due.as_deref().unwrap_or(""))
            };
            lines.push(format!("[{}]", text(&format!("{} of {}: {when}", d.kind, d.control))));
        }
        for p in &o.policies {
            let what = if p.past_review { "past review" } else { p.approval.as_str() };
            lines.push(format!("[{}]", text(&format!("policy {}: {what}", p.title))));
        }
        src.push_str(&format!("#list(tight: true, {})\n\n", lines.join(", ")));
    }
    if r.owners.is_empty() {
        src.push_str("Nothing outstanding.\n\n");
    }

    if !framework_view {
        src.push_str(&matrix_section(r));
    }

    let lists = e.coverage.labelled();
    if lists.iter().any(|(_, l)| !l.is_empty()) {
        src.push_str("#heading(level: 2)[Coverage gaps]\n\n");
        for (what, list) in lists.iter().filter(|(_, l)| !l.is_empty()) {
            src.push_str(&format!("- {}\n", text(&format!("{what} ({}): {}", list.len(), list.join(", ")))));
        }
        src.push('\n');
    }
    if !r.not_applicable.is_empty() {
        src.push_str("#heading(level: 2)[Not applicable]\n\n");
        src.push_str(&note("Controls left out of scope in soc2.toml ([not_applicable]), with the reason given."));
        let mut cells = vec!["table.header([control], [reason])".to_owned()];
        for c in &r.not_applicable {
            cells.push(format!("[#raw({}) {}], [{}]", str_lit(&c.id), text(&c.title), text(&c.reason)));
        }
        src.push_str(&format!("#table(columns: (auto, 1fr), {})\n\n", cells.join(", ")));
    }
    if let Some(p) = period {
        src.push_str(&period_section(p));
    }
    compile(&src)
}

/// Each in-scope criterion and the controls mapped to it, with their statuses as words.
fn matrix_section(r: &Report<'_>) -> String {
    let mut src = String::from("#heading(level: 2)[Coverage matrix]\n\n");
    src.push_str(&note(
        "Each in-scope criterion and the controls mapped to it; the criterion takes its worst control's status.",
    ));
    let mut cells = vec!["table.header([criterion], [status], [controls])".to_owned()];
    for m in &r.matrix {
        let controls: Vec<String> =
            m.controls.iter().map(|c| format!("#raw({}) {}", str_lit(&c.id), status(c.status.as_str()))).collect();
        let controls =
            if controls.is_empty() { text("no control maps to this criterion") } else { controls.join(", ") };
        cells.push(format!(
            "[*{}* #text(size: 8pt, fill: luma(90))[{}]], [{}], [{}]",
            text(&m.criterion),
            text(&m.title),
            status(&m.status),
            controls
        ));
    }
    src.push_str(&format!("#[#set text(size: 8.5pt)\n#table(columns: (38%, auto, 1fr), {})]\n\n", cells.join(", ")));
    src
}

/// How the requirements of `--framework ID` are covered.
fn framework_section(f: &FrameworkCoverage) -> String {
    let mut src = format!("#heading(level: 2)[{}]\n\n", text(&format!("Framework coverage: {}", f.title)));
    src.push_str(&format!(
        "{}\n\n",
        text(&format!(
            "{}/{} requirements of {} are covered by a passing control ({}%); {} only by controls with a gap; {} by no control.",
            f.covered,
            f.requirements,
            f.id,
            format_percent(f.percent),
            f.failing,
            f.unmapped
        ))
    ));
    if !f.complete {
        src.push_str(&note("Other filters left controls out: an unmapped requirement may be mapped by one of those."));
    }
    src.push_str(&legend(&[("covered", None), ("failing", None), ("unmapped", None)], ""));
    let mut cells =
        vec!["table.header([section], [requirements], [coverage], [covered], [only failing], [unmapped])".to_owned()];
    for s in &f.sections {
        let name = if s.title != s.id { format!("{} {}", s.id, s.title) } else { s.id.clone() };
        cells.push(format!(
            "[{}], [{}], {}, [{}], [{}], [{}]",
            text(&name),
            s.requirements,
            bar(&[(s.covered, colour("covered")), (s.failing, colour("failing")), (s.unmapped, colour("unmapped"))]),
            s.covered,
            s.failing,
            s.unmapped
        ));
    }
    src.push_str(&format!(
        "#table(columns: (1fr, auto, 30%, auto, auto, auto), align: (left + horizon, right + horizon, horizon, right + horizon, right + horizon, right + horizon), {})\n\n",
        cells.join(", ")
    ));
    let open: Vec<_> = f.rows.iter().filter(|r| r.state != crate::eval::CoverageState::Covered).collect();
    if !open.is_empty() {
        src.push_str(&format!(
            "#heading(level: 3)[{}]\n\n",
            text(&format!("Requirements not covered ({})", open.len()))
        ));
        let mut cells = vec!["table.header([requirement], [state], [controls])".to_owned()];
        for q in open {
            let controls: Vec<String> =
                q.controls.iter().map(|c| format!("#raw({}) {}", str_lit(&c.id), status(c.status.as_str()))).collect();
            let controls =
                if controls.is_empty() { text("no control maps to this requirement") } else { controls.join(", ") };
            cells.push(format!(
                "[*{}* #text(size: 8pt, fill: luma(90))[{}]], [{}], [{}]",
                text(&q.id),
                text(&q.title),
                status(q.state.as_str()),
                controls
            ));
        }
        src.push_str(&format!(
            "#[#set text(size: 8.5pt)\n#table(columns: (45%, auto, 1fr), {})]\n\n",
            cells.join(", ")
        ));
    }
    src
}

/// The Type II section: operating effectiveness and, apart, reviews on time.
fn period_section(p: &PeriodReport) -> String {
    let s = &p.summary;
    let mut src = format!(
        "#pagebreak()\n#heading(level: 2)[{}]\n\n",
        text(&format!("Type II: operating effectiveness, {}", p.period))
    );
    src.push_str(&format!(
        "{}\n\n",
        text(&format!(
            "Operating effectiveness {}: {} of {} control-days with passing evidence; {} over {}{}; {} without exceptions. Reviews on time {}: {} with a control review overdue, counted apart.",
            optional_percent(s.effectiveness),
            s.control_days_passing,
            s.control_days,
            plural(s.controls, "control"),
            plural(p.days, "day"),
            p.evaluated_through.as_deref().map(|d| format!(", evaluated through {d}")).unwrap_or_default(),
            s.controls_without_exceptions,
            optional_percent(s.reviews_on_time),
            plural(s.control_days_review_overdue, "control-day"),
        ))
    ));
    for r in &p.not_evaluated {
        src.push_str(&format!(
            "- {}\n",
            text(&format!(
                "Not evaluated: {}–{} ({}, {})",
                r.start,
                r.end,
                plural(r.days, "day"),
                r.why.as_deref().unwrap_or("")
            ))
        ));
    }
    src.push('\n');
    src.push_str(&legend(
        &["pass", "fail", "error", "missing", "stale", "review-due", "not-evaluated"].map(|k| (k, None)),
        "",
    ));
    let mut cells = vec![
        "table.header([control], [operating effectiveness], [days passing], [timeline], [reviews on time])".to_owned(),
    ];
    for c in &p.controls {
        let segments: Vec<(usize, &str)> = c.timeline.iter().map(|seg| (seg.days, colour(&seg.state))).collect();
        cells.push(format!(
            "[#raw({}) {}], [{}], [{}], {}, [{}]",
            str_lit(&c.id),
            text(&c.title),
            text(&optional_percent(c.effectiveness)),
            text(&format!("{}/{}", c.days_passing, c.days_evaluated)),
            bar(&segments),
            text(&optional_percent(c.reviews_on_time)),
        ));
    }
    src.push_str(&format!(
        "#[#set text(size: 8.5pt)\n#table(columns: (1fr, auto, auto, 30%, auto), align: (left + horizon, right + horizon, right + horizon, horizon, right + horizon), {})]\n\n",
        cells.join(", ")
    ));
    let exceptions: Vec<String> = p
        .controls
        .iter()
        .flat_map(|c| {
            c.exceptions.iter().map(move |x| {
                format!(
                    "- {}\n",
                    text(&format!(
                        "{} {}..{} ({}, {}): {} ({})",
                        c.id,
                        x.start,
                        x.end,
                        plural(x.days, "day"),
                        x.status.as_str(),
                        x.reason,
                        x.commit
                    ))
                )
            })
        })
        .collect();
    if !exceptions.is_empty() {
        src.push_str("#heading(level: 3)[Exceptions]\n\n");
        src.push_str(&exceptions.concat());
        src.push('\n');
    }
    let lapses: Vec<String> = p
        .controls
        .iter()
        .flat_map(|c| {
            c.review_lapses.iter().map(move |x| {
                format!(
                    "- {}\n",
                    text(&format!("{} {}..{} ({}): {}", c.id, x.start, x.end, plural(x.days, "day"), x.reason))
                )
            })
        })
        .collect();
    if !lapses.is_empty() {
        src.push_str("#heading(level: 3)[Reviews overdue]\n\n");
        src.push_str(&lapses.concat());
        src.push('\n');
    }
    if !p.populations.is_empty() {
        src.push_str(&populations_table(p));
    }
    src.push_str(&note(p.method));
    src
}

/// The populations and samples of the period, as in the HTML and Markdown reports.
fn populations_table(p: &PeriodReport) -> String {
    let mut cells = vec![
        "table.header([control], [frequency], [population], [tested], [deviations], [deviation rate], [tolerable], [result])"
            .to_owned(),
    ];
    for c in &p.populations {
        let row = crate::render::period::population_row(c);
        let row: Vec<String> = row.iter().map(|v| format!("[{}]", text(v))).collect();
        cells.push(format!("[#raw({}) {}], {}", str_lit(&c.id), text(&c.title), row.join(", ")));
    }
    format!(
        "#heading(level: 3)[Populations and samples]\n\n#[#set text(size: 8.5pt)\n#table(columns: (1fr, auto, auto, auto, auto, auto, auto, 22%), {})]\n\n{}",
        cells.join(", "),
        note(crate::population::SUMMARY_METHOD)
    )
}
