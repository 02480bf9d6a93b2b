//! Read access to a compliance repo's files.
//!
//! Loading goes through [`RepoFiles`] so the same loader reads the worktree
//! today and a git tree for `--as-of` evaluation.

pub mod git;
pub mod library;
mod worktree;

pub use worktree::{Worktree, find_root};

use std::io;

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
