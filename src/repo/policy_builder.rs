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
use crate::repo::config::Config;
use crate::repo::people::{ROLE_VARIABLES, is_email};

pub const GENERATED_FILE: &str = "policies/.generated.json";

/// What kind of answer a variable takes; every answer is checked when given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VarType {
    /// One line of text.
    #[default]
    String,
    Bool,
    /// A whole number greater than zero.
    Int,
    /// `YYYY-MM-DD`.
    Date,
    Email,
    /// A duration such as `365d`.
    Duration,
    /// An internet domain such as `acme.example`.
    Domain,
    /// A person holding `role`: their name (`Name <email>` with `--set`), kept in `[[people]]`.
    Person,
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
    /// For `person`: the role the person holds (`security-officer`).
    #[serde(default)]
    pub role: Option<String>,
    /// An answer of `none` (or `-`) leaves it empty.
    #[serde(default)]
    pub optional: bool,
    #[serde(default)]
    pub example: Option<serde_yaml::Value>,
    #[serde(default)]
    pub default: Option<serde_yaml::Value>,
}

/// A person's answer for a `person` variable: a name, and with `Name <email>` an email.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonAnswer {
    pub name: String,
    pub email: Option<String>,
}

impl Variable {
    /// The default as TOML, if the spec has one.
    pub fn default_value(&self) -> Option<toml::Value> {
        self.default.as_ref().and_then(|d| yaml_to_toml(d, self.kind))
    }

    /// Parse and check a person's answer by the variable's type; the error
    /// says what is expected, for the question to be asked again.
    pub fn parse_answer(&self, answer: &str) -> Result<toml::Value, String> {
        let a = answer.trim();
        let name = &self.name;
        if a.chars().any(char::is_control) {
            // A line break would end the policy's front matter (`---`) or a heading.
            return Err(format!("`{name}`: line breaks and control characters cannot appear in policy variables"));
        }
        if self.optional && matches!(a.to_ascii_lowercase().as_str(), "none" | "-") {
            return Ok(toml::Value::String(String::new()));
        }
        match self.kind {
            VarType::String | VarType::Person => {
                if a.contains(['"', '\\']) {
                    Err(format!("`{name}`: quotes and backslashes cannot appear in policy variables"))
                } else if a.is_empty() {
                    Err(format!("`{name}`: an answer is needed"))
                } else if self.kind == VarType::Person {
                    self.parse_person(a).map(|p| toml::Value::String(p.name))
                } else {
                    Ok(toml::Value::String(a.to_owned()))
                }
            }
            VarType::Bool => match a.to_ascii_lowercase().as_str() {
                "y" | "yes" | "true" => Ok(toml::Value::Boolean(true)),
                "n" | "no" | "false" => Ok(toml::Value::Boolean(false)),
                _ => Err(format!("`{name}`: answer yes or no")),
            },
            VarType::Int => match a.parse::<i64>() {
                Ok(n) if n > 0 => Ok(toml::Value::Integer(n)),
                _ => Err(format!("`{name}`: `{a}` is not a whole number greater than 0")),
            },
            VarType::Date => match crate::dates::parse_date(a) {
                Ok(d) => Ok(toml::Value::String(d.format("%Y-%m-%d").to_string())),
                Err(_) => Err(format!("`{name}`: `{a}` is not a date; write YYYY-MM-DD, e.g. 2026-01-01")),
            },
            VarType::Email if is_email(a) => Ok(toml::Value::String(a.to_owned())),
            VarType::Email => Err(format!("`{name}`: `{a}` is not an email address; write it as name@domain.example")),
            VarType::Duration => match a.parse::<crate::dates::Duration>() {
                Ok(d) => Ok(toml::Value::String(d.to_string())),
                Err(e) => Err(format!("`{name}`: {}; {}", e.message, e.hint)),
            },
            VarType::Domain if is_domain(a) => Ok(toml::Value::String(a.to_ascii_lowercase())),
            VarType::Domain => {
                Err(format!("`{name}`: `{a}` is not a domain; write it like acme.example, without https://"))
            }
        }
    }

