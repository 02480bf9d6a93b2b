//! The readiness and gap report's computed sections: pure functions over an
//! [`Evaluation`] and the framework. Renderers (HTML, Markdown, JSON) read a
//! [`Report`]; nothing here queries or loads.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::eval::{ControlResult, Evaluation, EvidenceState, ObligationState, Status};
use crate::repo::control::Severity;
use crate::repo::exception::ExceptionState;
use crate::repo::framework::Framework;

/// The report's title, and whether it is about another framework than the
/// audit's (`--framework ID`): then it leaves the audit framework's tables out.
pub fn heading(e: &Evaluation) -> (String, bool) {
    let other = e.framework_coverage.as_ref().filter(|f| f.id != e.framework);
    let what = match other {
        Some(f) => format!("{} coverage report", f.title),
        None => "SOC 2 readiness report".to_owned(),
    };
    let title = if e.organization.is_empty() { what } else { format!("{} — {what}", e.organization) };
    (title, other.is_some())
}

/// Controls in the order gaps are worked on: worst status, then severity, then id.
pub fn by_priority(e: &Evaluation) -> Vec<&ControlResult> {
    let mut v: Vec<&ControlResult> = e.controls.iter().collect();
    v.sort_by(|a, b| {
        b.status
            .is_gap()
            .cmp(&a.status.is_gap())
            .then(b.severity.cmp(&a.severity))
            .then(b.status.weight().cmp(&a.status.weight()))
            .then(a.id.cmp(&b.id))
    });
    v
}

/// How the prioritized gap list is ordered, shown in every report format.
pub const PRIORITY_RULE: &str = "priority = severity weight (critical 4, high 3, medium 2, low 1) × status weight (error 6, fail 5, missing 4, stale 3, review-due 2); highest first, ties broken by severity, then status, then control id";

/// Everything a report shows: the evaluation plus what is computed from it.
#[derive(Clone, Debug, Serialize)]
pub struct Report<'a> {
    #[serde(flatten)]
    pub evaluation: &'a Evaluation,
    pub progress: ProgressSections,
    pub evidence_status: Vec<DatasetStatus>,
    pub matrix: Vec<MatrixRow>,
    pub priority_rule: &'static str,
    pub priorities: Vec<GapItem>,
    pub owners: Vec<OwnerView>,
    /// The repositories and organizations the in-scope change-management controls (CC8.1) examined.
    pub change_management: Vec<ChangeSource>,
    /// Controls that do not apply here, with the reason soc2.toml gives.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_applicable: Vec<NotApplicableControl>,
}

/// A control left out of scope in `[not_applicable]`, as the report lists it.
#[derive(Clone, Debug, Serialize)]
pub struct NotApplicableControl {
    pub id: String,
    pub title: String,
    pub reason: String,
}

/// One git repository or GitHub organization change-management controls read.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeSource {
    /// `git` or `github`.
    pub kind: String,
    pub collector: String,
    /// The repository path (and branch) or the organization's API URL, as the evidence records it.
    pub source: String,
    /// The git collector reads the compliance repository itself (`path = "."`), not a product's.
    pub compliance_repo: bool,
    pub controls: Vec<String>,
}

/// Readiness overall, per category and per series.
#[derive(Clone, Debug, Serialize)]
pub struct ProgressSections {
    pub overall: Progress,
    pub categories: Vec<Progress>,
    pub series: Vec<Progress>,
}

/// Gap analysis and evidence collection for one group of controls.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Progress {
    pub id: String,
    pub title: String,
    pub in_scope: bool,
    /// Criteria of the group, and how many an in-scope control maps to.
    pub criteria: usize,
    pub criteria_covered: usize,
    /// In-scope controls mapped to the group.
    pub controls: usize,
    pub pass: usize,
    pub gaps: usize,
    /// Share of the group's controls passing, percent with one decimal.
    pub readiness: f64,
    /// Controls by status (every in-scope status, zeros included).
    pub by_status: BTreeMap<String, usize>,
    pub evidence: EvidenceCounts,
}

