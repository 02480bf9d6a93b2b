//! Coverage: criteria no control maps to, controls without policies, policies
//! not approved or past their review.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::model::{
    ControlResult, Coverage, CoverageState, FrameworkCoverage, FrameworkSection, MappedControl, PolicyStatus,
    RequirementCoverage, Status,
};
use crate::dates::format_timestamp;
use crate::repo::Repo;
use crate::repo::config::Separation;
use crate::repo::control::Control;
use crate::repo::record::Subject;

/// Each policy's approval and review state at `now`.
pub fn policy_statuses(repo: &Repo, now: DateTime<Utc>) -> Vec<PolicyStatus> {
    repo.policies
        .iter()
        .map(|p| {
            // A record without a signer never counts; nor, when separation of
            // duties is refused, one by the policy's own owner.
            let refuse = repo.config.signoff.separation_of_duties == Separation::Refuse;
            let records: Vec<_> = repo
                .reviews
                .iter()
                .filter(|r| r.def.subject == Subject::Policy && r.def.id == p.meta.id && r.date <= now)
                .filter(|r| !r.def.by.trim().is_empty())
                .filter(|r| !(refuse && super::obligations::is_owner(repo, &p.meta.owner, &r.def.by)))
                .collect();
            // Records are dated by the day: of two approvals the same day, the one of
            // the policy as it is now is the later (an edit is approved after it is made).
            let current = |r: &&&crate::repo::record::ReviewRecord| r.def.sha256.as_deref() == Some(p.sha256.as_str());
            let approval = records.iter().filter(|r| r.def.approved).max_by_key(|r| (r.date, current(r)));
            let last_review = records.iter().max_by_key(|r| r.date);
            let next_due = last_review.map(|r| r.date + p.meta.review_every.as_chrono());
            PolicyStatus {
                id: p.meta.id.clone(),
                title: p.meta.title.clone(),
                owner: repo.config.resolve_owner(&p.meta.owner),
                version: p.meta.version.clone(),
                path: p.path.clone(),
                approval: match approval {
                    None => "not-approved",
                    Some(a) if a.def.sha256.as_deref() == Some(p.sha256.as_str()) => "approved",
                    Some(_) => "changed",
                }
                .to_owned(),
                approved_at: approval.map(|a| format_timestamp(a.date)),
                approved_by: approval.map(|a| repo.config.resolve_owner(&a.def.by)),
                last_reviewed_at: last_review.map(|r| format_timestamp(r.date)),
                next_review_due: next_due.map(format_timestamp),
                past_review: next_due.is_some_and(|d| d <= now),
            }
        })
        .collect()
}

/// Coverage of the evaluated controls; repo-wide parts only when all controls were selected.
pub fn coverage(repo: &Repo, controls: &[ControlResult], policies: Vec<PolicyStatus>, whole_repo: bool) -> Coverage {
    let in_scope: Vec<&ControlResult> = controls.iter().filter(|c| c.status != Status::OutOfScope).collect();
    let written: BTreeSet<&str> = repo.policies.iter().map(|p| p.meta.id.as_str()).collect();
    let controls_without_policy = in_scope
        .iter()
        .filter(|c| !c.policies.iter().any(|p| written.contains(p.as_str())))
        .map(|c| c.id.clone())
        .collect();
    let missing_policies: BTreeSet<String> =
        in_scope.iter().flat_map(|c| c.policies.iter()).filter(|p| !written.contains(p.as_str())).cloned().collect();
    if !whole_repo {
        return Coverage {
            controls_without_policy,
            missing_policies: missing_policies.into_iter().collect(),
            ..Coverage::default()
        };
    }
    let mapped: BTreeSet<&str> = in_scope.iter().flat_map(|c| c.criteria.iter()).map(String::as_str).collect();
    let unmapped_criteria =
        repo.criteria_in_scope().filter(|k| !mapped.contains(k.id.as_str())).map(|k| k.id.clone()).collect();
    Coverage {
        unmapped_criteria,
        controls_without_policy,
        missing_policies: missing_policies.into_iter().collect(),
        policies_not_approved: policies.iter().filter(|p| p.approval != "approved").map(|p| p.id.clone()).collect(),
        policies_past_review: policies.iter().filter(|p| p.past_review).map(|p| p.id.clone()).collect(),
        policies_effective_late: effective_late(repo),
        policies,
    }
}

