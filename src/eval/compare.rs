//! Two evaluations of one compliance repo compared: a baseline (the state a
//! change starts from) and the change. What the change makes worse are
//! regressions, by kind; what it makes better is fixed or improved; gaps that
//! were there before and did not get worse are unchanged. `check --baseline`
//! gates on the regressions only, `soc2 diff` prints the same comparison.
//!
//! Both evaluations must be made at the same moment, so that only the change
//! differs: evidence that ages past its `max_age`, or an exception that
//! expires, between the baseline's commit and now is the same on both sides.
//!
//! Statuses are compared through [`Status::is_gap`] and [`Status::weight`]
//! only, so a status added later takes part without a change here.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::model::{ControlResult, Evaluation, ExceptionResult, Finding, PolicyStatus, Status};
use crate::files::git::CommitInfo;
use crate::repo::control::Severity;
use crate::repo::exception::ExceptionState;

/// Whether a control whose status was `before` got worse at `after`: a
/// status that is no gap became one, or a gap became a graver one (a
/// failing control that cannot be evaluated any more).
pub fn worse(before: Status, after: Status) -> bool {
    after.is_gap() && (!before.is_gap() || after.weight() > before.weight())
}

/// What a regression or an improvement is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A control's status: worse (regression) or better (fixed, improved).
    Status,
    /// A control added by the change; a regression when it is not passing.
    NewControl,
    /// Findings (by query and resource) of a control failing on both sides.
    Findings,
    /// An exception that lapsed (expired, not approved) or came back into force.
    Exception,
    /// A policy's approval or review: edited without a new approval, past review.
    Policy,
    /// Coverage: a criterion without a control, a control without a policy, a policy not written.
    Coverage,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Status => "status",
            Kind::NewControl => "new-control",
            Kind::Findings => "findings",
            Kind::Exception => "exception",
            Kind::Policy => "policy",
            Kind::Coverage => "coverage",
        }
    }
}

/// One thing the change made worse or better.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    pub kind: Kind,
    /// The control, exception, policy or criterion it is about.
    pub id: String,
    /// The control it concerns, when `id` is not one (an exception's control).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
    pub title: String,
    /// Status or state on the baseline and after the change; absent on a side that has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// One sentence saying what happened.
    pub message: String,
    /// The file that declares it and the line, after the change (before it, when it is gone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Why the control is not passing after the change.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    /// New findings (a regression) or resolved ones (fixed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
    /// Files whose change may explain it (the control's file, its queries,
    /// evidence, policies, exceptions): annotations go to the first one the
    /// change touched.
    #[serde(skip)]
    pub files: Vec<String>,
}

/// A control as the lists of unchanged, added and removed controls show it.
#[derive(Clone, Debug, Serialize)]
pub struct ControlRef {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub severity: Severity,
    pub owner: String,
    pub path: String,
}

impl ControlRef {
    fn of(c: &ControlResult) -> ControlRef {
        ControlRef {
            id: c.id.clone(),
            title: c.title.clone(),
            status: c.status,
            severity: c.severity,
            owner: c.owner.clone(),
            path: c.path.clone(),
        }
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Counts {
    pub regressions: usize,
    pub fixed: usize,
    pub improved: usize,
    /// Gaps on both sides that did not get worse: not gated on.
    pub unchanged_gaps: usize,
    /// Controls passing (or out of scope) on both sides.
    pub unchanged_passing: usize,
    pub added: usize,
    pub removed: usize,
}

/// What a change does to the compliance program.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub counts: Counts,
    /// What the change makes worse; the gate fails on any.
    pub regressions: Vec<Change>,
    /// Gaps the change closes.
    pub fixed: Vec<Change>,
    /// Gaps that are still gaps, but less grave ones.
    pub improved: Vec<Change>,
    /// Gaps on both sides that did not get worse.
    pub unchanged: Vec<ControlRef>,
    pub added: Vec<ControlRef>,
    pub removed: Vec<ControlRef>,
}

/// One side of a comparison: the revision asked for and the commit it is.
#[derive(Clone, Debug, Serialize)]
pub struct Side {
    /// The revision as given (`origin/main...`, `HEAD~1`), or `worktree`.
    pub rev: String,
    /// The commit read; absent for the worktree.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<CommitInfo>,
}

impl Side {
    pub fn worktree() -> Side {
        Side { rev: "worktree".into(), commit: None }
    }

