//! Exceptions (risk acceptances): `exceptions/*.yaml` waive one control's
//! findings for named resources until they expire.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::dates::parse_timestamp;
use crate::diagnostic::{Diagnostic, Position};
use crate::repo::yaml::{self, Seg};

pub const EXCEPTIONS_DIR: &str = "exceptions";

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExceptionDef {
    pub id: String,
    pub control: String,
    /// Resources waived: exact names or glob patterns (`svc-*`).
    pub resources: Vec<String>,
    pub owner: String,
    pub justification: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_at: Option<String>,
    pub expires: String,
}

#[derive(Clone, Debug)]
pub struct Exception {
    pub def: ExceptionDef,
    pub path: String,
    pub position: Position,
    pub control_position: Position,
    pub expires: DateTime<Utc>,
    pub patterns: Vec<glob::Pattern>,
}

/// Where an exception stands at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExceptionState {
    Active,
    Expired,
    Unapproved,
}

impl Exception {
    pub fn state(&self, now: DateTime<Utc>) -> ExceptionState {
        if self.def.approved_by.is_none() {
            ExceptionState::Unapproved
        } else if self.expires <= now {
            ExceptionState::Expired
        } else {
            ExceptionState::Active
        }
    }

    pub fn covers(&self, resource: &str) -> bool {
        self.patterns.iter().any(|p| p.matches(resource))
    }
}

pub fn parse(path: &str, text: &str) -> Result<Exception, Diagnostic> {
    let (def, index) = yaml::parse::<ExceptionDef>(path, text, 0)?;
    let located = |field: &str, e: crate::dates::ParseError| {
        Diagnostic::error(path, format!("`{field}`: {}", e.message))
            .at(index.value(&[Seg::Key(field)]))
            .with_hint(e.hint)
    };
    if !crate::repo::control::is_valid_id(&def.id) {
        return Err(Diagnostic::error(path, format!("exception id `{}` is not a usable id", def.id))
            .at(index.value(&[Seg::Key("id")]))
            .with_hint("use letters, digits, `-`, `_` and `.`, e.g. `EX-2026-001`"));
    }
    let expires = parse_timestamp(&def.expires).map_err(|e| located("expires", e))?;
    if let Some(a) = &def.approved_at {
        parse_timestamp(a).map_err(|e| located("approved_at", e))?;
    }
    let mut patterns = Vec::new();
    for (i, r) in def.resources.iter().enumerate() {
        match glob::Pattern::new(r) {
            Ok(p) => patterns.push(p),
            Err(e) => {
                return Err(Diagnostic::error(path, format!("`resources`: invalid pattern `{r}`: {}", e.msg))
                    .at(index.value(&[Seg::Key("resources"), Seg::Index(i)])));
            }
        }
    }
    if def.resources.is_empty() {
        return Err(Diagnostic::error(path, "`resources` is empty")
            .at(index.value(&[Seg::Key("resources")]))
            .with_hint("name the resources the exception waives, or a pattern such as `svc-*`"));
    }
    Ok(Exception {
        position: index.value(&[Seg::Key("id")]),
        control_position: index.value(&[Seg::Key("control")]),
        def,
        path: path.to_owned(),
        expires,
        patterns,
    })
}
