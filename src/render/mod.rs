//! Renderers: an [`Evaluation`](crate::eval::Evaluation) in, text out. They
//! read results only; nothing here queries or loads.

pub mod check;
pub mod compare;
pub mod handbook;
pub mod impact;
pub mod period;
pub mod report;
pub mod reviews;
pub mod templates;
#[cfg(feature = "pdf")]
pub mod typst;

use crate::eval::{Evaluation, Status};

/// Which repository or organization the change-management controls examined, as one sentence.
pub fn change_source_line(s: &crate::eval::readiness::ChangeSource) -> String {
    let what = if s.kind == "git" { "the git repository" } else { "the GitHub organization" };
    let mut line = format!(
        "Change management (CC8.1: {}) examined {what} {} (collector {})",
        s.controls.join(", "),
        s.source,
        s.collector
    );
    if s.compliance_repo {
        line.push_str(
            ": the compliance repository itself, not a product's; point [collectors.git] path at the product repository",
        );
    }
    line
}

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

/// A percentage that may not exist (nothing to divide by): `–` then.
pub fn optional_percent(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), |v| format!("{}%", format_percent(v)))
}

/// `1 day`, `2 days`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
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

/// Whether `c` must not reach a terminal or a Markdown file as is: C0 and C1
/// controls (ESC starts terminal sequences such as OSC 52, the clipboard
/// write), DEL, and the bidirectional overrides that reorder what is shown.
fn is_unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// Text from evidence, titles or records as one harmless line: newlines
/// become `\n` (so a value cannot start a line such as `::error ::` that CI
/// reads as a command), tabs a space, other control characters `\u{1b}`.
pub fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push(' '),
            c if is_unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Text for a Markdown table cell or line: one line, raw HTML escaped (a
/// value cannot open `<details>` or a link), and `|` escaped.
pub fn markdown_text(s: &str) -> String {
    one_line(s).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('|', "\\|")
}

/// A value as a Markdown code span: shown literally, never interpreted.
pub fn markdown_code(s: &str) -> String {
    format!("`{}`", one_line(s).replace('`', "'").replace('|', "\\|"))
}
