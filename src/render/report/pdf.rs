//! The report as a PDF (the summary a board or an auditor reads): readiness,
//! progress per category and series, prioritized gaps, owners' roadmap, coverage.

use crate::eval::readiness::{Progress, Report};
use crate::render::typst::markup::text;
use crate::render::typst::{compile, preamble};
use crate::render::{format_percent, summary_line};

fn colour(status: &str) -> &'static str {
    match status {
        "pass" | "fresh" => "#2e7d32",
        "fail" | "failed" => "#c62828",
        "error" => "#6a1b9a",
        "missing" => "#ef6c00",
        "stale" => "#b8860b",
        "review-due" => "#1565c0",
        _ => "#616161",
    }
}

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

fn gap_bar(p: &Progress) -> String {
    let by = |k: &str| p.by_status.get(k).copied().unwrap_or(0);
    bar(&["pass", "fail", "error", "missing", "stale", "review-due"].map(|k| (by(k), colour(k))))
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
        cells.push(format!(
            "[*{}* {}], [{}], [{}], {}, [{}]",
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

/// The report as PDF bytes.
pub fn render(r: &Report<'_>) -> Result<Vec<u8>, String> {
    let e = r.evaluation;
    let org = if e.organization.is_empty() { "SOC 2".to_owned() } else { e.organization.clone() };
    let title = format!("{org} — SOC 2 readiness report");
    let mut src = preamble(&title, "SOC 2 summary report");
    let period = e.period.as_deref().map(|p| format!(" · period {p}")).unwrap_or_default();
    src.push_str(&format!("#heading(level: 1)[{}]\n\n", text(&title)));
    src.push_str(&format!(
        "#text(fill: luma(90))[{}]\n\n",
        text(&format!(
            "{} · {}{period} · in scope: {} · evaluated {}",
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
    src.push_str(&format!(
        "#text(size: 9pt, fill: luma(90))[{}]\n\n",
        text("Readiness is the share of in-scope controls that pass. This report is not a gate: soc2 check is.")
    ));
    src.push_str("#heading(level: 2)[Progress by category]\n\n");
    src.push_str(&progress_table(&r.progress.categories, "category"));
    src.push_str("#heading(level: 2)[Progress by series]\n\n");
    src.push_str(&progress_table(&r.progress.series, "series"));

    src.push_str(&format!("#heading(level: 2)[Prioritized gaps ({})]\n\n", r.priorities.len()));
    src.push_str(&format!("#text(size: 9pt, fill: luma(90))[{}]\n\n", text(&format!("Order: {}.", r.priority_rule))));
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
                crate::render::typst::markup::str_lit(&g.id),
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

    let lists = e.coverage.labelled();
    if lists.iter().any(|(_, l)| !l.is_empty()) {
        src.push_str("#heading(level: 2)[Coverage gaps]\n\n");
        for (what, list) in lists.iter().filter(|(_, l)| !l.is_empty()) {
            src.push_str(&format!("- {}\n", text(&format!("{what} ({}): {}", list.len(), list.join(", ")))));
        }
        src.push('\n');
    }
    compile(&src)
}
