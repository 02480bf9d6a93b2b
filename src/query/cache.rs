//! Evidence tables cached under `.soc2/cache/`, keyed by the data file's sha256,
//! so an unchanged repo is not parsed again.
//!
//! Each cached table is a small SQLite file holding one table `data`. A stat
//! index (path, size, mtime → sha256) spares re-hashing unchanged files, like
//! git's index does.
//!
//! The cache is derived data and never trusted from elsewhere: a cache file is
//! used only when the index holds the [`Stamp`] (inode, mtime, size) it had
//! when this machine built it. A cache file committed to git (`git add -f`)
//! and checked out, or copied in, has another stamp and is rebuilt from the
//! evidence, so it cannot falsify a result.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::engine::{Engine, LoadError, fill_table_jsonl};
use super::loader::{TableLoader, TableSource};
use crate::evidence::store::write_atomic;
use crate::files::RepoFiles;
use crate::files::stamp::Stamp;
use crate::hash::sha256_hex;

const CACHE_DIR: &str = ".soc2/cache/v1";
const INDEX_FILE: &str = "index.json";

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
struct StatEntry {
    size: u64,
    mtime_ns: u128,
    sha256: String,
}

/// `index.json`: the stat index of data files, and the stamps of the cache files built here.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Index {
    #[serde(default)]
    files: BTreeMap<String, StatEntry>,
    /// A cache file's name (`<sha256>[-<schema>].sqlite`) → its stamp when it was built here.
    #[serde(default)]
    built: BTreeMap<String, Stamp>,
}

/// Loads tables through the on-disk cache of one worktree.
pub struct TableCache {
    root: PathBuf,
    dir: PathBuf,
    index: Index,
    dirty: bool,
    /// The cache files of the last load, for other engines to attach.
    attached: Vec<(String, PathBuf)>,
    /// Trust the stat index (worktree files); off for files read from git objects.
    use_stat: bool,
}

impl TableCache {
    /// The cache of the worktree at `root` (created on first use).
    pub fn open(root: &Path) -> TableCache {
        let dir = root.join(CACHE_DIR);
        let index = read_index(&dir);
        TableCache { root: root.to_path_buf(), dir, index, dirty: false, attached: Vec::new(), use_stat: true }
    }

    /// A cache for files that are not the worktree's (a git tree): keyed by
    /// their content's sha256 alone, never by the worktree's stat index.
    pub fn open_content_keyed(root: &Path) -> TableCache {
        let dir = root.join(CACHE_DIR);
        TableCache {
            root: root.to_path_buf(),
            index: read_index(&dir),
            dir,
            dirty: false,
            attached: Vec::new(),
            use_stat: false,
        }
    }

    /// The sha256 of a data file, from the stat index when size and mtime match.
    fn key(&mut self, path: &str, files: &dyn RepoFiles) -> Result<(String, Option<Vec<u8>>), LoadError> {
        let stat = fs::metadata(self.root.join(path)).ok().filter(|_| self.use_stat).map(|m| {
            let mtime = m.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
            (m.len(), mtime)
        });
        if let (Some((size, mtime_ns)), Some(e)) = (stat, self.index.files.get(path))
            && e.size == size
            && e.mtime_ns == mtime_ns
        {
            return Ok((e.sha256.clone(), None));
        }
        let bytes = super::loader::read(files, path)?;
        let sha = sha256_hex(&bytes);
        if let Some((size, mtime_ns)) = stat {
            self.index.files.insert(path.to_owned(), StatEntry { size, mtime_ns, sha256: sha.clone() });
            self.dirty = true;
        }
        Ok((sha, Some(bytes)))
    }

    /// The cache file of a data file's content (`sha`) loaded with `columns`.
    fn file_for(&self, sha: &str, columns: &[String]) -> PathBuf {
        if columns.is_empty() {
            return self.dir.join(format!("{sha}.sqlite"));
        }
        let schema = sha256_hex(columns.join("\n").as_bytes());
        self.dir.join(format!("{sha}-{}.sqlite", schema.get(..16).unwrap_or(&schema)))
    }

    /// Build the cache file for one data file; returns its path.
    fn build(&self, sha: &str, path: &str, bytes: &[u8], columns: &[String]) -> Result<PathBuf, LoadError> {
        let failed = |what: String| LoadError::CacheBuild(what);
        fs::create_dir_all(&self.dir).map_err(|e| failed(format!("cannot create {}: {e}", self.dir.display())))?;
        let target = self.file_for(sha, columns);
        let tmp = tempfile::Builder::new()
            .prefix(".build-")
            .suffix(".sqlite")
            .tempfile_in(&self.dir)
            .map_err(|e| failed(format!("cannot create a cache file: {e}")))?;
        {
            let conn = Connection::open(tmp.path()).map_err(|e| failed(e.to_string()))?;
            conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
                .map_err(|e| failed(e.to_string()))?;
            fill_table_jsonl(&conn, "main", "data", path, bytes, columns)?;
        }
        tmp.persist(&target).map_err(|e| failed(format!("cannot write {}: {}", target.display(), e.error)))?;
        Ok(target)
    }

