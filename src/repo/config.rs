//! `soc2.toml`: the organization, the audit's scope, evidence defaults and collectors.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::collector::{self, CollectorSpec};
use crate::dates::{Duration, Period};
use crate::diagnostic::{Diagnostic, Diagnostics, Position, did_you_mean};
use crate::repo::people::{self, People, Person, RawPerson};

pub use crate::files::CONFIG_FILE;

/// Type I tests design at a point in time; Type II tests operation over a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuditType {
    Type1,
    Type2,
}

/// What the audit covers.
#[derive(Clone, Debug, Serialize)]
pub struct Audit {
    pub framework: String,
    #[serde(rename = "type")]
    pub kind: AuditType,
    pub period: Option<Period>,
    /// In-scope categories; always holds `security`.
    pub categories: Vec<String>,
    /// Type II: the share of a population's items that may deviate before
    /// the control is reported as not operating effectively, in percent
    /// (`tolerable_deviation_rate = "5%"`, the default).
    pub tolerable_deviation_rate: f64,
}

/// The tolerable deviation rate when `soc2.toml` sets none, in percent.
pub const DEFAULT_TOLERABLE_DEVIATION_RATE: f64 = 5.0;

/// The parsed `soc2.toml`.
#[derive(Clone, Debug)]
pub struct Config {
    /// Variables for policy templates and report headers.
    pub organization: BTreeMap<String, toml::Value>,
    /// Role name → person, so controls can say `owner: role:security-officer`.
    pub roles: BTreeMap<String, String>,
    /// `[[people]]`, merged with `[roles]` and the `[organization]` role variables.
    pub people: People,
    /// `[signoff]`: rules for reviews and approvals.
    pub signoff: Signoff,
    pub audit: Audit,
    /// Default freshness of collected evidence.
    pub max_age: Duration,
    pub collectors: Vec<CollectorSpec>,
    /// `[[reviews]]`: who reviews groups of controls, and how often.
    pub review_groups: Vec<ReviewGroup>,
    /// `[library] builtin`: the built-in library version this repo falls back to, and where it is set.
    pub builtin_library: Option<(String, Position)>,
    /// Where `[audit] categories` entries sit, for cross-checks against the framework.
    pub category_positions: Vec<Position>,
    pub framework_position: Position,
    /// `[repositories.NAME]`: other git repositories (the product's code)
    /// whose files controls name in `paths:` as `NAME:glob`.
    pub repositories: BTreeMap<String, RepositorySpec>,
    /// `[not_applicable]`: control id → why it does not apply here.
    pub not_applicable: BTreeMap<String, NotApplicable>,
}

/// A control that does not apply to this organization (a built-in one for a
/// stack it does not run), and the reason the auditor reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotApplicable {
    pub reason: String,
    /// Where its key is written in soc2.toml.
    pub position: Position,
}

/// A git repository named in `[repositories.NAME]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepositorySpec {
    /// Its work tree, relative to the compliance repo root (or absolute), as written.
    pub path: String,
    pub position: Position,
}

impl Config {
    pub fn organization_name(&self) -> Option<&str> {
        self.organization.get("name").and_then(toml::Value::as_str)
    }

    /// The person an owner, reviewer or signer reference names, as people see
    /// them (their name, else their email); an unknown reference as written.
    pub fn resolve_owner(&self, owner: &str) -> String {
        self.people.display(owner)
    }

    /// The person `reference` (`role:NAME`, an email, a name or a GitHub login) names.
    pub fn person(&self, reference: &str) -> Option<&Person> {
        self.people.resolve(reference)
    }

    pub fn collector(&self, name: &str) -> Option<&CollectorSpec> {
        self.collectors.iter().find(|c| c.name == name)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    organization: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    #[serde(default)]
    roles: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    people: Vec<Spanned<RawPersonToml>>,
    #[serde(default)]
    signoff: RawSignoff,
    #[serde(default)]
    audit: RawAudit,
    #[serde(default)]
    evidence: RawEvidence,
    /// Read with their positions by [`collector::parse_all`].
    #[serde(default, rename = "collectors")]
    _collectors: toml::Table,
    #[serde(default)]
    reviews: Vec<Spanned<RawTable>>,
    #[serde(default)]
    library: Option<RawLibrary>,
    #[serde(default)]
    repositories: BTreeMap<String, RawRepository>,
    #[serde(default)]
    not_applicable: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// `[repositories.NAME]`: a product repository controls point into.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRepository {
    path: Spanned<String>,
}

/// `[library]`: use the built-in controls and queries under the repo's own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLibrary {
    builtin: Spanned<String>,
}

