//! Read access to a compliance repo's files.
//!
//! Loading goes through [`RepoFiles`] so the same loader reads the worktree
//! today and a git tree for `--as-of` evaluation.

pub mod boundary;
pub mod changes;
pub mod git;
mod layered;
pub mod library;
pub mod stamp;
mod worktree;

pub use layered::{BUILTIN_PREFIX, LIBRARY_VERSION, Layered};
pub use worktree::{Worktree, find_root};

/// The file that makes a folder a compliance repo.
pub const CONFIG_FILE: &str = "soc2.toml";

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
    #[error(
        "is a symbolic link that leaves the repo (to {0}); soc2 does not follow links out of the repo or into .git/"
    )]
    Outside(String),
    #[error("is a broken symbolic link")]
    BrokenLink,
    #[error("is {0}, not a regular file; soc2 does not read it")]
    Special(&'static str),
    #[error("is a symbolic link (to {0}); soc2 does not write through links")]
    Link(String),
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

    /// Where `path` is read from, as messages name it (`builtin:…` for the
    /// embedded library); `None` when it does not exist.
    fn origin(&self, path: &str) -> Option<String> {
        self.exists(path).then(|| path.to_owned())
    }
}

impl<T: RepoFiles + ?Sized> RepoFiles for &T {
    fn list(&self, dir: &str) -> Vec<Listed> {
        (**self).list(dir)
    }
    fn read(&self, path: &str) -> Result<Vec<u8>, FileError> {
        (**self).read(path)
    }
    fn exists(&self, path: &str) -> bool {
        (**self).exists(path)
    }
    fn origin(&self, path: &str) -> Option<String> {
        (**self).origin(path)
    }
}
