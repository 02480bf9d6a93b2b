//! The git repository a compliance repo lives in (the compliance repo may be
//! a subdirectory of a larger work tree), and the repo as git recorded it:
//! commits of the first-parent history and their trees, read from git
//! objects (never the worktree).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, TimeZone, Utc};
use git2::{ObjectType, Oid, Repository, Sort};

use super::{FileError, Listed, RepoFiles};

/// Why a compliance repo has no usable git repository.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{root} is not inside a git repository")]
    NotGit { root: String, why: String },
    #[error("the git repository at {0} is bare; it has no work tree")]
    Bare(String),
    #[error("{0}")]
    Other(String),
}

/// A git repository and where the compliance repo sits in its work tree.
pub struct Git {
    pub repo: Repository,
    /// The compliance repo root relative to the work tree, `/`-separated,
    /// empty or ending in `/`: prepend it to a repo path to get a git path.
    pub prefix: String,
}

/// Open the git repository containing `root`, like git itself would
/// (GIT_DIR, GIT_CEILING_DIRECTORIES and friends are honoured).
pub fn open(root: &Path) -> Result<Git, OpenError> {
    let none: [&std::ffi::OsStr; 0] = [];
    let repo = Repository::open_ext(root, git2::RepositoryOpenFlags::FROM_ENV, none)
        .map_err(|e| OpenError::NotGit { root: root.display().to_string(), why: e.message().to_owned() })?;
    let Some(workdir) = repo.workdir() else {
        return Err(OpenError::Bare(repo.path().display().to_string()));
    };
    let resolve =
        |p: &Path| p.canonicalize().map_err(|e| OpenError::Other(format!("cannot resolve {}: {e}", p.display())));
    let workdir = resolve(workdir)?;
    let root_abs = resolve(root)?;
    let rel = root_abs.strip_prefix(&workdir).map_err(|_| {
        OpenError::Other(format!("{} is not inside the git work tree {}", root_abs.display(), workdir.display()))
    })?;
    let mut prefix = rel.to_string_lossy().replace('\\', "/");
    if !prefix.is_empty() && !prefix.ends_with('/') {
        prefix.push('/');
    }
    Ok(Git { repo, prefix })
}

/// Why history could not be read; [`HistoryError::hint`] says what to do.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("{root} is not inside a git repository ({why})")]
    NotGit { root: String, why: String },
    #[error("--rev {rev}: not a commit ({why})")]
    BadRev { rev: String, why: String },
    #[error("--as-of {date}: no commit on or before it{first}")]
    BeforeHistory { date: String, first: String },
    #[error("no commit yet in the git repository")]
    NoCommits,
    #[error("--as-of {date} is after the evaluation time ({now})")]
    AfterNow { date: String, now: String },
    #[error("git: {0}")]
    Git(String),
}

impl HistoryError {
    pub fn hint(&self) -> Option<&'static str> {
        Some(match self {
            HistoryError::NotGit { .. } => {
                "--as-of, --rev and --period read the history of evidence/ from git; commit the repo (`git init && git add -A && git commit`), or drop the flag"
            }
            HistoryError::BadRev { .. } => {
                "give a commit id, branch or tag, e.g. `--rev HEAD~1`; `git log --oneline` lists commits"
            }
            HistoryError::BeforeHistory { .. } => "pick a later date",
            HistoryError::NoCommits => "commit the compliance repo first",
            HistoryError::AfterNow { .. } => {
                "the history holds nothing after now; drop --as-of to evaluate the worktree"
            }
            HistoryError::Git(_) => return None,
        })
    }
}

/// Mode git gives a symbolic link.
const LINK_MODE: i32 = 0o120000;

/// One commit of the history, as reports show it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CommitInfo {
    /// Full hex id.
    pub id: String,
    /// Committer time, UTC.
    #[serde(serialize_with = "ser_time")]
    pub time: DateTime<Utc>,
    pub summary: String,
    /// The id of the tree of the compliance root (what the evaluation reads), if it exists.
    #[serde(skip)]
    pub(crate) root_tree: Option<Oid>,
}

fn ser_time<S: serde::Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&crate::dates::format_timestamp(*t))
}

impl CommitInfo {
    /// The first 12 hex digits.
    pub fn short(&self) -> &str {
        self.id.get(..12).unwrap_or(&self.id)
    }
}

/// A file of a tree: its blob and whether git stores it as a link.
#[derive(Clone, Copy, Debug)]
struct Entry {
    blob: Oid,
    link: bool,
}

/// The files under a tree, relative to it, shared between the commits that contain it.
type Listing = Arc<Vec<(String, Entry)>>;

