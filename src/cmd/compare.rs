//! What `check --baseline`, `soc2 diff` and `soc2 impact` share: which
//! revisions to compare, both evaluations at one moment, the git change
//! between them and what it did to evidence and to controls.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Result;
use git2::Oid;

use super::Context;
use crate::cli::CompareFormat;
use crate::diagnostic::{InvalidRepo, hinted};
use crate::eval::Selection;
use crate::eval::compare::{Comparison, Side};
use crate::eval::session::{Point, Session};
use crate::files::changes::{self, Changes};
use crate::files::git::{Git, GitHistory};
use crate::output::Output;
use crate::render;

/// Where a change ends: the worktree, or a commit.
pub(super) enum Head {
    Worktree,
    Rev(String),
}

/// The target branch of the pull or merge request this runs in, if any.
fn pull_request_target() -> Option<String> {
    ["GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()))
}

/// The baseline revision: as given, or in a pull or merge request the merge
/// base of HEAD and `origin/<target>`.
pub(super) fn base_spec(given: Option<&str>, flag: &str) -> Result<String> {
    if let Some(g) = given.map(str::trim).filter(|g| !g.is_empty()) {
        return Ok(g.to_owned());
    }
    match pull_request_target() {
        Some(target) => Ok(format!("origin/{target}...")),
        None => Err(hinted(
            format!(
                "give a revision, e.g. `{flag} origin/main...` (the merge base of HEAD and origin/main) or `{flag} HEAD~1`; in GitHub Actions (GITHUB_BASE_REF) and GitLab merge request pipelines (CI_MERGE_REQUEST_TARGET_BRANCH_NAME) it defaults to the merge base with the target branch"
            ),
            format!("{flag}: no revision given, and no pull or merge request to take the target branch from"),
        )),
    }
}

/// The git repository holding `dir`, or why it cannot be compared.
pub(super) fn open_git(dir: &Path, flag: &str) -> Result<Git> {
    crate::files::git::open(dir).map_err(|e| {
        hinted(
            "comparing reads commits: commit the repo first (`git init && git add -A && git commit`)",
            format!("{flag}: {e}"),
        )
    })
}

/// Resolve `rev` in `repo`, or say how to make it resolvable.
pub(super) fn resolve(repo: &git2::Repository, rev: &str, flag: &str) -> Result<Oid> {
    changes::resolve(repo, rev).map_err(|e| {
        let branch = rev.split("...").next().unwrap_or(rev).split("..").next().unwrap_or(rev);
        let fetch = match branch.strip_prefix("origin/") {
            Some(b) => format!("`git fetch origin {b}`"),
            None => "`git fetch origin`".to_owned(),
        };
        hinted(
            format!(
                "is it fetched? run {fetch}; in CI check out the whole history (actions/checkout `fetch-depth: 0`, GitLab `GIT_DEPTH: 0`); `git log --oneline --all` lists commits"
            ),
            format!("{flag} {e}"),
        )
    })
}

/// What to compare, and how.
pub(super) struct Request<'a> {
    /// The flag or command named in messages: `--baseline`, `diff`.
    pub flag: &'a str,
    pub base: String,
    pub head: Head,
    pub selection: Selection,
    pub no_cache: bool,
}

/// Both sides evaluated at the head's moment, compared; with the evidence
/// the change touched and the controls it touches.
pub(super) fn compare(ctx: &Context, req: Request<'_>, out: &mut Output) -> Result<Comparison> {
    let root = ctx.root()?;
    let git = open_git(&root, req.flag)?;
    let base_oid = resolve(&git.repo, &req.base, req.flag)?;
    let (head_oid, head_rev) = match &req.head {
        Head::Worktree => (None, None),
        Head::Rev(r) => (Some(resolve(&git.repo, r, req.flag)?), Some(r.clone())),
    };
    let history = std::sync::Arc::new(GitHistory::open(&root)?);
    let side = |rev: &str, oid: Oid| -> Result<Side> {
        Ok(Side { rev: rev.to_owned(), commit: Some(history.resolve(&oid.to_string())?) })
    };
    let base_side = side(&req.base, base_oid)?;
    let head_side = match (&head_rev, head_oid) {
        (Some(r), Some(o)) => side(r, o)?,
        _ => Side::worktree(),
    };

    let head_point = head_oid.map(|o| Point::Rev(o.to_string()));
    let head = Session::open(&root, head_point.as_ref(), ctx.now, req.no_cache)?;
    out.warnings(&head.repo.warnings);
    let head_eval = head.evaluate(&req.selection)?;
    out.status(format!(
        "comparing {} with {} at {}",
        head_side.label(),
        base_side.label(),
        crate::dates::format_timestamp(head.at)
    ));

    let (base, note) = baseline(&root, base_oid, &git, &base_side, head.at, req.no_cache)?;
    let changes = Changes::between(git, base_oid, head_oid)?;
    let changed: BTreeSet<String> =
        changes.root_files().into_iter().flat_map(|f| std::iter::once(f.path.clone()).chain(f.old_path)).collect();
    let (base_eval, note) = match &base {
        None => (None, note),
        Some(s) => match base_selection(&req.selection, s) {
            Ok(sel) if full_baseline() => (Some(s.evaluate(&sel)?), None),
            Ok(sel) => {
                let worktree = head_oid.is_none();
                let e =
                    crate::eval::baseline::evaluate(s, &sel, &head_eval, &head.repo, &changed, req.no_cache, worktree)?;
                (Some(e), None)
            }
            Err(why) => (None, Some(format!("{}: {why}", base_side.rev))),
        },
    };
    let mut cmp =
        Comparison::new((base_side, base_eval.as_ref(), note), (head_side, &head_eval), req.selection.is_all());
    cmp.evidence = crate::evidence::diff::datasets(&changes);
    cmp.touched = touched(&changes, &cmp.related_files());
    cmp.prefix = changes.prefix.clone();
    cmp.impact = Some(crate::eval::impact::impact(&head.repo, base.as_ref().map(|b| &b.repo), &changes, None));
    cmp.links = links(head_oid);
    Ok(cmp)
}

