//! `soc2 impact`: the controls a change touches, their owners and reviewers.

use anyhow::Result;

use super::Context;
use crate::cli::{ImpactArgs, ImpactFormat};
use crate::eval::session::{Point, Session};
use crate::files::changes::Changes;
use crate::output::{Outcome, Output};
use crate::render;

pub fn run(ctx: &Context, args: ImpactArgs, out: &mut Output) -> Result<Outcome> {
    let root = ctx.root()?;
    let head = Session::open(&root, None, ctx.now, true)?;
    out.warnings(&head.repo.warnings);
    let dir = match &args.repository {
        Some(name) => super::compare::repository_dir(&root, &head.repo, name)?,
        None => root.clone(),
    };
    let git = super::compare::open_git(&dir, "impact")?;
    let base_rev = super::compare::base_spec(args.base.as_deref(), "--base")?;
    let base = super::compare::resolve(&git.repo, &base_rev, "--base")?;
    let head_oid = match &args.head {
        Some(rev) => Some(super::compare::resolve(&git.repo, rev, "--head")?),
        None => None,
    };
    // The compliance repo before the change, for controls it deletes (its own repository only).
    let before = match &args.repository {
        None => Session::open(&root, Some(&Point::Rev(base.to_string())), ctx.now, true).ok(),
        Some(_) => None,
    };
    let changes = Changes::between(git, base, head_oid)?;
    let impact =
        crate::eval::impact::impact(&head.repo, before.as_ref().map(|b| &b.repo), &changes, args.repository.as_deref());
    let text = match args.format {
        ImpactFormat::Human => render::impact::render_human(&impact, out.color()),
        ImpactFormat::Json => crate::json::pretty(&impact)?,
        ImpactFormat::Markdown => render::impact::markdown(&impact),
    };
    out.stdout().write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}