/// A TOML table whose keys and values keep their spans.
type RawTable = BTreeMap<Spanned<String>, Spanned<toml::Value>>;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAudit {
    framework: Option<Spanned<String>>,
    #[serde(rename = "type")]
    kind: Option<Spanned<String>>,
    period: Option<Spanned<String>>,
    categories: Option<Vec<Spanned<String>>>,
    tolerable_deviation_rate: Option<Spanned<toml::Value>>,
}

/// One `[[people]]` entry as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPersonToml {
    name: Option<Spanned<String>>,
    email: Option<Spanned<String>>,
    github: Option<Spanned<String>>,
    #[serde(default)]
    roles: Vec<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSignoff {
    separation_of_duties: Option<Spanned<String>>,
}

/// What happens when a person reviews or approves what they own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Separation {
    /// Recorded and counted, and flagged in validate, check and report (the default).
    #[default]
    Warn,
    /// Refused by `soc2 review`; such a record already in the repo does not count.
    Refuse,
    /// Not checked.
    Off,
}

impl Separation {
    pub fn as_str(self) -> &'static str {
        match self {
            Separation::Warn => "warn",
            Separation::Refuse => "refuse",
            Separation::Off => "off",
        }
    }
}

/// `[signoff]`: rules for who may review, approve and accept.
#[derive(Clone, Debug, Default)]
pub struct Signoff {
    /// A review or approval by the owner of what is reviewed (`separation_of_duties`).
    pub separation_of_duties: Separation,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawEvidence {
    max_age: Option<Spanned<String>>,
}

/// Parse `soc2.toml`, reporting every problem found.
pub fn parse(text: &str) -> Result<Config, Diagnostics> {
    let mut diags = Diagnostics::new();
    let at = |span: Range<usize>| Position::of_offset(text, span.start);
    let err = |span: Range<usize>, msg: String| Diagnostic::error(CONFIG_FILE, msg).at(at(span)).with_source(text);

    let raw: RawConfig = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let (message, hint) = reword_toml(e.message());
            let pos = e.span().map_or(Position::new(1, 1), at);
            diags.push(Diagnostic::error(CONFIG_FILE, message).at(pos).with_hint_opt(hint).with_source(text));
            return Err(diags);
        }
    };

    let framework = raw.audit.framework.as_ref();
    let framework_position = framework.map_or(Position::new(1, 1), |f| at(f.span()));
    let framework = framework.map_or_else(|| crate::repo::framework::BUILTIN_ID.to_owned(), |f| f.get_ref().clone());

    let kind = match &raw.audit.kind {
        None => AuditType::Type1,
        Some(k) => match k.get_ref().as_str() {
            "type1" => AuditType::Type1,
            "type2" => AuditType::Type2,
            other => {
                diags.push(
                    err(k.span(), format!("`audit.type` must be `type1` or `type2`, not `{other}`"))
                        .with_hint("Type I reports on design at a date; Type II on operation over a period"),
                );
                AuditType::Type1
            }
        },
    };

    let period = raw.audit.period.as_ref().and_then(|p| match p.get_ref().parse::<Period>() {
        Ok(p) => Some(p),
        Err(e) => {
            diags.push(err(p.span(), format!("`audit.period`: {}", e.message)).with_hint(e.hint));
            None
        }
    });
    if kind == AuditType::Type2 && raw.audit.period.is_none() {
        let pos = raw.audit.kind.as_ref().map_or(0..0, Spanned::span);
        diags.push(
            err(pos, "a `type2` audit needs `audit.period`".into())
                .with_hint("add `period = \"2026-01-01..2026-12-31\"` under [audit]"),
        );
    }

    let tolerable_deviation_rate = match &raw.audit.tolerable_deviation_rate {
        None => DEFAULT_TOLERABLE_DEVIATION_RATE,
        Some(v) => match parse_rate(v.get_ref()) {
            Ok(rate) => rate,
            Err(message) => {
                diags.push(
                    err(v.span(), format!("`audit.tolerable_deviation_rate`: {message}"))
                        .with_hint("write a percentage from 0% to 100%, e.g. `tolerable_deviation_rate = \"5%\"`"),
                );
                DEFAULT_TOLERABLE_DEVIATION_RATE
            }
        },
    };

    let mut categories = vec!["security".to_owned()];
    let mut category_positions = vec![framework_position];
    for c in raw.audit.categories.iter().flatten() {
        if !categories.contains(c.get_ref()) {
            categories.push(c.get_ref().clone());
            category_positions.push(at(c.span()));
        }
    }

    let max_age = match &raw.evidence.max_age {
        None => Duration::from_days(7),
        Some(m) => m.get_ref().parse().unwrap_or_else(|e: crate::dates::ParseError| {
            diags.push(err(m.span(), format!("`evidence.max_age`: {}", e.message)).with_hint(e.hint));
            Duration::from_days(7)
        }),
    };

    let collectors = collector::parse_all(text, &mut diags);

    let review_groups = raw.reviews.iter().filter_map(|table| parse_review_group(text, table, &mut diags)).collect();
    let builtin_library = raw.library.as_ref().map(|l| {
        let version = l.builtin.get_ref().trim().to_owned();
        let valid = version.split('.').count() == 3 && version.split('.').all(|p| p.parse::<u32>().is_ok());
        if !valid {
            diags.push(
                err(l.builtin.span(), format!("`library.builtin`: `{version}` is not a soc2 version")).with_hint(
                    format!(
                        "write the version of soc2 the repo follows, e.g. `builtin = \"{}\"`",
                        crate::files::LIBRARY_VERSION
                    ),
                ),
            );
        }
        (version, at(l.builtin.span()))
    });

    let separation_of_duties = match &raw.signoff.separation_of_duties {
        None => Separation::Warn,
        Some(v) => match v.get_ref().as_str() {
            "warn" => Separation::Warn,
            "refuse" => Separation::Refuse,
            "off" => Separation::Off,
            other => {
                let hint = did_you_mean(other, ["warn", "refuse", "off"])
                    .map_or_else(|| "one of: warn, refuse, off".to_owned(), |s| format!("did you mean `{s}`?"));
                diags.push(
                    err(v.span(), format!("`signoff.separation_of_duties` must be warn, refuse or off, not `{other}`"))
                        .with_hint(hint),
                );
                Separation::Warn
            }
        },
    };
    let people = parse_people(text, &raw, &mut diags);
    let organization = raw.organization.iter().map(|(k, v)| (k.get_ref().clone(), v.get_ref().clone())).collect();
    let roles = raw.roles.iter().map(|(k, v)| (k.get_ref().clone(), v.get_ref().clone())).collect();
    let mut repositories = BTreeMap::new();
    for (name, r) in raw.repositories {
        let pos = at(r.path.span());
        if !is_repository_name(&name) {
            diags.push(
                err(r.path.span(), format!("`repositories.{name}`: a repository name is letters, digits, `-` and `_`"))
                    .with_hint("controls name it in `paths:` as `NAME:glob`"),
            );
        } else if r.path.get_ref().trim().is_empty() {
            diags.push(
                err(r.path.span(), format!("`repositories.{name}.path` is empty"))
                    .with_hint("the repository's work tree, relative to this repo, e.g. `path = \"../product\"`"),
            );
        }
        repositories.insert(name, RepositorySpec { path: r.path.into_inner(), position: pos });
    }

    let mut not_applicable = BTreeMap::new();
    for (id, reason) in raw.not_applicable {
        if reason.get_ref().trim().is_empty() {
            diags.push(
                err(reason.span(), format!("`not_applicable.{}`: the reason is empty", id.get_ref())).with_hint(
                    "say why the control does not apply, e.g. \"we run no Kubernetes\": the auditor reads it",
                ),
            );
        }
        let position = at(id.span());
        not_applicable
            .insert(id.into_inner(), NotApplicable { reason: reason.into_inner().trim().to_owned(), position });
    }

    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Config {
        organization,
        roles,
        people,
        signoff: Signoff { separation_of_duties },
        audit: Audit { framework, kind, period, categories, tolerable_deviation_rate },
        max_age,
        collectors,
        review_groups,
        builtin_library,
        category_positions,
        framework_position,
        repositories,
        not_applicable,
    })
}

