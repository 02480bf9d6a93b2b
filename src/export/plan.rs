//! What goes into a package, decided before anything is written: generated
//! documents held in memory, repo files named by path and streamed later.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::manifest::Skipped;

/// Where an entry's bytes come from.
#[derive(Debug)]
pub enum Source {
    Bytes(Vec<u8>),
    /// A repo file, read when the zip is written (never held in memory whole).
    File(PathBuf),
}

impl Source {
    /// Size for the progress bar; a file that cannot be read counts as empty
    /// here and fails with its name when it is written.
    pub fn size_hint(&self) -> u64 {
        match self {
            Source::Bytes(b) => b.len() as u64,
            Source::File(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
        }
    }
}

/// The package's entries, sorted by path, and the repo files left out.
#[derive(Debug)]
pub struct Plan {
    root: PathBuf,
    /// `root` with symlinks resolved: what "inside the repo" means.
    canonical_root: PathBuf,
    pub entries: BTreeMap<String, Source>,
    pub skipped: BTreeMap<String, String>,
}

impl Plan {
    pub fn new(root: &Path) -> std::io::Result<Plan> {
        Ok(Plan {
            root: root.to_path_buf(),
            canonical_root: root.canonicalize()?,
            entries: BTreeMap::new(),
            skipped: BTreeMap::new(),
        })
    }

    pub fn add_bytes(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.entries.insert(path.into(), Source::Bytes(bytes.into()));
    }

    /// Add the repo file `rel` under its own path.
    pub fn add_repo_file(&mut self, rel: &str) {
        self.add_repo_file_as(rel, rel);
    }

    /// Add the repo file `rel` as `path`, unless it resolves outside the repo
    /// (a symlink pointing out is reported, never followed) or is not a file.
    pub fn add_repo_file_as(&mut self, path: &str, rel: &str) {
        if self.entries.contains_key(path) {
            return;
        }
        if let Some(builtin) = rel.strip_prefix(crate::files::BUILTIN_PREFIX) {
            match crate::files::library::file(builtin) {
                Some(bytes) => self.add_bytes(path, bytes),
                None => {
                    self.skipped.insert(rel.to_owned(), "not in this soc2's built-in library".to_owned());
                }
            }
            return;
        }
        match self.resolve(rel) {
            Ok(file) => {
                self.entries.insert(path.to_owned(), Source::File(file));
            }
            Err(reason) => {
                self.skipped.insert(rel.to_owned(), reason);
            }
        }
    }

    fn resolve(&self, rel: &str) -> Result<PathBuf, String> {
        crate::files::boundary::resolve(&self.canonical_root, &self.root.join(rel)).map_err(|e| match e {
            crate::files::FileError::NotFound => "not found".to_owned(),
            other => other.to_string(),
        })
    }

    pub fn skipped(&self) -> Vec<Skipped> {
        self.skipped.iter().map(|(path, reason)| Skipped { path: path.clone(), reason: reason.clone() }).collect()
    }

    pub fn total_size(&self) -> u64 {
        self.entries.values().map(Source::size_hint).sum()
    }
}
