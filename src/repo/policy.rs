//! Policies: `policies/*.md`, Markdown with YAML front matter.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dates::Duration;
use crate::diagnostic::{Diagnostic, Position};
use crate::hash::sha256_hex;
use crate::repo::yaml::{self, YamlIndex};

/// The front matter of a policy.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyMeta {
    pub id: String,
    pub title: String,
    pub owner: String,
    #[serde(default = "default_version")]
    pub version: String,
    #[serde(default = "default_review")]
    pub review_every: Duration,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    /// A short name the document is also known by (comply's `acronym`, e.g. `AOTP`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    #[serde(default)]
    pub criteria: Vec<String>,
}

fn default_version() -> String {
    "1.0".to_owned()
}

fn default_review() -> Duration {
    Duration::from_days(365)
}

/// A loaded policy.
#[derive(Debug)]
pub struct Policy {
    pub meta: PolicyMeta,
    pub path: String,
    pub body: String,
    /// sha256 of the whole file: what an approval approves.
    pub sha256: String,
    pub position: Position,
    pub index: YamlIndex,
}

/// Split `---\nfront matter\n---\nbody` and parse the front matter.
pub fn parse(path: &str, text: &str) -> Result<Policy, Diagnostic> {
    // A byte-order mark some editors add is not part of the text (the sha256 still covers the file).
    let (front, body) = split_front_matter(text.strip_prefix('\u{feff}').unwrap_or(text)).ok_or_else(|| {
        Diagnostic::error(path, "policy has no YAML front matter")
            .at(Position::new(1, 1))
            .with_hint("start the file with `---`, then `id:`, `title:`, `owner:` lines, then `---` and the Markdown")
    })?;
    let (meta, index) = yaml::parse::<PolicyMeta>(path, front, 1)?;
    let position = index.value(&[yaml::Seg::Key("id")]);
    // The id names files in exports (`policies/<id>.md`): it must be one safe path component.
    if !crate::repo::control::is_valid_id(&meta.id) {
        return Err(Diagnostic::error(path, format!("policy id `{}` is not usable as a file name", meta.id))
            .at(position)
            .with_hint("use letters, digits, `-`, `_` and `.`, e.g. `access-control`"));
    }
    Ok(Policy {
        meta,
        path: path.to_owned(),
        body: body.to_owned(),
        sha256: sha256_hex(text.as_bytes()),
        position,
        index,
    })
}

fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_lines_are_file_lines() {
        let Err(d) = parse("p.md", "---\nid: x\ntitle: T\nowner: o\nreview_every: soon\n---\n# T\n") else { panic!() };
        assert_eq!(d.line, 5, "{d}");
        assert!(d.message.contains("invalid duration"), "{d}");
    }

    #[test]
    fn parses_body() {
        let p = parse("p.md", "---\nid: x\ntitle: T\nowner: o\nversion: 1.0\n---\n# T\n").unwrap();
        assert_eq!(p.meta.version, "1.0");
        assert_eq!(p.body, "# T\n");
        assert_eq!(p.position, Position::new(2, 5));
    }
}
