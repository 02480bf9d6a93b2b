//! Per-(day, control) results of a period evaluation, kept under
//! `.soc2/history/v1/<YYYY-MM>.json` so a second run over the same history
//! recomputes nothing and a new day adds one evaluation.
//!
//! A key is the sha256 of everything the result depends on: the soc2 version,
//! the evaluation time, the control, and the blob ids of its inputs (its YAML,
//! its queries, soc2.toml, the evidence it reads, its manual records, reviews
//! and exceptions). Files are written atomically with sorted keys, so the same
//! history gives the same cache files.
//!
//! A month file is trusted only when `stamps.json` holds the stamp (inode,
//! mtime, size) it had when this machine wrote it: cache files committed to
//! git or copied in are recomputed, never believed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::eval::Status;
use crate::evidence::store::write_atomic;

pub const DIR: &str = ".soc2/history/v1";

/// One control on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayResult {
    /// The status from evidence alone (`ControlResult::operating`), as `soc2 check` words it.
    pub status: String,
    pub reason: String,
    /// The control is reviewed on a cadence (its `review:` or a `[[reviews]]` group).
    #[serde(default, skip_serializing_if = "crate::repo::record::is_false")]
    pub reviewed: bool,
    /// The control's own review was overdue that day, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_overdue: Option<String>,
}

impl DayResult {
    pub fn status(&self) -> Status {
        Status::ALL.into_iter().find(|s| s.as_str() == self.status).unwrap_or(Status::Error)
    }

    /// A day the control could not be evaluated on.
    pub fn error(reason: impl Into<String>) -> DayResult {
        DayResult {
            status: Status::Error.as_str().into(),
            reason: reason.into(),
            reviewed: false,
            review_overdue: None,
        }
    }
}

#[derive(Default)]
struct Month {
    entries: BTreeMap<String, DayResult>,
    dirty: bool,
}

/// The result cache of one repo; `None` dir keeps everything in memory only.
pub struct ResultCache {
    dir: Option<PathBuf>,
    months: BTreeMap<String, Month>,
    /// Month file name → its stamp when written here.
    stamps: BTreeMap<String, crate::files::stamp::Stamp>,
}

const STAMPS: &str = "stamps.json";

impl ResultCache {
    pub fn open(root: &Path) -> ResultCache {
        let dir = root.join(DIR);
        let stamps =
            std::fs::read(dir.join(STAMPS)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
        ResultCache { dir: Some(dir), months: BTreeMap::new(), stamps }
    }

    /// A cache that neither reads nor writes files (`--no-cache`).
    pub fn disabled() -> ResultCache {
        ResultCache { dir: None, months: BTreeMap::new(), stamps: BTreeMap::new() }
    }

    fn month(&mut self, month: &str) -> &mut Month {
        let dir = self.dir.clone();
        let stamps = &self.stamps;
        self.months.entry(month.to_owned()).or_insert_with(|| {
            let name = format!("{month}.json");
            let entries = dir
                .map(|d| d.join(&name))
                .filter(|f| crate::files::stamp::Stamp::of(f).is_some_and(|s| stamps.get(&name) == Some(&s)))
                .and_then(|f| std::fs::read(f).ok())
                // A damaged cache file only costs recomputing its month.
                .and_then(|b| serde_json::from_slice(&b).ok())
                .unwrap_or_default();
            Month { entries, dirty: false }
        })
    }

    pub fn get(&mut self, month: &str, key: &str) -> Option<DayResult> {
        self.month(month).entries.get(key).cloned()
    }

    pub fn put(&mut self, month: &str, key: String, value: DayResult) {
        let m = self.month(month);
        if m.entries.get(&key) != Some(&value) {
            m.entries.insert(key, value);
            m.dirty = true;
        }
    }

    /// Write the months that changed. A cache that cannot be written only costs time next run.
    pub fn save(&mut self) -> Result<(), String> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let mut wrote = false;
        for (month, m) in self.months.iter_mut().filter(|(_, m)| m.dirty) {
            let name = format!("{month}.json");
            let path = dir.join(&name);
            let json = serde_json::to_vec(&m.entries).map_err(|e| e.to_string())?;
            write_atomic(&path, &json)
                .map_err(|e| format!("cannot write the history cache {}: {e}", path.display()))?;
            if let Some(stamp) = crate::files::stamp::Stamp::of(&path) {
                self.stamps.insert(name, stamp);
                wrote = true;
            }
            m.dirty = false;
        }
        if wrote {
            let path = dir.join(STAMPS);
            let json = serde_json::to_vec(&self.stamps).map_err(|e| e.to_string())?;
            write_atomic(&path, &json)
                .map_err(|e| format!("cannot write the history cache {}: {e}", path.display()))?;
        }
        Ok(())
    }
}
