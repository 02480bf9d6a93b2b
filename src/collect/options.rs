//! A collector's options as `soc2.toml` gives them, and the environment
//! variables they name.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::sync::LazyLock;
use std::time::Duration;

use chrono::{DateTime, Utc};
use regex::Regex;

use crate::diagnostic::{Diagnostic, Position};
use crate::repo::config::{CONFIG_FILE, CollectorSpec};

use super::Format;

/// Environment variables a collector reads; their values become secrets.
#[derive(Default)]
pub struct Env {
    pub(super) secrets: Vec<String>,
    pub(super) missing: Vec<String>,
}

static INTERPOLATION: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}").ok());

impl Env {
    /// The value of `name`, remembered as a secret; a missing one is remembered as an error.
    pub fn var(&mut self, name: &str, used_in: &str) -> Option<String> {
        match std::env::var(name) {
            Ok(v) if !v.is_empty() => {
                self.secrets.push(v.clone());
                Some(v)
            }
            Ok(_) | Err(std::env::VarError::NotPresent) => {
                self.missing.push(format!("environment variable `{name}` is not set (used in {used_in})"));
                None
            }
            Err(std::env::VarError::NotUnicode(_)) => {
                self.missing.push(format!("environment variable `{name}` is not valid UTF-8 (used in {used_in})"));
                None
            }
        }
    }

    /// `text` with every `${VAR}` replaced by the variable's value.
    pub fn interpolate(&mut self, text: &str, used_in: &str) -> String {
        let Some(re) = INTERPOLATION.as_ref() else { return text.to_owned() };
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for caps in re.captures_iter(text) {
            let (Some(whole), Some(name)) = (caps.get(0), caps.get(1)) else { continue };
            out.push_str(text.get(last..whole.start()).unwrap_or_default());
            out.push_str(&self.var(name.as_str(), used_in).unwrap_or_default());
            last = whole.end();
        }
        out.push_str(text.get(last..).unwrap_or_default());
        out
    }
}

/// Typed access to a collector's options, with errors located in `soc2.toml`.
pub struct Opts<'a> {
    spec: &'a CollectorSpec,
    text: &'a str,
    doc: Option<toml_edit::Document<&'a str>>,
}

impl<'a> Opts<'a> {
    pub(super) fn new(spec: &'a CollectorSpec, text: &'a str) -> Self {
        Opts { spec, text, doc: toml_edit::Document::parse(text).ok() }
    }

    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// `` `collectors.NAME.KEY` `` for messages.
    pub fn field(&self, key: &str) -> String {
        format!("`collectors.{}.{key}`", self.spec.name)
    }

    pub(super) fn position_of(&self, key: &str) -> Position {
        let span = self.doc.as_ref().and_then(|doc| {
            doc.as_item()
                .get("collectors")
                .and_then(|c| c.get(self.spec.name.as_str()))
                .and_then(|t| t.get(key))?
                .span()
        });
        span.map_or(self.spec.position, |s| Position::of_offset(self.text, s.start))
    }

    /// A problem with option `key`, located at its value.
    pub fn error(&self, key: &str, message: impl Display) -> Diagnostic {
        Diagnostic::error(CONFIG_FILE, format!("{}: {message}", self.field(key)))
            .at(self.position_of(key))
            .with_source(self.text)
    }

    /// A problem with the collector as a whole, located at its name.
    pub fn at_collector(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(CONFIG_FILE, message).at(self.spec.position).with_source(self.text)
    }

