//! `[collectors.NAME]` tables of `soc2.toml`: one typed set of options per
//! kind, parsed with their positions. `soc2 validate`, `soc2 collect` and
//! the JSON Schema (`soc2 schema`) all read these very types, so a mistake
//! in any collector is reported where it is written, whether or not its
//! snapshot is due.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::config::CONFIG_FILE;
use crate::dates::Duration;
use crate::diagnostic::{Diagnostic, Diagnostics, Position, did_you_mean};
use crate::evidence::RECORD_DIRS;

/// The collector kinds `soc2 collect` knows how to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CollectorKind {
    Git,
    Github,
    Http,
    Command,
    File,
    Steampipe,
}

impl CollectorKind {
    pub const ALL: [&'static str; 6] = ["git", "github", "http", "command", "file", "steampipe"];

    pub fn as_str(self) -> &'static str {
        match self {
            CollectorKind::Git => "git",
            CollectorKind::Github => "github",
            CollectorKind::Http => "http",
            CollectorKind::Command => "command",
            CollectorKind::File => "file",
            CollectorKind::Steampipe => "steampipe",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "git" => CollectorKind::Git,
            "github" => CollectorKind::Github,
            "http" => CollectorKind::Http,
            "command" => CollectorKind::Command,
            "file" => CollectorKind::File,
            "steampipe" => CollectorKind::Steampipe,
            _ => return None,
        })
    }

    /// The datasets a collector of this kind writes; `None` means one, named after the collector.
    pub fn datasets(self) -> Option<&'static [&'static str]> {
        match self {
            CollectorKind::Git => Some(&["commits", "merges", "tags", "branches", "files"]),
            CollectorKind::Github => {
                Some(&["repos", "branch_protection", "members", "outside_collaborators", "pulls", "dependabot_alerts"])
            }
            _ => None,
        }
    }
}

/// Keys every collector takes, whatever its kind.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommonOptions {
    /// Skip the collector while its snapshot is younger than this.
    pub every: Option<Duration>,
    /// Evidence older than this is stale; defaults to `[evidence] max_age`.
    pub max_age: Option<Duration>,
    /// What the collector is for, shown to people.
    pub description: Option<String>,
}

const COMMON_KEYS: [&str; 4] = ["kind", "every", "max_age", "description"];

/// A git repository: tables `<name>_commits`, `_merges`, `_tags`, `_branches`, `_files`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GitOptions {
    /// The repository, relative to the repo root (default `.`).
    #[serde(default = "current_dir")]
    pub path: String,
    /// Only history since this date (`YYYY-MM-DD` or RFC 3339).
    pub since: Option<String>,
    /// Read this branch instead of HEAD.
    pub branch: Option<String>,
}

fn current_dir() -> String {
    ".".to_owned()
}

/// A GitHub organization: repos, branch protection, members, outside collaborators, pulls, Dependabot alerts.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GithubOptions {
    /// The organization's login.
    pub org: String,
    /// The environment variable holding the token (never the token), default `GITHUB_TOKEN`.
    pub token_env: Option<String>,
    /// GitHub Enterprise Server API, e.g. `https://ghe.example/api/v3`.
    pub api_url: Option<String>,
    /// Pull requests merged since this date (default: the audit period's start, else 90 days).
    pub since: Option<String>,
    /// Only these repositories (default: all of the organization's).
    pub repos: Option<Vec<String>>,
    /// A regular expression for a ticket reference in a pull request's title, branch or body
    /// (default `\b[A-Z][A-Z0-9]{1,9}-[0-9]+\b`, a Jira-style key such as `OPS-123`).
    pub ticket_pattern: Option<String>,
}

