//! The evidence of an audit period as git recorded it: which commits it
//! spans, which snapshot of each dataset every one of them holds, and the
//! period tables built from them — the union of a dataset's snapshots, one
//! row per distinct row, each tagged with the commits and times it was first
//! and last seen. Everything is read from git objects, never the worktree.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use git2::Oid;

use super::lines::{Interner, LineTable, NONE};
use crate::dates::{Period, end_of_day, format_timestamp};
use crate::files::git::{CommitInfo, GitHistory, HistoryError};

/// The columns every period table adds to its dataset's.
pub const PROVENANCE: [&str; 4] = ["_first_commit", "_first_seen", "_last_commit", "_last_seen"];

/// One commit's files of a dataset.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Files {
    data: Oid,
    meta: Option<Oid>,
    path: String,
}

/// One snapshot of a dataset: a commit at which its data or meta changed.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// Index into [`PeriodHistory::commits`].
    pub commit: usize,
    pub data: Oid,
    pub path: String,
}

/// The commits an audit period's evidence is read from.
pub struct PeriodHistory {
    git: Arc<GitHistory>,
    pub period: Period,
    /// The commit in effect when the period starts (if any, it may predate
    /// the period), then every first-parent commit in it that changed the
    /// compliance repo, oldest first, up to the evaluation time.
    pub commits: Vec<CommitInfo>,
    /// Per commit: table → its files.
    files: Vec<BTreeMap<String, Files>>,
    /// The evaluation time: the end of the period's last day, or now if earlier.
    pub as_of: DateTime<Utc>,
}

impl PeriodHistory {
    /// The commits of `period` in the git repository holding `root`, up to
    /// `now`, or up to commit `through` (a sample's) when given.
    pub fn open(
        root: &Path,
        period: Period,
        now: DateTime<Utc>,
        through: Option<&str>,
    ) -> Result<PeriodHistory, HistoryError> {
        git2::opts::strict_hash_verification(false);
        let git = Arc::new(GitHistory::open(root)?);
        let mut all = git.first_parent()?;
        if let Some(id) = through {
            let Some(at) = all.iter().position(|c| c.id == id) else {
                return Err(HistoryError::BadRev {
                    rev: id.to_owned(),
                    why: "not a commit of the first-parent history of HEAD".to_owned(),
                });
            };
            all.truncate(at + 1);
        }
        let start = Utc.from_utc_datetime(&period.start.and_time(NaiveTime::MIN));
        let as_of = end_of_day(period.end).min(now);
        let bound = match through.and_then(|_| all.last()) {
            Some(last) => last.time.max(as_of),
            None => as_of,
        };
        let before = all.iter().rposition(|c| c.time < start && c.root_tree.is_some());
        let mut commits: Vec<CommitInfo> = Vec::new();
        for (i, c) in all.iter().enumerate() {
            let in_period = c.time >= start && c.time <= bound;
            if c.root_tree.is_none() || !(Some(i) == before || in_period) {
                continue;
            }
            if commits.last().is_some_and(|p| p.root_tree == c.root_tree) {
                continue;
            }
            commits.push(c.clone());
        }
        let mut files = Vec::with_capacity(commits.len());
        for c in &commits {
            let tree = git.tree(c)?;
            let mut tables = BTreeMap::new();
            for snap in crate::evidence::discover(&tree) {
                let Some(path) = snap.data_path else { continue };
                let Some(data) = tree.blob_id(&path) else { continue };
                let meta = snap.meta_path.as_deref().and_then(|m| tree.blob_id(m));
                tables.insert(snap.table.to_ascii_lowercase(), Files { data, meta, path });
            }
            files.push(tables);
        }
        Ok(PeriodHistory { git, period, commits, files, as_of })
    }

    pub fn git(&self) -> &Arc<GitHistory> {
        &self.git
    }

    /// The last commit read, if any.
    pub fn through(&self) -> Option<&CommitInfo> {
        self.commits.last()
    }

    /// Every table with a snapshot in the period (lower case).
    pub fn tables(&self) -> BTreeSet<&str> {
        self.files.iter().flat_map(|t| t.keys()).map(String::as_str).collect()
    }

    /// The snapshots of `table`: each commit at which its data or meta file changed, oldest first.
    pub fn snapshots(&self, table: &str) -> Vec<Snapshot> {
        let mut out: Vec<Snapshot> = Vec::new();
        let mut previous: Option<&Files> = None;
        for (i, tables) in self.files.iter().enumerate() {
            let current = tables.get(table);
            if let Some(f) = current
                && previous != Some(f)
            {
                out.push(Snapshot { commit: i, data: f.data, path: f.path.clone() });
            }
            previous = current;
        }
        out
    }

