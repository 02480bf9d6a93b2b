//! The files of a compliance repo as they are on disk.

use std::fs;
use std::path::{Path, PathBuf};

use super::{FileError, Listed, RepoFiles};

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
    start.ancestors().find(|d| d.join(super::CONFIG_FILE).is_file()).map(Path::to_path_buf)
}
