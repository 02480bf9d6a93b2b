//! `soc2 validate`: load and cross-check, print a one-line summary.

use anyhow::Result;
use serde::Serialize;

use super::Context;
use crate::cli::{ValidateArgs, ValidateFormat};
use crate::diagnostic::{Diagnostics, InvalidRepo};
use crate::files::Worktree;
use crate::output::Outcome;
use crate::output::Output;
use crate::repo::Repo;

#[derive(Serialize)]
struct Summary {
    valid: bool,
    controls: usize,
    policies: usize,
    queries: usize,
    criteria_in_scope: usize,
    categories: Vec<String>,
    diagnostics: Diagnostics,
}

pub fn run(ctx: &Context, args: ValidateArgs, out: &mut Output) -> Result<Outcome> {
    match args.format {
        ValidateFormat::Human => {
            let (root, repo) = ctx.load(out)?;
            inputs(&root, &repo)?;
            out.line(summary_text(&repo))?;
        }
        ValidateFormat::Json => {
            let root = ctx.root()?;
            let files = Worktree::new(&root);
            let loaded = Repo::load(&files)
                .and_then(|r| r.check_not_future(&files, ctx.now).map(|()| r))
                .and_then(|repo| inputs(&root, &repo).map(|()| repo));
            let summary = match loaded {
                Ok(repo) => summarize(&repo),
                Err(InvalidRepo(diagnostics)) => {
                    let json = Summary {
                        valid: false,
                        controls: 0,
                        policies: 0,
                        queries: 0,
                        criteria_in_scope: 0,
                        categories: Vec::new(),
                        diagnostics,
                    };
                    out.line(serde_json::to_string_pretty(&json)?)?;
                    return Err(InvalidRepo(json.diagnostics).into());
                }
            };
            out.line(serde_json::to_string_pretty(&summary)?)?;
        }
    }
    Ok(Outcome::Clean)
}

/// What the collectors would read, checked as written: registers against their
/// schemas, and tools' outputs (SARIF, OCSF) parsed as `collect` would read them.
fn inputs(root: &std::path::Path, repo: &Repo) -> Result<(), InvalidRepo> {
    let mut diags = Diagnostics::new();
    for spec in &repo.config.collectors {
        for d in crate::collect::check_input(spec, root) {
            diags.push(d);
        }
        if let Err(d) = crate::collect::check_tool_output(spec, root) {
            diags.push(d);
        }
    }
    if diags.has_errors() { Err(InvalidRepo(diags)) } else { Ok(()) }
}

fn summarize(repo: &Repo) -> Summary {
    Summary {
        valid: true,
        controls: repo.controls.len(),
        policies: repo.policies.len(),
        queries: repo.queries.len(),
        criteria_in_scope: repo.criteria_in_scope().count(),
        categories: repo.config.audit.categories.clone(),
        diagnostics: repo.warnings.clone(),
    }
}

fn summary_text(repo: &Repo) -> String {
    let s = summarize(repo);
    let warnings = match repo.warnings.warning_count() {
        0 => String::new(),
        1 => " · 1 warning".to_owned(),
        n => format!(" · {n} warnings"),
    };
    format!(
        "ok: {} controls · {} policies · {} queries · {} criteria in scope ({}){warnings}",
        s.controls,
        s.policies,
        s.queries,
        s.criteria_in_scope,
        s.categories.join(", ")
    )
}
