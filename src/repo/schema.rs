//! JSON Schemas of the hand-written files, for editor completion and checks
//! in other tools: controls and policy front matter are generated from the
//! very types soc2 parses them with (`schemars`); `soc2.toml` is parsed with
//! spans, so a schema-only mirror of it lives here.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde_json::Value;

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
    /// Role name → person, so controls can say `owner: role:security-officer`.
    #[serde(default)]
    roles: BTreeMap<String, String>,
    #[serde(default)]
    audit: Option<Audit>,
    #[serde(default)]
    evidence: Option<Evidence>,
    /// Collectors by name; the name is the prefix of their evidence tables.
    #[serde(default)]
    collectors: BTreeMap<String, Collector>,
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

/// One `[collectors.NAME]` table; `kind` decides the other keys.
#[derive(JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
#[allow(dead_code)]
enum Collector {
    /// A git repository: tables <name>_commits, _merges, _tags, _branches, _files.
    Git {
        /// The repository, relative to the repo root (default `.`).
        path: Option<String>,
        /// Only history since this date.
        since: Option<String>,
        /// Read this branch instead of HEAD.
        branch: Option<String>,
        every: Option<crate::dates::Duration>,
        max_age: Option<crate::dates::Duration>,
        description: Option<String>,
    },
    /// A GitHub organization: repos, branch protection, members, pulls, Dependabot alerts.
    Github {
        org: String,
        /// The environment variable holding the token (never the token).
        token_env: Option<String>,
        /// GitHub Enterprise Server API, e.g. https://ghe.example/api/v3.
        api_url: Option<String>,
        since: Option<String>,
        repos: Option<Vec<String>>,
        every: Option<crate::dates::Duration>,
        max_age: Option<crate::dates::Duration>,
        description: Option<String>,
    },
    /// Any JSON API.
    Http {
        url: String,
        method: Option<String>,
        /// Header values may use `${ENV_VAR}`.
        headers: Option<BTreeMap<String, String>>,
        body: Option<String>,
        /// Where the rows are in the response, e.g. `data.items`.
        select: Option<String>,
        paginate: Option<Paginate>,
        cursor_field: Option<String>,
        cursor_param: Option<String>,
        timeout: Option<crate::dates::Duration>,
        retries: Option<u32>,
        every: Option<crate::dates::Duration>,
        max_age: Option<crate::dates::Duration>,
        description: Option<String>,
    },
    /// A program's output.
    Command {
        /// An argv array, or one string with `shell = true`.
        run: Run,
        shell: Option<bool>,
        timeout: Option<crate::dates::Duration>,
        format: Option<RowFormat>,
        select: Option<String>,
        env: Option<BTreeMap<String, String>>,
        cwd: Option<String>,
        every: Option<crate::dates::Duration>,
        max_age: Option<crate::dates::Duration>,
        description: Option<String>,
    },
    /// A CSV, JSON, JSONL or YAML file (or glob) in the repo.
    File {
        path: String,
        format: Option<RowFormat>,
        select: Option<String>,
        every: Option<crate::dates::Duration>,
        max_age: Option<crate::dates::Duration>,
        description: Option<String>,
    },
}

#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum Run {
    Argv(Vec<String>),
    Shell(String),
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum Paginate {
    None,
    Link,
    Cursor,
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum RowFormat {
    Json,
    Jsonl,
    Csv,
    Yaml,
}
