//! The comparison as GitHub Actions annotations: one error per regression,
//! on the first line the change touched in a file that explains it (else
//! the control's own line), then the summary.

use std::fmt::Write as _;

use super::{movement, summary_line};
use crate::eval::compare::Comparison;

/// GitHub shows at most 10 error annotations per step.
const MAX_ERRORS: usize = 10;

fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(cmp: &Comparison) -> String {
    let mut out = String::new();
    let regressions = &cmp.outcome.regressions;
    for c in regressions.iter().take(MAX_ERRORS) {
        let mut lines = vec![c.message.clone()];
        lines.extend(c.reasons.iter().filter(|r| **r != c.message).cloned());
        lines.extend(c.findings.iter().take(10).map(|f| format!("new: {}", f.line())));
        let title = format!("{} {}: {}", c.id, movement(c), c.title);
        let title = property(title.trim_end_matches([' ', ':']));
        match cmp.location(c) {
            Some((file, line)) => {
                let _ = writeln!(
                    out,
                    "::error file={},line={line},title={title}::{}",
                    property(&file),
                    data(&lines.join("\n"))
                );
            }
            None => {
                let _ = writeln!(out, "::error title={title}::{}", data(&lines.join("\n")));
            }
        }
    }
    if regressions.len() > MAX_ERRORS {
        let _ = writeln!(
            out,
            "::notice title=soc2 check --baseline::{} more regressions are not annotated (GitHub shows {MAX_ERRORS} errors per step): the job summary lists every one",
            regressions.len() - MAX_ERRORS
        );
    }
    let _ = writeln!(out, "{} (against {})", summary_line(cmp), cmp.base.label());
    out
}
