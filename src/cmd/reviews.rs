//! `soc2 reviews`: what each owner has overdue or due soon; exit 1 when
//! anything is overdue, so a scheduled CI job can notify owners.

use anyhow::Result;

use super::Context;
use crate::cli::{ListFormat, ReviewsArgs};
use crate::dates::Duration;
use crate::diagnostic::{did_you_mean, did_you_mean_hint, hinted};
use crate::eval::due::{self, DueState};
use crate::output::Outcome;
use crate::output::Output;
use crate::render::reviews;
use crate::repo::Repo;

pub fn run(ctx: &Context, args: ReviewsArgs, out: &mut Output) -> Result<Outcome> {
    let (_root, repo) = ctx.load(out)?;
    let within = window(&args.within)?;
    let mut items = due::items(&repo, ctx.now, within);
    if let Some(who) = &args.owner {
        let owner = owner(&repo, who, &items)?;
        items.retain(|i| i.owner.eq_ignore_ascii_case(&owner));
    }
    let agenda = reviews::agenda(&items, crate::dates::format_timestamp(ctx.now), within.map(|w| w.to_string()));
    let text = match args.format {
        ListFormat::Human => reviews::human(&agenda, out.color()),
        ListFormat::Json => reviews::json(&agenda)?,
    };
    out.stdout().write_all(text.as_bytes())?;
    let overdue = items.iter().any(|i| i.state == DueState::Overdue);
    Ok(if overdue { Outcome::Findings } else { Outcome::Clean })
}

/// `--within`: a duration, or `0` for overdue items only.
fn window(value: &str) -> Result<Option<Duration>> {
    let v = value.trim();
    let number = v.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if !number.is_empty() && number.chars().all(|c| c == '0') {
        return Ok(None);
    }
    v.parse::<Duration>().map(Some).map_err(|e| hinted(e.hint, format!("--within: {}", e.message)))
}

/// The person `--owner` names, checked against the people of soc2.toml and the owners of every item.
fn owner(repo: &Repo, who: &str, items: &[due::DueItem]) -> Result<String> {
    let people = &repo.config.people;
    if let Some(role) = who.strip_prefix("role:")
        && people.holder(role).is_none()
    {
        let hint = match did_you_mean(role, people.roles()) {
            Some(s) => format!("did you mean `role:{s}`?"),
            None => "roles are given in soc2.toml: `roles = [...]` of a [[people]] entry, or [roles]".to_owned(),
        };
        return Err(hinted(hint, format!("--owner {who}: nobody holds the role `{role}`")));
    }
    let person = repo.config.resolve_owner(who);
    if items.iter().any(|i| i.owner.eq_ignore_ascii_case(&person)) {
        return Ok(person);
    }
    if repo.config.person(who).is_some() {
        // A known person with nothing due: an empty list, not an error.
        return Ok(person);
    }
    let mut known: Vec<&str> = items.iter().map(|i| i.owner.as_str()).collect();
    known.extend(people.persons.iter().flat_map(|p| p.references()));
    known.sort_unstable();
    known.dedup();
    let hint = did_you_mean_hint(&person, known.iter().copied()).unwrap_or_else(|| {
        let mut owners: Vec<&str> = items.iter().map(|i| i.owner.as_str()).collect();
        owners.sort_unstable();
        owners.dedup();
        format!("owners: {}", owners.join(", "))
    });
    Err(hinted(hint, format!("--owner {who}: nothing is assigned to `{person}`")))
}