    /// Save the stat index; a failure only costs re-hashing next time.
    pub fn save(&self) {
        if !self.dirty {
            return;
        }
        if let Ok(json) = serde_json::to_vec(&self.index) {
            let _ = write_atomic(&self.dir.join(INDEX_FILE), &json);
        }
    }
}

/// The key of a cache file's stamp in the index: its file name.
fn stamp_key(file: &Path) -> String {
    file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The index, or an empty one when absent or damaged (that only costs rebuilding).
fn read_index(dir: &Path) -> Index {
    fs::read(dir.join(INDEX_FILE)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
}

impl TableLoader for TableCache {
    /// From the stat index when the file is unchanged, so a warm run hashes nothing.
    fn sha256(&mut self, files: &dyn RepoFiles, path: &str) -> Result<String, LoadError> {
        self.key(path, files).map(|(sha, _)| sha)
    }

    fn shared_files(&self) -> Vec<(String, PathBuf)> {
        self.attached.clone()
    }

    fn load(
        &mut self,
        engine: &mut Engine,
        files: &dyn RepoFiles,
        tables: &[TableSource],
    ) -> BTreeMap<String, LoadError> {
        let mut failed = BTreeMap::new();
        let mut cached: Vec<(String, PathBuf)> = Vec::new();
        let mut misses: Vec<Miss<'_>> = Vec::new();
        for t in tables {
            let keyed = self.key(&t.path, files).and_then(|(sha, bytes)| {
                let file = self.file_for(&sha, &t.columns);
                // Only a cache file this machine built, unchanged since (see the module doc).
                if Stamp::of(&file).is_some_and(|now| self.index.built.get(&stamp_key(&file)) == Some(&now)) {
                    return Ok(Ok(file));
                }
                let bytes = match bytes {
                    Some(b) => b,
                    None => super::loader::read(files, &t.path)?,
                };
                Ok(Err(Miss { source: t, sha, bytes }))
            });
            match keyed {
                Ok(Ok(file)) => cached.push((t.table.clone(), file)),
                Ok(Err(miss)) => misses.push(miss),
                Err(e) => {
                    failed.insert(t.table.clone(), e);
                }
            }
        }
        for (miss, built) in self.build_all(&misses) {
            match built {
                Ok(file) => {
                    if let Some(stamp) = Stamp::of(&file) {
                        self.index.built.insert(stamp_key(&file), stamp);
                        self.dirty = true;
                    }
                    cached.push((miss.source.table.clone(), file))
                }
                // An unwritable cache must not stop the check: load straight into memory.
                Err(_) => {
                    let t = miss.source;
                    if let Err(e) = engine.load_jsonl(&t.table, &t.path, &miss.bytes, &t.columns) {
                        failed.insert(t.table.clone(), e);
                    }
                }
            }
        }
        cached.sort();
        match engine.load_cached(&cached) {
            Ok(()) => self.attached = cached,
            Err(e) => {
                for (table, _) in cached {
                    failed.entry(table).or_insert_with(|| e.clone());
                }
            }
        }
        self.save();
        failed
    }
}

/// A table whose cache file has to be built from its JSONL data.
struct Miss<'a> {
    source: &'a TableSource,
    sha: String,
    bytes: Vec<u8>,
}

impl TableCache {
    /// Build the cache files of `misses` on every core; results in input order.
    fn build_all<'m, 'a>(&self, misses: &'m [Miss<'a>]) -> Vec<(&'m Miss<'a>, Result<PathBuf, LoadError>)> {
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
        let chunk = misses.len().div_ceil(workers).max(1);
        std::thread::scope(|scope| {
            let handles: Vec<_> = misses
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|m| (m, self.build(&m.sha, &m.source.path, &m.bytes, &m.source.columns)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .zip(misses.chunks(chunk))
                .flat_map(|(h, part)| {
                    h.join().unwrap_or_else(|_| {
                        part.iter()
                            .map(|m| (m, Err(LoadError::CacheBuild("cache build thread failed".to_owned()))))
                            .collect()
                    })
                })
                .collect()
        })
    }
}