/// A name `[repositories.NAME]` and `paths: ["NAME:glob"]` accept.
pub fn is_repository_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `[[people]]`, `[roles]` and the `[organization]` role variables, as one list of people.
fn parse_people(text: &str, raw: &RawConfig, diags: &mut Diagnostics) -> People {
    let at = |span: Range<usize>| Position::of_offset(text, span.start);
    let err = |pos: Position, msg: String| Diagnostic::error(CONFIG_FILE, msg).at(pos).with_source(text);
    let string = |v: &Option<Spanned<String>>| v.as_ref().map(|s| (s.get_ref().trim().to_owned(), at(s.span())));
    let declared: Vec<RawPerson> = raw
        .people
        .iter()
        .map(|p| {
            let entry = p.get_ref();
            RawPerson {
                name: string(&entry.name).filter(|(n, _)| !n.is_empty()),
                email: string(&entry.email).filter(|(e, _)| !e.is_empty()),
                github: string(&entry.github).filter(|(g, _)| !g.is_empty()),
                roles: entry.roles.iter().map(|r| (r.get_ref().trim().to_owned(), at(r.span()))).collect(),
                position: at(p.span()),
            }
        })
        .collect();
    let roles: Vec<(String, String, Position)> =
        raw.roles.iter().map(|(k, v)| (k.get_ref().clone(), v.get_ref().clone(), at(v.span()))).collect();
    let organization: Vec<(String, String, Position)> = raw
        .organization
        .iter()
        .filter_map(|(k, v)| Some((k.get_ref().clone(), v.get_ref().as_str()?.to_owned(), at(v.span()))))
        .collect();
    people::build(declared, &roles, &organization, diags, &err)
}

