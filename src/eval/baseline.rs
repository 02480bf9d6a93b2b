//! The baseline of a comparison, evaluated where the change can make a
//! difference only. Both sides are evaluated at the same moment, so a
//! control whose inputs the change left alone (its file, its queries, the
//! evidence they read, its records and exceptions) has the same result on
//! both sides: it is taken from the head's evaluation instead of being run
//! again. A change to anything that concerns every control (soc2.toml,
//! frameworks, a file this does not know) evaluates the whole baseline.

use std::collections::BTreeSet;

use anyhow::Result;

use super::session::Session;
use super::{Evaluation, Selection, coverage, summarize};
use crate::query::cache::TableCache;
use crate::query::loader::{DirectLoader, TableLoader, TableSource};
use crate::repo::Repo;
use crate::repo::control::Control;
use crate::repo::record::Subject;

/// Top-level folders and files of a compliance repo that no evaluation reads.
const NOT_EVALUATED: [&str; 11] = [
    "registers/",
    "templates/",
    "audit/",
    "docs/",
    "scripts/",
    ".github/",
    ".gitlab-ci.yml",
    ".gitignore",
    ".soc2/",
    "README",
    "LICENSE",
];

/// The controls (by id) whose result the change may alter; `None` when it
/// may alter every control's.
fn affected(base: &Repo, head: &Repo, changed: &BTreeSet<String>) -> Option<BTreeSet<String>> {
    let mut ids = BTreeSet::new();
    let mut tables = BTreeSet::new();
    for path in changed {
        let known = |dir: &str| path.starts_with(dir);
        if NOT_EVALUATED.iter().any(|p| path.starts_with(p)) || known("queries/") || known("policies/") {
            // Queries count through the controls that run them, policies only for coverage (recomputed).
            continue;
        }
        if known("controls/") {
            for repo in [base, head] {
                ids.extend(repo.controls.iter().filter(|c| &c.path == path).map(|c| c.def.id.clone()));
            }
            continue;
        }
        if known("exceptions/") {
            for repo in [base, head] {
                ids.extend(repo.exceptions.iter().filter(|x| &x.path == path).map(|x| x.def.control.clone()));
            }
            continue;
        }
        if let Some(rest) = path.strip_prefix("evidence/") {
            let (dir, file) = rest.split_once('/')?;
            match dir {
                "manual" | "workflow" => {
                    ids.insert(file.split('/').next().unwrap_or_default().to_owned());
                }
                "reviews" => {
                    for repo in [base, head] {
                        for r in repo.reviews.iter().filter(|r| &r.path == path) {
                            match r.def.subject {
                                Subject::Control => {
                                    ids.insert(r.def.id.clone());
                                }
                                // A policy's reviews reach controls through coverage (recomputed) and soc2_policies.
                                Subject::Policy => {}
                            }
                        }
                    }
                }
                collector if !file.contains('/') => {
                    let dataset = file.strip_suffix(".jsonl").or_else(|| file.strip_suffix(".meta.json"))?;
                    tables.insert(crate::evidence::table_name(collector, dataset).to_ascii_lowercase());
                }
                _ => return None,
            }
            continue;
        }
        // soc2.toml, frameworks/ and anything unknown may concern every control.
        return None;
    }
    for repo in [base, head] {
        for c in &repo.controls {
            if reads_changed(repo, c, changed, &tables) {
                ids.insert(c.def.id.clone());
            }
        }
    }
    Some(ids)
}

/// Whether a query of `c` changed, reads a changed table, or reads the
/// `soc2_*` meta tables (the repo itself, which any change may alter).
fn reads_changed(repo: &Repo, c: &Control, changed: &BTreeSet<String>, tables: &BTreeSet<String>) -> bool {
    c.def.queries.iter().any(|r| {
        let Some(q) = repo.queries.get(&r.query) else { return true };
        changed.contains(&q.path)
            || q.identifiers().any(|i| {
                let i = i.to_ascii_lowercase();
                i.starts_with("soc2_") || tables.contains(&i)
            })
    })
}