    /// A key for everything the period table of `table` is built from.
    pub fn table_key(&self, table: &str) -> String {
        let mut text = format!("soc2 {} period table v1\n{table}\n", env!("CARGO_PKG_VERSION"));
        let mut previous: Option<&Files> = None;
        for (i, tables) in self.files.iter().enumerate() {
            let current = tables.get(table);
            if let Some(f) = current
                && previous != Some(f)
            {
                let c = &self.commits[i];
                text.push_str(&format!("{} {} {} {}\n", c.id, c.time.timestamp(), f.data, f.path));
            }
            previous = current;
        }
        crate::hash::sha256_hex(text.as_bytes())
    }
}

/// Where the lines of a snapshot's data blob come from.
pub trait LineSource {
    /// The lines of blob `oid`, interned.
    fn lines(&mut self, oid: Oid, interner: &mut Interner) -> Result<Arc<LineTable>, String>;
}

/// Reads whole blobs through libgit2.
pub struct GitLines<'a>(pub &'a GitHistory);

impl LineSource for GitLines<'_> {
    fn lines(&mut self, oid: Oid, interner: &mut Interner) -> Result<Arc<LineTable>, String> {
        self.0.with_blob(oid, |bytes| Arc::new(LineTable::split(bytes, interner))).map_err(|e| e.to_string())
    }
}

/// A period table: JSONL with the provenance columns added to each row.
pub struct PeriodTable {
    pub jsonl: Vec<u8>,
    /// Distinct rows.
    pub rows: usize,
    pub snapshots: usize,
}

/// Build the period table of `table` from its snapshots: every distinct
/// non-blank line of every snapshot once, with the time and commit of the
/// first and last snapshot holding it. Rows are ordered by when they were
/// first seen, then last seen, then content, whatever order git stores them in.
pub fn build(history: &PeriodHistory, table: &str, source: &mut dyn LineSource) -> Result<PeriodTable, String> {
    let snapshots = history.snapshots(table);
    let mut interner = Interner::default();
    let mut first: Vec<u32> = Vec::new();
    let mut last: Vec<u32> = Vec::new();
    let mut previous: Option<(Oid, Arc<LineTable>)> = None;
    for (si, snap) in snapshots.iter().enumerate() {
        let lines = match &previous {
            Some((oid, lines)) if *oid == snap.data => lines.clone(),
            _ => source.lines(snap.data, &mut interner).map_err(|e| format!("{}: {e}", snap.path))?,
        };
        first.resize(interner.len(), NONE);
        last.resize(interner.len(), NONE);
        let si = u32::try_from(si).unwrap_or(NONE - 1);
        for (index, &id) in lines.ids.iter().enumerate() {
            let i = id as usize;
            if let (Some(f), Some(l)) = (first.get_mut(i), last.get_mut(i)) {
                if *f == NONE {
                    // A row is checked where it first appears.
                    if let Some(why) = row_error(interner.get(id)) {
                        let commit = history.commits.get(snap.commit).map(CommitInfo::short).unwrap_or_default();
                        return Err(format!("{} at commit {commit}:{}: {why}", snap.path, index + 1));
                    }
                    *f = si;
                }
                *l = si;
            }
        }
        previous = Some((snap.data, lines));
    }
    let mut ids: Vec<u32> = (0..first.len())
        .filter(|&i| first[i] != NONE)
        .filter_map(|i| u32::try_from(i).ok())
        .filter(|&id| !interner.get(id).iter().all(u8::is_ascii_whitespace))
        .collect();
    ids.sort_by(|&a, &b| {
        (first[a as usize], last[a as usize], interner.get(a)).cmp(&(
            first[b as usize],
            last[b as usize],
            interner.get(b),
        ))
    });
    let stamp = |si: u32| {
        let c = snapshots.get(si as usize).and_then(|s| history.commits.get(s.commit));
        c.map(|c| (c.id.as_str(), format_timestamp(c.time))).unwrap_or(("", String::new()))
    };
    let mut jsonl = Vec::with_capacity(ids.iter().map(|&id| interner.get(id).len() + 200).sum());
    for &id in &ids {
        let line = interner.get(id).trim_ascii_end();
        let body = line.strip_suffix(b"}").unwrap_or(line);
        let (first_commit, first_seen) = stamp(first[id as usize]);
        let (last_commit, last_seen) = stamp(last[id as usize]);
        jsonl.extend_from_slice(body);
        if body.trim_ascii() != b"{" {
            jsonl.push(b',');
        }
        jsonl.extend_from_slice(
            format!(
                "\"_first_commit\":\"{first_commit}\",\"_first_seen\":\"{first_seen}\",\"_last_commit\":\"{last_commit}\",\"_last_seen\":\"{last_seen}\"}}\n"
            )
            .as_bytes(),
        );
    }
    Ok(PeriodTable { jsonl, rows: ids.len(), snapshots: snapshots.len() })
}

/// Why a data line is not one JSON object without provenance columns of its own.
fn row_error(line: &[u8]) -> Option<String> {
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(line) {
        Err(e) => Some(format!("not a JSON object: {e}")),
        Ok(m) => PROVENANCE
            .iter()
            .find(|c| m.contains_key(**c))
            .map(|c| format!("a row has a column `{c}`, which period tables add themselves")),
    }
}
