//! A framework as JSON in the shape JupiterOne documents for custom
//! frameworks: `{standard, version, domains: [{title, controls: [{ref, title,
//! summary}]}]}`. Other fields (`webLink`, …) are ignored.

use serde::Deserialize;

use super::{Draft, Requirement, Seen, error_at, slug};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};

#[derive(Deserialize)]
struct Spec {
    standard: String,
    #[serde(default)]
    version: Option<serde_json::Value>,
    domains: Vec<Domain>,
}

#[derive(Deserialize)]
struct Domain {
    title: String,
    #[serde(default)]
    controls: Vec<Control>,
}

#[derive(Deserialize)]
struct Control {
    #[serde(rename = "ref")]
    reference: String,
    title: String,
    #[serde(default)]
    summary: String,
}

pub fn read(path: &str, text: &str) -> Result<Draft, Diagnostics> {
    let mut diags = Diagnostics::new();
    let spec: Spec = match serde_json::from_str(text) {
        Ok(s) => s,
        Err(e) => {
            diags.push(json_error(path, text, &e));
            return Err(diags);
        }
    };
    let version = match &spec.version {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let name = if version.is_empty() { spec.standard.clone() } else { format!("{} {version}", spec.standard) };
    let mut draft = Draft { suggested_id: slug(&name), title: name, ..Draft::default() };
    // Where each control's `ref` value is, in document order, to locate problems.
    let refs = key_positions(text, "ref");
    let total: usize = spec.domains.iter().map(|d| d.controls.len()).sum();
    let locate = |n: usize| (refs.len() == total).then(|| refs.get(n).copied()).flatten();
    let mut seen = Seen::new();
    let mut n = 0;
    for domain in spec.domains {
        for c in domain.controls {
            let pos = locate(n);
            n += 1;
            let id = c.reference.trim().to_owned();
            if id.is_empty() {
                diags.push(
                    error_at(path, pos, "control has an empty `ref`")
                        .with_hint("every control needs a ref, e.g. `AC-1`"),
                );
                continue;
            }
            if let Some(first) = seen.repeat(&id, pos.map_or(0, |p| p.line)) {
                let at = if first > 0 { format!("line {first}") } else { "earlier".to_owned() };
                diags.push(
                    error_at(path, pos, format!("duplicate ref `{id}`"))
                        .with_hint(format!("`{id}` is first defined on {at}")),
                );
                continue;
            }
            if c.title.trim().is_empty() {
                diags.push(error_at(path, pos, format!("control `{id}` has an empty `title`")));
                continue;
            }
            let section = domain.title.trim();
            draft.push_named(
                section,
                Requirement { id, title: c.title.trim().to_owned(), description: c.summary.trim().to_owned() },
            );
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    if draft.requirement_count() == 0 {
        diags.push(error_at(path, Some(Position::new(1, 1)), "no controls in any domain"));
        return Err(diags);
    }
    Ok(draft)
}

/// serde_json's error at its line and column, worded for people.
pub(super) fn json_error(path: &str, text: &str, e: &serde_json::Error) -> Diagnostic {
    let raw = e.to_string();
    let message = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_owned(),
        None => raw,
    };
    let hint = if message.contains("missing field") {
        Some("the JSON shape is {\"standard\", \"version\", \"domains\": [{\"title\", \"controls\": [{\"ref\", \"title\", \"summary\"}]}]}".to_owned())
    } else {
        None
    };
    let pos = Position::new(e.line(), e.column());
    Diagnostic::error(path, message).at(pos).with_hint_opt(hint).with_source(text)
}

/// Positions of the values of every `"key":` in `text`, in order.
fn key_positions(text: &str, key: &str) -> Vec<Position> {
    let needle = format!("\"{key}\"");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find(&needle)) {
        let at = from + i + needle.len();
        let rest = text.get(at..).unwrap_or("");
        let after = rest.trim_start();
        if let Some(value) = after.strip_prefix(':') {
            let value_at = at + (rest.len() - after.len()) + 1 + (value.len() - value.trim_start().len());
            out.push(Position::of_offset(text, value_at));
        }
        from = at;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_key_values() {
        let text = "{\n  \"ref\": \"A\",\n  \"x\": {\"ref\" : \"B\"}\n}";
        assert_eq!(key_positions(text, "ref"), vec![Position::new(2, 10), Position::new(3, 17)]);
    }
}