/// The git repository that holds a compliance repo.
pub struct GitHistory {
    repo: Mutex<Repository>,
    /// The compliance root relative to the git work tree, `/`-separated, empty or ending in `/`.
    prefix: String,
    /// Files of every subtree seen, by tree id: unchanged folders are read once per run.
    walked: Mutex<HashMap<Oid, Listing>>,
}

impl GitHistory {
    /// Open the git repository containing `root` (GIT_DIR and friends honoured, like git).
    pub fn open(root: &Path) -> Result<GitHistory, HistoryError> {
        let Git { repo, prefix } = open(root).map_err(|e| match e {
            OpenError::NotGit { root, why } => HistoryError::NotGit { root, why },
            other => HistoryError::Git(other.to_string()),
        })?;
        Ok(GitHistory { repo: Mutex::new(repo), prefix, walked: Mutex::new(HashMap::new()) })
    }

    fn repo(&self) -> MutexGuard<'_, Repository> {
        self.repo.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Resolve `rev` (a commit id, branch, tag, `HEAD~3`…) to a commit.
    pub fn resolve(&self, rev: &str) -> Result<CommitInfo, HistoryError> {
        let repo = self.repo();
        let commit = repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map_err(|e| HistoryError::BadRev { rev: rev.to_owned(), why: e.message().to_owned() })?;
        Ok(self.info(&commit))
    }

    /// The commits of HEAD's first-parent history, oldest first: the states
    /// the main line went through (a merged branch counts at its merge).
    pub fn first_parent(&self) -> Result<Vec<CommitInfo>, HistoryError> {
        let repo = self.repo();
        let head = match repo.head() {
            Ok(h) => h,
            Err(e) if matches!(e.code(), git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound) => {
                return Ok(Vec::new());
            }
            Err(e) => return Err(HistoryError::Git(format!("cannot read HEAD: {}", e.message()))),
        };
        let git = |e: git2::Error| HistoryError::Git(e.message().to_owned());
        let tip = head.peel_to_commit().map_err(git)?;
        let mut walk = repo.revwalk().map_err(git)?;
        walk.push(tip.id()).map_err(git)?;
        walk.simplify_first_parent().map_err(git)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE).map_err(git)?;
        let mut out = Vec::new();
        for oid in walk {
            let commit = repo.find_commit(oid.map_err(git)?).map_err(git)?;
            out.push(self.info(&commit));
        }
        Ok(out)
    }

    /// When each file under `path` of the compliance repo (a folder, or one
    /// file) first appeared in HEAD's first-parent history: the committer
    /// time of that commit, by repo path. A file added on a merged branch
    /// counts from its merge.
    pub fn first_added(&self, path: &str) -> Result<BTreeMap<String, DateTime<Utc>>, HistoryError> {
        let mut out = BTreeMap::new();
        let mut previous: Option<Oid> = None;
        for commit in self.first_parent()? {
            let Some(root) = commit.root_tree else { continue };
            let entry = {
                let repo = self.repo();
                let tree = repo.find_tree(root).map_err(|e| HistoryError::Git(e.message().to_owned()))?;
                tree.get_path(Path::new(path)).ok().map(|e| (e.id(), e.kind()))
            };
            let Some((id, kind)) = entry else { continue };
            if previous == Some(id) {
                continue;
            }
            previous = Some(id);
            match kind {
                Some(ObjectType::Tree) => {
                    for (rel, _) in self.walk(id)?.iter() {
                        out.entry(format!("{path}/{rel}")).or_insert(commit.time);
                    }
                }
                Some(ObjectType::Blob) => {
                    out.entry(path.to_owned()).or_insert(commit.time);
                }
                _ => {}
            }
        }
        Ok(out)
    }

    fn info(&self, commit: &git2::Commit<'_>) -> CommitInfo {
        let time = Utc.timestamp_opt(commit.committer().when().seconds(), 0).single().unwrap_or_default();
        let root_tree = commit.tree().ok().and_then(|t| {
            if self.prefix.is_empty() {
                return Some(t.id());
            }
            let entry = t.get_path(Path::new(self.prefix.trim_end_matches('/'))).ok()?;
            (entry.kind() == Some(ObjectType::Tree)).then(|| entry.id())
        });
        CommitInfo {
            id: commit.id().to_string(),
            time,
            summary: commit.summary().ok().flatten().unwrap_or("").to_owned(),
            root_tree,
        }
    }

    /// Hand the bytes of blob `oid` to `f` without copying them.
    pub fn with_blob<R>(&self, oid: Oid, f: impl FnOnce(&[u8]) -> R) -> Result<R, HistoryError> {
        let repo = self.repo();
        let blob = repo.find_blob(oid).map_err(|e| HistoryError::Git(format!("blob {oid}: {}", e.message())))?;
        Ok(f(blob.content()))
    }

    /// The repository's git directory (`.git`), where its object packs are.
    pub fn git_dir(&self) -> std::path::PathBuf {
        self.repo().path().to_path_buf()
    }

    /// The compliance repo's files at `commit`.
    pub fn tree(self: &Arc<Self>, commit: &CommitInfo) -> Result<GitTree, HistoryError> {
        let mut files = BTreeMap::new();
        if let Some(tree) = commit.root_tree {
            for (path, entry) in self.walk(tree)?.iter() {
                files.insert(path.clone(), *entry);
            }
        }
        Ok(GitTree { history: Arc::clone(self), files })
    }

    /// Every blob under tree `id`, relative to it; memoized by tree id.
    fn walk(&self, id: Oid) -> Result<Listing, HistoryError> {
        if let Some(found) = self.walked.lock().unwrap_or_else(|p| p.into_inner()).get(&id) {
            return Ok(found.clone());
        }
        let children: Vec<(String, Oid, Option<ObjectType>, i32)> = {
            let repo = self.repo();
            let tree = repo.find_tree(id).map_err(|e| HistoryError::Git(e.message().to_owned()))?;
            tree.iter().filter_map(|e| Some((e.name().ok()?.to_owned(), e.id(), e.kind(), e.filemode()))).collect()
        };
        let mut out = Vec::new();
        for (name, oid, kind, mode) in children {
            match kind {
                Some(ObjectType::Blob) => out.push((name, Entry { blob: oid, link: mode == LINK_MODE })),
                Some(ObjectType::Tree) => {
                    for (rel, e) in self.walk(oid)?.iter() {
                        out.push((format!("{name}/{rel}"), *e));
                    }
                }
                // Submodules are other repositories: not part of this one's record.
                _ => {}
            }
        }
        let out = Arc::new(out);
        self.walked.lock().unwrap_or_else(|p| p.into_inner()).insert(id, out.clone());
        Ok(out)
    }
}