/// Type II: policies that took effect after the period started, so they did
/// not govern the whole period an auditor tests.
fn effective_late(repo: &Repo) -> Vec<String> {
    let (crate::repo::config::AuditType::Type2, Some(period)) = (repo.config.audit.kind, repo.config.audit.period)
    else {
        return Vec::new();
    };
    repo.policies
        .iter()
        .filter(|p| {
            p.meta.effective.as_deref().and_then(|e| crate::dates::parse_date(e).ok()).is_some_and(|d| d > period.start)
        })
        .map(|p| p.meta.id.clone())
        .collect()
}

/// The requirement ids of framework `fw` that control `c` maps to: its
/// `mappings`, or its `criteria` when `fw` is the audit's framework.
pub fn mapped_ids<'c>(repo: &Repo, c: &'c Control, fw: &str) -> &'c [String] {
    if fw == repo.framework.id {
        return &c.def.criteria;
    }
    c.def.mappings.get(fw).map_or(&[], Vec::as_slice)
}

pub fn maps_to(repo: &Repo, c: &Control, fw: &str) -> bool {
    !mapped_ids(repo, c, fw).is_empty()
}

/// Coverage of framework `id` by the evaluated in-scope `controls`; `None`
/// for an unknown framework (commands check the id first).
pub fn framework_coverage(
    repo: &Repo,
    id: &str,
    controls: &[ControlResult],
    complete: bool,
) -> Option<FrameworkCoverage> {
    let fw = repo.frameworks.get(id)?;
    let mut rows = Vec::with_capacity(fw.criteria.len());
    for k in &fw.criteria {
        let mapped: Vec<MappedControl> = controls
            .iter()
            .filter(|r| r.status != Status::OutOfScope)
            .filter(|r| repo.control(&r.id).is_some_and(|c| mapped_ids(repo, c, id).contains(&k.id)))
            .map(|r| MappedControl { id: r.id.clone(), status: r.status })
            .collect();
        let state = if mapped.is_empty() {
            CoverageState::Unmapped
        } else if mapped.iter().any(|m| m.status == Status::Pass) {
            CoverageState::Covered
        } else {
            CoverageState::Failing
        };
        rows.push(RequirementCoverage {
            id: k.id.clone(),
            title: k.title.clone(),
            section: fw.series_of(k).to_owned(),
            state,
            controls: mapped,
        });
    }
    let count = |rows: &[&RequirementCoverage], s: CoverageState| rows.iter().filter(|r| r.state == s).count();
    let mut section_ids: Vec<String> = fw.series.iter().map(|s| s.id.clone()).collect();
    for r in &rows {
        if !section_ids.contains(&r.section) {
            section_ids.push(r.section.clone());
        }
    }
    let sections = section_ids
        .into_iter()
        .filter_map(|sid| {
            let members: Vec<&RequirementCoverage> = rows.iter().filter(|r| r.section == sid).collect();
            if members.is_empty() {
                return None;
            }
            let title = fw.series.iter().find(|s| s.id == sid).map_or_else(|| sid.clone(), |s| s.title.clone());
            Some(FrameworkSection {
                requirements: members.len(),
                covered: count(&members, CoverageState::Covered),
                failing: count(&members, CoverageState::Failing),
                unmapped: count(&members, CoverageState::Unmapped),
                id: sid,
                title,
            })
        })
        .collect();
    let all: Vec<&RequirementCoverage> = rows.iter().collect();
    let covered = count(&all, CoverageState::Covered);
    let percent = if rows.is_empty() { 0.0 } else { (covered as f64 * 1000.0 / rows.len() as f64).round() / 10.0 };
    Some(FrameworkCoverage {
        id: fw.id.clone(),
        title: fw.title.clone(),
        complete,
        requirements: rows.len(),
        covered,
        failing: count(&all, CoverageState::Failing),
        unmapped: count(&all, CoverageState::Unmapped),
        percent,
        sections,
        rows,
    })
}