    /// `Name` or `Name <email>`.
    pub fn parse_person(&self, answer: &str) -> Result<PersonAnswer, String> {
        let a = answer.trim();
        if a.chars().any(char::is_control) {
            return Err(format!(
                "`{}`: line breaks and control characters cannot appear in policy variables",
                self.name
            ));
        }
        let (name, email) = match a.split_once('<') {
            Some((n, rest)) => {
                let email = rest.trim().strip_suffix('>').map(str::trim).unwrap_or_default();
                if !is_email(email) {
                    return Err(format!("`{}`: `{a}`: write Name <name@domain.example>", self.name));
                }
                (n.trim(), Some(email.to_owned()))
            }
            None if is_email(a) => {
                return Err(format!("`{}`: a name, not an email address (the email is asked next)", self.name));
            }
            None => (a, None),
        };
        if name.is_empty() || name.contains(['"', '\\', '>', '@']) {
            return Err(format!("`{}`: `{a}` is not a name", self.name));
        }
        Ok(PersonAnswer { name: name.split_whitespace().collect::<Vec<_>>().join(" "), email })
    }
}

/// Whether `s` is a bare internet domain: dotted labels of letters, digits and `-`.
pub fn is_domain(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

/// The values every policy template is rendered with, as soc2.toml gives them
/// now: `[organization]`, each role variable from the person holding the role
/// (the people table wins), and `categories`.
pub fn template_values(config: &Config) -> BTreeMap<String, serde_json::Value> {
    let mut values: BTreeMap<String, serde_json::Value> =
        config.organization.iter().map(|(k, v)| (k.clone(), toml_to_json(v))).collect();
    for (variable, role) in ROLE_VARIABLES {
        if let Some(name) = config.people.holder(role).and_then(|p| p.name.clone()) {
            values.insert(variable.to_owned(), serde_json::Value::String(name));
        }
    }
    values.insert(
        "categories".to_owned(),
        serde_json::Value::Array(config.audit.categories.iter().cloned().map(serde_json::Value::String).collect()),
    );
    values
}

fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => serde_json::Value::String(s.clone()),
        toml::Value::Integer(i) => serde_json::Value::from(*i),
        toml::Value::Float(f) => serde_json::Value::from(*f),
        toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(a) => serde_json::Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            serde_json::Value::Object(t.iter().map(|(k, v)| (k.clone(), toml_to_json(v))).collect())
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
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Generated {
    pub policies: BTreeMap<String, GeneratedPolicy>,
}

/// One generated policy: the file as written, and the variables it was rendered from.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct GeneratedPolicy {
    /// sha256 of the file as the builder wrote it: another sha256 means it was edited by hand.
    pub sha256: String,
    /// sha256 of `variables` (canonical JSON), the hash of what the policy was rendered from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub variables_sha256: String,
    /// The value of every variable the template uses.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub variables: BTreeMap<String, serde_json::Value>,
}

impl GeneratedPolicy {
    pub fn new(sha256: String, variables: BTreeMap<String, serde_json::Value>) -> GeneratedPolicy {
        let variables_sha256 = variables_hash(&variables);
        GeneratedPolicy { sha256, variables_sha256, variables }
    }

    /// Variables whose value in `current` differs from the one the policy was
    /// rendered from: `(name, then, now)`; `now` is `None` when it is no longer set.
    pub fn changed(
        &self,
        current: &BTreeMap<String, serde_json::Value>,
    ) -> Vec<(String, serde_json::Value, Option<serde_json::Value>)> {
        self.variables
            .iter()
            .filter(|(k, v)| current.get(*k) != Some(*v))
            .map(|(k, v)| (k.clone(), v.clone(), current.get(k).cloned()))
            .collect()
    }
}

/// sha256 of variables as canonical JSON (sorted keys).
pub fn variables_hash(variables: &BTreeMap<String, serde_json::Value>) -> String {
    sha256_hex(serde_json::to_string(variables).unwrap_or_default().as_bytes())
}

impl<'de> Deserialize<'de> for Generated {
    /// Older files record just the sha256 of each policy.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Entry {
            Sha(String),
            Full(GeneratedPolicy),
        }
        #[derive(Deserialize)]
        struct Raw {
            #[serde(default)]
            policies: BTreeMap<String, Entry>,
        }
        let raw = Raw::deserialize(d)?;
        Ok(Generated {
            policies: raw
                .policies
                .into_iter()
                .map(|(id, e)| {
                    let p = match e {
                        Entry::Sha(sha256) => GeneratedPolicy { sha256, ..GeneratedPolicy::default() },
                        Entry::Full(p) => p,
                    };
                    (id, p)
                })
                .collect(),
        })
    }
}

