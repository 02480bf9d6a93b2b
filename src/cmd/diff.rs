//! `soc2 diff A..B`: the comparison `check --baseline` gates on, between any
//! two states of the repo, without a gate.

use anyhow::Result;

use super::Context;
use super::compare::{Head, Request};
use crate::cli::DiffArgs;
use crate::output::{Outcome, Output};

pub fn run(ctx: &Context, args: DiffArgs, out: &mut Output) -> Result<Outcome> {
    let (base, head) = range(args.range.as_deref())?;
    let req =
        Request { flag: "diff", base, head, selection: super::selection(args.selection), no_cache: args.no_cache };
    let cmp = super::compare::compare(ctx, req, out)?;
    let text = super::compare::render(&cmp, args.format, out.color())?;
    out.stdout().write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

/// `A..B`, `A..`, `A...B`, `A` or nothing, as a base revision and a head.
fn range(range: Option<&str>) -> Result<(String, Head)> {
    let Some(range) = range.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok((super::compare::base_spec(None, "diff")?, Head::Worktree));
    };
    if let Some((a, b)) = range.split_once("...") {
        let head = if b.is_empty() { "HEAD" } else { b };
        return Ok((format!("{a}...{head}"), Head::Rev(head.to_owned())));
    }
    if let Some((a, b)) = range.split_once("..") {
        let head = if b.is_empty() { "HEAD" } else { b };
        let base = if a.is_empty() { "HEAD" } else { a };
        return Ok((base.to_owned(), Head::Rev(head.to_owned())));
    }
    Ok((range.to_owned(), Head::Worktree))
}