/// `"5%"` → 5.0.
fn parse_rate(v: &toml::Value) -> Result<f64, String> {
    let toml::Value::String(s) = v else {
        return Err(format!("expected a percentage string such as \"5%\", found {}", v.type_str()));
    };
    let number = s.trim().strip_suffix('%').ok_or_else(|| format!("`{s}` is not a percentage"))?;
    match number.trim().parse::<f64>() {
        Ok(n) if (0.0..=100.0).contains(&n) => Ok(n),
        _ => Err(format!("`{s}` is not a percentage from 0% to 100%")),
    }
}

/// Which controls a `[[reviews]]` entry covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReviewScope {
    /// Controls mapped to a criterion with one of these prefixes (`CC6`, `CC6.1`).
    Criteria(Vec<String>),
    /// Controls mapped to a criterion of this category.
    Category(String),
    /// Every control of the framework.
    All,
}

/// One `[[reviews]]` entry: who reviews a group of controls, and how often.
/// A control's own `review:` wins over every group; among groups the most
/// specific match wins (criteria over category over the whole framework, a
/// longer criteria prefix over a shorter one), then the first declared.
#[derive(Clone, Debug)]
pub struct ReviewGroup {
    pub scope: ReviewScope,
    /// A person or `role:NAME`; without it the control's owner reviews.
    pub reviewer: Option<String>,
    pub every: Duration,
    /// Where the entry and each of its scope values sit, for cross-checks.
    pub position: Position,
    pub scope_positions: Vec<Position>,
}

const REVIEW_GROUP_KEYS: [&str; 5] = ["criteria", "category", "reviewer", "owner", "every"];

