//! How evidence tables get into an engine: straight from their JSONL files,
//! or through the on-disk cache ([`super::cache::TableCache`]).

use std::collections::BTreeMap;

use super::engine::Engine;
use crate::files::RepoFiles;

/// Loads evidence tables into the engine: straight from the files, or through a cache.
pub trait TableLoader {
    /// Load each `(table, data_path)`; returns the tables that failed, with why.
    fn load(
        &mut self,
        engine: &mut Engine,
        files: &dyn RepoFiles,
        tables: &[(String, String)],
    ) -> BTreeMap<String, String>;

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
        tables: &[(String, String)],
    ) -> BTreeMap<String, String> {
        let mut failed = BTreeMap::new();
        for (table, path) in tables {
            let loaded = files
                .read(path)
                .map_err(|e| format!("{path}: {e}"))
                .and_then(|bytes| engine.load_jsonl(table, path, &bytes));
            if let Err(e) = loaded {
                failed.insert(table.clone(), e);
            }
        }
        failed
    }
}