/// Any JSON API.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HttpOptions {
    /// The URL; may use `${ENV_VAR}`.
    pub url: String,
    /// GET (default), POST, PUT, PATCH, DELETE, HEAD or OPTIONS.
    pub method: Option<String>,
    /// Header values may use `${ENV_VAR}`.
    pub headers: Option<BTreeMap<String, String>>,
    /// A request body; may use `${ENV_VAR}`.
    pub body: Option<String>,
    /// Where the rows are in the response, e.g. `data.items`.
    pub select: Option<String>,
    pub paginate: Option<Paginate>,
    /// With `paginate = "cursor"`: where the next cursor is in a response, e.g. `meta.next_cursor`.
    pub cursor_field: Option<String>,
    /// With `paginate = "cursor"`: the query parameter that sends it.
    pub cursor_param: Option<String>,
    /// With `paginate = "next"`: where the next page's URL is in a response, e.g.
    /// `@odata.nextLink` (Microsoft Graph) or `links.next`.
    pub next_field: Option<String>,
    /// With `paginate = "offset"`: the query parameter counting the rows read so far (default `offset`).
    pub offset_param: Option<String>,
    /// With `paginate = "offset"`: a response field that is true while more pages follow, e.g.
    /// `more` (PagerDuty); without it, paging stops at the first page without rows.
    pub more_field: Option<String>,
    /// Per request (default 30s).
    pub timeout: Option<Duration>,
    /// Retries of a failed request (0 to 10, default 3).
    pub retries: Option<u32>,
}

/// How an `http` collector follows pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Paginate {
    /// One request.
    None,
    /// Follow `Link: <…>; rel="next"` headers.
    Link,
    /// Send the cursor of each response (`cursor_field`) as `cursor_param`.
    Cursor,
    /// Request the URL each response holds at `next_field`.
    Next,
    /// Send the number of rows read so far as `offset_param`.
    Offset,
}

impl Paginate {
    pub fn as_str(self) -> &'static str {
        match self {
            Paginate::None => "none",
            Paginate::Link => "link",
            Paginate::Cursor => "cursor",
            Paginate::Next => "next",
            Paginate::Offset => "offset",
        }
    }
}

/// A program's output.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommandOptions {
    /// An argv array, or one string with `shell = true`.
    pub run: Run,
    /// Run `run` with `sh -c`.
    #[serde(default)]
    pub shell: bool,
    /// Kill the program after this long (default 300s).
    pub timeout: Option<Duration>,
    /// What the program prints (default json).
    pub format: Option<RowFormat>,
    /// Where the rows are in the output, e.g. `Users`.
    pub select: Option<String>,
    /// Extra environment variables; values may use `${ENV_VAR}`.
    pub env: Option<BTreeMap<String, String>>,
    /// The working directory, relative to the repo root (default the root).
    pub cwd: Option<String>,
}

/// A command line: an argv array, or one shell string.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged, expecting = "an array of strings (argv), or one string with `shell = true`")]
pub enum Run {
    Argv(Vec<String>),
    Shell(String),
}

/// Rows of a Steampipe query: `steampipe query --output json "<query>"`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SteampipeOptions {
    /// The SQL, e.g. `select login, status from okta_user`.
    pub query: String,
    /// Look tables up in this connection first (`--search-path-prefix`), e.g. `okta_prod`.
    pub connection: Option<String>,
    /// The Steampipe workspace to query (`--workspace`).
    pub workspace: Option<String>,
    /// Kill steampipe after this long (default 300s).
    pub timeout: Option<Duration>,
    /// Extra environment variables; values may use `${ENV_VAR}`.
    pub env: Option<BTreeMap<String, String>>,
}

/// A CSV, JSON, JSONL or YAML file (or glob) in the repo.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileOptions {
    /// A path or glob relative to the repo root.
    pub path: String,
    /// Default: from the extension.
    pub format: Option<RowFormat>,
    /// Where the rows are inside a JSON or YAML document.
    pub select: Option<String>,
}

/// Formats of documents holding rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RowFormat {
    Json,
    Jsonl,
    Csv,
    Yaml,
    /// SARIF 2.1.0 (Trivy, Grype, Checkov, CodeQL, Semgrep, …): one row per result.
    Sarif,
    /// OCSF Detection Findings as Prowler writes them (`--output-formats json-ocsf`): one row per finding.
    #[serde(alias = "prowler")]
    Ocsf,
}

impl RowFormat {
    pub const NAMES: [&'static str; 6] = ["json", "jsonl", "csv", "yaml", "sarif", "ocsf"];

    /// The format a file name's extension says, if any (`.sarif`, `.ocsf.json` included).
    pub fn from_path(path: &str) -> Option<Self> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".ocsf.json") {
            return Some(RowFormat::Ocsf);
        }
        let ext = lower.rsplit_once('.')?.1;
        Some(match ext {
            "json" => RowFormat::Json,
            "jsonl" | "ndjson" => RowFormat::Jsonl,
            "csv" => RowFormat::Csv,
            "yaml" | "yml" => RowFormat::Yaml,
            "sarif" => RowFormat::Sarif,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RowFormat::Json => "json",
            RowFormat::Jsonl => "jsonl",
            RowFormat::Csv => "csv",
            RowFormat::Yaml => "yaml",
            RowFormat::Sarif => "sarif",
            RowFormat::Ocsf => "ocsf",
        }
    }