fn parse_review_group(text: &str, table: &Spanned<RawTable>, diags: &mut Diagnostics) -> Option<ReviewGroup> {
    let at = |span: Range<usize>| Position::of_offset(text, span.start);
    let err = |pos: Position, msg: String| Diagnostic::error(CONFIG_FILE, msg).at(pos).with_source(text);
    let position = at(table.span());
    let table = table.get_ref();
    let get = |key: &str| table.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v);
    let before = diags.error_count();
    for key in table.keys() {
        if !REVIEW_GROUP_KEYS.contains(&key.get_ref().as_str()) {
            let hint = match did_you_mean(key.get_ref(), REVIEW_GROUP_KEYS) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("a [[reviews]] entry takes: {}", REVIEW_GROUP_KEYS.join(", ")),
            };
            diags.push(err(at(key.span()), format!("`reviews.{}`: unknown field", key.get_ref())).with_hint(hint));
        }
    }
    let string = |key: &str, diags: &mut Diagnostics| -> Option<(String, Position)> {
        let v = get(key)?;
        match v.get_ref() {
            toml::Value::String(s) if !s.trim().is_empty() => Some((s.clone(), at(v.span()))),
            other => {
                diags.push(err(
                    at(v.span()),
                    format!("`reviews.{key}` must be a non-empty string, found {}", describe_value(other)),
                ));
                None
            }
        }
    };
    let every = match get("every") {
        None => {
            diags.push(
                err(position, "a [[reviews]] entry needs `every`".into())
                    .with_hint("add `every = \"90d\"`: how often the controls are reviewed"),
            );
            None
        }
        Some(v) => match v.get_ref().as_str().map(str::parse::<Duration>) {
            Some(Ok(d)) => Some(d),
            Some(Err(e)) => {
                diags.push(err(at(v.span()), format!("`reviews.every`: {}", e.message)).with_hint(e.hint));
                None
            }
            None => {
                diags.push(err(at(v.span()), "`reviews.every` must be a duration string like \"90d\"".into()));
                None
            }
        },
    };
    let reviewer = string("reviewer", diags);
    let owner = string("owner", diags);
    if let (Some(_), Some((_, pos))) = (&reviewer, &owner) {
        diags.push(
            err(*pos, "a [[reviews]] entry has both `reviewer` and `owner`".into())
                .with_hint("they mean the same: keep one"),
        );
    }
    let reviewer = reviewer.or(owner).map(|(s, _)| s);
    let category = string("category", diags);
    let criteria = match get("criteria") {
        None => None,
        Some(v) => match v.get_ref() {
            toml::Value::Array(items) if !items.is_empty() => {
                let mut out = Vec::new();
                for item in items {
                    match item.as_str() {
                        Some(s) if !s.trim().is_empty() => out.push(s.trim().to_owned()),
                        _ => diags.push(err(
                            at(v.span()),
                            "`reviews.criteria` must list criteria prefixes as strings, e.g. [\"CC6\", \"A1\"]".into(),
                        )),
                    }
                }
                Some((out, at(v.span())))
            }
            toml::Value::String(s) if !s.trim().is_empty() => Some((vec![s.trim().to_owned()], at(v.span()))),
            _ => {
                diags.push(err(
                    at(v.span()),
                    "`reviews.criteria` must list criteria prefixes, e.g. [\"CC6\", \"A1\"]".into(),
                ));
                None
            }
        },
    };
    let scope = match (criteria, category) {
        (Some(_), Some((_, pos))) => {
            diags.push(
                err(pos, "a [[reviews]] entry has both `criteria` and `category`".into())
                    .with_hint("use two entries; the more specific one wins for a control in both"),
            );
            return None;
        }
        (Some((c, pos)), None) => (ReviewScope::Criteria(c), vec![pos]),
        (None, Some((c, pos))) => (ReviewScope::Category(c), vec![pos]),
        (None, None) => (ReviewScope::All, Vec::new()),
    };
    if diags.error_count() > before {
        return None;
    }
    Some(ReviewGroup { scope: scope.0, reviewer, every: every?, position, scope_positions: scope.1 })
}

fn describe_value(v: &toml::Value) -> String {
    match v {
        toml::Value::String(_) => "an empty string".to_owned(),
        other => other.type_str().to_owned(),
    }
}

/// Make toml's serde messages name the table and suggest close names.
fn reword_toml(message: &str) -> (String, Option<String>) {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((field, expected)) = rest.split_once('`')
    {
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let hint = match did_you_mean(field, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("known fields here: {}", known.join(", ")),
        };
        return (format!("unknown field `{field}`"), Some(hint));
    }
    (message.to_owned(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config_defaults() {
        let c = parse("[organization]\nname = \"Acme\"\n").unwrap();
        assert_eq!(c.audit.framework, "soc2-2017");
        assert_eq!(c.audit.categories, ["security"]);
        assert_eq!(c.max_age, Duration::from_days(7));
        assert_eq!(c.audit.tolerable_deviation_rate, 5.0);
    }

    #[test]
    fn tolerable_deviation_rate_is_a_percentage() {
        let c = parse("[audit]\ntolerable_deviation_rate = \"2.5%\"\n").unwrap();
        assert_eq!(c.audit.tolerable_deviation_rate, 2.5);
        for bad in ["0.05", "\"5\"", "\"120%\"", "\"x%\""] {
            let Err(d) = parse(&format!("[audit]\ntolerable_deviation_rate = {bad}\n")) else { panic!("{bad}") };
            assert!(d.to_string().contains("soc2.toml:2:28: error: `audit.tolerable_deviation_rate`"), "{d}");
        }
    }

    #[test]
    fn collectors_are_checked() {
        let Err(d) = parse("[collectors.hr]\nkind = \"file\"\npaht = \"x.csv\"\n") else { panic!() };
        let text = d.to_string();
        assert!(text.contains("soc2.toml:3:1: error: `collectors.hr.paht`"), "{text}");
        assert!(text.contains("did you mean `path`?"), "{text}");
    }
}