/// `SOC2_BASELINE_FULL=1` evaluates every control of the baseline instead of
/// those the change may affect: the tests check both give the same result.
fn full_baseline() -> bool {
    std::env::var_os("SOC2_BASELINE_FULL").is_some_and(|v| v == "1")
}

/// The baseline's session, evaluated at `at` (the head's moment); `None`
/// with why when the baseline holds no compliance repo that loads.
fn baseline(
    root: &Path,
    oid: Oid,
    git: &Git,
    side: &Side,
    at: chrono::DateTime<chrono::Utc>,
    no_cache: bool,
) -> Result<(Option<Session>, Option<String>)> {
    let config = format!("{}{}", git.prefix, crate::files::CONFIG_FILE);
    let has_config =
        git.repo.find_commit(oid).and_then(|c| c.tree()).is_ok_and(|t| t.get_path(Path::new(&config)).is_ok());
    if !has_config {
        return Ok((
            None,
            Some(format!("{} has no {}: every control counts as new", side.rev, crate::files::CONFIG_FILE)),
        ));
    }
    match Session::open(root, Some(&Point::Rev(oid.to_string())), at, no_cache) {
        Ok(mut s) => {
            // The same moment as the head, so only the change differs (see eval::compare).
            s.at = at;
            Ok((Some(s), None))
        }
        Err(e) => match e.downcast_ref::<InvalidRepo>() {
            Some(InvalidRepo(diags)) => Ok((
                None,
                Some(format!(
                    "{} does not load ({} error(s), e.g. {}): every control counts as new",
                    side.rev,
                    diags.error_count(),
                    diags
                        .iter()
                        .find(|d| d.is_error())
                        .map(|d| d.render(false).lines().next().unwrap_or("").to_owned())
                        .unwrap_or_default()
                )),
            )),
            None => Err(e),
        },
    }
}

/// The head's selection as it applies to the baseline: `--control` ids the
/// baseline lacks are left out; an error when nothing selected exists there.
fn base_selection(selection: &Selection, base: &Session) -> Result<Selection, String> {
    let mut sel = selection.clone();
    if !sel.controls.is_empty() {
        sel.controls.retain(|id| base.repo.controls.iter().any(|c| c.id().eq_ignore_ascii_case(id)));
        if sel.controls.is_empty() {
            return Err("none of the selected controls exists there: they count as new".to_owned());
        }
    }
    sel.check(&base.repo, base.at).map_err(|e| format!("{e}: every selected control counts as new"))?;
    Ok(sel)
}

/// The lines the change added to each of `files` (relative to the compliance root) it touched.
fn touched(changes: &Changes, files: &BTreeSet<&str>) -> BTreeMap<String, Vec<usize>> {
    changes
        .files
        .iter()
        .filter_map(|f| {
            let rel = changes.in_root(&f.path)?;
            files.contains(rel).then(|| (rel.to_owned(), changes.added_lines(f)))
        })
        .collect()
}

/// Where file links point in a pull-request comment: the commit's files on
/// GitHub or GitLab, from the CI's variables.
fn links(head: Option<Oid>) -> Option<String> {
    let var =
        |k: &str| std::env::var(k).ok().map(|v| v.trim().trim_end_matches('/').to_owned()).filter(|v| !v.is_empty());
    let sha = |env: &str| head.map(|h| h.to_string()).or_else(|| var(env));
    if let (Some(server), Some(repo), Some(sha)) =
        (var("GITHUB_SERVER_URL"), var("GITHUB_REPOSITORY"), sha("GITHUB_SHA"))
    {
        return Some(format!("{server}/{repo}/blob/{sha}"));
    }
    if let (Some(project), Some(sha)) = (var("CI_PROJECT_URL"), sha("CI_COMMIT_SHA")) {
        return Some(format!("{project}/-/blob/{sha}"));
    }
    None
}

/// The comparison in `format`.
pub(super) fn render(cmp: &Comparison, format: CompareFormat, color: bool) -> Result<String> {
    Ok(match format {
        CompareFormat::Human => render::compare::human::render(cmp, color),
        CompareFormat::Json => crate::json::pretty(cmp)?,
        CompareFormat::Markdown => render::compare::markdown::render(cmp),
        CompareFormat::Github => render::compare::github::render(cmp),
    })
}

/// A `[repositories.NAME]` work tree, resolved against the compliance root.
pub(super) fn repository_dir(root: &Path, repo: &crate::repo::Repo, name: &str) -> Result<PathBuf> {
    match repo.config.repositories.get(name) {
        Some(spec) => Ok(root.join(&spec.path)),
        None => {
            let known: Vec<&str> = repo.config.repositories.keys().map(String::as_str).collect();
            let hint = crate::diagnostic::did_you_mean_hint(name, known.iter().copied()).unwrap_or_else(|| {
                if known.is_empty() {
                    format!("declare it in soc2.toml: `[repositories.{name}]` with `path = \"../{name}\"`")
                } else {
                    format!("repositories: {}", known.join(", "))
                }
            });
            Err(hinted(hint, format!("--repository {name}: no such repository in soc2.toml")))
        }
    }
}