    /// `origin/main... (1a2b3c4d5e6f Add AC-04)`, or `worktree`.
    pub fn label(&self) -> String {
        match &self.commit {
            Some(c) if c.summary.is_empty() => format!("{} ({})", self.rev, c.short()),
            Some(c) => format!("{} ({} {})", self.rev, c.short(), c.summary),
            None => self.rev.clone(),
        }
    }
}

/// The numbers of one side, for the before → after line.
#[derive(Clone, Debug, Serialize)]
pub struct Totals {
    pub controls: usize,
    pub pass: usize,
    pub gaps: usize,
    pub readiness: f64,
}

impl Totals {
    fn of(e: &Evaluation) -> Totals {
        let s = &e.summary;
        Totals { controls: s.controls, pass: s.pass, gaps: s.gaps, readiness: s.readiness }
    }
}

/// A change to a compliance repo, compared with its baseline: what
/// `check --baseline` and `soc2 diff` print (docs/compare-json.md).
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    pub organization: String,
    pub base: Side,
    pub head: Side,
    /// The one moment both sides are evaluated at.
    pub evaluated_at: String,
    /// Why the baseline counts as empty (it has no compliance repo, or one that does not load).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_note: Option<String>,
    /// Whether the change makes anything worse: what the gate of `check --baseline` fails on.
    pub regressed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Totals>,
    pub after: Totals,
    #[serde(flatten)]
    pub outcome: Outcome,
    /// Dataset snapshots the change touched.
    pub evidence: Vec<crate::evidence::diff::DatasetChange>,
    /// The controls the change touches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<super::impact::Impact>,
    /// Lines the change added, by file (relative to the compliance root), for annotations.
    #[serde(skip)]
    pub touched: BTreeMap<String, Vec<usize>>,
    /// The compliance root within its git repository (empty or ending in `/`).
    #[serde(skip)]
    pub prefix: String,
    /// Where Markdown links to files point: a URL that a git path is appended to.
    #[serde(skip)]
    pub links: Option<String>,
}

impl Comparison {
    /// Put the parts together; `base` is `None` when the baseline counts as empty.
    pub fn new(
        base: (Side, Option<&Evaluation>, Option<String>),
        head: (Side, &Evaluation),
        whole: bool,
    ) -> Comparison {
        let (base_side, base_eval, base_note) = base;
        let (head_side, head_eval) = head;
        let outcome = compare(base_eval, head_eval, whole);
        Comparison {
            organization: head_eval.organization.clone(),
            base: base_side,
            head: head_side,
            evaluated_at: head_eval.evaluated_at.clone(),
            base_note,
            regressed: !outcome.regressions.is_empty(),
            before: base_eval.map(Totals::of),
            after: Totals::of(head_eval),
            outcome,
            evidence: Vec::new(),
            impact: None,
            touched: BTreeMap::new(),
            prefix: String::new(),
            links: None,
        }
    }

    /// The files annotations may point at: every file a regression relates to.
    pub fn related_files(&self) -> BTreeSet<&str> {
        self.outcome.regressions.iter().flat_map(|c| c.files.iter().map(String::as_str)).collect()
    }

    /// Where to annotate a change: the first of its files the change added
    /// lines to (at the first such line), else its own file and line.
    pub fn location(&self, c: &Change) -> Option<(String, usize)> {
        for f in &c.files {
            if let Some(line) = self.touched.get(f).and_then(|l| l.first()) {
                return Some((format!("{}{f}", self.prefix), *line));
            }
        }
        let path = c.path.as_ref().filter(|p| !p.starts_with(crate::files::BUILTIN_PREFIX))?;
        Some((format!("{}{path}", self.prefix), c.line.unwrap_or(1).max(1)))
    }

    /// A link to a file of the compliance repo, when links are known.
    pub fn link(&self, path: &str) -> Option<String> {
        let base = self.links.as_ref()?;
        if path.starts_with(crate::files::BUILTIN_PREFIX) {
            return None;
        }
        Some(format!("{}/{}{path}", base.trim_end_matches('/'), self.prefix))
    }
}