    /// Formats of a tool's own document, read as a stream into a normalized table; `select` does not apply.
    pub fn is_adapter(self) -> bool {
        matches!(self, RowFormat::Sarif | RowFormat::Ocsf)
    }
}

/// A collector's kind and the options of that kind.
#[derive(Clone, Debug)]
pub enum CollectorOptions {
    Git(GitOptions),
    Github(GithubOptions),
    Http(HttpOptions),
    Command(CommandOptions),
    File(FileOptions),
    Steampipe(SteampipeOptions),
}

impl CollectorOptions {
    pub fn kind(&self) -> CollectorKind {
        match self {
            CollectorOptions::Git(_) => CollectorKind::Git,
            CollectorOptions::Github(_) => CollectorKind::Github,
            CollectorOptions::Http(_) => CollectorKind::Http,
            CollectorOptions::Command(_) => CollectorKind::Command,
            CollectorOptions::File(_) => CollectorKind::File,
            CollectorOptions::Steampipe(_) => CollectorKind::Steampipe,
        }
    }
}

/// One `[collectors.NAME]` table.
#[derive(Clone, Debug)]
pub struct CollectorSpec {
    pub name: String,
    pub options: CollectorOptions,
    /// Skip the collector while its snapshot is younger than this.
    pub every: Option<Duration>,
    /// Evidence older than this is stale; defaults to `[evidence] max_age`.
    pub max_age: Option<Duration>,
    /// Where the collector's name sits.
    pub position: Position,
    /// Where each of its keys' values sits.
    positions: BTreeMap<String, Position>,
}

impl CollectorSpec {
    pub fn kind(&self) -> CollectorKind {
        self.options.kind()
    }

    /// The SQLite table names this collector's datasets become.
    pub fn tables(&self) -> Vec<(String, String)> {
        match self.kind().datasets() {
            Some(sets) => sets.iter().map(|d| ((*d).to_owned(), format!("{}_{}", self.name, d))).collect(),
            None => vec![(self.name.clone(), self.name.clone())],
        }
    }

    /// `` `collectors.NAME.KEY` `` for messages.
    pub fn field(&self, key: &str) -> String {
        format!("`collectors.{}.{key}`", self.name)
    }

    /// Where option `key` is written, else the collector's name.
    pub fn position_of(&self, key: &str) -> Position {
        self.positions.get(key).copied().unwrap_or(self.position)
    }

    /// A problem with option `key`, located at its value in `soc2.toml` (`text`).
    pub fn error(&self, text: &str, key: &str, message: impl std::fmt::Display) -> Diagnostic {
        Diagnostic::error(CONFIG_FILE, format!("{}: {message}", self.field(key)))
            .at(self.position_of(key))
            .with_source(text)
    }

    /// The file a `file` collector reads, if this is one.
    pub fn file_path(&self) -> Option<&str> {
        match &self.options {
            CollectorOptions::File(f) => Some(&f.path),
            _ => None,
        }
    }
}

