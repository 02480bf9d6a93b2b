//! The comparison as a pull-request comment: short, the regressions on top,
//! everything else in collapsed details, links to the files when known.

use std::fmt::Write as _;

use crate::render::markdown_text as cell;

use super::{collected_line, movement, summary_line};
use crate::eval::compare::{Change, Comparison};

/// The first line of every comment soc2 writes, so CI finds and updates its own.
pub const MARKER: &str = "<!-- soc2:compare -->";

/// Rows of a table before the rest are counted: GitHub takes comments of up
/// to 65,536 characters.
const SHOWN: usize = 50;

/// `` [`AC-01`](link) `` or `` `AC-01` ``.
fn code_link(cmp: &Comparison, text: &str, path: Option<&str>) -> String {
    match path.and_then(|p| cmp.link(p)) {
        Some(url) => format!("[`{}`]({url})", cell(text)),
        None => format!("`{}`", cell(text)),
    }
}

pub fn render(cmp: &Comparison) -> String {
    let mut out = String::new();
    let o = &cmp.outcome;
    let n = o.counts.regressions;
    let headline = match n {
        0 => "no regressions".to_owned(),
        1 => "1 regression".to_owned(),
        n => format!("{n} regressions"),
    };
    let _ = writeln!(out, "{MARKER}");
    let _ = writeln!(out, "### SOC 2: {headline}\n");
    let _ = writeln!(
        out,
        "Compared with `{}` at {}: {}\n",
        cell(&cmp.base.label()).replace('`', "'"),
        cmp.evaluated_at,
        summary_line(cmp)
    );
    if let Some(note) = &cmp.base_note {
        let _ = writeln!(out, "> {}\n", cell(note));
    }
    if !o.regressions.is_empty() {
        let _ = writeln!(out, "| | change | owner | why |\n|---|---|---|---|");
        for c in o.regressions.iter().take(SHOWN) {
            let _ = writeln!(out, "| {} | {} | {} | {} |", subject(cmp, c), movement(c), owner(c), cell(&why(c)));
        }
        if o.regressions.len() > SHOWN {
            let _ =
                writeln!(out, "\n…and {} more (`soc2 check --baseline` lists every one).", o.regressions.len() - SHOWN);
        }
        out.push('\n');
    }
    details(&mut out, &format!("Fixed ({})", o.fixed.len()), &o.fixed, cmp);
    details(&mut out, &format!("Improved ({})", o.improved.len()), &o.improved, cmp);
    if !o.unchanged.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Gaps unchanged ({}): there before this change, not counted against it</summary>\n",
            o.unchanged.len()
        );
        let _ = writeln!(out, "| control | status | owner |\n|---|---|---|");
        for c in o.unchanged.iter().take(SHOWN) {
            let _ = writeln!(
                out,
                "| {} {} | {} | {} |",
                code_link(cmp, &c.id, Some(&c.path)),
                cell(&c.title),
                c.status.as_str(),
                cell(&c.owner)
            );
        }
        more(&mut out, o.unchanged.len());
        let _ = writeln!(out, "\n</details>\n");
    }
    for (label, list) in [("Controls added", &o.added), ("Controls removed", &o.removed)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "<details><summary>{label} ({})</summary>\n", list.len());
        for c in list.iter().take(SHOWN) {
            let path = (label == "Controls added").then_some(c.path.as_str());
            let _ = writeln!(out, "- {} {} ({})", code_link(cmp, &c.id, path), cell(&c.title), c.status.as_str());
        }
        more(&mut out, list.len());
        let _ = writeln!(out, "\n</details>\n");
    }
    if !cmp.evidence.is_empty() {
        let _ = writeln!(out, "<details><summary>Evidence changed ({})</summary>\n", datasets(cmp.evidence.len()));
        let _ = writeln!(
            out,
            "| dataset | change | rows | added | removed | changed | collected |\n|---|---|---:|---:|---:|---:|---|"
        );
        for d in cmp.evidence.iter().take(SHOWN) {
            let r = &d.rows;
            let changed = match &r.key {
                Some(k) => format!("{} (by {})", r.changed, cell(k)),
                None => "–".to_owned(),
            };
            let path = (d.change != crate::evidence::diff::DatasetChangeKind::Removed).then_some(d.path.as_str());
            let _ = writeln!(
                out,
                "| {} | {} | {} → {} | {} | {} | {changed} | {} |",
                code_link(cmp, &d.table, path),
                d.change.as_str(),
                r.rows_before,
                r.rows_after,
                r.added,
                r.removed,
                cell(&collected_line(d).unwrap_or_default())
            );
        }
        more(&mut out, cmp.evidence.len());
        let _ = writeln!(out, "\n</details>\n");
    }
    if let Some(impact) = &cmp.impact {
        out.push_str(&crate::render::impact::markdown_details(impact, &|p| cmp.link(p)));
    }
    out
}

fn subject(cmp: &Comparison, c: &Change) -> String {
    let title = if c.title.is_empty() { String::new() } else { format!(" {}", cell(&c.title)) };
    format!("{}{title}", code_link(cmp, &c.id, c.path.as_deref()))
}

fn owner(c: &Change) -> String {
    c.owner.as_deref().map(cell).unwrap_or_else(|| "–".to_owned())
}

/// The message, the first reason and the new findings, briefly.
fn why(c: &Change) -> String {
    let mut parts = vec![c.message.clone()];
    if let Some(r) = c.reasons.first().filter(|r| **r != c.message) {
        parts.push(r.clone());
    }
    if let Some(f) = c.findings.first() {
        let more = if c.findings.len() > 1 { format!(" (+{} more)", c.findings.len() - 1) } else { String::new() };
        parts.push(format!("{}{more}", f.line()));
    }
    parts.join("; ")
}

/// `…and N more` under a table cut at [`SHOWN`] rows.
fn more(out: &mut String, total: usize) {
    if total > SHOWN {
        let _ = writeln!(out, "\n…and {} more (`soc2 check --baseline` lists every one).", total - SHOWN);
    }
}

fn details(out: &mut String, summary: &str, list: &[Change], cmp: &Comparison) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "<details><summary>{summary}</summary>\n");
    let _ = writeln!(out, "| | change | owner | what |\n|---|---|---|---|");
    for c in list.iter().take(SHOWN) {
        let _ = writeln!(out, "| {} | {} | {} | {} |", subject(cmp, c), movement(c), owner(c), cell(&c.message));
    }
    more(out, list.len());
    let _ = writeln!(out, "\n</details>\n");
}

fn datasets(n: usize) -> String {
    if n == 1 { "1 dataset".to_owned() } else { format!("{n} datasets") }
}
