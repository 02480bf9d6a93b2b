//! `soc2 check`: evaluate controls, print in the chosen format, exit 1 on gaps.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use super::{Context, Outcome};
use crate::cli::{CheckArgs, CheckFormat, HistoryArgs};
use crate::diagnostic::did_you_mean_hint;
use crate::eval::{DirectLoader, Evaluation, Selection, TableLoader};
use crate::history::{self, Point};
use crate::output::Output;
use crate::query::cache::TableCache;
use crate::render;
use crate::repo::Repo;

pub fn run(ctx: &Context, args: CheckArgs, out: &mut Output) -> Result<Outcome> {
    let selection = args.selection.into_selection();
    let point = point(&args.history)?;
    let (_, _, mut evaluation) = load_and_evaluate(ctx, point.as_ref(), &selection, args.no_cache, out)?;
    let filtered = !selection.is_all() || !args.status.is_empty();
    if !args.status.is_empty() {
        evaluation.controls.retain(|c| args.status.contains(&c.status));
    }
    let text = match args.format {
        CheckFormat::Human => render::human::render(&evaluation, out.color()),
        CheckFormat::Json => render::json::render(&evaluation)?,
        CheckFormat::Junit => render::junit::render(&evaluation),
        CheckFormat::Markdown => render::markdown::render(&evaluation),
        CheckFormat::Sarif => render::sarif::render(&evaluation)?,
        CheckFormat::Github => render::github::render(&evaluation),
    };
    out.stdout().write_all(text.as_bytes())?;
    let mut gaps = if filtered { evaluation.controls.iter().any(|c| c.status.is_gap()) } else { evaluation.has_gaps() };
    // With --framework, a requirement no control maps to is a coverage gap too.
    if args.status.is_empty() {
        gaps |= evaluation.framework_coverage.as_ref().is_some_and(|f| f.complete && f.unmapped > 0);
    }
    Ok(if gaps { Outcome::Findings } else { Outcome::Clean })
}

/// `--as-of` / `--rev` as a [`Point`], or `None` for the worktree.
pub(super) fn point(args: &HistoryArgs) -> Result<Option<Point>> {
    if let Some(s) = &args.as_of {
        let p = Point::as_of(s).map_err(|e| anyhow::anyhow!("--as-of: {e}\n  hint: {}", e.hint))?;
        return Ok(Some(p));
    }
    Ok(args.rev.clone().map(Point::Rev))
}

/// Load the repo — the worktree, or the commit `point` names — check the
/// selection and evaluate it. Returns the root, the repo and the evaluation.
pub(super) fn load_and_evaluate(
    ctx: &Context,
    point: Option<&Point>,
    selection: &Selection,
    no_cache: bool,
    out: &mut Output,
) -> Result<(PathBuf, Repo, Evaluation)> {
    let Some(point) = point else {
        let (root, repo) = ctx.load()?;
        for w in repo.warnings.iter() {
            out.status(w.to_string());
        }
        validate_selection(&repo, selection)?;
        let evaluation = super::evaluate(ctx, &root, &repo, selection, no_cache)?;
        return Ok((root, repo, evaluation));
    };
    let root = ctx.root()?;
    let git = history::open(&root)?;
    let picked = history::pick(&git, point, ctx.now)?;
    let c = &picked.commit;
    out.status(format!(
        "evaluating commit {} ({}, {}) as of {}",
        c.short(),
        crate::dates::format_timestamp(c.time),
        c.summary,
        crate::dates::format_timestamp(picked.at)
    ));
    let tree = git.tree(c)?;
    let repo = Repo::load(&tree)?;
    for w in repo.warnings.iter() {
        out.status(w.to_string());
    }
    validate_selection(&repo, selection)?;
    let mut loader = loader(&root, no_cache);
    let evaluation =
        crate::eval::evaluate(&repo, &tree, picked.at, loader.as_mut(), selection).map_err(anyhow::Error::msg)?;
    drop(tree);
    Ok((root, repo, evaluation))
}

/// Tables read from git objects: cached by content (never by the worktree's stat index) unless `no_cache`.
fn loader(root: &Path, no_cache: bool) -> Box<dyn TableLoader> {
    if no_cache { Box::new(DirectLoader) } else { Box::new(TableCache::open_content_keyed(root)) }
}

/// Every `--control` names a control and every `--category` a category.
pub(super) fn validate_selection(repo: &Repo, selection: &Selection) -> Result<()> {
    for id in &selection.controls {
        if repo.control(id).is_none() && !repo.controls.iter().any(|c| c.id().eq_ignore_ascii_case(id)) {
            let hint = did_you_mean_hint(id, repo.controls.iter().map(|c| c.id()));
            bail!("--control {id}: no such control{hint}");
        }
    }
    if let Some(fw) = &selection.framework
        && !repo.frameworks.contains_key(fw)
    {
        let known: Vec<&str> = repo.frameworks.keys().map(String::as_str).collect();
        let hint = did_you_mean_hint(fw, known.iter().copied());
        let hint = if hint.is_empty() {
            format!("\n  hint: frameworks: {} (import one with `soc2 framework import`)", known.join(", "))
        } else {
            hint
        };
        bail!("--framework {fw}: unknown framework{hint}");
    }
    for cat in &selection.categories {
        if !repo.framework.has_category(cat) {
            let known: Vec<&str> = repo.framework.categories.iter().map(|c| c.id.as_str()).collect();
            bail!("--category {cat}: unknown category\n  hint: categories: {}", known.join(", "));
        }
    }
    Ok(())
}
