//! `soc2 impact`, and the impact section of a comparison: the controls a
//! change touches, with owners, reviewers and why.

use std::fmt::Write as _;

use crate::render::markdown_text as cell;

use crate::diagnostic::{paint, style};
use crate::eval::impact::{Impact, Why};

/// Controls in a Markdown table before the rest are counted.
const SHOWN: usize = 50;

fn place(w: &Why) -> String {
    match w.line {
        Some(l) => format!("{}:{l}", w.file),
        None => w.file.clone(),
    }
}

fn heading(impact: &Impact) -> String {
    let n = impact.controls.len();
    let controls = if n == 1 { "1 control".to_owned() } else { format!("{n} controls") };
    let files = if impact.files_changed == 1 {
        "1 changed file".to_owned()
    } else {
        format!("{} changed files", impact.files_changed)
    };
    match &impact.repository {
        Some(r) => format!("{controls} touched by {files} in {r}"),
        None => format!("{controls} touched by {files}"),
    }
}

/// For a terminal: each touched control, its owner and reviewer, and why.
pub fn human(impact: &Impact, color: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint(&format!("impact: {}", heading(impact)), style::BOLD, color));
    for t in &impact.controls {
        let reviewer = t.reviewer.as_deref().map(|r| format!(" · reviewer {r}")).unwrap_or_default();
        let _ = writeln!(out, "  {:<10} {}  owner {}{reviewer}", t.id, t.title, t.owner);
        for w in &t.why {
            let _ = writeln!(out, "             {}: {}", place(w), w.reason);
        }
    }
    for m in &impact.unknown_markers {
        let _ = writeln!(
            out,
            "  {} {}:{}: marker `soc2: {}` names no control",
            paint("warning:", style::WARNING, color),
            m.file,
            m.line,
            m.id
        );
    }
    out
}

/// For `soc2 impact` on a terminal: the controls, then who should look.
pub fn render_human(impact: &Impact, color: bool) -> String {
    let mut out = human(impact, color);
    if !impact.people.is_empty() {
        let _ = writeln!(out, "{}", paint("people", style::BOLD, color));
        for p in &impact.people {
            let mut roles = Vec::new();
            if !p.owns.is_empty() {
                roles.push(format!("owns {}", p.owns.join(", ")));
            }
            if !p.reviews.is_empty() {
                roles.push(format!("reviews {}", p.reviews.join(", ")));
            }
            let _ = writeln!(out, "  {}: {}", p.who, roles.join("; "));
        }
    }
    out
}

/// A Markdown table of the touched controls (links through `link`).
fn table(impact: &Impact, link: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| control | owner | reviewer | why |\n|---|---|---|---|");
    for t in impact.controls.iter().take(SHOWN) {
        let id = match link(&t.path) {
            Some(url) => format!("[`{}`]({url})", cell(&t.id)),
            None => format!("`{}`", cell(&t.id)),
        };
        let why: Vec<String> = t.why.iter().map(|w| format!("`{}` {}", cell(&place(w)), cell(&w.reason))).collect();
        let _ = writeln!(
            out,
            "| {id} {} | {} | {} | {} |",
            cell(&t.title),
            cell(&t.owner),
            t.reviewer.as_deref().map_or_else(|| "–".to_owned(), cell),
            why.join("<br>")
        );
    }
    if impact.controls.len() > SHOWN {
        let _ = writeln!(out, "\n…and {} more (`soc2 impact` lists every one).", impact.controls.len() - SHOWN);
    }
    out
}

/// The impact as a collapsed section of a pull-request comment.
pub fn markdown_details(impact: &Impact, link: &dyn Fn(&str) -> Option<String>) -> String {
    if impact.controls.is_empty() {
        return String::new();
    }
    format!("<details><summary>{}</summary>\n\n{}\n</details>\n\n", cell(&heading(impact)), table(impact, link))
}

/// `soc2 impact --format markdown`: the same as a section of its own.
pub fn markdown(impact: &Impact) -> String {
    let mut out = format!("### SOC 2: {}\n\n", cell(&heading(impact)));
    if !impact.controls.is_empty() {
        out.push_str(&table(impact, &|_| None));
    }
    let people: Vec<String> = impact.people.iter().map(|p| cell(&p.who)).collect();
    if !people.is_empty() {
        let _ = writeln!(out, "\nOwners and reviewers: {}", people.join(", "));
    }
    out
}