/// The files of a compliance repo at one commit, read from git objects.
pub struct GitTree {
    history: Arc<GitHistory>,
    files: BTreeMap<String, Entry>,
}

impl GitTree {
    /// The blob id of a file, for cache keys.
    pub fn blob_id(&self, path: &str) -> Option<Oid> {
        self.files.get(path).map(|e| e.blob)
    }

    /// Every file with its blob id, sorted by path.
    pub fn entries(&self) -> impl Iterator<Item = (&str, Oid)> {
        self.files.iter().map(|(p, e)| (p.as_str(), e.blob))
    }

    /// Files under `dir` (all files for `""`), sorted by path.
    pub fn under<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = (&'a str, Oid)> + 'a {
        self.entries().filter(move |(p, _)| dir.is_empty() || p.strip_prefix(dir).is_some_and(|r| r.starts_with('/')))
    }

    fn is_dir(&self, path: &str) -> bool {
        let prefix = format!("{}/", path.trim_end_matches('/'));
        self.files.range(prefix.clone()..).next().is_some_and(|(p, _)| p.starts_with(&prefix))
    }
}

impl RepoFiles for GitTree {
    fn list(&self, dir: &str) -> Vec<Listed> {
        let dir = dir.trim_end_matches('/');
        let mut found: Vec<(&str, &Entry)> = self
            .files
            .iter()
            .filter(|(p, _)| p.strip_prefix(dir).is_some_and(|r| r.starts_with('/')))
            .map(|(p, e)| (p.as_str(), e))
            .collect();
        // The worktree lists a folder's entries by name, then descends: sort by components likewise.
        found.sort_by(|a, b| a.0.split('/').cmp(b.0.split('/')));
        found
            .into_iter()
            .map(|(p, e)| {
                if e.link {
                    Err((
                        p.to_owned(),
                        FileError::Io("a symbolic link in git history (soc2 does not follow it)".into()),
                    ))
                } else {
                    Ok(p.to_owned())
                }
            })
            .collect()
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, FileError> {
        let Some(entry) = self.files.get(path) else {
            return Err(if self.is_dir(path) { FileError::IsDirectory } else { FileError::NotFound });
        };
        if entry.link {
            return Err(FileError::Io("a symbolic link in git history (soc2 does not follow it)".into()));
        }
        let repo = self.history.repo();
        let blob = repo.find_blob(entry.blob).map_err(|e| FileError::Io(e.message().to_owned()))?;
        Ok(blob.content().to_vec())
    }

    fn exists(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.is_dir(path)
    }
}
