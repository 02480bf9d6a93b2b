//! `soc2 reviews`: what is due or overdue, grouped by owner (human text, or
//! JSON for a scheduled CI job that notifies each owner).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::diagnostic::{paint, style};
use crate::eval::due::{DueItem, DueState};

/// The items of one owner.
#[derive(Debug, Serialize)]
pub struct OwnerDue<'a> {
    pub owner: &'a str,
    /// The owner's email and GitHub login when soc2.toml knows them (to notify or assign).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub github: Option<&'a str>,
    pub overdue: usize,
    pub due_soon: usize,
    pub items: Vec<&'a DueItem>,
}

/// The whole `--format json` document.
#[derive(Debug, Serialize)]
pub struct Agenda<'a> {
    pub as_of: String,
    /// The window `due-soon` items fall in, e.g. `30d`; absent for overdue only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    pub overdue: usize,
    pub due_soon: usize,
    pub owners: Vec<OwnerDue<'a>>,
}

/// Group the shown items (overdue and due soon) by owner, owners in name order.
pub fn agenda<'a>(items: &'a [DueItem], as_of: String, within: Option<String>) -> Agenda<'a> {
    let mut owners: BTreeMap<&str, OwnerDue<'a>> = BTreeMap::new();
    for item in items.iter().filter(|i| i.state != DueState::Later) {
        let o = owners.entry(&item.owner).or_insert_with(|| OwnerDue {
            owner: &item.owner,
            email: item.email.as_deref(),
            github: item.github.as_deref(),
            overdue: 0,
            due_soon: 0,
            items: Vec::new(),
        });
        match item.state {
            DueState::Overdue => o.overdue += 1,
            _ => o.due_soon += 1,
        }
        o.items.push(item);
    }
    let owners: Vec<OwnerDue<'a>> = owners.into_values().collect();
    Agenda {
        as_of,
        within,
        overdue: owners.iter().map(|o| o.overdue).sum(),
        due_soon: owners.iter().map(|o| o.due_soon).sum(),
        owners,
    }
}

pub fn json(a: &Agenda<'_>) -> serde_json::Result<String> {
    crate::json::pretty(a)
}

pub fn human(a: &Agenda<'_>, color: bool) -> String {
    let paint = |s: &str, style: anstyle::Style| paint(s, style, color);
    let window = a.within.as_deref().map_or_else(|| "overdue only".to_owned(), |w| format!("within {w}"));
    let mut out = String::new();
    let id_width = a.owners.iter().flat_map(|o| &o.items).map(|i| i.id.chars().count()).max().unwrap_or(0);
    for o in &a.owners {
        let mut counts = Vec::new();
        if o.overdue > 0 {
            counts.push(format!("{} overdue", o.overdue));
        }
        if o.due_soon > 0 {
            counts.push(format!("{} due {window}", o.due_soon));
        }
        let _ = writeln!(out, "{} ({})", paint(o.owner, style::BOLD), counts.join(", "));
        for i in &o.items {
            let state = match i.state {
                DueState::Overdue => paint("overdue ", style::RED),
                _ => paint("due soon", style::YELLOW),
            };
            let what = match i.kind.as_str() {
                "review" => "control review",
                "policy-review" => "policy review",
                "policy-approval" => "policy approval",
                other => other,
            };
            let note = i.note.as_deref().map(|n| format!("\"{n}\": ")).unwrap_or_default();
            let _ = writeln!(out, "  {state}  {:<id_width$}  {what:<15}  {note}{}", i.id, i.reason);
            let _ = writeln!(out, "            {:<id_width$}  {}", "", paint(&format!("→ {}", i.command), style::DIM));
        }
    }
    if a.owners.is_empty() {
        let _ = writeln!(out, "nothing overdue or due {window}");
    } else if a.within.is_some() {
        let _ = writeln!(out, "{} overdue, {} due {window}", a.overdue, a.due_soon);
    } else {
        let _ = writeln!(out, "{} overdue", a.overdue);
    }
    out
}