/// Compare `head` with `base` (`None`: a baseline without a compliance
/// repo, where every control is new). `whole` says both evaluations cover
/// the whole repo: coverage, policies and exceptions are compared only then,
/// as the full gate counts them only then.
pub fn compare(base: Option<&Evaluation>, head: &Evaluation, whole: bool) -> Outcome {
    let before: BTreeMap<&str, &ControlResult> =
        base.map(|b| b.controls.iter().map(|c| (c.id.as_str(), c)).collect()).unwrap_or_default();
    let after: BTreeMap<&str, &ControlResult> = head.controls.iter().map(|c| (c.id.as_str(), c)).collect();
    let policy_paths = policy_paths(base, head);
    let files = |c: &ControlResult| related_files(c, head, &policy_paths);
    let mut out = Outcome {
        counts: Counts::default(),
        regressions: Vec::new(),
        fixed: Vec::new(),
        improved: Vec::new(),
        unchanged: Vec::new(),
        added: Vec::new(),
        removed: Vec::new(),
    };

    for (id, now) in &after {
        let Some(was) = before.get(id) else {
            out.added.push(ControlRef::of(now));
            if now.status.is_gap() {
                out.regressions.push(Change {
                    message: format!("new control {id} is {}", now.status.as_str()),
                    findings: now.problem_findings().cloned().collect(),
                    ..control_change(Kind::NewControl, None, now, files(now))
                });
            }
            continue;
        };
        let (b, a) = (was.status, now.status);
        let (new, resolved) = finding_changes(was, now);
        if worse(b, a) {
            out.regressions.push(Change {
                message: format!("{id} went from {} to {}", b.as_str(), a.as_str()),
                findings: new,
                ..control_change(Kind::Status, Some(was), now, files(now))
            });
        } else if b.is_gap() && !a.is_gap() {
            out.fixed.push(Change {
                message: format!("{id} went from {} to {}", b.as_str(), a.as_str()),
                findings: resolved,
                reasons: Vec::new(),
                ..control_change(Kind::Status, Some(was), now, files(now))
            });
        } else if b.is_gap() && a.weight() < b.weight() {
            out.improved.push(Change {
                message: format!("{id} went from {} to {}", b.as_str(), a.as_str()),
                ..control_change(Kind::Status, Some(was), now, files(now))
            });
        } else if a.is_gap() {
            out.unchanged.push(ControlRef::of(now));
            if !new.is_empty() {
                let n = new.len();
                out.regressions.push(Change {
                    message: format!("{id} was {} already and has {n} new {}", b.as_str(), plural(n, "finding")),
                    findings: new,
                    ..control_change(Kind::Findings, Some(was), now, files(now))
                });
            } else if !resolved.is_empty() {
                let n = resolved.len();
                out.fixed.push(Change {
                    message: format!("{id} is still {} but {n} {} resolved", a.as_str(), plural(n, "finding")),
                    findings: resolved,
                    reasons: Vec::new(),
                    ..control_change(Kind::Findings, Some(was), now, files(now))
                });
            }
        } else {
            out.counts.unchanged_passing += 1;
        }
    }
    for (id, was) in &before {
        if !after.contains_key(id) {
            out.removed.push(ControlRef::of(was));
        }
    }

    let empty = Vec::new();
    let base_exceptions = base.map_or(&empty, |b| &b.exceptions);
    let selected = |x: &&ExceptionResult| whole || after.contains_key(x.control.as_str());
    compare_exceptions(base_exceptions.iter().filter(selected), head.exceptions.iter().filter(selected), &mut out);
    if whole {
        compare_coverage(base, head, &policy_paths, &mut out);
    }

    out.regressions.sort_by(order);
    out.fixed.sort_by(order);
    out.improved.sort_by(order);
    out.counts.regressions = out.regressions.len();
    out.counts.fixed = out.fixed.len();
    out.counts.improved = out.improved.len();
    out.counts.unchanged_gaps = out.unchanged.len();
    out.counts.added = out.added.len();
    out.counts.removed = out.removed.len();
    out
}

/// Regressions by kind, the gravest first within a kind, then by id.
fn order(a: &Change, b: &Change) -> std::cmp::Ordering {
    a.kind.cmp(&b.kind).then(b.severity.cmp(&a.severity)).then(a.id.cmp(&b.id))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { word.to_owned() } else { format!("{word}s") }
}

/// A change about control `now` (with its state on the baseline, if it had one).
fn control_change(kind: Kind, was: Option<&ControlResult>, now: &ControlResult, files: Vec<String>) -> Change {
    Change {
        kind,
        id: now.id.clone(),
        control: None,
        title: now.title.clone(),
        before: was.map(|w| w.status.as_str().to_owned()),
        after: Some(now.status.as_str().to_owned()),
        owner: Some(now.owner.clone()),
        severity: Some(now.severity),
        message: String::new(),
        path: Some(now.path.clone()),
        line: Some(now.line),
        reasons: now.reasons.clone(),
        findings: Vec::new(),
        files,
    }
}

/// How findings are told apart across two evaluations: by query and
/// resource (the reason, for a finding without a resource).
fn finding_key(f: &Finding) -> (&str, &str) {
    (f.query.as_str(), f.resource.as_deref().or(f.reason.as_deref()).unwrap_or(""))
}