/// Parse every `[collectors.NAME]` table of `soc2.toml` (`text`), pushing
/// each problem found; collectors with problems are left out.
pub fn parse_all(text: &str, diags: &mut Diagnostics) -> Vec<CollectorSpec> {
    let Ok(doc) = DeTable::parse(text) else { return Vec::new() };
    let Some(collectors) = doc.get_ref().get("collectors") else { return Vec::new() };
    let DeValue::Table(collectors) = collectors.get_ref() else { return Vec::new() };
    let mut out: Vec<CollectorSpec> =
        collectors.iter().filter_map(|(name, table)| parse_one(text, name, table, diags)).collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn parse_one(
    text: &str,
    name: &Spanned<Cow<'_, str>>,
    table: &Spanned<DeValue<'_>>,
    diags: &mut Diagnostics,
) -> Option<CollectorSpec> {
    let at = |span: std::ops::Range<usize>| Position::of_offset(text, span.start);
    let err = |pos: Position, msg: String| Diagnostic::error(CONFIG_FILE, msg).at(pos).with_source(text);
    let position = at(name.span());
    let name = name.get_ref().to_string();
    let field = |key: &str| format!("`collectors.{name}.{key}`");
    let valid_name = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid_name {
        diags.push(
            err(position, format!("collector name `{name}` cannot be a table name"))
                .with_hint("use lowercase letters, digits and `_`, starting with a letter, e.g. `hr_roster`"),
        );
        return None;
    }
    let DeValue::Table(entries) = table.get_ref() else {
        diags.push(err(position, format!("`collectors.{name}` must be a table, found {}", table.get_ref().type_str())));
        return None;
    };
    let positions: BTreeMap<String, Position> =
        entries.iter().map(|(k, v)| (k.get_ref().to_string(), at(v.span()))).collect();
    let kind = match entries.get("kind") {
        None => {
            diags.push(
                err(position, format!("collector `{name}` has no `kind`"))
                    .with_hint(format!("add `kind = \"...\"`, one of: {}", CollectorKind::ALL.join(", "))),
            );
            return None;
        }
        Some(v) => match v.get_ref().as_str() {
            Some(k) => match CollectorKind::parse(k) {
                Some(kind) => kind,
                None => {
                    let hint = match did_you_mean(k, CollectorKind::ALL) {
                        Some(s) => format!("did you mean `{s}`? kinds: {}", CollectorKind::ALL.join(", ")),
                        None => format!("kinds: {}", CollectorKind::ALL.join(", ")),
                    };
                    diags.push(
                        err(at(v.span()), format!("{}: unknown collector kind `{k}`", field("kind"))).with_hint(hint),
                    );
                    return None;
                }
            },
            None => {
                let found = v.get_ref().type_str();
                diags.push(err(at(v.span()), format!("{} must be a string, found {found}", field("kind"))));
                return None;
            }
        },
    };
    let (mut common, mut own) = (DeTable::new(), DeTable::new());
    for (k, v) in entries.iter() {
        let target = if COMMON_KEYS.contains(&k.get_ref().as_ref()) { &mut common } else { &mut own };
        target.insert(k.clone(), v.clone());
    }
    common.remove("kind");
    let keys = entries.iter().map(|(k, v)| (k.get_ref().to_string(), k.span().start..v.span().end)).collect();
    let ctx = Ctx { text, name: &name, kind, span: table.span(), position, keys };
    let common: CommonOptions = ctx.deserialize(common, diags)?;
    let options = match kind {
        CollectorKind::Git => CollectorOptions::Git(ctx.deserialize(own, diags)?),
        CollectorKind::Github => CollectorOptions::Github(ctx.deserialize(own, diags)?),
        CollectorKind::Http => CollectorOptions::Http(ctx.deserialize(own, diags)?),
        CollectorKind::Command => CollectorOptions::Command(ctx.deserialize(own, diags)?),
        CollectorKind::File => CollectorOptions::File(ctx.deserialize(own, diags)?),
        CollectorKind::Steampipe => CollectorOptions::Steampipe(ctx.deserialize(own, diags)?),
    };
    let spec = CollectorSpec { name, options, every: common.every, max_age: common.max_age, position, positions };
    let before = diags.error_count();
    if RECORD_DIRS.contains(&spec.name.as_str()) {
        diags.push(err(
            position,
            format!("collector name `{}` is reserved: evidence/{}/ holds people's records", spec.name, spec.name),
        ));
    }
    check(&spec, text, diags);
    (diags.error_count() == before).then_some(spec)
}

/// What a collector's options are deserialized in, for locating their errors.
struct Ctx<'a> {
    text: &'a str,
    name: &'a str,
    kind: CollectorKind,
    span: std::ops::Range<usize>,
    /// Where the collector's name is.
    position: Position,
    /// Each key and the text from it to the end of its value.
    keys: Vec<(String, std::ops::Range<usize>)>,
}