/// How a variable's value reads in a message: strings as they are, the rest as JSON.
pub fn show_value(v: Option<&serde_json::Value>) -> String {
    match v {
        None => "(unset)".to_owned(),
        Some(serde_json::Value::String(s)) if s.is_empty() => "(empty)".to_owned(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
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

/// A policy rendered from its template, and the variables the template uses.
pub struct Rendered {
    pub text: String,
    pub used: Vec<String>,
}

/// `either("Jo", "Dana")` → `Jo or Dana`; one name when both are the same person.
fn either(names: minijinja::value::Rest<String>) -> String {
    join_distinct(&names, "or")
}

/// `both("Jo", "Dana")` → `Jo and Dana`; one name when both are the same person.
fn both(names: minijinja::value::Rest<String>) -> String {
    join_distinct(&names, "and")
}

fn join_distinct(names: &[String], word: &str) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for n in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        if !seen.iter().any(|s| s.eq_ignore_ascii_case(n)) {
            seen.push(n);
        }
    }
    match seen.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [a, b] => format!("{a} {word} {b}"),
        [rest @ .., last] => format!("{}, {word} {last}", rest.join(", ")),
    }
}

/// Functions templates may call besides the variables.
const FUNCTIONS: [&str; 2] = ["either", "both"];

/// Render one template with the variables; undefined variables are errors.
pub fn render(template_name: &str, source: &str, vars: &BTreeMap<String, Value>) -> Result<Rendered, String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_keep_trailing_newline(true);
    env.add_function("either", either);
    env.add_function("both", both);
    env.add_template(template_name, source).map_err(|e| describe(template_name, &e))?;
    let tmpl = env.get_template(template_name).map_err(|e| describe(template_name, &e))?;
    let text = tmpl.render(vars).map_err(|e| describe(template_name, &e))?;
    let mut used: Vec<String> =
        tmpl.undeclared_variables(false).into_iter().filter(|v| !FUNCTIONS.contains(&v.as_str())).collect();
    used.sort();
    Ok(Rendered { text, used })
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
        let e = render("t.md.j2", "a\n{{ nope }}\n", &BTreeMap::new()).err().unwrap();
        assert!(e.starts_with("t.md.j2:2:"), "{e}");
    }

    #[test]
    fn the_same_person_is_named_once() {
        let vars: BTreeMap<String, Value> = [("ceo", "Jo Park"), ("cto", "jo park"), ("so", "Dana")]
            .map(|(k, v)| (k.to_owned(), Value::from(v)))
            .into();
        let r =
            render("t", "{{ either(ceo, cto) }} / {{ both(ceo, so) }} / {{ either(ceo, cto, so) }}", &vars).unwrap();
        assert_eq!(r.text, "Jo Park / Jo Park and Dana / Jo Park or Dana");
        assert_eq!(r.used, ["ceo", "cto", "so"]);
        assert_eq!(join_distinct(&["A".into(), "B".into(), "C".into()], "or"), "A, B, or C");
    }

    #[test]
    fn person_variables_are_the_role_variables() {
        let text = crate::files::library::template("policies/variables.yaml").unwrap();
        let vars = parse_variables("variables.yaml", text).unwrap();
        let persons: Vec<(&str, &str)> = vars
            .iter()
            .filter(|v| v.kind == VarType::Person)
            .map(|v| (v.name.as_str(), v.role.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(persons, ROLE_VARIABLES);
    }

    #[test]
    fn answers_are_checked_by_type() {
        let var = |kind: VarType| Variable {
            name: "v".into(),
            prompt: String::new(),
            help: String::new(),
            kind,
            role: None,
            optional: false,
            example: None,
            default: None,
        };
        assert!(var(VarType::Date).parse_answer("Dec 1 2026").unwrap_err().contains("write YYYY-MM-DD"));
        assert_eq!(var(VarType::Date).parse_answer("2026-12-01").unwrap(), toml::Value::String("2026-12-01".into()));
        assert!(var(VarType::Email).parse_answer("security at acme").is_err());
        assert!(var(VarType::Duration).parse_answer("yearly").is_err());
        assert!(var(VarType::Int).parse_answer("0").is_err());
        assert!(var(VarType::Domain).parse_answer("https://acme.example").is_err());
        assert!(var(VarType::String).parse_answer("Dana\n---").is_err());
        assert!(var(VarType::String).parse_answer(" ").unwrap_err().contains("an answer is needed"));
        let p = var(VarType::Person).parse_person("Jo  Park <jo@acme.example>").unwrap();
        assert_eq!(p, PersonAnswer { name: "Jo Park".into(), email: Some("jo@acme.example".into()) });
        assert!(var(VarType::Person).parse_person("jo@acme.example").is_err());
    }
}
