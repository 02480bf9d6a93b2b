//! `--format github`: GitHub Actions workflow commands, one annotation per gap,
//! the most severe first, as many as GitHub shows in one step.

use std::fmt::Write as _;

use crate::eval::readiness::by_priority;
use crate::eval::{Evaluation, Status};
use crate::render::summary_line;

/// GitHub shows at most 10 error and 10 warning annotations per step; the
/// rest would be dropped silently.
const MAX_PER_LEVEL: usize = 10;

/// Escape data for a workflow command message (`%`, CR, LF).
fn data(s: &str) -> String {
    let s: String = s.chars().map(|c| if c.is_control() && c != '\n' && c != '\r' { '\u{fffd}' } else { c }).collect();
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a workflow command property value (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(e: &Evaluation) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings, mut hidden) = (0, 0, 0);
    for c in by_priority(e).into_iter().filter(|c| c.status.is_gap()) {
        let warning = matches!(c.status, Status::Stale | Status::ReviewDue);
        let shown = if warning { &mut warnings } else { &mut errors };
        if *shown == MAX_PER_LEVEL {
            hidden += 1;
            continue;
        }
        *shown += 1;
        let level = if warning { "warning" } else { "error" };
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
    for c in e.controls.iter().filter(|c| c.status == Status::NotOccurring).take(MAX_PER_LEVEL) {
        let _ = writeln!(
            out,
            "::notice file={},line={},title={}::{}",
            property(&c.path),
            c.line.max(1),
            property(&format!("{} not occurring: {}", c.id, c.title)),
            data(&c.reasons.join("\n"))
        );
    }
    if hidden > 0 {
        let gaps = if hidden == 1 { "gap is" } else { "gaps are" };
        let _ = writeln!(
            out,
            "::notice title=soc2 check::{hidden} more {gaps} not annotated (GitHub shows {MAX_PER_LEVEL} errors and {MAX_PER_LEVEL} warnings per step): the job summary lists every gap"
        );
    }
    let _ = writeln!(out, "{}", summary_line(e));
    out
}
