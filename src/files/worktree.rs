//! The files of a compliance repo as they are on disk.

use std::fs;
use std::path::{Path, PathBuf};

use super::{FileError, Listed, RepoFiles, boundary};

/// The files as they are on disk.
pub struct Worktree {
    root: PathBuf,
    /// `root` with links resolved: what "inside the repo" means.
    canonical: PathBuf,
}

impl Worktree {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let canonical = super::boundary::canonical_root(&root);
        Worktree { root, canonical }
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
        // A linked folder (`controls -> /elsewhere`) is refused whole.
        if let Err(why) =
            base.canonicalize().map_err(FileError::from).and_then(|real| boundary::check_inside(&self.canonical, &real))
        {
            return vec![Err((dir.to_owned(), why))];
        }
        let mut out = Vec::new();
        for entry in walkdir::WalkDir::new(&base).follow_links(false).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) if e.file_type().is_file() => out.push(Ok(relative(&self.root, e.path()))),
                Ok(e) => {
                    // Links and special files: listed only when they resolve to a regular file inside.
                    let rel = relative(&self.root, e.path());
                    match boundary::resolve(&self.canonical, e.path()) {
                        Ok(_) => out.push(Ok(rel)),
                        Err(why) => out.push(Err((rel, why))),
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
        let real = boundary::resolve(&self.canonical, &self.root.join(path))?;
        Ok(fs::read(real)?)
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
