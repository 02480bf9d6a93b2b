//! The policy builder: renders `templates/policies/*.md.j2` with the
//! organization's variables into `policies/`, never clobbering hand edits.
//!
//! What was generated is remembered in `policies/.generated.json` (sha256 of
//! each file as written), so a later run can tell an untouched policy (safe to
//! regenerate) from one a person edited (kept unless `--force`).

use std::collections::BTreeMap;

use minijinja::{Environment, UndefinedBehavior, Value};
use serde::{Deserialize, Serialize};

use crate::hash::sha256_hex;

pub const GENERATED_FILE: &str = "policies/.generated.json";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VarType {
    #[default]
    String,
    Bool,
    Int,
}

/// A variable the templates use, with what to ask a person about it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    pub name: String,
    pub prompt: String,
    #[serde(default)]
    pub help: String,
    #[serde(default, rename = "type")]
    pub kind: VarType,
    #[serde(default)]
    pub example: Option<serde_yaml::Value>,
    #[serde(default)]
    pub default: Option<serde_yaml::Value>,
}

impl Variable {
    /// The default as TOML, if the spec has one.
    pub fn default_value(&self) -> Option<toml::Value> {
        self.default.as_ref().and_then(|d| yaml_to_toml(d, self.kind))
    }

    /// Parse a person's answer by the variable's type.
    pub fn parse_answer(&self, answer: &str) -> Result<toml::Value, String> {
        let a = answer.trim();
        match self.kind {
            VarType::String => {
                if a.contains(['"', '\\']) {
                    Err(format!("`{}`: quotes and backslashes cannot appear in policy variables", self.name))
                } else if a.chars().any(char::is_control) {
                    // A line break would end the policy's front matter (`---`) or a heading.
                    Err(format!(
                        "`{}`: line breaks and control characters cannot appear in policy variables",
                        self.name
                    ))
                } else {
                    Ok(toml::Value::String(a.to_owned()))
                }
            }
            VarType::Bool => match a.to_ascii_lowercase().as_str() {
                "y" | "yes" | "true" => Ok(toml::Value::Boolean(true)),
                "n" | "no" | "false" => Ok(toml::Value::Boolean(false)),
                _ => Err(format!("`{}`: answer yes or no", self.name)),
            },
            VarType::Int => a
                .parse::<i64>()
                .map(toml::Value::Integer)
                .map_err(|_| format!("`{}`: expected a whole number", self.name)),
        }
    }
}

fn yaml_to_toml(v: &serde_yaml::Value, kind: VarType) -> Option<toml::Value> {
    Some(match (v, kind) {
        (serde_yaml::Value::Bool(b), _) => toml::Value::Boolean(*b),
        (serde_yaml::Value::Number(n), _) => toml::Value::Integer(n.as_i64()?),
        (serde_yaml::Value::String(s), _) => toml::Value::String(s.clone()),
        _ => return None,
    })
}

/// Parse a `variables.yaml` list.
pub fn parse_variables(path: &str, text: &str) -> Result<Vec<Variable>, String> {
    serde_yaml::from_str(text).map_err(|e| format!("{path}: {e}"))
}

/// What the builder remembers about each generated policy.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Generated {
    /// Policy id → sha256 of the file as the builder wrote it.
    pub policies: BTreeMap<String, String>,
}

/// What happened to one policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Written new, or regenerated over an untouched earlier version.
    Wrote,
    /// The file exists and was edited by hand (or predates the builder).
    KeptEdited,
    /// Regenerating gives the same bytes.
    Unchanged,
}

/// Decide what to do with a rendered policy given what is on disk.
pub fn decide(existing: Option<&[u8]>, rendered: &str, recorded: Option<&str>, force: bool) -> Action {
    match existing {
        None => Action::Wrote,
        Some(bytes) if bytes == rendered.as_bytes() => Action::Unchanged,
        Some(_) if force => Action::Wrote,
        Some(bytes) if recorded == Some(sha256_hex(bytes).as_str()) => Action::Wrote,
        Some(_) => Action::KeptEdited,
    }
}

/// Render one template with the variables; undefined variables are errors.
pub fn render(template_name: &str, source: &str, vars: &BTreeMap<String, Value>) -> Result<String, String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_keep_trailing_newline(true);
    env.add_template(template_name, source).map_err(|e| describe(template_name, &e))?;
    let tmpl = env.get_template(template_name).map_err(|e| describe(template_name, &e))?;
    tmpl.render(vars).map_err(|e| describe(template_name, &e))
}

fn describe(name: &str, e: &minijinja::Error) -> String {
    match e.line() {
        Some(line) => format!("{name}:{line}: {}", e.detail().unwrap_or(&e.to_string())),
        None => format!("{name}: {e}"),
    }
}

/// A TOML value as a template value.
pub fn to_template_value(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::from(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::from(*b),
        toml::Value::Datetime(d) => Value::from(d.to_string()),
        toml::Value::Array(a) => Value::from(a.iter().map(to_template_value).collect::<Vec<_>>()),
        toml::Value::Table(t) => Value::from_iter(t.iter().map(|(k, v)| (k.clone(), to_template_value(v)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_edits_are_kept_untouched_files_regenerated() {
        let old = "v1";
        let sha = sha256_hex(old.as_bytes());
        assert_eq!(decide(None, "v2", None, false), Action::Wrote);
        assert_eq!(decide(Some(b"v2"), "v2", None, false), Action::Unchanged);
        assert_eq!(decide(Some(old.as_bytes()), "v2", Some(&sha), false), Action::Wrote);
        assert_eq!(decide(Some(b"v1 edited"), "v2", Some(&sha), false), Action::KeptEdited);
        assert_eq!(decide(Some(b"v1 edited"), "v2", Some(&sha), true), Action::Wrote);
        assert_eq!(decide(Some(b"mine"), "v2", None, false), Action::KeptEdited);
    }

    #[test]
    fn undefined_variables_are_errors() {
        let e = render("t.md.j2", "a\n{{ nope }}\n", &BTreeMap::new()).unwrap_err();
        assert!(e.starts_with("t.md.j2:2:"), "{e}");
    }
}
