//! Per-(day, control) results of a period evaluation, kept under
//! `.soc2/history/v1/<YYYY-MM>.json` so a second run over the same history
//! recomputes nothing and a new day adds one evaluation.
//!
//! A key is the sha256 of everything the result depends on: the soc2 version,
//! the evaluation time, the control, and the blob ids of its inputs (its YAML,
//! its queries, soc2.toml, the evidence it reads, its manual records, reviews
//! and exceptions). Files are written atomically with sorted keys, so the same
//! history gives the same cache files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::eval::Status;
use crate::evidence::store::write_atomic;

pub const DIR: &str = ".soc2/history/v1";

/// One control on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayResult {
    /// A status as `soc2 check` words it.
    pub status: String,
    pub reason: String,
}

impl DayResult {
    pub fn status(&self) -> Status {
        Status::ALL.into_iter().find(|s| s.as_str() == self.status).unwrap_or(Status::Error)
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
}

impl ResultCache {
    pub fn open(root: &Path) -> ResultCache {
        ResultCache { dir: Some(root.join(DIR)), months: BTreeMap::new() }
    }

    /// A cache that neither reads nor writes files (`--no-cache`).
    pub fn disabled() -> ResultCache {
        ResultCache { dir: None, months: BTreeMap::new() }
    }

    fn month(&mut self, month: &str) -> &mut Month {
        let dir = self.dir.clone();
        self.months.entry(month.to_owned()).or_insert_with(|| {
            let entries = dir
                .and_then(|d| std::fs::read(d.join(format!("{month}.json"))).ok())
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
        for (month, m) in self.months.iter_mut().filter(|(_, m)| m.dirty) {
            let path = dir.join(format!("{month}.json"));
            let json = serde_json::to_vec(&m.entries).map_err(|e| e.to_string())?;
            write_atomic(&path, &json)
                .map_err(|e| format!("cannot write the history cache {}: {e}", path.display()))?;
            m.dirty = false;
        }
        Ok(())
    }
}
