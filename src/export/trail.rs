//! The git trail of a compliance repo: which commit changed which file, by
//! whom and when — the workflow log an auditor samples — and whether the
//! worktree matched HEAD when the package was made.

use chrono::{DateTime, Utc};
use git2::{Delta, DiffOptions, Sort, StatusOptions};
use serde::Serialize;

use super::manifest::RepoState;
use crate::dates::format_timestamp;
use crate::files::git::Git;

/// Directories whose history the package carries.
pub const TRACKED_DIRS: [&str; 3] = ["controls/", "evidence/", "policies/"];

/// Paths whose uncommitted changes make a package "dirty".
const INPUTS: [&str; 9] =
    ["soc2.toml", "controls", "policies", "queries", "evidence", "exceptions", "frameworks", "templates", "audit"];

/// One file changed by one commit.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// Commit time (RFC 3339, UTC).
    pub date: String,
    pub commit: String,
    pub author: String,
    pub author_email: String,
    pub subject: String,
    /// `added`, `modified`, `deleted` or `other`.
    pub change: &'static str,
    /// Path relative to the compliance repo.
    pub path: String,
    #[serde(skip)]
    pub time: DateTime<Utc>,
}

/// Every change to `TRACKED_DIRS` reachable from HEAD, committed at or before
/// `until`, oldest first. Empty before the first commit.
pub fn changes(git: &Git, until: DateTime<Utc>) -> Result<Vec<Change>, git2::Error> {
    let repo = &git.repo;
    let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) else {
        return Ok(Vec::new());
    };
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME | Sort::REVERSE)?;
    walk.push(head.id())?;
    let mut out = Vec::new();
    for oid in walk {
        let commit = repo.find_commit(oid?)?;
        let time = DateTime::from_timestamp(commit.time().seconds(), 0).unwrap_or_default();
        if time > until {
            continue;
        }
        let parent_tree = match commit.parent(0) {
            Ok(p) => Some(p.tree()?),
            Err(_) => None,
        };
        let mut opts = DiffOptions::new();
        for dir in TRACKED_DIRS {
            opts.pathspec(format!("{}{dir}", git.prefix));
        }
        let diff = repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&commit.tree()?), Some(&mut opts))?;
        let author = commit.author();
        for delta in diff.deltas() {
            let file = if delta.status() == Delta::Deleted { delta.old_file() } else { delta.new_file() };
            let Some(path) = file.path().and_then(|p| p.to_str()) else { continue };
            let Some(rel) = path.strip_prefix(git.prefix.as_str()) else { continue };
            out.push(Change {
                date: format_timestamp(time),
                commit: oid_string(&commit),
                author: author.name().unwrap_or_default().to_owned(),
                author_email: author.email().unwrap_or_default().to_owned(),
                subject: commit.summary().ok().flatten().unwrap_or_default().to_owned(),
                change: match delta.status() {
                    Delta::Added => "added",
                    Delta::Modified => "modified",
                    Delta::Deleted => "deleted",
                    _ => "other",
                },
                path: rel.to_owned(),
                time,
            });
        }
    }
    Ok(out)
}

fn oid_string(commit: &git2::Commit<'_>) -> String {
    commit.id().to_string()
}

/// HEAD and whether any input file differs from it (untracked files count;
/// ignored ones, such as `.soc2/`, do not).
pub fn repo_state(git: &Git) -> Result<RepoState, git2::Error> {
    let head = git.repo.head().ok().and_then(|h| h.peel_to_commit().ok()).map(|c| c.id().to_string());
    let mut opts = StatusOptions::new();
    opts.include_untracked(true).recurse_untracked_dirs(true).include_ignored(false);
    for p in INPUTS {
        opts.pathspec(format!("{}{p}", git.prefix));
    }
    let statuses = git.repo.statuses(Some(&mut opts))?;
    let mut dirty_paths: Vec<String> = statuses
        .iter()
        .filter_map(|s| s.path().ok().map(|p| p.strip_prefix(git.prefix.as_str()).unwrap_or(p).to_owned()))
        .collect();
    dirty_paths.sort();
    Ok(RepoState { head, dirty: Some(!dirty_paths.is_empty()), dirty_paths })
}

/// The changes as CSV, for a spreadsheet.
pub fn to_csv(changes: &[&Change]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["date", "commit", "author", "author_email", "change", "path", "subject"])?;
    for c in changes {
        w.write_record([&c.date, &c.commit, &c.author, &c.author_email, c.change, &c.path, &c.subject])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