impl Ctx<'_> {
    /// Deserialize part of a collector table; a serde error becomes a
    /// diagnostic at the value (or key) it concerns.
    fn deserialize<T: for<'de> Deserialize<'de>>(&self, table: DeTable<'_>, diags: &mut Diagnostics) -> Option<T> {
        let value = Spanned::new(self.span.clone(), DeValue::Table(table));
        match T::deserialize(ValueDeserializer::from(value)) {
            Ok(v) => Some(v),
            Err(e) => {
                let span = e.span().filter(|s| *s != self.span);
                let key = span.as_ref().and_then(|s| self.keys.iter().find(|(_, r)| r.contains(&s.start)));
                let pos = span.map_or(self.position, |s| Position::of_offset(self.text, s.start));
                let (message, hint) = self.reword(e.message(), key.map(|(k, _)| k.as_str()));
                diags.push(Diagnostic::error(CONFIG_FILE, message).at(pos).with_hint_opt(hint).with_source(self.text));
                None
            }
        }
    }

    /// serde's words for people: which collector, which field, what it takes.
    fn reword(&self, message: &str, key: Option<&str>) -> (String, Option<String>) {
        let message = message.trim();
        let hint = crate::dates::hint_for(message).map(str::to_owned);
        let kind = self.kind.as_str();
        if let Some(rest) = message.strip_prefix("unknown field `")
            && let Some((field, expected)) = rest.split_once('`')
        {
            let mut known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            known.extend(COMMON_KEYS);
            let hint = match did_you_mean(field, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("a `{kind}` collector takes: {}", known.join(", ")),
            };
            let message = format!("`collectors.{}.{field}`: unknown field for a `{kind}` collector", self.name);
            return (message, Some(hint));
        }
        if let Some(rest) = message.strip_prefix("missing field `")
            && let Some((field, _)) = rest.split_once('`')
        {
            return (format!("a `{kind}` collector needs `collectors.{}.{field}`", self.name), hint);
        }
        let field = match key {
            Some(k) => format!("`collectors.{}.{k}`", self.name),
            None => format!("`collectors.{}`", self.name),
        };
        if let Some(rest) = message.strip_prefix("invalid type: ")
            && let Some((found, expected)) = rest.split_once(", expected ")
        {
            return (format!("{field}: must be {expected}, found {found}"), hint);
        }
        (format!("{field}: {message}"), hint)
    }
}

