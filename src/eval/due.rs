//! What people owe on a calendar: control reviews, attestations and other
//! manual evidence on a cadence, policy reviews and approvals — each with its
//! owner and due date. `soc2 reviews` lists them; `check` turns the same
//! obligations into `review-due` and `missing` (see [`super::obligations`]).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::model::{Obligation, ObligationState};
use super::{coverage, in_scope, obligations};
use crate::dates::{Duration, format_timestamp, parse_timestamp};
use crate::repo::Repo;
use crate::repo::control::Control;

/// Where an item stands at the evaluation time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DueState {
    /// Past its due date, or never done.
    Overdue,
    /// Due within the window asked for.
    DueSoon,
    /// Due later than the window (or never again).
    Later,
}

/// One review, attestation or approval someone owes.
#[derive(Clone, Debug, Serialize)]
pub struct DueItem {
    /// Who owes it: the person's name (else email), `role:` resolved through the people of soc2.toml.
    pub owner: String,
    /// The owner's email and GitHub login, when soc2.toml knows them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub github: Option<String>,
    /// `review`, `attestation`, `file`, `link`, `note` (controls), `policy-review` or `policy-approval`.
    pub kind: String,
    /// `control` or `policy`.
    pub subject: &'static str,
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub every: Option<String>,
    /// The newest record that counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
    /// When it is due; absent when it was never done (then it is overdue).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    pub state: DueState,
    /// Whole days past due (overdue items with a due date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_overdue: Option<i64>,
    /// Whole days until due (items not yet due).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i64>,
    /// One sentence for people: `never reviewed (every 365d)`, `due 2026-07-01`.
    pub reason: String,
    /// The command that records it.
    pub command: String,
    /// The file that declares it (control or policy).
    pub path: String,
}

/// Every recurring or outstanding obligation of the repo at `now`; items due
/// within `within` of `now` are `due-soon`, later ones `later`.
pub fn items(repo: &Repo, now: DateTime<Utc>, within: Option<Duration>) -> Vec<DueItem> {
    let horizon = now + within.map_or(chrono::TimeDelta::zero(), Duration::as_chrono);
    let mut out = Vec::new();
    for c in repo.controls.iter().filter(|c| in_scope(repo, c)) {
        for req in &c.def.evidence {
            let o = obligations::manual(repo, now, c, req);
            let owner = Owner::of(repo, req.spec().by.as_deref().unwrap_or(&c.def.owner));
            if let Some(item) = control_item(c, &o, owner, now, horizon) {
                out.push(item);
            }
        }
        if let Some(plan) = obligations::review_plan(repo, c) {
            let o = obligations::review(repo, now, c, &plan);
            if let Some(item) = control_item(c, &o, Owner::of(repo, &plan.reviewer), now, horizon) {
                out.push(item);
            }
        }
    }
    for p in coverage::policy_statuses(repo, now) {
        let path = p.path.clone();
        let who = Owner::of(repo, repo.policy(&p.id).map_or(p.owner.as_str(), |x| x.meta.owner.as_str()));
        let base = |kind: &str, due: Option<String>, state, reason: String, command: String| DueItem {
            owner: who.display.clone(),
            email: who.email.clone(),
            github: who.github.clone(),
            kind: kind.to_owned(),
            subject: "policy",
            id: p.id.clone(),
            title: p.title.clone(),
            note: None,
            every: repo.policy(&p.id).map(|x| x.meta.review_every.to_string()),
            last: p.last_reviewed_at.clone(),
            due,
            state,
            days_overdue: None,
            days_left: None,
            reason,
            command,
            path: path.clone(),
        };
        if p.approval != "approved" {
            let reason = match &p.approved_at {
                Some(at) => format!("changed since its approval on {}", date_of(at)),
                None => "never approved".to_owned(),
            };
            let command = format!("soc2 review {} --by {} --approve", p.id, quote(&who.signer));
            out.push(base("policy-approval", None, DueState::Overdue, reason, command));
        }
        if let Some(next) = &p.next_review_due {
            let Ok(due) = parse_timestamp(next) else { continue };
            let command = format!("soc2 review {} --by {}", p.id, quote(&who.signer));
            let mut item = base("policy-review", Some(next.clone()), DueState::Later, String::new(), command);
            set_timing(&mut item, due, now, horizon);
            out.push(item);
        }
    }
    out.sort_by(|a, b| {
        (&a.owner, a.state, a.due.is_some(), &a.due, a.subject, &a.id, &a.kind).cmp(&(
            &b.owner,
            b.state,
            b.due.is_some(),
            &b.due,
            b.subject,
            &b.id,
            &b.kind,
        ))
    });
    out
}

