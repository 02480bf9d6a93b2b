//! What a change is, in git terms: the files that differ between a base
//! commit and a head (another commit, or the work tree with its untracked,
//! not ignored files), with renames found, and which lines of a file the
//! change added. Paths are relative to the root of the git work tree, `/`-separated.

use std::path::{Path, PathBuf};

use git2::{Delta, DiffFindOptions, DiffOptions, Oid, Repository};
use serde::Serialize;

use super::git::{Git, OpenError};

/// Why a change cannot be read from git.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error("{0}")]
    Open(#[from] OpenError),
    #[error("{rev}: not a commit ({why})")]
    BadRev { rev: String, why: String },
    #[error("git: {0}")]
    Git(String),
}

fn git_err(e: git2::Error) -> ChangeError {
    ChangeError::Git(e.message().to_owned())
}

/// How a file changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    Added,
    Deleted,
    Modified,
    Renamed,
}

impl FileStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Added => "added",
            FileStatus::Deleted => "deleted",
            FileStatus::Modified => "modified",
            FileStatus::Renamed => "renamed",
        }
    }
}

/// One file of a change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangedFile {
    /// The path after the change (before it, for a deleted file).
    pub path: String,
    /// The path before a rename.
    pub old_path: Option<String>,
    pub status: FileStatus,
}

impl ChangedFile {
    /// The path on the base side.
    pub fn base_path(&self) -> &str {
        self.old_path.as_deref().unwrap_or(&self.path)
    }
}

/// The files that differ between `base` and a head, and their contents on both sides.
pub struct Changes {
    repo: Repository,
    workdir: PathBuf,
    /// The compliance root relative to the work tree: empty or ending in `/`.
    pub prefix: String,
    pub base: Oid,
    /// The head commit; `None` for the work tree.
    pub head: Option<Oid>,
    /// Sorted by path.
    pub files: Vec<ChangedFile>,
}

/// Largest file whose lines are diffed or scanned for markers.
pub const MAX_SCANNED_BYTES: usize = 1024 * 1024;

/// Resolve `rev` to a commit: `A...B` is the merge base of A and B (`A...`:
/// of A and HEAD, where a branch forked from A), anything else as
/// `git rev-parse` reads it.
pub fn resolve(repo: &Repository, rev: &str) -> Result<Oid, ChangeError> {
    let bad = |e: git2::Error| ChangeError::BadRev { rev: rev.to_owned(), why: e.message().to_owned() };
    let commit = |spec: &str| repo.revparse_single(spec).and_then(|o| o.peel_to_commit()).map(|c| c.id());
    match rev.split_once("...") {
        Some((a, b)) if !a.is_empty() => {
            let a = commit(a).map_err(bad)?;
            let b = commit(if b.is_empty() { "HEAD" } else { b }).map_err(bad)?;
            repo.merge_base(a, b).map_err(bad)
        }
        _ => commit(rev).map_err(bad),
    }
}

impl Changes {
    /// The change from commit `base` to commit `head` (`None`: the work tree)
    /// in the git repository holding `git`.
    pub fn between(git: Git, base: Oid, head: Option<Oid>) -> Result<Changes, ChangeError> {
        let Git { repo, prefix } = git;
        let workdir = repo.workdir().map(Path::to_path_buf).unwrap_or_default();
        let files = {
            let base_tree = repo.find_commit(base).and_then(|c| c.tree()).map_err(git_err)?;
            let mut opts = DiffOptions::new();
            opts.include_untracked(true).recurse_untracked_dirs(true).ignore_submodules(true);
            let mut diff = match head {
                Some(h) => {
                    let tree = repo.find_commit(h).and_then(|c| c.tree()).map_err(git_err)?;
                    repo.diff_tree_to_tree(Some(&base_tree), Some(&tree), Some(&mut opts))
                }
                None => repo.diff_tree_to_workdir_with_index(Some(&base_tree), Some(&mut opts)),
            }
            .map_err(git_err)?;
            let mut find = DiffFindOptions::new();
            find.renames(true).for_untracked(true);
            diff.find_similar(Some(&mut find)).map_err(git_err)?;
            let path = |f: git2::DiffFile<'_>| f.path().map(|p| p.to_string_lossy().replace('\\', "/"));
            let mut files = Vec::new();
            for d in diff.deltas() {
                let (old, new) = (path(d.old_file()), path(d.new_file()));
                let file = match d.status() {
                    Delta::Added | Delta::Untracked | Delta::Copied => {
                        new.map(|p| ChangedFile { path: p, old_path: None, status: FileStatus::Added })
                    }
                    Delta::Deleted => old.map(|p| ChangedFile { path: p, old_path: None, status: FileStatus::Deleted }),
                    Delta::Renamed => new.map(|p| ChangedFile { path: p, old_path: old, status: FileStatus::Renamed }),
                    Delta::Modified | Delta::Typechange => {
                        new.map(|p| ChangedFile { path: p, old_path: None, status: FileStatus::Modified })
                    }
                    _ => None,
                };
                // soc2's own cache and lock files, when no .gitignore keeps them out.
                files.extend(
                    file.filter(|f| !f.path.strip_prefix(prefix.as_str()).is_some_and(|p| p.starts_with(".soc2/"))),
                );
            }
            files.sort_by(|a, b| a.path.cmp(&b.path));
            files
        };
        Ok(Changes { repo, workdir, prefix, base, head, files })
    }

