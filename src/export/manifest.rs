//! `manifest.json`: what a package holds, so `soc2 verify` can tell whether
//! anything was added, removed or changed after export.

use serde::{Deserialize, Serialize};

/// Name of the manifest inside the zip; the one entry it does not list.
pub const MANIFEST: &str = "manifest.json";

/// Identifies the manifest layout, for readers of older or newer packages.
pub const FORMAT: &str = "soc2-export/1";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub soc2_version: String,
    /// The evaluation time (`--now` or the clock), not the wall time of writing.
    pub generated_at: String,
    pub organization: String,
    pub audit: AuditScope,
    /// The content library: the version embedded in the soc2 that made the
    /// package, and the one the repo pins when it uses built-in controls and queries.
    #[serde(default)]
    pub library: Library,
    pub repo: RepoState,
    pub scope: Scope,
    /// Every entry but the manifest, sorted by path.
    pub files: Vec<FileEntry>,
    /// Repo files the package needed but left out, with why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AuditScope {
    pub framework: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    pub categories: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Library {
    pub version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub builtin: Option<String>,
}

/// The git state the package was made from.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RepoState {
    /// HEAD's commit id; `None` outside git or before the first commit.
    pub head: Option<String>,
    /// Whether any file the package reads differed from HEAD; `None` outside git.
    pub dirty: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dirty_paths: Vec<String>,
}

/// What was asked for: all controls or some, with evidence or summary only.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Scope {
    /// Exported controls when `--control` narrowed it; empty means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
    pub summary_only: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}