/// Problem findings of `now` that `was` did not have, and those of `was`
/// that `now` does not have (counted, so a duplicate row is one more).
fn finding_changes(was: &ControlResult, now: &ControlResult) -> (Vec<Finding>, Vec<Finding>) {
    fn counts(c: &ControlResult) -> BTreeMap<(&str, &str), usize> {
        let mut m = BTreeMap::new();
        for f in c.problem_findings() {
            *m.entry(finding_key(f)).or_insert(0) += 1;
        }
        m
    }
    let only = |from: &ControlResult, other: &ControlResult| {
        let mut left = counts(other);
        let mut out = Vec::new();
        for f in from.problem_findings() {
            match left.get_mut(&finding_key(f)) {
                Some(n) if *n > 0 => *n -= 1,
                _ => out.push(f.clone()),
            }
        }
        out
    };
    (only(now, was), only(was, now))
}

/// Policy id → its file, from both sides (the head's wins).
fn policy_paths(base: Option<&Evaluation>, head: &Evaluation) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for p in base.iter().flat_map(|b| b.coverage.policies.iter()).chain(head.coverage.policies.iter()) {
        m.insert(p.id.clone(), p.path.clone());
    }
    m
}

/// The files a control's result depends on: its own file, its queries, the
/// evidence they read, its exceptions, its policies.
fn related_files(c: &ControlResult, head: &Evaluation, policies: &BTreeMap<String, String>) -> Vec<String> {
    let mut files = vec![c.path.clone()];
    files.extend(c.queries.iter().map(|q| q.path.clone()));
    for e in &c.evidence {
        if let Some(p) = &e.path {
            files.push(p.clone());
            if let Some(stem) = p.strip_suffix(".jsonl") {
                files.push(format!("{stem}.meta.json"));
            }
        }
    }
    files.extend(
        c.exceptions.iter().filter_map(|x| head.exceptions.iter().find(|e| &e.id == x)).map(|e| e.path.clone()),
    );
    files.extend(c.policies.iter().filter_map(|p| policies.get(p).cloned()));
    let mut seen = BTreeSet::new();
    files.retain(|f| seen.insert(f.clone()));
    files
}

fn exception_state(state: ExceptionState) -> &'static str {
    match state {
        ExceptionState::Active => "active",
        ExceptionState::Expired => "expired",
        ExceptionState::Unapproved => "unapproved",
    }
}

fn compare_exceptions<'a>(
    base: impl Iterator<Item = &'a ExceptionResult>,
    head: impl Iterator<Item = &'a ExceptionResult>,
    out: &mut Outcome,
) {
    let before: BTreeMap<&str, &ExceptionResult> = base.map(|x| (x.id.as_str(), x)).collect();
    let after: BTreeMap<&str, &ExceptionResult> = head.map(|x| (x.id.as_str(), x)).collect();
    let change =
        |x: &ExceptionResult, was: Option<ExceptionState>, now: Option<ExceptionState>, message: String| Change {
            kind: Kind::Exception,
            id: x.id.clone(),
            control: Some(x.control.clone()),
            title: x.justification.clone(),
            before: was.map(|s| exception_state(s).to_owned()),
            after: now.map(|s| exception_state(s).to_owned()),
            owner: Some(x.owner.clone()),
            severity: None,
            message,
            path: Some(x.path.clone()),
            line: None,
            reasons: Vec::new(),
            findings: Vec::new(),
            files: vec![x.path.clone()],
        };
    for (id, x) in &after {
        let was = before.get(id).map(|w| w.state);
        let lapsed = x.state != ExceptionState::Active;
        let lapse = |s: ExceptionState| if s == ExceptionState::Expired { "expired" } else { "not approved" };
        match was {
            Some(ExceptionState::Active) | None if lapsed => {
                let what = if was.is_none() { "new exception" } else { "exception" };
                let msg = format!("{what} {id} of {} is {}", x.control, lapse(x.state));
                out.regressions.push(change(x, was, Some(x.state), msg));
            }
            Some(w) if w != ExceptionState::Active && !lapsed => {
                let msg = format!("exception {id} of {} is in force again", x.control);
                out.fixed.push(change(x, was, Some(x.state), msg));
            }
            _ => {}
        }
    }
    for (id, x) in &before {
        if x.state != ExceptionState::Active && !after.contains_key(id) {
            let msg = format!("lapsed exception {id} of {} was removed", x.control);
            out.fixed.push(change(x, Some(x.state), None, msg));
        }
    }
}

