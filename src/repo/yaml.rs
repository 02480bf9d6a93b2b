//! YAML parsing that keeps positions.
//!
//! `serde_yaml` (the maintained `serde_norway` fork) gives typed values and
//! located syntax/type errors; `marked_yaml` gives a position index so that
//! semantic checks after parsing (unknown criteria, duplicate ids) can still
//! point at the exact line and column.

use marked_yaml::{Node, Span};
use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Position, did_you_mean};

/// One step into a YAML document: a mapping key or a sequence index.
#[derive(Clone, Copy, Debug)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Positions of the nodes of one parsed document.
#[derive(Debug)]
pub struct YamlIndex {
    root: Option<Node>,
    /// Lines before the document starts in its file (front matter sits under `---`).
    line_offset: usize,
}

impl YamlIndex {
    fn new(text: &str, line_offset: usize) -> Self {
        let options = marked_yaml::LoaderOptions::default();
        let root = marked_yaml::parse_yaml_with_options(0, text, options).ok();
        YamlIndex { root, line_offset }
    }

    /// Where the value at `path` starts; falls back to the nearest ancestor found.
    pub fn value(&self, path: &[Seg<'_>]) -> Position {
        self.find(path, false)
    }

    /// Where the key of the last `Key` step in `path` starts.
    pub fn key(&self, path: &[Seg<'_>]) -> Position {
        self.find(path, true)
    }

    fn find(&self, path: &[Seg<'_>], want_key: bool) -> Position {
        let Some(mut node) = self.root.as_ref() else {
            return Position::new(self.line_offset + 1, 1);
        };
        let mut best = span_start(node.span());
        for (i, seg) in path.iter().enumerate() {
            let last = i + 1 == path.len();
            let next = match (seg, node) {
                (Seg::Key(k), Node::Mapping(map)) => {
                    let entry = map.iter().find(|(key, _)| key.as_str() == *k);
                    match entry {
                        Some((key, _)) if last && want_key => {
                            best = span_start(key.span());
                            break;
                        }
                        Some((_, value)) => Some(value),
                        None => None,
                    }
                }
                (Seg::Index(n), Node::Sequence(seq)) => seq.get(*n),
                _ => None,
            };
            match next {
                Some(n) => {
                    node = n;
                    if let Some(p) = span_start(n.span()) {
                        best = Some(p);
                    }
                }
                None => break,
            }
        }
        let p = best.unwrap_or(Position::new(1, 1));
        Position::new(p.line + self.line_offset, p.column)
    }
}

fn span_start(span: &Span) -> Option<Position> {
    span.start().map(|m| Position::new(m.line(), m.column()))
}

/// Parse `text` (a file at `path`) as `T`; the error is located and worded for people.
///
/// `line_offset` shifts reported lines when the YAML is embedded in a larger file.
pub fn parse<T: DeserializeOwned>(path: &str, text: &str, line_offset: usize) -> Result<(T, YamlIndex), Diagnostic> {
    // A UTF-8 byte-order mark (some Windows editors add one) is not content.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, "file is empty")
            .at(Position::new(line_offset + 1, 1))
            .with_hint("a YAML mapping of fields is expected here"));
    }
    let value: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| to_diagnostic(path, text, line_offset, &e))?;
    if !value.is_mapping() {
        return Err(Diagnostic::error(path, format!("expected a mapping of fields, found {}", kind_of(&value)))
            .at(Position::new(line_offset + first_content_line(text), 1))
            .with_hint("write `key: value` lines, e.g. `id: AC-01`")
            .with_source_offset(text, line_offset));
    }
    let typed: T = serde_yaml::from_str(text).map_err(|e| to_diagnostic(path, text, line_offset, &e))?;
    Ok((typed, YamlIndex::new(text, line_offset)))
}

fn first_content_line(text: &str) -> usize {
    text.lines()
        .position(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#') && t != "---"
        })
        .map_or(1, |i| i + 1)
}

fn kind_of(v: &serde_yaml::Value) -> &'static str {
    match v {
        serde_yaml::Value::Null => "nothing (null)",
        serde_yaml::Value::Bool(_) => "a boolean",
        serde_yaml::Value::Number(_) => "a number",
        serde_yaml::Value::String(_) => "a string",
        serde_yaml::Value::Sequence(_) => "a list",
        serde_yaml::Value::Mapping(_) => "a mapping",
        serde_yaml::Value::Tagged(_) => "a tagged value",
    }
}

trait WithSourceOffset {
    fn with_source_offset(self, text: &str, line_offset: usize) -> Self;
}

impl WithSourceOffset for Diagnostic {
    /// Attach the snippet when the document starts `line_offset` lines into its file.
    fn with_source_offset(mut self, text: &str, line_offset: usize) -> Self {
        if self.line > line_offset {
            self.snippet = text.lines().nth(self.line - line_offset - 1).map(str::to_owned);
        }
        self
    }
}

