//! Read access to a compliance repo's files.
//!
//! Loading goes through [`RepoFiles`] so the same loader reads the worktree
//! today and a git tree for `--as-of` evaluation.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Why a repo file could not be read; shown to people as is.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("not found")]
    NotFound,
    #[error("is a directory, expected a file")]
    IsDirectory,
    #[error("cannot read: {0}")]
    Io(String),
}

impl From<io::Error> for FileError {
    fn from(e: io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::NotFound => FileError::NotFound,
            io::ErrorKind::IsADirectory => FileError::IsDirectory,
            _ => FileError::Io(e.to_string()),
        }
    }
}

/// A listed file: its repo-relative path, or why it could not be listed.
pub type Listed = Result<String, (String, FileError)>;

/// The files of a compliance repo at one point in time.
pub trait RepoFiles: Sync {
    /// Every file under `dir` (recursively), repo-relative with `/`, sorted.
    /// Missing `dir` gives an empty list.
    fn list(&self, dir: &str) -> Vec<Listed>;
    fn read(&self, path: &str) -> Result<Vec<u8>, FileError>;
    fn exists(&self, path: &str) -> bool;
}

/// The files as they are on disk.
pub struct Worktree {
    root: PathBuf,
}

impl Worktree {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Worktree { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl RepoFiles for Worktree {
    fn list(&self, dir: &str) -> Vec<Listed> {
        let base = self.root.join(dir);
        if !base.is_dir() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for entry in walkdir::WalkDir::new(&base).follow_links(false).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => {
                    let rel = relative(&self.root, e.path());
                    if e.file_type().is_symlink() && !e.path().is_file() {
                        let why = match fs::metadata(e.path()) {
                            Ok(_) => FileError::IsDirectory,
                            Err(err) => FileError::from(err),
                        };
                        out.push(Err((rel, why)));
                    } else {
                        out.push(Ok(rel));
                    }
                }
                Err(e) => {
                    let rel = e.path().map(|p| relative(&self.root, p)).unwrap_or_else(|| dir.to_owned());
                    out.push(Err((rel, FileError::Io(e.to_string()))));
                }
            }
        }
        out
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, FileError> {
        let full = self.root.join(path);
        if full.is_dir() {
            return Err(FileError::IsDirectory);
        }
        Ok(fs::read(full)?)
    }

    fn exists(&self, path: &str) -> bool {
        self.root.join(path).exists()
    }
}

fn relative(root: &Path, path: &Path) -> String {
    crate::diagnostic::display_path(root, path)
}

/// Walk up from `start` to the nearest directory holding `soc2.toml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start.ancestors().find(|d| d.join("soc2.toml").is_file()).map(Path::to_path_buf)
}
