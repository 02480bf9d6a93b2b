//! Evidence on disk: `evidence/<collector>/<dataset>.jsonl` plus `<dataset>.meta.json`.
//!
//! The data file holds one JSON object per line with sorted keys, rows in a
//! stable order, so unchanged data gives a byte-identical file and git diffs
//! show exactly what changed. The meta file says when and how it was collected.

pub mod commit;
pub mod diff;
pub mod lock;
pub mod redact;
pub mod store;

use serde::{Deserialize, Serialize};

use crate::files::RepoFiles;

pub const EVIDENCE_DIR: &str = "evidence";
/// Folders under `evidence/` that hold people's records, not collector snapshots.
pub const RECORD_DIRS: [&str; 2] = ["manual", "reviews"];

/// What is known about one dataset snapshot; written next to the data file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub collector: String,
    pub dataset: String,
    pub kind: String,
    /// Where the data came from, secrets redacted (a path, URL or argv).
    pub source: String,
    /// When the data file was last written successfully; `None` if it never was.
    pub collected_at: Option<String>,
    pub rows: u64,
    /// sha256 of the data file; `None` if there is none.
    pub sha256: Option<String>,
    pub soc2_version: String,
    /// The error of the latest run, when it failed (the data file is then the previous snapshot).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error_at: Option<String>,
}

/// The files of one dataset found under `evidence/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub collector: String,
    pub dataset: String,
    /// The SQLite table queries read it as.
    pub table: String,
    /// Repo-relative path of the `.jsonl` data file, if there is one.
    pub data_path: Option<String>,
    /// Repo-relative path of the `.meta.json` file, if there is one.
    pub meta_path: Option<String>,
    /// The meta of a replacement a killed collect left half done
    /// (`.<dataset>.meta.next`): it describes the data file when their sha256 agree.
    pub pending_meta_path: Option<String>,
}

/// The table a dataset becomes: `<collector>_<dataset>`, or the collector's
/// name alone for single-dataset collectors (which name the dataset after themselves).
pub fn table_name(collector: &str, dataset: &str) -> String {
    if collector == dataset { collector.to_owned() } else { format!("{collector}_{dataset}") }
}

pub fn data_path(collector: &str, dataset: &str) -> String {
    format!("{EVIDENCE_DIR}/{collector}/{dataset}.jsonl")
}

pub fn meta_path(collector: &str, dataset: &str) -> String {
    format!("{EVIDENCE_DIR}/{collector}/{dataset}.meta.json")
}

/// The meta written before a data file is replaced, renamed over the meta right after.
pub fn pending_meta_path(collector: &str, dataset: &str) -> String {
    format!("{EVIDENCE_DIR}/{collector}/.{dataset}.meta.next")
}

/// Every collector snapshot under `evidence/`, sorted by table name.
pub fn discover(files: &dyn RepoFiles) -> Vec<Snapshot> {
    let mut found: std::collections::BTreeMap<(String, String), Snapshot> = Default::default();
    // A refused entry (a link out of the repo) is kept: reading it later fails naming why.
    let listed = files.list(EVIDENCE_DIR).into_iter().map(|l| l.unwrap_or_else(|(path, _)| path));
    for path in listed {
        let Some(rest) = path.strip_prefix("evidence/") else { continue };
        let Some((collector, file)) = rest.split_once('/') else { continue };
        if RECORD_DIRS.contains(&collector) || file.contains('/') {
            continue;
        }
        let pending = file.strip_prefix('.').and_then(|f| f.strip_suffix(".meta.next"));
        let (dataset, kind) = match (file.strip_suffix(".meta.json"), file.strip_suffix(".jsonl"), pending) {
            (Some(d), _, _) => (d, 1),
            (None, Some(d), _) => (d, 0),
            (None, None, Some(d)) => (d, 2),
            _ => continue,
        };
        let entry = found.entry((collector.to_owned(), dataset.to_owned())).or_insert_with(|| Snapshot {
            collector: collector.to_owned(),
            dataset: dataset.to_owned(),
            table: table_name(collector, dataset),
            data_path: None,
            meta_path: None,
            pending_meta_path: None,
        });
        match kind {
            1 => entry.meta_path = Some(path.clone()),
            2 => entry.pending_meta_path = Some(path.clone()),
            _ => entry.data_path = Some(path.clone()),
        }
    }
    let mut all: Vec<Snapshot> = found.into_values().collect();
    all.sort_by(|a, b| a.table.cmp(&b.table));
    all
}

/// Read and parse a snapshot's meta file.
pub fn read_meta(files: &dyn RepoFiles, snapshot: &Snapshot) -> Result<Option<Meta>, String> {
    let Some(path) = &snapshot.meta_path else { return Ok(None) };
    read_meta_at(files, path).map(Some)
}

/// Read and parse the meta file at `path`.
pub fn read_meta_at(files: &dyn RepoFiles, path: &str) -> Result<Meta, String> {
    let bytes = files.read(path).map_err(|e| format!("{path}: {e}"))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        let at = if e.line() > 0 { format!(":{}:{}", e.line(), e.column()) } else { String::new() };
        format!("{path}{at}: invalid meta file: {e}")
    })
}