/// Turn a serde_yaml error into a located diagnostic with a did-you-mean hint.
fn to_diagnostic(path: &str, text: &str, line_offset: usize, e: &serde_yaml::Error) -> Diagnostic {
    let raw = e.to_string();
    let message = strip_location(&raw);
    let pos = locate_quoted_value(text, message)
        .or_else(|| e.location().map(|l| Position::new(l.line(), l.column())))
        .map_or(Position::new(line_offset + 1, 1), |p| Position::new(p.line + line_offset, p.column));
    let (message, hint) = explain(message);
    Diagnostic::error(path, message).at(pos).with_hint_opt(hint).with_source_offset(text, line_offset)
}

/// Errors raised by our own value types (`invalid duration `x``) carry no
/// position from serde_yaml; find the quoted value in the text instead.
fn locate_quoted_value(text: &str, message: &str) -> Option<Position> {
    let value = ["invalid duration `", "invalid date `"]
        .iter()
        .find_map(|m| message.split_once(m))
        .and_then(|(_, rest)| rest.split('`').next())?;
    if value.is_empty() {
        return None;
    }
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end();
        for sep in [": ", "- ", "[", ", "] {
            if let Some(i) = body.find(&format!("{sep}{value}")) {
                let after = &body[i + sep.len() + value.len()..];
                let quoted_or_end = after.is_empty() || after.starts_with([' ', ',', ']', '#', '}']);
                if quoted_or_end {
                    return Some(Position::of_offset(text, offset + i + sep.len()));
                }
            }
        }
        offset += line.len();
    }
    None
}

fn strip_location(raw: &str) -> &str {
    match raw.rfind(" at line ") {
        Some(i) if raw[i..].contains(" column ") => &raw[..i],
        _ => raw,
    }
}

/// Reword serde's messages: name the field, suggest the closest known name.
fn explain(message: &str) -> (String, Option<String>) {
    if let Some((field, expected)) = parse_unknown(message, "unknown field `") {
        let hint = match did_you_mean(&field, expected.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("known fields: {}", expected.join(", ")),
        };
        let prefix = message.split("unknown field").next().unwrap_or("");
        return (format!("{prefix}unknown field `{field}`"), Some(hint));
    }
    if let Some((variant, expected)) = parse_unknown(message, "unknown variant `") {
        let hint = match did_you_mean(&variant, expected.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`? expected one of: {}", expected.join(", ")),
            None => format!("expected one of: {}", expected.join(", ")),
        };
        let prefix = message.split("unknown variant").next().unwrap_or("");
        return (format!("{prefix}unknown value `{variant}`"), Some(hint));
    }
    if let Some(hint) = crate::dates::hint_for(message) {
        return (message.to_owned(), Some(hint.to_owned()));
    }
    if message.contains("missing field `") {
        return (message.to_owned(), Some("add the field; see `soc2 schema` for every field".into()));
    }
    (message.to_owned(), None)
}

/// Split "unknown field `x`, expected one of `a`, `b`" into ("x", ["a", "b"]).
fn parse_unknown(message: &str, marker: &str) -> Option<(String, Vec<String>)> {
    let start = message.find(marker)? + marker.len();
    let rest = &message[start..];
    let end = rest.find('`')?;
    let name = rest[..end].to_owned();
    let expected = rest[end + 1..].split('`').skip(1).step_by(2).map(str::to_owned).collect();
    Some((name, expected))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct T {
        #[allow(dead_code)]
        id: String,
        #[allow(dead_code)]
        #[serde(default)]
        criteria: Vec<String>,
    }

    #[test]
    fn unknown_field_is_located_with_suggestion() {
        let Err(d) = parse::<T>("c.yaml", "id: A\ncritera: [x]\n", 0) else { panic!("should fail") };
        assert_eq!((d.line, d.column), (2, 1));
        assert_eq!(d.message, "unknown field `critera`");
        assert_eq!(d.hint.as_deref(), Some("did you mean `criteria`?"));
    }

    #[test]
    fn yaml_11_booleans_stay_strings() {
        let (t, _) = parse::<T>("c.yaml", "id: ON\ncriteria: [no, yes]\n", 0).unwrap();
        assert_eq!(t.id, "ON");
        assert_eq!(t.criteria, ["no", "yes"]);
    }

    #[test]
    fn index_locates_sequence_items() {
        let (_, idx) = parse::<T>("c.yaml", "id: A\ncriteria:\n  - CC1.1\n  - CC9.9\n", 3).unwrap();
        assert_eq!(idx.value(&[Seg::Key("criteria"), Seg::Index(1)]), Position::new(7, 5));
        assert_eq!(idx.key(&[Seg::Key("criteria")]), Position::new(5, 1));
    }

    #[test]
    fn non_mapping_is_rejected() {
        let Err(d) = parse::<T>("c.yaml", "- a\n- b\n", 0) else { panic!() };
        assert!(d.message.contains("expected a mapping"), "{}", d.message);
    }
}
