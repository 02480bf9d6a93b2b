//! What people did, recorded as small YAML files beside the evidence:
//! manual evidence and attestations under `evidence/manual/<control-id>/`,
//! reviews and approvals under `evidence/reviews/`.
//!
//! Controls declare what they need; these records say what happened, so the
//! hand-written control files are never rewritten.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::dates::parse_timestamp;
use crate::diagnostic::{Diagnostic, Position};
use crate::repo::yaml::{self, Seg, YamlIndex};

pub const MANUAL_DIR: &str = "evidence/manual";
pub const REVIEWS_DIR: &str = "evidence/reviews";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ManualKind {
    Attestation,
    File,
    Link,
    Note,
}

impl ManualKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ManualKind::Attestation => "attestation",
            ManualKind::File => "file",
            ManualKind::Link => "link",
            ManualKind::Note => "note",
        }
    }
}

/// One item of manual evidence for a control, as stored in its YAML record.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ManualRecordDef {
    pub kind: ManualKind,
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// `by` is an outside party (an auditor, a vendor), not a person of soc2.toml.
    #[serde(default, skip_serializing_if = "is_false")]
    pub external: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// For `file`: the evidence file's name, beside the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// An attestation that nothing the control checks occurred (no incident,
    /// no leaver) while its populations were empty.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_occurring: bool,
}

/// A loaded manual-evidence record with its dates parsed.
#[derive(Clone, Debug)]
pub struct ManualRecord {
    pub control: String,
    pub path: String,
    pub def: ManualRecordDef,
    pub date: DateTime<Utc>,
    pub expires: Option<DateTime<Utc>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    Control,
    Policy,
}

/// A review (or, for a policy, an approval of its exact text).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewRecordDef {
    pub subject: Subject,
    pub id: String,
    pub date: String,
    pub by: String,
    /// `by` is an outside party (an auditor), not a person of soc2.toml.
    #[serde(default, skip_serializing_if = "is_false")]
    pub external: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// An approval of a policy's content: `sha256` says which text.
    #[serde(default)]
    pub approved: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

#[derive(Clone, Debug)]
pub struct ReviewRecord {
    pub path: String,
    pub def: ReviewRecordDef,
    pub date: DateTime<Utc>,
    pub position: Position,
}

pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

/// Parse a date field of a record, located at its line.
fn date_field(path: &str, index: &YamlIndex, field: &str, value: &str) -> Result<DateTime<Utc>, Diagnostic> {
    parse_timestamp(value).map_err(|e| {
        Diagnostic::error(path, format!("`{field}`: {}", e.message))
            .at(index.value(&[Seg::Key(field)]))
            .with_hint(e.hint)
    })
}

/// Parse `evidence/manual/<control>/<file>.yaml`.
pub fn parse_manual(path: &str, control: &str, text: &str) -> Result<ManualRecord, Diagnostic> {
    let (def, index) = yaml::parse::<ManualRecordDef>(path, text, 0)?;
    let date = date_field(path, &index, "date", &def.date)?;
    let expires = def.expires.as_deref().map(|e| date_field(path, &index, "expires", e)).transpose()?;
    Ok(ManualRecord { control: control.to_owned(), path: path.to_owned(), def, date, expires })
}

/// Parse `evidence/reviews/<file>.yaml`.
pub fn parse_review(path: &str, text: &str) -> Result<ReviewRecord, Diagnostic> {
    let (def, index) = yaml::parse::<ReviewRecordDef>(path, text, 0)?;
    let date = date_field(path, &index, "date", &def.date)?;
    let position = index.value(&[Seg::Key("id")]);
    Ok(ReviewRecord { path: path.to_owned(), def, date, position })
}
