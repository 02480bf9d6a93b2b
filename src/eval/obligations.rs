//! What a control owes beyond its queries: manual evidence on a cadence and
//! its own review. `check` and `soc2 reviews` both read these functions, so
//! they never disagree about what is due.

use chrono::{DateTime, Utc};

use super::model::{Obligation, ObligationState};
use crate::dates::{Duration, format_timestamp};
use crate::repo::Repo;
use crate::repo::config::{ReviewScope, Separation};
use crate::repo::control::{Control, EvidenceRequirement};
use crate::repo::framework::criterion_matches;
use crate::repo::record::{ManualKind, ManualRecord, ReviewRecord, Subject};

/// How often a control is reviewed and by whom, after resolving `[[reviews]]` groups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewPlan {
    pub every: Duration,
    /// A person or `role:NAME`, as written.
    pub reviewer: String,
    /// Where the cadence comes from: `control` or `soc2.toml:LINE` of the group.
    pub source: String,
}

/// The review cadence of `c`: its own `review:`, else the most specific
/// `[[reviews]]` group that covers it (criteria prefix, longest first; then
/// category; then the whole framework; the first declared among equals).
pub fn review_plan(repo: &Repo, c: &Control) -> Option<ReviewPlan> {
    if let Some(r) = &c.def.review {
        return Some(ReviewPlan {
            every: r.every,
            reviewer: r.owner.clone().unwrap_or_else(|| c.def.owner.clone()),
            source: "control".into(),
        });
    }
    let mut best: Option<(usize, &crate::repo::config::ReviewGroup)> = None;
    for g in &repo.config.review_groups {
        let specificity = match &g.scope {
            ReviewScope::All => Some(0),
            ReviewScope::Category(cat) => c
                .def
                .criteria
                .iter()
                .any(|id| repo.framework.criterion(id).is_some_and(|k| &k.category == cat))
                .then_some(1),
            ReviewScope::Criteria(prefixes) => prefixes
                .iter()
                .filter(|p| c.def.criteria.iter().any(|id| criterion_matches(id, p)))
                .map(|p| 100 + p.len())
                .max(),
        };
        if let Some(s) = specificity
            && best.is_none_or(|(b, _)| s > b)
        {
            best = Some((s, g));
        }
    }
    best.map(|(_, g)| ReviewPlan {
        every: g.every,
        reviewer: g.reviewer.clone().unwrap_or_else(|| c.def.owner.clone()),
        source: format!("{}:{}", crate::repo::config::CONFIG_FILE, g.position.line),
    })
}

/// A manual evidence requirement of `c` and whether the newest record that
/// counts meets it at `now`. A record counts when it has a signer (always,
/// for an attestation) and, when the requirement names one (`by:`), when its
/// signer is that person; otherwise the obligation says why it does not.
pub fn manual(repo: &Repo, now: DateTime<Utc>, c: &Control, req: &EvidenceRequirement) -> Obligation {
    let spec = req.spec();
    let kind = match req {
        EvidenceRequirement::Attestation(_) => ManualKind::Attestation,
        EvidenceRequirement::File(_) => ManualKind::File,
        EvidenceRequirement::Link(_) => ManualKind::Link,
        EvidenceRequirement::Note(_) => ManualKind::Note,
    };
    // An attestation that nothing occurred answers empty populations, not this requirement.
    let records: Vec<&ManualRecord> = repo
        .manual
        .iter()
        .filter(|m| m.control == c.def.id && m.def.kind == kind && !m.def.not_occurring && m.date <= now)
        .collect();
    let check = |m: &ManualRecord| signer_counts(repo, m, spec.by.as_deref());
    let latest = records.iter().copied().filter(|m| check(m).is_ok()).max_by_key(|m| m.date);
    let newest = records.iter().copied().max_by_key(|m| m.date);
    let mut o = Obligation {
        kind: kind.as_str().to_owned(),
        note: spec.note.clone(),
        every: spec.every.map(|d| d.to_string()),
        by: spec.by.as_deref().map(|b| repo.config.resolve_owner(b)),
        last: None,
        due: None,
        state: ObligationState::Missing,
        problem: None,
        flag: None,
    };
    if let Some(n) = newest
        && latest.is_none_or(|l| n.date > l.date)
    {
        o.problem = check(n).err();
    }
    if spec.path.is_some() && latest.is_none() {
        // A file named in the control itself satisfies the requirement.
        o.state = ObligationState::Ok;
        return o;
    }
    if let Some(m) = latest {
        let by_cadence = spec.every.map(|e| m.date + e.as_chrono());
        let due = [by_cadence, m.expires].into_iter().flatten().min();
        o.last = Some(format_timestamp(m.date));
        o.due = due.map(format_timestamp);
        o.state = if due.is_some_and(|d| d <= now) { ObligationState::Due } else { ObligationState::Ok };
    }
    o
}

