//! Exceptions: findings waived by an approved, unexpired exception; a
//! control whose only problems are waived passes.

use chrono::{DateTime, Utc};

use crate::dates::format_timestamp;
use crate::repo::Repo;
use crate::repo::exception::ExceptionState;

use super::model::*;

/// Mark findings waived by active exceptions; a control whose only problems are waived passes.
pub(super) fn apply_exceptions(
    repo: &Repo,
    now: DateTime<Utc>,
    controls: &mut [ControlResult],
) -> Vec<ExceptionResult> {
    let mut results = Vec::new();
    for e in &repo.exceptions {
        let state = e.state(now);
        let mut excepted = 0;
        if let Some(c) = controls.iter_mut().find(|c| c.id == e.def.control) {
            c.exceptions.push(e.def.id.clone());
            if state == ExceptionState::Active {
                for f in c.findings.iter_mut().filter(|f| f.status.is_problem() && f.excepted_by.is_none()) {
                    if f.resource.as_deref().is_some_and(|r| e.covers(r)) {
                        f.excepted_by = Some(e.def.id.clone());
                        excepted += 1;
                    }
                }
            } else {
                c.reasons.push(format!(
                    "exception {} is {}",
                    e.def.id,
                    if state == ExceptionState::Expired { "expired" } else { "not approved" }
                ));
            }
        }
        results.push(ExceptionResult {
            id: e.def.id.clone(),
            control: e.def.control.clone(),
            state,
            owner: repo.config.resolve_owner(&e.def.owner),
            justification: e.def.justification.clone(),
            resources: e.def.resources.clone(),
            expires: format_timestamp(e.expires),
            approved_by: e.def.approved_by.clone(),
            findings_excepted: excepted,
            path: e.path.clone(),
        });
    }
    for c in controls.iter_mut() {
        let waived = c.findings.iter().any(|f| f.excepted_by.is_some());
        let still_failing = c.problem_findings().next().is_some();
        if waived && !still_failing && c.status == Status::Fail {
            for q in c.queries.iter_mut().filter(|q| q.status == Status::Fail) {
                q.status = Status::Pass;
            }
            c.status = c
                .queries
                .iter()
                .map(|q| q.status)
                .chain(reason_statuses(c))
                .max_by_key(|s| s.rank())
                .unwrap_or(Status::Pass);
        }
    }
    results
}

/// Statuses from evidence and obligations, for re-deciding a control after exceptions.
fn reason_statuses(c: &ControlResult) -> Vec<Status> {
    let mut s = Vec::new();
    if c.evidence.iter().any(|e| e.state == EvidenceState::Stale) {
        s.push(Status::Stale);
    }
    for o in &c.obligations {
        match (o.state, o.kind.as_str()) {
            (ObligationState::Ok, _) => {}
            (ObligationState::Missing, k) if k != "review" => s.push(Status::Missing),
            _ => s.push(Status::ReviewDue),
        }
    }
    s
}
