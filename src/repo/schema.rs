//! JSON Schemas of the hand-written files, for editor completion and checks
//! in other tools: controls and policy front matter are generated from the
//! very types soc2 parses them with (`schemars`), and so are the collector
//! options of `soc2.toml`; its other tables are parsed with spans, so a
//! schema-only mirror of them lives here.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde_json::Value;

use crate::repo::collector;
use crate::repo::control::ControlDef;
use crate::repo::policy::PolicyMeta;

/// The schemas soc2 publishes: (file name, what it describes, schema).
pub fn all() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        ("control.schema.json", "controls/*.yaml", control()),
        ("policy.schema.json", "the front matter of policies/*.md", policy()),
        ("soc2.toml.schema.json", "soc2.toml", soc2_toml()),
    ]
}

pub fn control() -> Value {
    with_meta(schemars::schema_for!(ControlDef), "soc2 control", "A control: controls/<id>.yaml.")
}

pub fn policy() -> Value {
    with_meta(
        schemars::schema_for!(PolicyMeta),
        "soc2 policy front matter",
        "The YAML front matter of a policy: policies/<id>.md, between the `---` lines.",
    )
}

pub fn soc2_toml() -> Value {
    with_meta(schemars::schema_for!(Soc2Toml), "soc2.toml", "The root of a soc2 compliance repo.")
}

fn with_meta(schema: schemars::Schema, title: &str, description: &str) -> Value {
    let mut value = schema.to_value();
    if let Some(obj) = value.as_object_mut() {
        obj.insert("title".into(), Value::String(title.into()));
        obj.insert("description".into(), Value::String(description.into()));
    }
    value
}

/// soc2.toml, as `config::parse` accepts it.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Soc2Toml {
    /// Variables for the policy templates and report headers (`name`, `domain`, `security_officer`, …).
    #[serde(default)]
    organization: BTreeMap<String, Value>,
    /// Role name → person (an email or name of `people`), so controls can say `owner: role:security-officer`.
    #[serde(default)]
    roles: BTreeMap<String, String>,
    /// Everyone who owns, reviews, approves or signs: one entry per person.
    #[serde(default)]
    people: Vec<Person>,
    /// Rules for reviews and approvals.
    #[serde(default)]
    signoff: Option<Signoff>,
    #[serde(default)]
    audit: Option<Audit>,
    #[serde(default)]
    evidence: Option<Evidence>,
    /// Collectors by name; the name is the prefix of their evidence tables.
    #[serde(default)]
    collectors: BTreeMap<String, Collector>,
    /// `[[reviews]]`: who reviews groups of controls, and how often.
    #[serde(default)]
    reviews: Option<Vec<serde_json::Value>>,
    #[serde(default)]
    library: Option<Library>,
    /// Other git repositories (the product's code) that controls name in `paths:` as `NAME:glob`.
    #[serde(default)]
    repositories: BTreeMap<String, Repository>,
    /// Controls that do not apply here (`AC-14 = "our identity provider is Entra ID"`): out of
    /// scope, with the reason shown to the auditor.
    #[serde(default)]
    not_applicable: BTreeMap<String, String>,
}

/// A git repository whose changes `soc2 impact --repo NAME` reads.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Repository {
    /// Its work tree, relative to the compliance repo root, e.g. `../product`.
    path: String,
}

/// Fall back to the controls and queries built into soc2 (the repo's own files come first).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Library {
    /// The soc2 version whose library the repo follows, e.g. `0.1.0`.
    #[schemars(regex(pattern = r"^\d+\.\d+\.\d+$"))]
    builtin: String,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Audit {
    /// `soc2-2017` (built in) or the id of a frameworks/<id>.yaml.
    framework: Option<String>,
    #[serde(rename = "type")]
    kind: Option<AuditType>,
    /// The Type II period, `START..END`.
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$"))]
    period: Option<String>,
    /// Categories in scope; security always is.
    categories: Option<Vec<CategoryName>>,
    /// Type II: the share of a population's items that may deviate, e.g. `"5%"` (the default).
    #[schemars(regex(pattern = r"^\s*\d+(\.\d+)?\s*%\s*$"))]
    tolerable_deviation_rate: Option<String>,
}

/// One `[[people]]` entry; owners, reviewers and `--by` name a person by email, name or GitHub login.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Person {
    name: Option<String>,
    email: Option<String>,
    /// GitHub login, without `@`.
    github: Option<String>,
    /// Roles the person holds: `owner: role:NAME` resolves to them. `reviewer` and `auditor` may accept controls.
    #[serde(default)]
    roles: Vec<String>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Signoff {
    /// A review or approval by the owner of what is reviewed: `warn` (default), `refuse` or `off`.
    separation_of_duties: Option<SeparationMode>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum SeparationMode {
    Warn,
    Refuse,
    Off,
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum AuditType {
    /// Design at a point in time.
    Type1,
    /// Operation over `period`.
    Type2,
}

/// A category of the audit framework: SOC 2's five, or one of a custom framework.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum CategoryName {
    Known(Category),
    Other(String),
}

#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)]
enum Category {
    Security,
    Availability,
    Confidentiality,
    ProcessingIntegrity,
    Privacy,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Evidence {
    /// Collected evidence older than this makes its controls `stale` (default 7d).
    max_age: Option<crate::dates::Duration>,
}

/// One `[collectors.NAME]` table; `kind` decides the other keys. The
/// options are the very types `soc2.toml` is parsed into.
#[derive(JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
#[allow(dead_code)]
enum Collector {
    /// A git repository: tables <name>_commits, _merges, _tags, _branches, _files.
    #[schemars(extend("unevaluatedProperties" = false))]
    Git(Collecting<collector::GitOptions>),
    /// A GitHub organization: repos, branch protection, members, pulls, Dependabot alerts.
    #[schemars(extend("unevaluatedProperties" = false))]
    Github(Collecting<collector::GithubOptions>),
    /// Any JSON API.
    #[schemars(extend("unevaluatedProperties" = false))]
    Http(Collecting<collector::HttpOptions>),
    /// A program's output.
    #[schemars(extend("unevaluatedProperties" = false))]
    Command(Collecting<collector::CommandOptions>),
    /// A CSV, JSON, JSONL or YAML file (or glob) in the repo.
    #[schemars(extend("unevaluatedProperties" = false))]
    File(Collecting<collector::FileOptions>),
    /// Rows of a Steampipe query (`steampipe query --output json`).
    #[schemars(extend("unevaluatedProperties" = false))]
    Steampipe(Collecting<collector::SteampipeOptions>),
}

/// A kind's options beside the keys every collector takes.
#[derive(JsonSchema)]
#[allow(dead_code)]
#[schemars(rename = "{T}WithCommon")]
struct Collecting<T> {
    #[serde(flatten)]
    common: collector::CommonOptions,
    #[serde(flatten)]
    options: T,
}
