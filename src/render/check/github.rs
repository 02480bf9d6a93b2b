//! `--format github`: GitHub Actions workflow commands, one annotation per gap.

use std::fmt::Write as _;

use crate::eval::{Evaluation, Status};
use crate::render::summary_line;

/// Escape data for a workflow command message (`%`, CR, LF).
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a workflow command property value (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(e: &Evaluation) -> String {
    let mut out = String::new();
    for c in e.controls.iter().filter(|c| c.status.is_gap()) {
        let level = if matches!(c.status, Status::Stale | Status::ReviewDue) { "warning" } else { "error" };
        let mut lines: Vec<String> = c.reasons.clone();
        lines.extend(c.problem_findings().take(10).map(|f| f.line()));
        let _ = writeln!(
            out,
            "::{level} file={},line={},title={}::{}",
            property(&c.path),
            c.line.max(1),
            property(&format!("{} {}: {}", c.id, c.status.as_str(), c.title)),
            data(&lines.join("\n"))
        );
    }
    let _ = writeln!(out, "{}", summary_line(e));
    out
}