/// Datasets the group's controls rely on, by state.
#[derive(Clone, Debug, Default, Serialize)]
pub struct EvidenceCounts {
    pub datasets: usize,
    /// Collected in time and holding rows.
    pub fresh: usize,
    /// Collected in time but holding no rows: nothing to test.
    pub empty: usize,
    pub stale: usize,
    pub missing: usize,
    /// The latest collection failed (the previous snapshot, if any, is kept).
    pub failed: usize,
}

/// One dataset and its collection state.
#[derive(Clone, Debug, Serialize)]
pub struct DatasetStatus {
    pub table: String,
    pub collector: String,
    /// `fresh`, `empty` (fresh but no rows), `stale`, `missing` or `failed`.
    pub state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collected_at: Option<String>,
    pub max_age: String,
    pub rows: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// Controls that read it.
    pub controls: Vec<String>,
}

/// One criterion of the coverage matrix and the controls mapped to it.
#[derive(Clone, Debug, Serialize)]
pub struct MatrixRow {
    pub criterion: String,
    pub title: String,
    pub series: String,
    /// Worst status of its controls, or `uncovered`.
    pub status: String,
    pub controls: Vec<MatrixCell>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MatrixCell {
    pub id: String,
    pub status: Status,
}

/// A control with a gap, where it stands in the work order.
#[derive(Clone, Debug, Serialize)]
pub struct GapItem {
    pub rank: usize,
    pub priority: u32,
    pub id: String,
    pub title: String,
    pub status: Status,
    pub severity: Severity,
    pub owner: String,
    pub criteria: Vec<String>,
    pub reasons: Vec<String>,
    /// Open findings (not waived), as `resource: reason`.
    pub findings: Vec<FindingLine>,
    /// How many open findings there are in all (`findings` keeps the first few).
    pub findings_total: usize,
    /// When it should be fixed: the control's `target_date`, else the earliest active exception's expiry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_source: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FindingLine {
    pub query: String,
    pub status: String,
    pub resource: String,
    pub reason: String,
}

/// One owner's work: gaps in priority order, stale evidence, obligations due.
#[derive(Clone, Debug, Serialize)]
pub struct OwnerView {
    pub owner: String,
    pub gaps: Vec<OwnerGap>,
    pub stale_evidence: Vec<OwnerEvidence>,
    pub due: Vec<OwnerDue>,
    pub policies: Vec<OwnerPolicy>,
}

#[derive(Clone, Debug, Serialize)]
pub struct OwnerGap {
    pub rank: usize,
    pub priority: u32,
    pub id: String,
    pub title: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_date: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct OwnerEvidence {
    pub table: String,
    pub state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collected_at: Option<String>,
    pub control: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct OwnerDue {
    pub control: String,
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// `due` or `missing`.
    pub state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct OwnerPolicy {
    pub id: String,
    pub title: String,
    pub approval: String,
    pub past_review: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_review_due: Option<String>,
}

/// How many findings a gap item lists before saying "and N more".
const FINDINGS_SHOWN: usize = 10;

fn severity_weight(s: Severity) -> u32 {
    match s {
        Severity::Critical => 4,
        Severity::High => 3,
        Severity::Medium => 2,
        Severity::Low => 1,
    }
}

/// The priority of a control with a gap (0 for one without).
pub fn priority(c: &ControlResult) -> u32 {
    if c.status.is_gap() { severity_weight(c.severity) * u32::from(c.status.weight()) } else { 0 }
}

fn percent(pass: usize, total: usize) -> f64 {
    crate::eval::percent(pass, total).unwrap_or(0.0)
}

fn date_of(ts: &str) -> String {
    crate::dates::day(ts).to_owned()
}

fn dataset_state(state: EvidenceState, last_error: Option<&String>, rows: u64) -> &'static str {
    if last_error.is_some() {
        return "failed";
    }
    match state {
        EvidenceState::Fresh if rows == 0 => "empty",
        EvidenceState::Fresh => "fresh",
        EvidenceState::Stale => "stale",
        EvidenceState::Missing => "missing",
    }
}

/// Compute every section of the report.
pub fn build<'a>(e: &'a Evaluation, framework: &Framework) -> Report<'a> {
    let in_scope: Vec<&ControlResult> = e.controls.iter().filter(|c| c.status != Status::OutOfScope).collect();
    let evidence_status = datasets(&in_scope);
    let priorities = gap_items(e);
    let owners = owners(e, &priorities);
    let change_management = change_sources(&in_scope);
    Report {
        evaluation: e,
        progress: progress(e, framework, &in_scope, &evidence_status),
        evidence_status,
        matrix: matrix(e, framework, &in_scope),
        priority_rule: PRIORITY_RULE,
        priorities,
        owners,
        change_management,
        not_applicable: e
            .controls
            .iter()
            .filter_map(|c| {
                let reason = c.not_applicable.clone()?;
                Some(NotApplicableControl { id: c.id.clone(), title: c.title.clone(), reason })
            })
            .collect(),
    }
}

/// The git repositories and GitHub organizations read by in-scope controls mapped to CC8.1.
fn change_sources(controls: &[&ControlResult]) -> Vec<ChangeSource> {
    let mut by_source: BTreeMap<(String, String, String), Vec<String>> = BTreeMap::new();
    for c in controls.iter().filter(|c| c.criteria.iter().any(|cr| cr == "CC8.1")) {
        for u in &c.evidence {
            let (Some(kind), Some(source)) = (&u.kind, &u.source) else { continue };
            if kind != "git" && kind != "github" {
                continue;
            }
            let ids = by_source.entry((kind.clone(), u.collector.clone(), source.clone())).or_default();
            if !ids.contains(&c.id) {
                ids.push(c.id.clone());
            }
        }
    }
    by_source
        .into_iter()
        .map(|((kind, collector, source), controls)| {
            // The git collector's source is its path, then `(HEAD)` or `(branch NAME)`.
            let path = source.rsplit_once(" (").map_or(source.as_str(), |(p, _)| p);
            let compliance_repo = kind == "git" && matches!(path, "." | "./");
            ChangeSource { kind, collector, source, compliance_repo, controls }
        })
        .collect()
}

fn datasets(controls: &[&ControlResult]) -> Vec<DatasetStatus> {
    let mut by_table: BTreeMap<&str, DatasetStatus> = BTreeMap::new();
    for c in controls {
        for u in &c.evidence {
            let d = by_table.entry(&u.table).or_insert_with(|| DatasetStatus {
                table: u.table.clone(),
                collector: u.collector.clone(),
                state: dataset_state(u.state, u.last_error.as_ref(), u.rows),
                collected_at: u.collected_at.clone(),
                max_age: u.max_age.clone(),
                rows: u.rows,
                source: u.source.clone(),
                last_error: u.last_error.clone(),
                controls: Vec::new(),
            });
            if !d.controls.contains(&c.id) {
                d.controls.push(c.id.clone());
            }
        }
    }
    by_table.into_values().collect()
}

fn progress(
    e: &Evaluation,
    fw: &Framework,
    in_scope: &[&ControlResult],
    datasets: &[DatasetStatus],
) -> ProgressSections {
    let state: BTreeMap<&str, &'static str> = datasets.iter().map(|d| (d.table.as_str(), d.state)).collect();
    let group = |id: &str, title: &str, scoped: bool, criteria: &[&str]| -> Progress {
        let controls: Vec<&&ControlResult> =
            in_scope.iter().filter(|c| c.criteria.iter().any(|cr| criteria.contains(&cr.as_str()))).collect();
        let covered = criteria.iter().filter(|cr| controls.iter().any(|c| c.criteria.iter().any(|x| x == *cr))).count();
        let mut by_status: BTreeMap<String, usize> =
            Status::ALL.iter().filter(|s| **s != Status::OutOfScope).map(|s| (s.as_str().to_owned(), 0)).collect();
        for c in &controls {
            *by_status.entry(c.status.as_str().to_owned()).or_default() += 1;
        }
        let tables: BTreeSet<&str> =
            controls.iter().flat_map(|c| c.evidence.iter().map(|u| u.table.as_str())).collect();
        let mut evidence = EvidenceCounts { datasets: tables.len(), ..EvidenceCounts::default() };
        for t in &tables {
            match state.get(t).copied().unwrap_or("missing") {
                "fresh" => evidence.fresh += 1,
                "empty" => evidence.empty += 1,
                "stale" => evidence.stale += 1,
                "failed" => evidence.failed += 1,
                _ => evidence.missing += 1,
            }
        }
        let pass = controls.iter().filter(|c| c.status == Status::Pass).count();
        let ready = pass + controls.iter().filter(|c| c.status == Status::NotOccurring).count();
        Progress {
            id: id.to_owned(),
            title: title.to_owned(),
            in_scope: scoped,
            criteria: criteria.len(),
            criteria_covered: covered,
            controls: controls.len(),
            pass,
            gaps: controls.len() - ready,
            readiness: percent(ready, controls.len()),
            by_status,
            evidence,
        }
    };
    let scoped = |cat: &str| e.categories.iter().any(|c| c == cat);
    let all_in_scope: Vec<&str> = fw.criteria.iter().filter(|c| scoped(&c.category)).map(|c| c.id.as_str()).collect();
    let mut overall = group("overall", "All in-scope criteria", true, &all_in_scope);
    // Overall counts every in-scope control, even one mapped to no known criterion.
    let pass = in_scope.iter().filter(|c| c.status == Status::Pass).count();
    overall.controls = in_scope.len();
    overall.pass = pass;
    overall.gaps = e.summary.gaps;
    overall.readiness = e.summary.readiness;
    for s in overall.by_status.values_mut() {
        *s = 0;
    }
    for c in in_scope {
        *overall.by_status.entry(c.status.as_str().to_owned()).or_default() += 1;
    }
    overall.evidence = EvidenceCounts {
        datasets: datasets.len(),
        fresh: datasets.iter().filter(|d| d.state == "fresh").count(),
        empty: datasets.iter().filter(|d| d.state == "empty").count(),
        stale: datasets.iter().filter(|d| d.state == "stale").count(),
        missing: datasets.iter().filter(|d| d.state == "missing").count(),
        failed: datasets.iter().filter(|d| d.state == "failed").count(),
    };
    let categories = fw
        .categories
        .iter()
        .map(|cat| {
            let criteria: Vec<&str> =
                fw.criteria.iter().filter(|c| c.category == cat.id).map(|c| c.id.as_str()).collect();
            group(&cat.id, &cat.title, scoped(&cat.id), &criteria)
        })
        .collect();
    let mut series_ids: Vec<(String, String, String)> =
        fw.series.iter().map(|s| (s.id.clone(), s.title.clone(), s.category.clone())).collect();
    for c in &fw.criteria {
        let id = fw.series_of(c);
        if !series_ids.iter().any(|(s, _, _)| s == id) {
            series_ids.push((id.to_owned(), id.to_owned(), c.category.clone()));
        }
    }
    let series = series_ids
        .iter()
        .map(|(id, title, cat)| {
            let criteria: Vec<&str> =
                fw.criteria.iter().filter(|c| fw.series_of(c) == id).map(|c| c.id.as_str()).collect();
            group(id, title, scoped(cat), &criteria)
        })
        .collect();
    ProgressSections { overall, categories, series }
}

fn matrix(e: &Evaluation, fw: &Framework, in_scope: &[&ControlResult]) -> Vec<MatrixRow> {
    fw.criteria
        .iter()
        .filter(|c| e.categories.contains(&c.category))
        .map(|cr| {
            let controls: Vec<MatrixCell> = in_scope
                .iter()
                .filter(|c| c.criteria.contains(&cr.id))
                .map(|c| MatrixCell { id: c.id.clone(), status: c.status })
                .collect();
            let status = controls
                .iter()
                .map(|c| c.status)
                .max_by_key(|s| s.rank())
                .map_or_else(|| "uncovered".to_owned(), |s| s.as_str().to_owned());
            MatrixRow {
                criterion: cr.id.clone(),
                title: cr.title.clone(),
                series: fw.series_of(cr).to_owned(),
                status,
                controls,
            }
        })
        .collect()
}

fn gap_items(e: &Evaluation) -> Vec<GapItem> {
    let mut gaps: Vec<&ControlResult> = by_priority(e).into_iter().filter(|c| c.status.is_gap()).collect();
    // Stable: equal priorities keep by_priority's order (severity, status, id).
    gaps.sort_by_key(|c| std::cmp::Reverse(priority(c)));
    gaps.iter()
        .enumerate()
        .map(|(i, c)| {
            let open: Vec<FindingLine> = c
                .problem_findings()
                .map(|f| FindingLine {
                    query: f.query.clone(),
                    status: f.status.as_str().to_owned(),
                    resource: f.resource.clone().unwrap_or_else(|| "-".to_owned()),
                    reason: f.reason.clone().unwrap_or_default(),
                })
                .collect();
            let (target_date, target_source) = target(e, c);
            GapItem {
                rank: i + 1,
                priority: priority(c),
                id: c.id.clone(),
                title: c.title.clone(),
                status: c.status,
                severity: c.severity,
                owner: c.owner.clone(),
                criteria: c.criteria.clone(),
                reasons: c.reasons.clone(),
                findings_total: open.len(),
                findings: open.into_iter().take(FINDINGS_SHOWN).collect(),
                target_date,
                target_source,
            }
        })
        .collect()
}

/// The control's own target date, else the earliest expiry of an active exception for it.
fn target(e: &Evaluation, c: &ControlResult) -> (Option<String>, Option<String>) {
    if let Some(t) = &c.target_date {
        return (Some(date_of(t)), Some("control target_date".to_owned()));
    }
    e.exceptions
        .iter()
        .filter(|x| x.control == c.id && x.state == ExceptionState::Active)
        .min_by(|a, b| a.expires.cmp(&b.expires))
        .map_or((None, None), |x| (Some(date_of(&x.expires)), Some(format!("exception {} expires", x.id))))
}

fn owners(e: &Evaluation, gaps: &[GapItem]) -> Vec<OwnerView> {
    let mut views: BTreeMap<String, OwnerView> = BTreeMap::new();
    for g in gaps {
        view(&mut views, &g.owner).gaps.push(OwnerGap {
            rank: g.rank,
            priority: g.priority,
            id: g.id.clone(),
            title: g.title.clone(),
            status: g.status,
            target_date: g.target_date.clone(),
        });
    }
    for c in e.controls.iter().filter(|c| c.status != Status::OutOfScope) {
        for u in &c.evidence {
            let state = dataset_state(u.state, u.last_error.as_ref(), u.rows);
            if state != "fresh" {
                view(&mut views, &c.owner).stale_evidence.push(OwnerEvidence {
                    table: u.table.clone(),
                    state,
                    collected_at: u.collected_at.as_deref().map(date_of),
                    control: c.id.clone(),
                });
            }
        }
        for o in &c.obligations {
            let state = match o.state {
                ObligationState::Ok => continue,
                ObligationState::Due => "due",
                ObligationState::Missing => "missing",
            };
            let owner = o.by.as_deref().unwrap_or(&c.owner);
            view(&mut views, owner).due.push(OwnerDue {
                control: c.id.clone(),
                kind: o.kind.clone(),
                note: o.note.clone(),
                state,
                due: o.due.as_deref().map(date_of),
            });
        }
    }
    for p in &e.coverage.policies {
        if p.approval != "approved" || p.past_review {
            view(&mut views, &p.owner).policies.push(OwnerPolicy {
                id: p.id.clone(),
                title: p.title.clone(),
                approval: p.approval.clone(),
                past_review: p.past_review,
                next_review_due: p.next_review_due.as_deref().map(date_of),
            });
        }
    }
    let mut out: Vec<OwnerView> = views.into_values().collect();
    // Owners with the most urgent work first.
    out.sort_by(|a, b| {
        let top = |v: &OwnerView| v.gaps.iter().map(|g| g.priority).max().unwrap_or(0);
        top(b).cmp(&top(a)).then(b.gaps.len().cmp(&a.gaps.len())).then(a.owner.cmp(&b.owner))
    });
    out
}

fn view<'v>(views: &'v mut BTreeMap<String, OwnerView>, owner: &str) -> &'v mut OwnerView {
    views.entry(owner.to_owned()).or_insert_with(|| OwnerView {
        owner: owner.to_owned(),
        gaps: Vec::new(),
        stale_evidence: Vec::new(),
        due: Vec::new(),
        policies: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_to_one_decimal() {
        assert_eq!(percent(2, 7), 28.6);
        assert_eq!(percent(0, 0), 0.0);
        assert_eq!(percent(3, 3), 100.0);
    }
}