/// The coverage lists compared: an entry only the change has is a
/// regression, one only the baseline has is fixed.
fn compare_coverage(
    base: Option<&Evaluation>,
    head: &Evaluation,
    policy_paths: &BTreeMap<String, String>,
    out: &mut Outcome,
) {
    /// Each list with the kind of its entries and the states (in it, not in it) it stands for.
    fn lists(e: &Evaluation) -> [(Kind, [&'static str; 2], &Vec<String>); 5] {
        let c = &e.coverage;
        [
            (Kind::Coverage, ["unmapped", "covered"], &c.unmapped_criteria),
            (Kind::Coverage, ["no policy", "has a policy"], &c.controls_without_policy),
            (Kind::Coverage, ["not written", "written"], &c.missing_policies),
            (Kind::Policy, ["not approved", "approved"], &c.policies_not_approved),
            (Kind::Policy, ["past review", "reviewed"], &c.policies_past_review),
        ]
    }
    let policy = |e: Option<&Evaluation>, id: &str| -> Option<PolicyStatus> {
        e.and_then(|e| e.coverage.policies.iter().find(|p| p.id == id).cloned())
    };
    let control = |id: &str| -> Option<&ControlResult> {
        head.controls.iter().chain(base.iter().flat_map(|b| b.controls.iter())).find(|c| c.id == id)
    };
    let head_lists = lists(head);
    let base_lists = base.map(lists);
    for (i, (kind, states, now)) in head_lists.iter().enumerate() {
        let was: BTreeSet<&String> = base_lists.as_ref().map(|l| l[i].2.iter().collect()).unwrap_or_default();
        let now_set: BTreeSet<&String> = now.iter().collect();
        let item = |id: &String, regression: bool| {
            let (p_before, p_after) = (policy(base, id), policy(Some(head), id));
            let p = p_after.clone().or_else(|| p_before.clone());
            let c = control(id);
            // An approval's state is the policy's own (approved, changed, not-approved).
            // A policy that one side does not have has no state there.
            let state = |side: &Option<PolicyStatus>, listed: bool| match (i, side) {
                (3, Some(p)) => Some(p.approval.clone()),
                (3 | 4, None) => None,
                _ => Some(states[usize::from(!listed)].to_owned()),
            };
            let (before, after) = if regression {
                (base.and_then(|_| state(&p_before, false)), state(&p_after, true))
            } else {
                (state(&p_before, true), state(&p_after, false))
            };
            let message = match (i, regression, after.as_deref()) {
                (0, true, _) => format!("criterion {id} is no longer covered by any in-scope control"),
                (0, false, _) => format!("criterion {id} is covered again"),
                (1, true, _) => format!("control {id} has no written policy"),
                (1, false, _) => format!("control {id} has a written policy again"),
                (2, true, _) => format!("policy {id} is referenced but not written"),
                (2, false, _) => format!("policy {id} is written"),
                (3, true, Some("changed")) => format!("policy {id} was edited after its approval"),
                (3, true, _) => format!("policy {id} is not approved"),
                (3, false, _) => format!("policy {id} is approved"),
                (_, true, _) => format!("policy {id} is past its review"),
                (_, false, _) => format!("policy {id} is reviewed"),
            };
            // A criterion or an unwritten policy has no file of its own.
            let path = p.as_ref().map(|p| p.path.clone()).or_else(|| c.map(|c| c.path.clone()));
            let mut files: Vec<String> = path.iter().cloned().collect();
            files.extend(policy_paths.get(id).filter(|f| !files.contains(f)).cloned());
            Change {
                kind: *kind,
                id: id.clone(),
                control: None,
                title: p.as_ref().map(|p| p.title.clone()).or_else(|| c.map(|c| c.title.clone())).unwrap_or_default(),
                before,
                after,
                owner: p.as_ref().map(|p| p.owner.clone()).or_else(|| c.map(|c| c.owner.clone())),
                severity: None,
                message,
                path,
                line: None,
                reasons: Vec::new(),
                findings: Vec::new(),
                files,
            }
        };
        for id in now.iter().filter(|id| !was.contains(id)) {
            out.regressions.push(item(id, true));
        }
        for id in was.iter().filter(|id| !now_set.contains(*id)) {
            out.fixed.push(item(id, false));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worse_is_any_gap_after_none_or_a_graver_gap() {
        use Status::*;
        for gap in [Fail, Stale, Missing, ReviewDue, Error] {
            assert!(worse(Pass, gap), "pass → {gap:?}");
            assert!(worse(OutOfScope, gap), "out-of-scope → {gap:?}");
            assert!(!worse(gap, Pass), "{gap:?} → pass");
            assert!(!worse(gap, gap), "{gap:?} unchanged");
        }
        assert!(worse(Fail, Error));
        assert!(!worse(Error, Fail));
        assert!(!worse(Pass, OutOfScope));
    }
}
