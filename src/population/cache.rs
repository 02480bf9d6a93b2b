//! Period tables cached under `.soc2/history/populations/v1/`, one SQLite
//! file per table and period (a table `data`), keyed by everything it is
//! built from: the table, its columns and each snapshot's commit and blob.
//! A second run over the same history builds nothing.
//!
//! Like every cache of soc2, a file is trusted only when `index.json` holds
//! the stamp (inode, mtime, size) it had when this machine wrote it; one
//! committed to git or copied in is rebuilt from the history.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::evidence::store::write_atomic;
use crate::files::stamp::Stamp;

pub const DIR: &str = ".soc2/history/populations/v1";
const INDEX: &str = "index.json";

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Entry {
    stamp: Stamp,
    rows: usize,
    /// The table and period it holds: a newer build of the same slot replaces it.
    slot: String,
}

/// The cached period tables of one repo; a disabled one keeps nothing.
pub struct TableFiles {
    dir: Option<PathBuf>,
    index: BTreeMap<String, Entry>,
}

impl TableFiles {
    pub fn open(root: &Path) -> TableFiles {
        let dir = root.join(DIR);
        let index =
            std::fs::read(dir.join(INDEX)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
        TableFiles { dir: Some(dir), index }
    }

    pub fn disabled() -> TableFiles {
        TableFiles { dir: None, index: BTreeMap::new() }
    }

    fn name(key: &str) -> String {
        format!("{key}.sqlite")
    }

    /// The cache file for `key` and its row count, when this machine built it and it is unchanged.
    pub fn get(&self, key: &str) -> Option<(PathBuf, usize)> {
        let dir = self.dir.as_ref()?;
        let name = Self::name(key);
        let entry = self.index.get(&name)?;
        let path = dir.join(&name);
        (Stamp::of(&path).as_ref() == Some(&entry.stamp)).then_some((path, entry.rows))
    }

    /// Build the cache file for `key` from a period table's JSONL; `None`
    /// when it cannot be written (the table is then loaded from memory).
    pub fn put(&mut self, key: &str, slot: &str, jsonl: &[u8], columns: &[String], rows: usize) -> Option<PathBuf> {
        let dir = self.dir.clone()?;
        std::fs::create_dir_all(&dir).ok()?;
        let name = Self::name(key);
        let target = dir.join(&name);
        let tmp = tempfile::Builder::new().prefix(".build-").suffix(".sqlite").tempfile_in(&dir).ok()?;
        {
            let conn = Connection::open(tmp.path()).ok()?;
            conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;").ok()?;
            crate::query::engine::fill_table_jsonl(&conn, "main", "data", "period table", jsonl, columns).ok()?;
        }
        tmp.persist(&target).ok()?;
        let stamp = Stamp::of(&target)?;
        let stale: Vec<String> =
            self.index.iter().filter(|(n, e)| e.slot == slot && **n != name).map(|(n, _)| n.clone()).collect();
        for old in stale {
            self.index.remove(&old);
            let _ = std::fs::remove_file(dir.join(&old));
        }
        self.index.insert(name, Entry { stamp, rows, slot: slot.to_owned() });
        let json = serde_json::to_vec(&self.index).ok()?;
        write_atomic(&dir.join(INDEX), &json).ok()?;
        Some(target)
    }
}
