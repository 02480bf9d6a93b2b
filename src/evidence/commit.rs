//! `soc2 collect --commit`: one git commit holding only the changed evidence files.
//!
//! The commit's tree is HEAD's tree with the evidence files replaced, built
//! without touching the index, so whatever else the user staged or modified
//! stays exactly as it was. Afterwards the index entries of those evidence
//! paths (and only those) are updated, so `git status` is clean for them.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use chrono::{DateTime, Utc};
use git2::build::TreeUpdateBuilder;
use git2::{ErrorCode, FileMode, Oid, Repository, Signature, Time};

/// A commit made by [`commit_paths`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Committed {
    pub id: String,
    pub message: String,
    /// Repo-root-relative paths whose content the commit changed.
    pub paths: Vec<String>,
}

/// The git repository holding the compliance repo at `root`, for `--commit`.
pub struct EvidenceRepo {
    repo: Repository,
    /// `root` relative to the git work tree, `/`-separated, empty or ending in `/`.
    prefix: String,
    root: PathBuf,
}

impl EvidenceRepo {
    /// Open the git repository containing `root`; fails clearly when there is none.
    pub fn open(root: &Path) -> Result<Self> {
        let crate::files::git::Git { repo, prefix } = crate::files::git::open(root).map_err(|e| match e {
            crate::files::git::OpenError::NotGit { .. } => {
                crate::diagnostic::hinted("run `git init` first, or collect without --commit", format!("--commit: {e}"))
            }
            other => anyhow::anyhow!("--commit: {other}"),
        })?;
        Ok(EvidenceRepo { repo, prefix, root: root.to_path_buf() })
    }

    /// Commit the current contents of `paths` (relative to the compliance repo
    /// root) on top of HEAD. `message` receives the paths that changed. Returns
    /// `None` when no path differs from HEAD.
    pub fn commit_paths(
        &self,
        paths: &[String],
        now: DateTime<Utc>,
        message: impl FnOnce(&[String]) -> String,
    ) -> Result<Option<Committed>> {
        let repo = &self.repo;
        let head_commit = match repo.head() {
            Ok(head) => Some(head.peel_to_commit().context("--commit: cannot read the HEAD commit")?),
            Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => None,
            Err(e) => return Err(anyhow::anyhow!("--commit: cannot read HEAD: {}", e.message())),
        };
        let base_tree = match &head_commit {
            Some(c) => c.tree().context("--commit: cannot read HEAD's tree")?,
            None => {
                let empty = repo.treebuilder(None)?.write()?;
                repo.find_tree(empty)?
            }
        };

        let mut sorted: Vec<&String> = paths.iter().collect();
        sorted.sort();
        sorted.dedup();
        let mut update = TreeUpdateBuilder::new();
        let mut changed = Vec::new();
        for rel in sorted {
            let bytes = fs::read(self.root.join(rel)).with_context(|| format!("--commit: cannot read {rel}"))?;
            let oid = repo.blob(&bytes).with_context(|| format!("--commit: cannot store {rel} in git"))?;
            let in_git = format!("{}{rel}", self.prefix);
            let current: Option<Oid> = base_tree.get_path(Path::new(&in_git)).ok().map(|e| e.id());
            if current != Some(oid) {
                update.upsert(&in_git, oid, FileMode::Blob);
                changed.push(rel.clone());
            }
        }
        if changed.is_empty() {
            return Ok(None);
        }
        let tree_id = update.create_updated(repo, &base_tree).context("--commit: cannot build the commit tree")?;
        let tree = repo.find_tree(tree_id)?;
        let signature = self.signature(now)?;
        let message = message(&changed);
        let parents: Vec<&git2::Commit<'_>> = head_commit.iter().collect();
        let id = repo
            .commit(Some("HEAD"), &signature, &signature, &message, &tree, &parents)
            .map_err(|e| anyhow::anyhow!("--commit: cannot create the commit: {}", e.message()))?;

        let mut index = repo.index().context("--commit: cannot open the git index")?;
        for rel in &changed {
            index
                .add_path(Path::new(&format!("{}{rel}", self.prefix)))
                .with_context(|| format!("--commit: committed {id} but cannot update the index entry of {rel}"))?;
        }
        index.write().with_context(|| {
            format!(
                "--commit: committed {id} but cannot write the git index; `git reset -q -- evidence` fixes `git status`"
            )
        })?;
        Ok(Some(Committed { id: id.to_string(), message, paths: changed }))
    }

    /// The repo's configured user, else `soc2 <soc2@localhost>`, at `now`.
    fn signature(&self, now: DateTime<Utc>) -> Result<Signature<'static>> {
        let time = Time::new(now.timestamp(), 0);
        let (name, email) = match self.repo.signature() {
            Ok(s) => (s.name().unwrap_or("soc2").to_owned(), s.email().unwrap_or("soc2@localhost").to_owned()),
            Err(_) => ("soc2".to_owned(), "soc2@localhost".to_owned()),
        };
        Signature::new(&name, &email, &time)
            .map_err(|e| anyhow::anyhow!("--commit: invalid git identity: {}", e.message()))
    }
}
