//! `soc2 report --format markdown`: the readiness and gap report as Markdown
//! (for wikis, pull requests and tickets).

use std::fmt::Write as _;

use crate::render::markdown_text as cell;

use crate::eval::readiness::{Progress, Report, heading};
use crate::render::{STATUS_ORDER, format_percent, summary_line};

fn progress_rows(out: &mut String, rows: &[Progress]) {
    let _ = writeln!(out, "| | readiness | pass/controls | gaps | evidence fresh | criteria covered |");
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|");
    for p in rows.iter().filter(|p| p.in_scope) {
        let readiness = if p.controls > 0 { format!("{}%", format_percent(p.readiness)) } else { "–".to_owned() };
        let _ = writeln!(
            out,
            "| **{}** {} | {readiness} | {}/{} | {} | {}/{}{} | {}/{} |",
            cell(&p.id),
            cell(&p.title),
            p.pass,
            p.controls,
            p.gaps,
            p.evidence.fresh,
            p.evidence.datasets,
            if p.evidence.empty > 0 { format!(" ({} empty)", p.evidence.empty) } else { String::new() },
            p.criteria_covered,
            p.criteria
        );
    }
}

pub fn render(r: &Report<'_>) -> String {
    let e = r.evaluation;
    let mut out = String::new();
    let (title, framework_view) = heading(e);
    let _ = writeln!(out, "# {}\n", cell(&title));
    let period = e.period.as_deref().map(|p| format!(" · period {p}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{} · {}{period} · in scope: {} · evaluated {}\n",
        e.framework,
        e.audit_type,
        e.categories.join(", "),
        e.evaluated_at
    );
    let _ = writeln!(out, "**Readiness: {}%** — {}\n", format_percent(e.summary.readiness), summary_line(e));
    let o = &r.progress.overall;
    let statuses: Vec<String> = STATUS_ORDER
        .iter()
        .filter_map(|s| o.by_status.get(s.as_str()).filter(|n| **n > 0).map(|n| format!("{n} {}", s.as_str())))
        .collect();
    let _ = writeln!(
        out,
        "- Gap analysis: {}",
        if statuses.is_empty() { "no controls".into() } else { statuses.join(", ") }
    );
    let ev = &o.evidence;
    let _ = writeln!(
        out,
        "- Evidence collection: {} datasets: {} fresh, {} stale, {} missing, {} failed",
        ev.datasets, ev.fresh, ev.stale, ev.missing, ev.failed
    );
    for s in &r.change_management {
        let _ = writeln!(out, "- {}", cell(&crate::render::change_source_line(s)));
    }
    let _ = writeln!(out);

    if framework_view && let Some(f) = &e.framework_coverage {
        crate::render::check::markdown::framework_section(&mut out, f, "##");
    } else {
        let _ = writeln!(out, "## Progress by category\n");
        progress_rows(&mut out, &r.progress.categories);
        let _ = writeln!(out, "\n## Progress by series\n");
        progress_rows(&mut out, &r.progress.series);
    }

    let _ = writeln!(out, "\n## Prioritized gaps\n");
    let _ = writeln!(out, "Order: {}.\n", r.priority_rule);
    if r.priorities.is_empty() {
        let _ = writeln!(out, "No gaps: every in-scope control passes.");
    } else {
        let _ = writeln!(out, "| # | priority | control | status | severity | owner | criteria | why | target |");
        let _ = writeln!(out, "|---:|---:|---|---|---|---|---|---|---|");
        for g in &r.priorities {
            let mut why: Vec<String> = g.reasons.iter().map(|r| cell(r)).collect();
            for f in &g.findings {
                let reason = if f.reason.is_empty() { String::new() } else { format!(" — {}", cell(&f.reason)) };
                why.push(format!("{}{reason}", crate::render::markdown_code(&f.resource)));
            }
            if g.findings_total > g.findings.len() {
                why.push(format!("and {} more", g.findings_total - g.findings.len()));
            }
            let _ = writeln!(
                out,
                "| {} | {} | `{}` {} | {} | {} | {} | {} | {} | {} |",
                g.rank,
                g.priority,
                cell(&g.id),
                cell(&g.title),
                g.status.as_str(),
                g.severity.as_str(),
                cell(&g.owner),
                cell(&g.criteria.join(", ")),
                why.join("<br>"),
                g.target_date.as_deref().map(cell).unwrap_or_else(|| "–".into())
            );
        }
    }

    let _ = writeln!(out, "\n## Owners and remediation roadmap\n");
    if r.owners.is_empty() {
        let _ = writeln!(out, "Nothing outstanding.");
    }
    for o in &r.owners {
        let _ = writeln!(out, "### {}\n", cell(&o.owner));
        for g in &o.gaps {
            let target = g.target_date.as_deref().map(|d| format!(" — target {d}")).unwrap_or_default();
            let _ = writeln!(out, "- #{} `{}` {} ({}){target}", g.rank, cell(&g.id), cell(&g.title), g.status.as_str());
        }
        for ev in &o.stale_evidence {
            let when = ev.collected_at.as_deref().map(|d| format!(", collected {d}")).unwrap_or_default();
            let _ = writeln!(out, "- evidence `{}` {}{when} (for {})", cell(&ev.table), ev.state, cell(&ev.control));
        }
        for d in &o.due {
            let when = match (&d.due, d.state) {
                (_, "missing") => "never recorded".to_owned(),
                (Some(due), _) => format!("due {due}"),
                (None, s) => s.to_owned(),
            };
            let note = d.note.as_deref().map(|n| format!(" ({})", cell(n))).unwrap_or_default();
            let _ = writeln!(out, "- {} of {}{note}: {when}", d.kind, cell(&d.control));
        }
        for p in &o.policies {
            let mut what = Vec::new();
            if p.approval != "approved" {
                what.push(p.approval.clone());
            }
            if p.past_review {
                what.push("past review".to_owned());
            }
            let _ = writeln!(out, "- policy {}: {}", cell(&p.title), what.join(", "));
        }
        let _ = writeln!(out);
    }

    if !framework_view {
        let _ = writeln!(out, "## Coverage matrix\n\n| criterion | status | controls |\n|---|---|---|");
        for m in &r.matrix {
            let controls: Vec<String> =
                m.controls.iter().map(|c| format!("{} ({})", c.id, c.status.as_str())).collect();
            let _ = writeln!(out, "| {} | {} | {} |", cell(&m.criterion), m.status, cell(&controls.join(", ")));
        }
    }
    let lists = e.coverage.labelled();
    if lists.iter().any(|(_, l)| !l.is_empty()) {
        let _ = writeln!(out, "\n## Coverage gaps\n");
        for (what, list) in lists.iter().filter(|(_, l)| !l.is_empty()) {
            let _ = writeln!(out, "- {what} ({}): {}", list.len(), cell(&list.join(", ")));
        }
    }
    if !r.not_applicable.is_empty() {
        let _ = writeln!(
            out,
            "\n## Not applicable\n\nControls left out of scope in soc2.toml (`[not_applicable]`), with the reason given.\n\n| control | reason |\n|---|---|"
        );
        for c in &r.not_applicable {
            let _ = writeln!(out, "| **{}** {} | {} |", cell(&c.id), cell(&c.title), cell(&c.reason));
        }
    }
    if !framework_view && let Some(f) = &e.framework_coverage {
        crate::render::check::markdown::framework_section(&mut out, f, "##");
    }
    if !r.evidence_status.is_empty() {
        let _ = writeln!(
            out,
            "\n## Evidence collection\n\n| dataset | state | collected | rows | used by |\n|---|---|---|---:|---|"
        );
        for d in &r.evidence_status {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} |",
                cell(&d.table),
                d.state,
                d.collected_at.as_deref().map_or("never", crate::dates::day),
                d.rows,
                cell(&d.controls.join(", "))
            );
        }
    }
    out
}
