//! Renderers: an [`Evaluation`](crate::eval::Evaluation) in, text out. They
//! read results only; nothing here queries or loads.

pub mod check;
pub mod handbook;
pub mod period;
pub mod report;
pub mod reviews;
pub mod templates;
#[cfg(feature = "pdf")]
pub mod typst;

use crate::eval::{Evaluation, Status};

/// The closing line: `37/52 controls pass · 15 gaps · readiness 71%`.
pub fn summary_line(e: &Evaluation) -> String {
    let s = &e.summary;
    let not_occurring = match s.not_occurring {
        0 => String::new(),
        n => format!(" · {n} not occurring"),
    };
    let mut line = format!(
        "{}/{} controls pass{not_occurring} · {} {} · readiness {}%",
        s.pass,
        s.controls,
        s.gaps,
        if s.gaps == 1 { "gap" } else { "gaps" },
        format_percent(s.readiness)
    );
    if s.coverage_gaps > 0 {
        line.push_str(&format!(
            " · {} coverage {}",
            s.coverage_gaps,
            if s.coverage_gaps == 1 { "gap" } else { "gaps" }
        ));
    }
    if s.exception_gaps > 0 {
        line.push_str(&format!(
            " · {} lapsed {}",
            s.exception_gaps,
            if s.exception_gaps == 1 { "exception" } else { "exceptions" }
        ));
    }
    if let Some(c) = &e.commit {
        line.push_str(&format!(" · as of {}", c.line()));
    }
    line
}

/// `71.4` → `71.4`, `100.0` → `100`.
pub fn format_percent(p: f64) -> String {
    if p.fract() == 0.0 { format!("{p:.0}") } else { format!("{p:.1}") }
}

/// Statuses in the order the human output groups them.
pub const STATUS_ORDER: [Status; 8] = [
    Status::Error,
    Status::Fail,
    Status::Missing,
    Status::Stale,
    Status::ReviewDue,
    Status::NotOccurring,
    Status::Pass,
    Status::OutOfScope,
];
