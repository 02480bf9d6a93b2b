//! The comparison for a terminal: regressions with their reasons and new
//! findings, then what was fixed, what stayed, evidence and impact.

use std::fmt::Write as _;

use super::{collected_line, movement, rows_line, summary_line};
use crate::diagnostic::{paint, style};
use crate::eval::compare::{Change, Comparison};

/// Findings shown per change before "… and N more".
const SHOWN_FINDINGS: usize = 5;

pub fn render(cmp: &Comparison, color: bool) -> String {
    let paint = |s: &str, st: anstyle::Style| paint(s, st, color);
    let mut out = String::new();
    let _ = writeln!(out, "base {} · head {} · at {}", cmp.base.label(), cmp.head.label(), cmp.evaluated_at);
    if let Some(note) = &cmp.base_note {
        let _ = writeln!(out, "{} {note}", paint("note:", style::WARNING));
    }
    let o = &cmp.outcome;
    section(&mut out, &paint("regressions", style::ERROR), &o.regressions, true);
    section(&mut out, &paint("fixed", style::GOOD), &o.fixed, false);
    section(&mut out, &paint("improved", style::GOOD), &o.improved, false);
    if !o.unchanged.is_empty() {
        let list: Vec<String> = o.unchanged.iter().map(|c| format!("{} {}", c.id, c.status.as_str())).collect();
        let _ = writeln!(out, "{} ({}): {}", paint("unchanged gaps", style::BOLD), list.len(), list.join(", "));
    }
    for (label, list) in [("added", &o.added), ("removed", &o.removed)] {
        if !list.is_empty() {
            let ids: Vec<String> = list.iter().map(|c| format!("{} {}", c.id, c.status.as_str())).collect();
            let _ = writeln!(out, "{} ({}): {}", paint(label, style::BOLD), ids.len(), ids.join(", "));
        }
    }
    if !cmp.evidence.is_empty() {
        let _ = writeln!(out, "{} ({})", paint("evidence", style::BOLD), cmp.evidence.len());
        for d in &cmp.evidence {
            let mut line = format!("  {:<24} {:<9} {}", d.table, d.change.as_str(), rows_line(d));
            if let Some(c) = collected_line(d) {
                line.push_str(&format!(" · {c}"));
            }
            let _ = writeln!(out, "{line}");
            let ex = &d.rows.examples;
            for (what, keys) in [("added", &ex.added), ("removed", &ex.removed), ("changed", &ex.changed)] {
                if !keys.is_empty() {
                    let _ = writeln!(out, "             {what}: {}", keys.join(", "));
                }
            }
        }
    }
    if let Some(impact) = &cmp.impact {
        out.push_str(&crate::render::impact::human(impact, color));
    }
    let _ = writeln!(out, "{}", summary_line(cmp));
    out
}

fn section(out: &mut String, title: &str, list: &[Change], details: bool) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title} ({})", list.len());
    for c in list {
        let owner = c.owner.as_deref().map(|o| format!(" · {o}")).unwrap_or_default();
        let what = if c.title.is_empty() { String::new() } else { format!("  {}", c.title) };
        let _ = writeln!(out, "  {:<10} {}{what}{owner}", c.id, movement(c));
        let _ = writeln!(out, "             {}", c.message);
        if !details {
            continue;
        }
        for r in &c.reasons {
            let _ = writeln!(out, "             - {r}");
        }
        for f in c.findings.iter().take(SHOWN_FINDINGS) {
            let _ = writeln!(out, "             new: {}", f.line());
        }
        if c.findings.len() > SHOWN_FINDINGS {
            let _ = writeln!(out, "             … and {} more", c.findings.len() - SHOWN_FINDINGS);
        }
    }
}
