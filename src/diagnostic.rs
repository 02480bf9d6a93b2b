//! Problems found in a compliance repo, located at `path:line:col`.
//!
//! Loading never stops at the first problem: every loader pushes into a
//! [`Diagnostics`] list so one `soc2 validate` run shows everything to fix.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How bad a problem is: errors make the repo invalid (exit 2), warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem at one place in one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Path relative to the repo root, with `/` separators.
    pub path: String,
    /// 1-based line; 0 when the problem is about the file as a whole.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The source line, for the snippet under the message.
    #[serde(skip)]
    pub snippet: Option<String>,
    /// Warnings that come by the dozen on a new repo are counted, not listed.
    #[serde(skip)]
    pub group: Option<Box<Group>>,
}

/// What a repeated warning is about, so many of them read as one line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Group {
    pub kind: GroupKind,
    /// The thing the warning names (a policy id…), counted once however often it is named.
    pub subject: String,
}

/// Kinds of warnings shown as one counted line unless `--verbose`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupKind {
    /// A control names a policy that has a template but no file yet.
    UnwrittenPolicy,
}

impl GroupKind {
    /// The line standing for `subjects` distinct things named at `places` places, and its hint.
    pub fn summary(self, subjects: usize, places: usize) -> (String, &'static str) {
        let s = |n: usize, one: &str, many: &str| if n == 1 { format!("{n} {one}") } else { format!("{n} {many}") };
        match self {
            GroupKind::UnwrittenPolicy => (
                format!(
                    "{} not written yet, referenced by {}",
                    s(subjects, "policy", "policies"),
                    s(places, "control", "controls")
                ),
                "run `soc2 policies init` to write them (`--verbose` lists each reference)",
            ),
        }
    }
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: 0,
            column: 0,
            severity: Severity::Error,
            message: message.into(),
            hint: None,
            snippet: None,
            group: None,
        }
    }

    /// Count this warning with others of its kind about `subject`.
    pub fn grouped(mut self, kind: GroupKind, subject: impl Into<String>) -> Self {
        self.group = Some(Box::new(Group { kind, subject: subject.into() }));
        self
    }

    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, message) }
    }

    pub fn at(mut self, pos: Position) -> Self {
        self.line = pos.line;
        self.column = pos.column;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// Attach the source line so the rendering can point at the column.
    pub fn with_source(mut self, text: &str) -> Self {
        if self.line > 0 {
            self.snippet = text.lines().nth(self.line - 1).map(str::to_owned);
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col` as editors and CI annotations understand it.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (0, _) => self.path.clone(),
            (l, 0) => format!("{}:{}", self.path, l),
            (l, c) => format!("{}:{}:{}", self.path, l, c),
        }
    }
}

impl Diagnostic {
    /// The diagnostic as printed: `path:line:col: level: message`, the
    /// source line with a caret under the column, and the hint; the level
    /// in colour when `color`.
    pub fn render(&self, color: bool) -> String {
        use fmt::Write as _;
        let level = match self.severity {
            Severity::Error => paint("error", style::ERROR, color),
            Severity::Warning => paint("warning", style::WARNING, color),
        };
        let mut out = format!("{}: {level}: {}", self.location(), self.message);
        if let Some(line) = &self.snippet {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let line = truncate_chars(line, 160);
            let _ = write!(out, "\n {pad} |\n {number} | {line}");
            if self.column > 0 {
                let caret = " ".repeat(self.column.saturating_sub(1).min(160));
                let _ = write!(out, "\n {pad} | {caret}^");
            }
        }
        if let Some(hint) = &self.hint {
            let _ = write!(out, "\n  hint: {hint}");
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// A 1-based line and column in a text file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }

    /// The position of a byte offset in `text` (columns count characters).
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        Position { line, column }
    }
}

/// Every problem found in one run, in a stable order.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Attach source lines to located diagnostics that have none, reading each file once.
    pub fn fill_snippets(&mut self, mut read: impl FnMut(&str) -> Option<String>) {
        let mut cache: std::collections::BTreeMap<String, Option<String>> = Default::default();
        for d in self.0.iter_mut().filter(|d| d.line > 0 && d.snippet.is_none()) {
            let text = cache.entry(d.path.clone()).or_insert_with(|| read(&d.path));
            if let Some(text) = text {
                d.snippet = text.lines().nth(d.line - 1).map(str::to_owned);
            }
        }
    }

    /// Sort by file, then position, so output does not depend on load order.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
        });
        self.0.dedup();
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// An error for a person: what is wrong and, as data, what to do about it.
/// The printer (`Output`) shows the hint under the message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Hinted {
    pub message: String,
    pub hint: Option<String>,
}

impl Hinted {
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Hinted { message: message.into(), hint: Some(hint.into()) }
    }

    /// A message with a hint only when there is one (e.g. a did-you-mean).
    pub fn maybe(message: impl Into<String>, hint: Option<String>) -> Self {
        Hinted { message: message.into(), hint }
    }
}

/// `Err(Hinted)` as an `anyhow::Error`, for commands: `return Err(hinted(hint, message))`.
pub fn hinted(hint: impl Into<String>, message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Hinted::new(message, hint))
}

/// Colours of the words people scan for.
pub mod style {
    use anstyle::{AnsiColor, Style};

    pub const ERROR: Style = AnsiColor::Red.on_default().bold();
    pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
    pub const GOOD: Style = AnsiColor::Green.on_default().bold();
    pub const RED: Style = AnsiColor::Red.on_default();
    pub const YELLOW: Style = AnsiColor::Yellow.on_default();
    pub const BOLD: Style = Style::new().bold();
    pub const DIM: Style = Style::new().dimmed();
}

/// `text` in `style` when `color`, else as is.
pub fn paint(text: &str, style: anstyle::Style, color: bool) -> String {
    if color { format!("{style}{text}{style:#}") } else { text.to_owned() }
}

/// A repo's files failed to load; carries every problem found.
#[derive(Debug, thiserror::Error)]
#[error("{} error(s) in the compliance repo", .0.error_count())]
pub struct InvalidRepo(pub Diagnostics);

/// The closest known name to a misspelled one, for "did you mean" hints.
///
/// A name is close when few edits (transpositions count as one) separate it
/// from the wrong one, or when they share a long prefix.
pub fn did_you_mean<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    known
        .into_iter()
        .filter_map(|k| {
            let k_lower = k.to_lowercase();
            let edits = strsim::osa_distance(&wrong_lower, &k_lower);
            let similarity = strsim::jaro_winkler(&wrong_lower, &k_lower);
            let close = edits <= (k_lower.chars().count() / 3).max(1) || similarity > 0.85;
            close.then_some((edits, -similarity, k))
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .map(|(_, _, k)| k)
}

/// `did you mean `x`?`, or `None` when no known name is close.
pub fn did_you_mean_hint<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(wrong, known).map(|s| format!("did you mean `{s}`?"))
}

/// `path` relative to `root`, with forward slashes, for messages and ids.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf());
    rel.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "a: 1\nbé: 2\n";
        assert_eq!(Position::of_offset(text, 0), Position::new(1, 1));
        assert_eq!(Position::of_offset(text, 5), Position::new(2, 1));
        assert_eq!(Position::of_offset(text, 9), Position::new(2, 4));
    }

    #[test]
    fn renders_like_a_compiler() {
        let d = Diagnostic::error("controls/a.yaml", "unknown field `critera`")
            .at(Position::new(2, 1))
            .with_hint("did you mean `criteria`?")
            .with_source("id: A\ncritera: []\n");
        assert_eq!(
            d.to_string(),
            "controls/a.yaml:2:1: error: unknown field `critera`\n   |\n 2 | critera: []\n   | ^\n  hint: did you mean `criteria`?"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("critera", ["criteria", "owner"]), Some("criteria"));
        assert_eq!(did_you_mean("zzz", ["criteria", "owner"]), None);
    }
}
