//! `check --baseline` and `soc2 diff`: a [`Comparison`] in, text out.

pub mod github;
pub mod human;
pub mod markdown;

use crate::eval::compare::{Change, Comparison};
use crate::evidence::diff::DatasetChange;

/// `pass → fail`, `new: missing`, `expired`: how a change moved, in a few words.
pub fn movement(c: &Change) -> String {
    match (&c.before, &c.after) {
        (Some(b), Some(a)) if b != a => format!("{b} → {a}"),
        (Some(b), Some(_)) => b.clone(),
        (None, Some(a)) => format!("new, {a}"),
        (Some(b), None) => format!("{b}, removed"),
        (None, None) => c.kind.as_str().to_owned(),
    }
}

/// `1 regression · 2 fixed · 3 gaps unchanged · 40 passing`: the closing line.
pub fn summary_line(cmp: &Comparison) -> String {
    let n = &cmp.outcome.counts;
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = vec![plural(n.regressions, "regression", "regressions"), format!("{} fixed", n.fixed)];
    if n.improved > 0 {
        parts.push(format!("{} improved", n.improved));
    }
    parts.push(plural(n.unchanged_gaps, "gap unchanged", "gaps unchanged"));
    parts.push(format!("{} passing", n.unchanged_passing));
    if n.added > 0 {
        parts.push(format!("{} added", n.added));
    }
    if n.removed > 0 {
        parts.push(format!("{} removed", n.removed));
    }
    let readiness = match &cmp.before {
        Some(b) => format!(
            "readiness {}% → {}%",
            crate::render::format_percent(b.readiness),
            crate::render::format_percent(cmp.after.readiness)
        ),
        None => format!("readiness {}%", crate::render::format_percent(cmp.after.readiness)),
    };
    parts.push(readiness);
    parts.join(" · ")
}

/// `+2 −1 ~3 rows (by email)`: a dataset's row counts.
pub fn rows_line(d: &DatasetChange) -> String {
    let r = &d.rows;
    let mut s = format!("{} → {} rows: +{} −{}", r.rows_before, r.rows_after, r.added, r.removed);
    if let Some(key) = &r.key {
        s.push_str(&format!(" ~{} (by {key})", r.changed));
    }
    s
}

/// `collected 2026-06-28T10:00:00Z → 2026-06-29T10:00:00Z`, when either side has a time.
pub fn collected_line(d: &DatasetChange) -> Option<String> {
    match (&d.collected_before, &d.collected_after) {
        (Some(b), Some(a)) if b != a => Some(format!("collected {b} → {a}")),
        (Some(b), Some(_)) => Some(format!("collected {b}")),
        (None, Some(a)) => Some(format!("collected {a}")),
        (Some(b), None) => Some(format!("was collected {b}")),
        (None, None) => None,
    }
}