/// Checks beyond types: values a collector could not run with.
fn check(spec: &CollectorSpec, text: &str, diags: &mut Diagnostics) {
    let mut fail = |key: &str, message: String, hint: Option<&str>| {
        diags.push(spec.error(text, key, message).with_hint_opt(hint.map(str::to_owned)));
    };
    let select_ok = |s: &Option<String>| s.as_deref().is_none_or(|s| !s.split('.').any(str::is_empty));
    let since_ok = |s: &Option<String>| s.as_deref().is_none_or(|s| crate::dates::parse_timestamp(s).is_ok());
    match &spec.options {
        CollectorOptions::Git(o) => {
            if !since_ok(&o.since) {
                fail("since", format!("invalid date `{}`", o.since.as_deref().unwrap_or("")), Some(DATE_HINT));
            }
        }
        CollectorOptions::Github(o) => {
            let org_ok = !o.org.is_empty()
                && o.org.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
            if !org_ok {
                fail("org", format!("`{}` is not a GitHub organization name", o.org), None);
            }
            if let Some(t) = &o.token_env
                && (t.starts_with("ghp_") || t.starts_with("github_pat_") || t.contains(char::is_whitespace))
            {
                fail(
                    "token_env",
                    "names an environment variable; it holds no token itself".into(),
                    Some("write `token_env = \"GITHUB_TOKEN\"` and export the token in that variable"),
                );
            }
            if let Some(url) = &o.api_url
                && let Err(e) = origin(url)
            {
                fail("api_url", e, None);
            }
            if !since_ok(&o.since) {
                fail("since", format!("invalid date `{}`", o.since.as_deref().unwrap_or("")), Some(DATE_HINT));
            }
            if let Some(p) = &o.ticket_pattern
                && let Err(e) = regex::Regex::new(p)
            {
                let last = e.to_string().lines().last().unwrap_or_default().trim().to_owned();
                let first = last.strip_prefix("error: ").unwrap_or(&last).to_owned();
                fail(
                    "ticket_pattern",
                    format!("`{p}` is not a regular expression: {first}"),
                    Some(
                        "e.g. ticket_pattern = '\\b(OPS|ENG)-[0-9]+\\b' (a TOML literal string keeps the backslashes)",
                    ),
                );
            }
        }
        CollectorOptions::Http(o) => {
            if !o.url.contains("${")
                && let Err(e) = origin(&o.url)
            {
                fail("url", e, None);
            }
            if let Some(m) = &o.method
                && !HTTP_METHODS.contains(&m.to_ascii_uppercase().as_str())
            {
                fail(
                    "method",
                    format!("unknown HTTP method `{m}`"),
                    Some("one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"),
                );
            }
            if o.paginate == Some(Paginate::Cursor) && (o.cursor_field.is_none() || o.cursor_param.is_none()) {
                fail(
                    "paginate",
                    "`cursor` pagination needs `cursor_field` and `cursor_param`".into(),
                    Some("e.g. cursor_field = \"meta.next_cursor\", cursor_param = \"cursor\""),
                );
            }
            if o.paginate == Some(Paginate::Next) && o.next_field.is_none() {
                fail(
                    "paginate",
                    "`next` pagination needs `next_field`, where a response holds the next page's URL".into(),
                    Some("e.g. next_field = \"@odata.nextLink\" (Microsoft Graph) or \"links.next\""),
                );
            }
            for (field, value, mode) in [
                ("cursor_field", &o.cursor_field, Paginate::Cursor),
                ("cursor_param", &o.cursor_param, Paginate::Cursor),
                ("next_field", &o.next_field, Paginate::Next),
                ("offset_param", &o.offset_param, Paginate::Offset),
                ("more_field", &o.more_field, Paginate::Offset),
            ] {
                let Some(value) = value else { continue };
                if o.paginate != Some(mode) {
                    let name = mode.as_str();
                    fail(field, format!("`{field}` is used only with `paginate = \"{name}\"`"), None);
                } else if value.trim().is_empty() {
                    fail(field, format!("`{field}` is empty"), None);
                }
            }
            if o.retries.is_some_and(|r| r > 10) {
                fail("retries", format!("must be between 0 and 10, found {}", o.retries.unwrap_or(0)), None);
            }
            if !select_ok(&o.select) {
                fail(
                    "select",
                    format!("`{}` is not a dotted path", o.select.as_deref().unwrap_or("")),
                    Some(SELECT_HINT),
                );
            }
        }
        CollectorOptions::Command(o) => {
            match (&o.run, o.shell) {
                (Run::Shell(_), false) => fail(
                    "run",
                    "is a string; without `shell = true` it must be an argv array".into(),
                    Some(
                        "write `run = [\"aws\", \"iam\", \"list-users\"]`, or add `shell = true` to run it with sh -c",
                    ),
                ),
                (Run::Argv(_), true) => fail(
                    "run",
                    "with `shell = true`, `run` must be one string".into(),
                    Some("write `run = \"aws iam list-users | jq .Users\"`"),
                ),
                (Run::Argv(argv), false) if argv.first().is_none_or(|a| a.trim().is_empty()) => {
                    fail("run", "is empty".into(), None)
                }
                (Run::Shell(s), true) if s.trim().is_empty() => fail("run", "is empty".into(), None),
                _ => {}
            }
            if o.format == Some(RowFormat::Csv) && o.select.is_some() {
                fail("select", "does not apply to CSV output".into(), None);
            } else if let Some(f) = o.format.filter(|f| f.is_adapter() && o.select.is_some()) {
                fail("select", format!("does not apply to {} output", f.as_str()), Some(ADAPTER_SELECT_HINT));
            } else if !select_ok(&o.select) {
                fail(
                    "select",
                    format!("`{}` is not a dotted path", o.select.as_deref().unwrap_or("")),
                    Some(SELECT_HINT),
                );
            }
        }
        CollectorOptions::File(o) => check_file(o, &mut fail),
        CollectorOptions::Steampipe(o) => {
            if o.query.trim().is_empty() {
                fail("query", "is empty".into(), Some("e.g. query = \"select login, status from okta_user\""));
            }
            for (key, value) in [("connection", &o.connection), ("workspace", &o.workspace)] {
                if let Some(v) = value
                    && (v.trim().is_empty() || v.starts_with('-') || v.contains(char::is_whitespace))
                {
                    fail(key, format!("`{v}` is not a Steampipe {key} name"), None);
                }
            }
        }
    }
}

