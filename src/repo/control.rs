//! Controls: `controls/*.yaml`, one control per file.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dates::Duration;
use crate::diagnostic::Position;
use crate::repo::yaml::YamlIndex;

/// How urgent a control's gap is; orders the gap list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    #[default]
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// What rows of a query without a `status` column mean.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Expect {
    /// Rows are violations.
    #[default]
    Empty,
    /// Rows are proof; none is a failure.
    Nonempty,
}

/// A query a control runs, by name (`queries/<name>.sql`).
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QueryRef {
    pub query: String,
    #[serde(default)]
    pub expect: Expect,
    /// Overrides the freshness of the evidence this query reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<Duration>,
}

/// Manual evidence a control needs: how often, from whom.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManualSpec {
    /// The newest record must be younger than this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<Duration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A file in the repo that is the evidence itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// One item of manual evidence, by the kind of record that satisfies it.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceRequirement {
    Attestation(ManualSpec),
    File(ManualSpec),
    Link(ManualSpec),
    Note(ManualSpec),
}

impl EvidenceRequirement {
    pub fn kind(&self) -> &'static str {
        match self {
            EvidenceRequirement::Attestation(_) => "attestation",
            EvidenceRequirement::File(_) => "file",
            EvidenceRequirement::Link(_) => "link",
            EvidenceRequirement::Note(_) => "note",
        }
    }

    pub fn spec(&self) -> &ManualSpec {
        match self {
            EvidenceRequirement::Attestation(s)
            | EvidenceRequirement::File(s)
            | EvidenceRequirement::Link(s)
            | EvidenceRequirement::Note(s) => s,
        }
    }
}

/// When the control itself is reviewed, and by whom.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewSpec {
    pub every: Duration,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// A control as written in its YAML file.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ControlDef {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub criteria: Vec<String>,
    pub owner: String,
    #[serde(default)]
    pub severity: Severity,
    #[serde(default)]
    pub policies: Vec<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub queries: Vec<QueryRef>,
    /// Written `- file: { every: 365d }`: one-key maps, not YAML tags.
    #[serde(default, with = "serde_yaml::with::singleton_map_recursive")]
    #[schemars(with = "Vec<EvidenceRequirement>")]
    pub evidence: Vec<EvidenceRequirement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewSpec>,
    /// Criteria of other frameworks, by framework id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub mappings: BTreeMap<String, Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Date by which a gap in this control is to be closed (remediation roadmap).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_date: Option<String>,
    /// What it means when every population its queries examine is empty:
    /// `missing` evidence (the default), or `not-occurring`, when "nothing
    /// happened" is a valid answer (no incident, no leaver) that management
    /// attests (`soc2 attest ID --not-occurring`).
    #[serde(default, skip_serializing_if = "WhenEmpty::is_default")]
    pub when_empty: WhenEmpty,
    /// Files this control is about, as globs relative to the root of the git
    /// repository that holds the compliance repo (`infra/terraform/github/**`),
    /// or `NAME:glob` for a repository of `[repositories.NAME]` in soc2.toml
    /// (`product:scripts/offboard.sh`). `soc2 impact` lists the control, its
    /// owner and reviewer when a change touches one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
    /// Type II: every occurrence of the control in an audit period (each
    /// merge, each leaver), what marks a deviation, and how often it runs,
    /// for `soc2 population` and `soc2 sample`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<crate::repo::population::PopulationDef>,
}

/// How a control reads empty populations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum WhenEmpty {
    /// No evidence: the control is `missing`.
    #[default]
    Missing,
    /// Nothing occurred: `not-occurring` once attested, `missing` until then.
    NotOccurring,
}

impl WhenEmpty {
    fn is_default(&self) -> bool {
        *self == WhenEmpty::Missing
    }
}

/// A `paths:` entry split into the repository it names (`None`: the
/// compliance repo's own git repository) and its glob.
pub fn path_spec(entry: &str) -> (Option<&str>, &str) {
    match entry.split_once(':') {
        Some((name, glob)) if crate::repo::config::is_repository_name(name) => (Some(name), glob),
        _ => (None, entry),
    }
}

/// The globs of `paths:` that apply to `repository` (`None`: the compliance
/// repo's own), compiled; invalid ones are left out (`validate` reports them).
pub fn path_patterns(def: &ControlDef, repository: Option<&str>) -> Vec<(String, glob::Pattern)> {
    def.paths
        .iter()
        .filter_map(|entry| {
            let (repo, glob) = path_spec(entry);
            (repo == repository).then_some(())?;
            glob::Pattern::new(glob.trim_start_matches("./")).ok().map(|p| (entry.clone(), p))
        })
        .collect()
}

/// Whether `path` (relative to its repository's root) matches `pattern`:
/// `*` stays within a folder, `**` crosses folders.
pub fn path_matches(pattern: &glob::Pattern, path: &str) -> bool {
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: false,
    };
    pattern.matches_with(path, options)
}

/// Every `paths:` entry of `c` is a glob, and a `NAME:` prefix names a repository of soc2.toml.
pub fn check_paths(c: &Control, config: &crate::repo::config::Config, diags: &mut crate::diagnostic::Diagnostics) {
    use crate::diagnostic::{Diagnostic, did_you_mean};
    use crate::repo::yaml::Seg;
    for (i, entry) in c.def.paths.iter().enumerate() {
        let pos = c.index.value(&[Seg::Key("paths"), Seg::Index(i)]);
        let (repo, glob) = path_spec(entry);
        if let Some(name) = repo
            && !config.repositories.contains_key(name)
        {
            let known: Vec<&str> = config.repositories.keys().map(String::as_str).collect();
            let hint = match did_you_mean(name, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None if known.is_empty() => {
                    format!("declare it in soc2.toml: `[repositories.{name}]` with `path = \"../{name}\"`")
                }
                None => format!("repositories: {}", known.join(", ")),
            };
            diags.push(
                Diagnostic::error(&c.path, format!("`paths`: unknown repository `{name}`")).at(pos).with_hint(hint),
            );
        }
        if glob.trim().is_empty() {
            diags.push(
                Diagnostic::error(&c.path, "`paths`: an empty glob")
                    .at(pos)
                    .with_hint("e.g. `infra/terraform/**` or `product:scripts/offboard.sh`"),
            );
        } else if let Err(e) = glob::Pattern::new(glob) {
            diags.push(
                Diagnostic::error(&c.path, format!("`paths`: `{glob}` is not a glob: {}", e.msg))
                    .at(pos)
                    .with_hint("`*` matches within a folder, `**` across folders, `?` one character, `[ab]` a set"),
            );
        }
    }
}

/// A loaded control: its definition and where it came from.
#[derive(Debug)]
pub struct Control {
    pub def: ControlDef,
    /// Repo-relative path of the YAML file.
    pub path: String,
    /// Where the `id:` line is, for SARIF and annotations.
    pub position: Position,
    pub index: YamlIndex,
}

impl Control {
    pub fn id(&self) -> &str {
        &self.def.id
    }
}

/// A control id is also a directory name under `evidence/manual/`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}
