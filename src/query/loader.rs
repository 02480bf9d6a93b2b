//! How evidence tables get into an engine: straight from their JSONL files,
//! or through the on-disk cache ([`super::cache::TableCache`]).

use std::collections::BTreeMap;

use super::engine::{Engine, LoadError};
use crate::files::RepoFiles;

/// One table to load: its name, its JSONL data file, and the columns it has
/// even when no row names them (its dataset's declared schema).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableSource {
    pub table: String,
    pub path: String,
    pub columns: Vec<String>,
}

/// Loads evidence tables into the engine: straight from the files, or through a cache.
pub trait TableLoader {
    /// Load each table; returns the tables that failed, with why.
    fn load(
        &mut self,
        engine: &mut Engine,
        files: &dyn RepoFiles,
        tables: &[TableSource],
    ) -> BTreeMap<String, LoadError>;

    /// The sha256 of a data file, to check it against its meta before it is trusted.
    fn sha256(&mut self, files: &dyn RepoFiles, path: &str) -> Result<String, LoadError> {
        read(files, path).map(|b| crate::hash::sha256_hex(&b))
    }

    /// Cache files the last load attached, by table: other engines can attach
    /// them too, so queries can run on several cores. Empty when not cached.
    fn shared_files(&self) -> Vec<(String, std::path::PathBuf)> {
        Vec::new()
    }
}

/// Reads every table from its JSONL file, keeping nothing between runs.
pub struct DirectLoader;

impl TableLoader for DirectLoader {
    fn load(
        &mut self,
        engine: &mut Engine,
        files: &dyn RepoFiles,
        tables: &[TableSource],
    ) -> BTreeMap<String, LoadError> {
        let mut failed = BTreeMap::new();
        for t in tables {
            let loaded =
                read(files, &t.path).and_then(|bytes| engine.load_jsonl(&t.table, &t.path, &bytes, &t.columns));
            if let Err(e) = loaded {
                failed.insert(t.table.clone(), e);
            }
        }
        failed
    }
}

/// A data file's bytes; the error names the file.
pub fn read(files: &dyn RepoFiles, path: &str) -> Result<Vec<u8>, LoadError> {
    files.read(path).map_err(|e| LoadError::Read { path: path.to_owned(), message: e.to_string() })
}