    /// A git path relative to the compliance root, if it is under it.
    pub fn in_root<'a>(&self, git_path: &'a str) -> Option<&'a str> {
        git_path.strip_prefix(self.prefix.as_str())
    }

    /// The changed files under the compliance root, with root-relative paths.
    pub fn root_files(&self) -> Vec<ChangedFile> {
        self.files
            .iter()
            .filter_map(|f| {
                let path = self.in_root(&f.path)?.to_owned();
                let old_path = f.old_path.as_deref().and_then(|p| self.in_root(p)).map(str::to_owned);
                Some(ChangedFile { path, old_path, status: f.status })
            })
            .collect()
    }

    fn blob_at(&self, commit: Oid, git_path: &str) -> Option<Vec<u8>> {
        let tree = self.repo.find_commit(commit).and_then(|c| c.tree()).ok()?;
        let entry = tree.get_path(Path::new(git_path)).ok()?;
        let blob = self.repo.find_blob(entry.id()).ok()?;
        Some(blob.content().to_vec())
    }

    /// A file as the base commit holds it (a git path).
    pub fn read_base(&self, git_path: &str) -> Option<Vec<u8>> {
        self.blob_at(self.base, git_path)
    }

    /// A file as the head holds it: the head commit's, or the work tree's (a git path).
    pub fn read_head(&self, git_path: &str) -> Option<Vec<u8>> {
        match self.head {
            Some(h) => self.blob_at(h, git_path),
            None => {
                let full = self.workdir.join(git_path);
                // A link is read as git stores it would be: not followed out of the tree.
                if std::fs::symlink_metadata(&full).ok()?.file_type().is_symlink() {
                    return None;
                }
                std::fs::read(full).ok()
            }
        }
    }

    /// The lines (1-based, head side) the change added to or changed in `file`;
    /// none for a deleted, binary or very large file.
    pub fn added_lines(&self, file: &ChangedFile) -> Vec<usize> {
        if file.status == FileStatus::Deleted {
            return Vec::new();
        }
        let new = self.read_head(&file.path).unwrap_or_default();
        let old = match file.status {
            FileStatus::Added => Vec::new(),
            _ => self.read_base(file.base_path()).unwrap_or_default(),
        };
        added_lines(&old, &new)
    }
}

/// Lines of `new` (1-based) that are not in `old`, as a line diff finds them.
pub fn added_lines(old: &[u8], new: &[u8]) -> Vec<usize> {
    if new.len() > MAX_SCANNED_BYTES || old.len() > MAX_SCANNED_BYTES || new.contains(&0) || old.contains(&0) {
        return Vec::new();
    }
    let mut opts = DiffOptions::new();
    opts.context_lines(0);
    let Ok(patch) = git2::Patch::from_buffers(old, None, new, None, Some(&mut opts)) else { return Vec::new() };
    let mut lines = Vec::new();
    for h in 0..patch.num_hunks() {
        let Ok(n) = patch.num_lines_in_hunk(h) else { continue };
        for l in 0..n {
            if let Ok(line) = patch.line_in_hunk(h, l)
                && line.origin() == '+'
                && let Some(no) = line.new_lineno()
            {
                lines.push(no as usize);
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_lines_are_the_new_sides_lines() {
        assert_eq!(added_lines(b"a\nb\nc\n", b"a\nB\nc\nd\n"), [2, 4]);
        assert_eq!(added_lines(b"", b"x\ny\n"), [1, 2]);
        assert!(added_lines(b"a\n", b"a\n").is_empty());
        assert!(added_lines(b"a\n", b"\0binary").is_empty());
    }
}
