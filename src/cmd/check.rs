//! `soc2 check`: evaluate controls, print in the chosen format, exit 1 on gaps.

use anyhow::Result;

use super::Context;
use crate::cli::{CheckArgs, CheckFormat, CompareFormat, HistoryArgs};
use crate::diagnostic::hinted;
use crate::eval::session::Point;
use crate::output::{Outcome, Output};
use crate::render;

pub fn run(ctx: &Context, args: CheckArgs, out: &mut Output) -> Result<Outcome> {
    if args.baseline.is_some() {
        return baseline(ctx, args, out);
    }
    let selection = super::selection(args.selection);
    let session = super::open_session(ctx, point(&args.history)?.as_ref(), args.no_cache, out)?;
    let mut evaluation = session.evaluate(&selection)?;
    if !args.status.is_empty() {
        evaluation.controls.retain(|c| args.status.contains(&c.status));
    }
    let text = match args.format {
        CheckFormat::Human => render::check::human::render(&evaluation, out.color(), out.verbose()),
        CheckFormat::Json => render::check::json::render(&evaluation)?,
        CheckFormat::Junit => render::check::junit::render(&evaluation),
        CheckFormat::Markdown => render::check::markdown::render(&evaluation),
        CheckFormat::Sarif => render::check::sarif::render(&evaluation)?,
        CheckFormat::Github => render::check::github::render(&evaluation),
    };
    out.stdout().write_all(text.as_bytes())?;
    let failing = evaluation.fails_gate(!selection.is_all(), !args.status.is_empty());
    Ok(if failing { Outcome::Findings } else { Outcome::Clean })
}

/// `--as-of` / `--rev` as a [`Point`], or `None` for the worktree.
pub(super) fn point(args: &HistoryArgs) -> Result<Option<Point>> {
    if let Some(s) = &args.as_of {
        let p = Point::as_of(s).map_err(|e| hinted(e.hint, format!("--as-of: {e}")))?;
        return Ok(Some(p));
    }
    Ok(args.rev.clone().map(Point::Rev))
}

/// `check --baseline REV`: exit 1 only on what the worktree makes worse than REV.
fn baseline(ctx: &Context, args: CheckArgs, out: &mut Output) -> Result<Outcome> {
    let format = match args.format {
        CheckFormat::Human => CompareFormat::Human,
        CheckFormat::Json => CompareFormat::Json,
        CheckFormat::Markdown => CompareFormat::Markdown,
        CheckFormat::Github => CompareFormat::Github,
        other @ (CheckFormat::Junit | CheckFormat::Sarif) => {
            let name = if other == CheckFormat::Junit { "junit" } else { "sarif" };
            return Err(hinted(
                "--baseline prints human, json, markdown or github; run `soc2 check` without it for the full report",
                format!("--format {name} does not go with --baseline"),
            ));
        }
    };
    let base = super::compare::base_spec(args.baseline.as_deref(), "--baseline")?;
    let req = super::compare::Request {
        flag: "--baseline",
        base,
        head: super::compare::Head::Worktree,
        selection: super::selection(args.selection),
        no_cache: args.no_cache,
    };
    let cmp = super::compare::compare(ctx, req, out)?;
    let text = super::compare::render(&cmp, format, out.color())?;
    out.stdout().write_all(text.as_bytes())?;
    Ok(if cmp.regressed { Outcome::Findings } else { Outcome::Clean })
}
