//! `soc2 workflow CONTROL [STATE]`: record a move of a control from one
//! workflow state to another, or show its state and history.

use anyhow::{Result, bail};
use serde::Serialize;

use super::Context;
use super::records::{control_id, finish, record_path, signer, write_yaml};
use crate::cli::{ListFormat, WorkflowArgs};
use crate::dates::format_timestamp;
use crate::diagnostic::hinted;
use crate::eval::Status;
use crate::eval::session::Session;
use crate::output::Outcome;
use crate::output::Output;
use crate::repo::people::ACCEPTING_ROLES;
use crate::repo::workflow::{TransitionDef, WORKFLOW_DIR, WorkflowState};

pub fn run(ctx: &Context, args: WorkflowArgs, out: &mut Output) -> Result<Outcome> {
    let (root, repo) = ctx.load(out)?;
    let control = control_id(&repo, &args.control)?;
    let current = repo.workflow_state(&control, ctx.now);
    let Some(to) = args.state else {
        return show(ctx, &repo, &control, current, args.format, out);
    };
    let Some(by) = args.by else {
        return Err(hinted(
            format!("soc2 workflow {control} {} --by you@example.com", to.as_str()),
            format!("--by WHO is required to move {control} to {}", to.as_str()),
        ));
    };
    let by = signer(&repo, &by, args.external)?;
    if to == current {
        bail!("{control} is already {}; nothing recorded", to.as_str());
    }
    if to == WorkflowState::Accepted {
        may_accept(ctx, &root, &repo, &control, &by, args.external)?;
    }
    let record = TransitionDef {
        from: current,
        to,
        date: format_timestamp(ctx.now),
        by,
        external: args.external,
        note: args.note,
    };
    let path = record_path(&root, &format!("{WORKFLOW_DIR}/{control}"), ctx, to.as_str(), "");
    write_yaml(&root, &path, &record)?;
    out.line(format!("{control}: {} → {}", current.as_str(), to.as_str()))?;
    finish(ctx, &root, vec![path], &format!("soc2 workflow: {control} {}", to.as_str()), args.commit, out)
}

/// Only a person with the `reviewer` or `auditor` role accepts, and only a control that passes.
fn may_accept(
    ctx: &Context,
    root: &std::path::Path,
    repo: &crate::repo::Repo,
    control: &str,
    by: &str,
    external: bool,
) -> Result<()> {
    let roles = ACCEPTING_ROLES.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(" or ");
    let person = (!external).then(|| repo.config.person(by)).flatten();
    if person.is_none_or(|p| !ACCEPTING_ROLES.iter().any(|r| p.has_role(r))) {
        let holders: Vec<&str> = repo
            .config
            .people
            .persons
            .iter()
            .filter(|p| ACCEPTING_ROLES.iter().any(|r| p.has_role(r)))
            .map(|p| p.id())
            .collect();
        let hint = if holders.is_empty() {
            format!(
                "nobody holds {roles} yet: add the role to a person in soc2.toml, e.g. `roles = [\"auditor\"]` under the auditor's [[people]] entry"
            )
        } else {
            format!("people who may accept: {}", holders.join(", "))
        };
        let who = if external { format!("{by} (an outside party)") } else { repo.config.resolve_owner(by) };
        return Err(hinted(hint, format!("{who} cannot accept {control}: only a person with the {roles} role may")));
    }
    let session = Session::open(root, None, ctx.now, false)?;
    let selection = crate::eval::Selection { controls: vec![control.to_owned()], ..Default::default() };
    let evaluation = session.evaluate(&selection)?;
    if let Some(c) = evaluation.controls.iter().find(|c| c.id == control)
        && c.status != Status::Pass
    {
        let why = c.reasons.first().map(|r| format!(": {r}")).unwrap_or_default();
        return Err(hinted(
            format!("a control is accepted once it passes; `soc2 check --control {control}` shows what is missing"),
            format!("{control} is `{}`, not passing{why}", c.status.as_str()),
        ));
    }
    Ok(())
}

#[derive(Serialize)]
struct History<'a> {
    control: &'a str,
    state: WorkflowState,
    transitions: Vec<Step<'a>>,
}

#[derive(Serialize)]
struct Step<'a> {
    date: &'a str,
    from: WorkflowState,
    to: WorkflowState,
    by: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    path: &'a str,
}

fn show(
    ctx: &Context,
    repo: &crate::repo::Repo,
    control: &str,
    state: WorkflowState,
    format: ListFormat,
    out: &mut Output,
) -> Result<Outcome> {
    let transitions: Vec<Step<'_>> = repo
        .workflow_history(control)
        .filter(|t| t.date <= ctx.now)
        .map(|t| Step {
            date: &t.def.date,
            from: t.def.from,
            to: t.def.to,
            by: &t.def.by,
            note: t.def.note.as_deref(),
            path: &t.path,
        })
        .collect();
    match format {
        ListFormat::Json => {
            let s = crate::json::pretty(&History { control, state, transitions })?;
            out.stdout().write_all(s.as_bytes())?;
        }
        ListFormat::Human => {
            out.line(format!("{control}: {}", state.as_str()))?;
            for t in &transitions {
                let note = t.note.map(|n| format!(" — {n}")).unwrap_or_default();
                out.line(format!("  {}  {} → {}  by {}{note}", t.date, t.from.as_str(), t.to.as_str(), t.by))?;
            }
            if transitions.is_empty() {
                out.line("  no transitions recorded")?;
            }
        }
    }
    Ok(Outcome::Clean)
}