/// Evaluate the baseline `base` like [`Session::evaluate`] would (at
/// `base.at`, which must be the head's moment), running only the controls
/// the change (`changed`: paths relative to the compliance root) may have
/// affected and taking the others from `head`, the head's evaluation of the
/// same selection. When the head is the worktree (`worktree_head`), tables
/// whose files the change left alone are read through the worktree's cache,
/// whose stat index spares reading them from git.
pub fn evaluate(
    base: &Session,
    selection: &Selection,
    head: &Evaluation,
    head_repo: &Repo,
    changed: &BTreeSet<String>,
    no_cache: bool,
    worktree_head: bool,
) -> Result<Evaluation> {
    selection.check(&base.repo, base.at)?;
    let mut loader: Box<dyn TableLoader> = match (no_cache, worktree_head) {
        (true, _) => Box::new(DirectLoader),
        (false, false) => Box::new(TableCache::open_content_keyed(base.root())),
        (false, true) => Box::new(SplitLoader {
            unchanged: TableCache::open(base.root()),
            changed: TableCache::open_content_keyed(base.root()),
            paths: changed,
        }),
    };
    let affected = match affected(&base.repo, head_repo, changed) {
        Some(ids) if selection.framework.is_none() && head.framework_coverage.is_none() => ids,
        _ => {
            let all = super::evaluate(&base.repo, base.files(), base.at, loader.as_mut(), selection);
            return Ok(all?);
        }
    };
    let mut narrow = selection.clone();
    narrow.controls = match selection.controls.is_empty() {
        true => affected.iter().cloned().collect(),
        false => selection
            .controls
            .iter()
            .filter(|id| affected.iter().any(|a| a.eq_ignore_ascii_case(id)))
            .cloned()
            .collect(),
    };
    if narrow.controls.is_empty() {
        // Nothing to run: a selection no control id matches.
        narrow.controls = vec![String::new()];
    }
    let part = super::evaluate(&base.repo, base.files(), base.at, loader.as_mut(), &narrow)?;

    let is_affected = |id: &str| affected.contains(id);
    let mut controls = part.controls;
    controls
        .extend(head.controls.iter().filter(|c| !is_affected(&c.id) && base.repo.control(&c.id).is_some()).cloned());
    controls.sort_by(|a, b| a.id.cmp(&b.id));
    let exceptions = part
        .exceptions
        .into_iter()
        .map(|x| {
            let unchanged = !is_affected(&x.control) && !changed.contains(&x.path);
            match head.exceptions.iter().find(|h| h.id == x.id).filter(|_| unchanged) {
                Some(h) => h.clone(),
                None => x,
            }
        })
        .collect::<Vec<_>>();
    let policies = coverage::policy_statuses(&base.repo, base.at);
    let coverage = coverage::coverage(&base.repo, &controls, policies, selection.is_all());
    let summary = summarize(&controls, &coverage, &exceptions);
    Ok(Evaluation { summary, controls, coverage, exceptions, ..part })
}

/// Tables of files the change left alone through the worktree's cache (the
/// same bytes as the baseline's blobs, known by their stat), the others from
/// git objects, keyed by content.
struct SplitLoader<'a> {
    unchanged: TableCache,
    changed: TableCache,
    /// Files the change touched, relative to the compliance root.
    paths: &'a BTreeSet<String>,
}

impl TableLoader for SplitLoader<'_> {
    fn load(
        &mut self,
        engine: &mut crate::query::engine::Engine,
        files: &dyn crate::files::RepoFiles,
        tables: &[TableSource],
    ) -> std::collections::BTreeMap<String, crate::query::engine::LoadError> {
        let (changed, unchanged): (Vec<_>, Vec<_>) = tables.iter().cloned().partition(|t| self.paths.contains(&t.path));
        let mut failed = self.unchanged.load(engine, files, &unchanged);
        failed.extend(self.changed.load(engine, files, &changed));
        failed
    }

    fn shared_files(&self) -> Vec<(String, std::path::PathBuf)> {
        let mut all = self.unchanged.shared_files();
        all.extend(self.changed.shared_files());
        all.sort();
        all
    }
}
