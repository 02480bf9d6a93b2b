//! What a control owes beyond its queries: manual evidence on a cadence and
//! its own review. `check` and `soc2 reviews` both read these functions, so
//! they never disagree about what is due.

use chrono::{DateTime, Utc};

use super::model::{Obligation, ObligationState};
use crate::dates::{Duration, format_timestamp};
use crate::repo::Repo;
use crate::repo::config::ReviewScope;
use crate::repo::control::{Control, EvidenceRequirement};
use crate::repo::framework::criterion_matches;
use crate::repo::record::{ManualKind, Subject};

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

/// A manual evidence requirement of `c` and whether the newest record meets it at `now`.
pub fn manual(repo: &Repo, now: DateTime<Utc>, c: &Control, req: &EvidenceRequirement) -> Obligation {
    let spec = req.spec();
    let kind = match req {
        EvidenceRequirement::Attestation(_) => ManualKind::Attestation,
        EvidenceRequirement::File(_) => ManualKind::File,
        EvidenceRequirement::Link(_) => ManualKind::Link,
        EvidenceRequirement::Note(_) => ManualKind::Note,
    };
    let latest = repo
        .manual
        .iter()
        // An attestation that nothing occurred answers empty populations, not this requirement.
        .filter(|m| m.control == c.def.id && m.def.kind == kind && !m.def.not_occurring && m.date <= now)
        .max_by_key(|m| m.date);
    let mut o = Obligation {
        kind: kind.as_str().to_owned(),
        note: spec.note.clone(),
        every: spec.every.map(|d| d.to_string()),
        by: spec.by.as_deref().map(|b| repo.config.resolve_owner(b)),
        last: None,
        due: None,
        state: ObligationState::Missing,
    };
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

/// The review of `c` under `plan`, from the newest review record at `now`.
pub fn review(repo: &Repo, now: DateTime<Utc>, c: &Control, plan: &ReviewPlan) -> Obligation {
    let latest = repo
        .reviews
        .iter()
        .filter(|r| r.def.subject == Subject::Control && r.def.id == c.def.id && r.date <= now)
        .max_by_key(|r| r.date);
    let due = latest.map(|r| r.date + plan.every.as_chrono());
    Obligation {
        kind: "review".into(),
        note: None,
        every: Some(plan.every.to_string()),
        by: Some(repo.config.resolve_owner(&plan.reviewer)),
        last: latest.map(|r| format_timestamp(r.date)),
        due: due.map(format_timestamp),
        state: match due {
            None => ObligationState::Missing,
            Some(d) if d <= now => ObligationState::Due,
            Some(_) => ObligationState::Ok,
        },
    }
}