fn check_file(o: &FileOptions, fail: &mut impl FnMut(&str, String, Option<&str>)) {
    let path = &o.path;
    if path.trim().is_empty() {
        return fail("path", "is empty".into(), None);
    }
    if std::path::Path::new(path).is_absolute() || path.split(['/', '\\']).any(|s| s == "..") {
        return fail(
            "path",
            format!("`{path}` is outside the repo"),
            Some("file collectors read files inside the compliance repo; use a `command` collector for others"),
        );
    }
    if glob::Pattern::new(path).is_err() {
        return fail("path", format!("`{path}` is not a valid glob pattern"), None);
    }
    if o.format.is_none() && !is_glob(path) && RowFormat::from_path(path).is_none() {
        return fail(
            "path",
            format!("cannot tell the format of `{path}` from its extension"),
            Some("add `format = \"csv\"` (or json, jsonl, yaml, sarif, ocsf)"),
        );
    }
    let format = o.format.or_else(|| RowFormat::from_path(path));
    if o.format == Some(RowFormat::Csv) && o.select.is_some() {
        fail("select", "does not apply to CSV files".into(), None);
    } else if let Some(f) = format.filter(|f| f.is_adapter() && o.select.is_some()) {
        fail("select", format!("does not apply to {} files", f.as_str()), Some(ADAPTER_SELECT_HINT));
    } else if o.select.as_deref().is_some_and(|s| s.split('.').any(str::is_empty)) {
        fail("select", format!("`{}` is not a dotted path", o.select.as_deref().unwrap_or("")), Some(SELECT_HINT));
    }
}

/// Whether a file collector's `path` is a glob rather than one file.
pub fn is_glob(path: &str) -> bool {
    path.contains(['*', '?', '['])
}

const HTTP_METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const SELECT_HINT: &str = "write it like `data.items`";
const ADAPTER_SELECT_HINT: &str = "sarif and ocsf documents are read whole into a normalized table; remove `select`";
const DATE_HINT: &str = crate::dates::DATE_HINT;

/// `scheme://authority` of a URL, or why it has none.
pub fn origin(url: &str) -> Result<String, String> {
    let uri: ureq::http::Uri = url.parse().map_err(|e| format!("invalid URL `{url}`: {e}"))?;
    match (uri.scheme_str(), uri.authority()) {
        (Some(s), Some(a)) => Ok(format!("{}://{}", s.to_ascii_lowercase(), a.as_str().to_ascii_lowercase())),
        _ => Err(format!("invalid URL `{url}`: needs a scheme and a host")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Vec<CollectorSpec>, Vec<String>) {
        let mut d = Diagnostics::new();
        let specs = parse_all(text, &mut d);
        (specs, d.iter().map(|x| x.to_string()).collect())
    }

    #[test]
    fn types_are_checked_where_written() {
        let (specs, errors) = parse("[collectors.api]\nkind = \"http\"\nurl = \"https://x.example/a\"\ntimeout = 30\n");
        assert!(specs.is_empty());
        assert!(
            errors[0].starts_with(
                "soc2.toml:4:11: error: `collectors.api.timeout`: must be a duration string like \"30s\", found integer `30`"
            ),
            "{errors:?}"
        );
    }

    #[test]
    fn unknown_fields_suggest_common_keys_too() {
        let (_, errors) = parse("[collectors.hr]\nkind = \"file\"\npath = \"a.csv\"\nmaxage = \"1d\"\n");
        assert!(errors[0].starts_with("soc2.toml:4:1: error: `collectors.hr.maxage`: unknown field"), "{errors:?}");
        assert!(errors[0].contains("did you mean `max_age`?"), "{errors:?}");
    }

    #[test]
    fn tool_outputs_are_known_by_their_names() {
        assert_eq!(RowFormat::from_path("scans/trivy.sarif"), Some(RowFormat::Sarif));
        assert_eq!(RowFormat::from_path("scans/prowler-output.OCSF.json"), Some(RowFormat::Ocsf));
        assert_eq!(RowFormat::from_path("scans/prowler.json"), Some(RowFormat::Json));
        let (specs, errors) = parse("[collectors.p]\nkind = \"file\"\npath = \"p.json\"\nformat = \"prowler\"\n");
        assert!(errors.is_empty(), "{errors:?}");
        let CollectorOptions::File(o) = &specs[0].options else { panic!() };
        assert_eq!(o.format, Some(RowFormat::Ocsf));
    }

    #[test]
    fn a_valid_collector_keeps_its_positions() {
        let (specs, errors) = parse("[collectors.hr]\nkind = \"file\"\npath = \"a.csv\"\nevery = \"1d\"\n");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(specs[0].position_of("path"), Position::new(3, 8));
        assert_eq!(specs[0].every, Some(Duration::from_days(1)));
        assert_eq!(specs[0].file_path(), Some("a.csv"));
    }
}
