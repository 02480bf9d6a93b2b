//! The git repository a compliance repo lives in (the compliance repo may be
//! a subdirectory of a larger work tree).

use std::path::Path;

use git2::Repository;

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