/// Whether a manual record's signer satisfies the requirement's `by:`; the
/// reason it does not, for people.
fn signer_counts(repo: &Repo, m: &ManualRecord, required: Option<&str>) -> Result<(), String> {
    let what = format!("{} of {}", m.def.kind.as_str(), date_of(&m.def.date));
    let by = m.def.by.as_deref().map(str::trim).filter(|b| !b.is_empty());
    let Some(by) = by else {
        if required.is_some() || m.def.kind == ManualKind::Attestation {
            return Err(format!("{what} has no signer (`by`), so it does not count"));
        }
        return Ok(());
    };
    let Some(required) = required else { return Ok(()) };
    let people = &repo.config.people;
    let expected = match people.resolve(required) {
        Some(p) => format!("{required} ({})", p.display()),
        None => required.to_owned(),
    };
    match people.index(required) {
        Some(want) if !m.def.external && people.index(by) == Some(want) => Ok(()),
        None if required.trim_start().starts_with("role:") => Err(format!(
            "{what} by {by} does not count: it must be by {required}, and nobody holds that role in soc2.toml"
        )),
        None if !m.def.external && by.eq_ignore_ascii_case(required.trim()) => Ok(()),
        _ => Err(format!("{what} by {by} does not count: it must be by {expected}")),
    }
}

fn date_of(ts: &str) -> &str {
    ts.get(..10).unwrap_or(ts)
}

/// Whether `by` is the owner of what they review: a review or approval by
/// its owner breaks separation of duties.
pub fn is_owner(repo: &Repo, owner: &str, by: &str) -> bool {
    repo.config.people.same(owner, by)
}

/// The review of `c` under `plan`, from the newest review record that counts
/// at `now`. Never reviewed, the first review falls due one `every` after the
/// control was added (its first commit; `now` when git does not know it).
pub fn review(repo: &Repo, now: DateTime<Utc>, c: &Control, plan: &ReviewPlan) -> Obligation {
    let separation = repo.config.signoff.separation_of_duties;
    let records: Vec<_> = repo
        .reviews
        .iter()
        .filter(|r| r.def.subject == Subject::Control && r.def.id == c.def.id && r.date <= now)
        .collect();
    let blank = |r: &&ReviewRecord| r.def.by.trim().is_empty();
    let own = |r: &&ReviewRecord| separation != Separation::Off && is_owner(repo, &c.def.owner, &r.def.by);
    let refused = |r: &&ReviewRecord| separation == Separation::Refuse && own(r);
    let counts = |r: &&ReviewRecord| !blank(r) && !refused(r);
    let latest = records.iter().filter(|r| counts(r)).max_by_key(|r| r.date);
    let newest = records.iter().max_by_key(|r| r.date);
    let mut problem = None;
    if let Some(n) = newest
        && latest.is_none_or(|l| n.date > l.date)
    {
        let what = format!("review of {}", date_of(&n.def.date));
        problem = Some(if blank(n) {
            format!("{what} has no signer (`by`), so it does not count")
        } else {
            format!(
                "{what} by {} does not count: they own the control (signoff.separation_of_duties = \"refuse\")",
                repo.config.resolve_owner(&n.def.by)
            )
        });
    }
    let flag = latest
        .filter(|r| own(r))
        .map(|r| format!("reviewed by its owner, {} (separation of duties)", repo.config.resolve_owner(&r.def.by)));
    let since = match latest {
        Some(r) => r.date,
        None => repo.added_at(&c.path).unwrap_or(now).min(now),
    };
    let due = since + plan.every.as_chrono();
    Obligation {
        kind: "review".into(),
        note: None,
        every: Some(plan.every.to_string()),
        by: Some(repo.config.resolve_owner(&plan.reviewer)),
        last: latest.map(|r| format_timestamp(r.date)),
        due: Some(format_timestamp(due)),
        state: if due <= now { ObligationState::Due } else { ObligationState::Ok },
        problem,
        flag,
    }
}
