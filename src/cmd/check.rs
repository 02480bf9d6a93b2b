//! `soc2 check`: evaluate controls, print in the chosen format, exit 1 on gaps.

use anyhow::{Result, bail};

use super::{Context, Outcome};
use crate::cli::{CheckArgs, CheckFormat};
use crate::diagnostic::did_you_mean_hint;
use crate::eval::Selection;
use crate::output::Output;
use crate::render;
use crate::repo::Repo;

pub fn run(ctx: &Context, args: CheckArgs, out: &mut Output) -> Result<Outcome> {
    let (root, repo) = ctx.load()?;
    for w in repo.warnings.iter() {
        out.status(w.to_string());
    }
    let selection = args.selection.into_selection();
    validate_selection(&repo, &selection)?;
    let mut evaluation = super::evaluate(ctx, &root, &repo, &selection, args.no_cache)?;
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