/// Who owes an item: as shown, and as typed after `--by`.
struct Owner {
    display: String,
    signer: String,
    email: Option<String>,
    github: Option<String>,
}

impl Owner {
    fn of(repo: &Repo, reference: &str) -> Owner {
        match repo.config.person(reference) {
            Some(p) => Owner {
                display: p.display().to_owned(),
                signer: p.id().to_owned(),
                email: p.email.clone(),
                github: p.github.clone(),
            },
            None => Owner { display: reference.to_owned(), signer: reference.to_owned(), email: None, github: None },
        }
    }
}

fn control_item(
    c: &Control,
    o: &Obligation,
    owner: Owner,
    now: DateTime<Utc>,
    horizon: DateTime<Utc>,
) -> Option<DueItem> {
    let id = &c.def.id;
    let command = match o.kind.as_str() {
        "review" => format!("soc2 review {id} --by {}", quote(&owner.signer)),
        "attestation" => format!("soc2 attest {id} --by {}", quote(&owner.signer)),
        "file" => format!("soc2 evidence add {id} --file FILE --by {}", quote(&owner.signer)),
        "link" => format!("soc2 evidence add {id} --link URL --by {}", quote(&owner.signer)),
        _ => format!("soc2 evidence add {id} --note TEXT --by {}", quote(&owner.signer)),
    };
    let mut item = DueItem {
        owner: owner.display,
        email: owner.email,
        github: owner.github,
        kind: o.kind.clone(),
        subject: "control",
        id: id.clone(),
        title: c.def.title.clone(),
        note: o.note.clone(),
        every: o.every.clone(),
        last: o.last.clone(),
        due: o.due.clone(),
        state: DueState::Overdue,
        days_overdue: None,
        days_left: None,
        reason: String::new(),
        command,
        path: c.path.clone(),
    };
    match (o.state, o.due.as_deref().map(parse_timestamp)) {
        (ObligationState::Missing, _) => {
            let what = if o.kind == "review" { "never reviewed".to_owned() } else { format!("no {} recorded", o.kind) };
            item.reason = match &o.every {
                Some(every) => format!("{what} (every {every})"),
                None => what,
            };
        }
        (_, Some(Ok(due))) => {
            set_timing(&mut item, due, now, horizon);
            if o.last.is_none() && o.kind == "review" {
                // Never reviewed: due one `every` after the control was added.
                item.reason = format!("never reviewed; {}", item.reason);
            }
        }
        // Recorded once, with no cadence and no expiry: nothing more is owed.
        _ => return None,
    }
    Some(item)
}

fn set_timing(item: &mut DueItem, due: DateTime<Utc>, now: DateTime<Utc>, horizon: DateTime<Utc>) {
    let day = date_of(&format_timestamp(due)).to_owned();
    if due <= now {
        let days = (now - due).num_days();
        item.state = DueState::Overdue;
        item.days_overdue = Some(days);
        item.reason = format!("due {day}, {days} {} overdue", plural_days(days));
    } else {
        let days = (due - now).num_days();
        item.state = if due <= horizon { DueState::DueSoon } else { DueState::Later };
        item.days_left = Some(days);
        item.reason = format!("due {day}, in {days} {}", plural_days(days));
    }
}

fn plural_days(n: i64) -> &'static str {
    if n == 1 { "day" } else { "days" }
}

fn date_of(ts: &str) -> &str {
    crate::dates::day(ts)
}

/// A value as it would be typed in a shell.
fn quote(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "@.-_+:/".contains(c)) {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