    pub(super) fn value(&self, key: &str) -> Option<&'a toml::Value> {
        self.spec.options.get(key)
    }

    pub(super) fn wrong_type(&self, key: &str, expected: &str, found: &toml::Value) -> Diagnostic {
        self.error(key, format!("must be {expected}, found {}", found.type_str()))
    }

    pub fn string(&self, key: &str) -> std::result::Result<Option<String>, Diagnostic> {
        match self.value(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(self.wrong_type(key, "a string", other)),
        }
    }

    pub fn bool(&self, key: &str) -> std::result::Result<Option<bool>, Diagnostic> {
        match self.value(key) {
            None => Ok(None),
            Some(toml::Value::Boolean(b)) => Ok(Some(*b)),
            Some(other) => Err(self.wrong_type(key, "true or false", other)),
        }
    }

    pub fn count(&self, key: &str, max: u32) -> std::result::Result<Option<u32>, Diagnostic> {
        match self.value(key) {
            None => Ok(None),
            Some(toml::Value::Integer(n)) => match u32::try_from(*n) {
                Ok(n) if n <= max => Ok(Some(n)),
                _ => Err(self.error(key, format!("must be between 0 and {max}, found {n}"))),
            },
            Some(other) => Err(self.wrong_type(key, "a whole number", other)),
        }
    }

    /// A duration written like `30s`, `5m` or `2h`.
    pub fn duration(&self, key: &str) -> std::result::Result<Option<Duration>, Diagnostic> {
        match self.value(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => match s.parse::<crate::dates::Duration>() {
                Ok(d) => Ok(Some(Duration::from_secs(d.seconds().unsigned_abs()))),
                Err(e) => Err(self.error(key, e.message).with_hint(e.hint)),
            },
            Some(other) => Err(self.wrong_type(key, "a duration string like \"30s\"", other)),
        }
    }

    /// A date or timestamp (`2026-01-01`).
    pub fn timestamp(&self, key: &str) -> std::result::Result<Option<DateTime<Utc>>, Diagnostic> {
        match self.string(key)? {
            None => Ok(None),
            Some(s) => {
                crate::dates::parse_timestamp(&s).map(Some).map_err(|e| self.error(key, e.message).with_hint(e.hint))
            }
        }
    }

    pub fn strings(&self, key: &str) -> std::result::Result<Option<Vec<String>>, Diagnostic> {
        match self.value(key) {
            None => Ok(None),
            Some(toml::Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .map(Some)
                .ok_or_else(|| self.error(key, "must be an array of strings")),
            Some(other) => Err(self.wrong_type(key, "an array of strings", other)),
        }
    }

    /// A table of string values (`headers`, `env`).
    pub fn string_table(&self, key: &str) -> std::result::Result<Option<BTreeMap<String, String>>, Diagnostic> {
        match self.value(key) {
            None => Ok(None),
            Some(toml::Value::Table(t)) => t
                .iter()
                .map(|(k, v)| match v {
                    toml::Value::String(s) => Ok((k.clone(), s.clone())),
                    other => Err(self.error(key, format!("`{k}` must be a string, found {}", other.type_str()))),
                })
                .collect::<std::result::Result<BTreeMap<_, _>, _>>()
                .map(Some),
            Some(other) => Err(self.wrong_type(key, "a table of strings", other)),
        }
    }

    /// `select`: a dotted path to the rows inside a document.
    pub fn select(&self) -> std::result::Result<Option<String>, Diagnostic> {
        let select = self.string("select")?;
        if let Some(s) = &select
            && s.split('.').any(str::is_empty)
        {
            return Err(self
                .error("select", format!("`{s}` is not a dotted path"))
                .with_hint("write it like `data.items`"));
        }
        Ok(select.filter(|s| !s.is_empty()))
    }

    /// `format`, if given.
    pub fn format(&self) -> std::result::Result<Option<Format>, Diagnostic> {
        match self.string("format")? {
            None => Ok(None),
            Some(f) => Format::parse(&f).map(Some).ok_or_else(|| {
                let hint = match crate::diagnostic::did_you_mean(&f, Format::NAMES) {
                    Some(s) => format!("did you mean `{s}`? formats: {}", Format::NAMES.join(", ")),
                    None => format!("formats: {}", Format::NAMES.join(", ")),
                };
                self.error("format", format!("unknown format `{f}`")).with_hint(hint)
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation_reads_and_remembers_variables() {
        let mut env = Env::default();
        // PATH is set wherever tests run.
        let path = std::env::var("PATH").unwrap();
        let out = env.interpolate("a ${PATH} b ${SOC2_TEST_SURELY_UNSET_VAR} c", "`headers.X`");
        assert_eq!(out, format!("a {path} b  c"));
        assert_eq!(env.secrets, [path]);
        assert_eq!(env.missing, ["environment variable `SOC2_TEST_SURELY_UNSET_VAR` is not set (used in `headers.X`)"]);
    }
}
