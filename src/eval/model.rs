//! What an evaluation found: the data every renderer reads (never re-queries).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::repo::control::Severity;
use crate::repo::exception::ExceptionState;
pub use crate::repo::workflow::WorkflowState;

/// A control's status, as defined in DESIGN section 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Pass,
    /// Nothing the control checks happened (no incident, no leaver…), the
    /// control says that is a valid answer, and management attested it.
    NotOccurring,
    Fail,
    Stale,
    Missing,
    ReviewDue,
    Error,
    OutOfScope,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Pass,
        Status::NotOccurring,
        Status::Fail,
        Status::Stale,
        Status::Missing,
        Status::ReviewDue,
        Status::Error,
        Status::OutOfScope,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::NotOccurring => "not-occurring",
            Status::Fail => "fail",
            Status::Stale => "stale",
            Status::Missing => "missing",
            Status::ReviewDue => "review-due",
            Status::Error => "error",
            Status::OutOfScope => "out-of-scope",
        }
    }

    /// Whether this status is a gap (anything in scope but pass, or an
    /// attested "not occurring").
    pub fn is_gap(self) -> bool {
        !matches!(self, Status::Pass | Status::NotOccurring | Status::OutOfScope)
    }

    /// How much a gap needs attention, in the report's priority rule
    /// (cannot evaluate, then violations, then the rest); 1 for no gap.
    pub fn weight(self) -> u8 {
        match self {
            Status::Error => 6,
            Status::Fail => 5,
            Status::Missing => 4,
            Status::Stale => 3,
            Status::ReviewDue => 2,
            Status::Pass | Status::NotOccurring => 1,
            Status::OutOfScope => 0,
        }
    }

    /// Which status wins when a control has several: the worst gap, and a
    /// "not occurring" over a plain pass.
    pub fn rank(self) -> u8 {
        match self {
            Status::NotOccurring => 2,
            Status::Pass => 1,
            Status::OutOfScope => 0,
            gap => gap.weight() + 1,
        }
    }
}

/// A finding's status, from a query's `status` column (or `alarm` for a violation row).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingStatus {
    Ok,
    Alarm,
    Skip,
    Info,
    Error,
}

impl FindingStatus {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "ok" => FindingStatus::Ok,
            "alarm" => FindingStatus::Alarm,
            "skip" => FindingStatus::Skip,
            "info" => FindingStatus::Info,
            "error" => FindingStatus::Error,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FindingStatus::Ok => "ok",
            FindingStatus::Alarm => "alarm",
            FindingStatus::Skip => "skip",
            FindingStatus::Info => "info",
            FindingStatus::Error => "error",
        }
    }

    pub fn is_problem(self) -> bool {
        matches!(self, FindingStatus::Alarm | FindingStatus::Error)
    }
}

/// One row of a query result that says something is wrong (or was waived).
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub query: String,
    pub status: FindingStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The exception that waives this finding, while it is active.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excepted_by: Option<String>,
}

impl Finding {
    /// `resource — reason`, as people read a finding (with `error:` or
    /// `info:` before it when it is not an alarm).
    pub fn brief(&self) -> String {
        let text = match (self.resource.as_deref(), self.reason.as_deref()) {
            (Some(r), Some(why)) if !why.is_empty() => format!("{r} — {why}"),
            (Some(r), _) => r.to_owned(),
            (None, Some(why)) => why.to_owned(),
            (None, None) => self.query.clone(),
        };
        match self.status {
            FindingStatus::Alarm => text,
            other => format!("{}: {text}", other.as_str()),
        }
    }

    /// `alarm query: resource reason`, the one-line form every text format uses.
    pub fn line(&self) -> String {
        format!(
            "{} {}: {} {}",
            self.status.as_str(),
            self.query,
            self.resource.as_deref().unwrap_or("-"),
            self.reason.as_deref().unwrap_or("")
        )
        .trim_end()
        .to_owned()
    }
}

/// How one of a control's queries went.
#[derive(Clone, Debug, Serialize)]
pub struct QueryOutcome {
    pub query: String,
    pub path: String,
    /// `pass`, `fail`, `missing` or `error`.
    pub status: Status,
    pub rows: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Tables the query read.
    pub tables: Vec<String>,
    /// The rows it examined, per table (its population); a passing query
    /// that examined none proved nothing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub population: Vec<PopulationCount>,
    /// The result itself, for exports; not part of the JSON output.
    #[serde(skip)]
    pub columns: Vec<String>,
    #[serde(skip)]
    pub result_rows: Vec<Vec<Value>>,
}

/// How many rows of one table a query examined.
#[derive(Clone, Debug, Serialize)]
pub struct PopulationCount {
    pub table: String,
    /// The rows counted, as people read it (`access_reviews with review_date since 2026-08-30`).
    pub rows_of: String,
    pub rows: u64,
}

/// A dataset a control relied on, and how fresh it was.
#[derive(Clone, Debug, Serialize)]
pub struct EvidenceUse {
    pub table: String,
    pub collector: String,
    pub dataset: String,
    /// The collector kind and where the data came from (its meta), when collected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collected_at: Option<String>,
    pub rows: u64,
    pub max_age: String,
    /// `fresh`, `stale` or `missing`.
    pub state: EvidenceState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceState {
    Fresh,
    Stale,
    Missing,
}

/// A manual evidence requirement or a review cadence, and whether it is met.
#[derive(Clone, Debug, Serialize)]
pub struct Obligation {
    /// `attestation`, `file`, `link`, `note` or `review`.
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub every: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Date of the newest record that satisfies it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
    /// When the next record is due.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// `ok`, `due` or `missing`.
    pub state: ObligationState,
    /// Why the newest record on file does not count (wrong or missing signer,
    /// a self-review refused by separation of duties).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// Counted, but worth a look: a review by the owner of what was reviewed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ObligationState {
    Ok,
    Due,
    Missing,
}

/// Everything known about one control after evaluation.
#[derive(Clone, Debug, Serialize)]
pub struct ControlResult {
    pub id: String,
    pub title: String,
    pub status: Status,
    /// The status from evidence alone (queries, freshness, manual evidence),
    /// leaving out the control's own review: whether the control operated.
    pub operating: Status,
    /// Where people have moved the control (`soc2 workflow`); `not-started` without a record.
    pub workflow: WorkflowState,
    pub severity: Severity,
    pub owner: String,
    pub criteria: Vec<String>,
    pub policies: Vec<String>,
    /// The control's YAML file and the line of its `id`.
    pub path: String,
    pub line: usize,
    /// Why the control is not passing, one sentence each.
    pub reasons: Vec<String>,
    pub findings: Vec<Finding>,
    pub queries: Vec<QueryOutcome>,
    pub evidence: Vec<EvidenceUse>,
    pub obligations: Vec<Obligation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_date: Option<String>,
    /// Why it does not apply here (`[not_applicable]` in soc2.toml): it is then out of scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<String>,
}

impl ControlResult {
    pub fn problem_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.status.is_problem() && f.excepted_by.is_none())
    }

    /// Findings a query marked `info`: context for the control's outcome.
    pub fn info_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.status == FindingStatus::Info)
    }
}

/// An exception and where it stands.
#[derive(Clone, Debug, Serialize)]
pub struct ExceptionResult {
    pub id: String,
    pub control: String,
    pub state: ExceptionState,
    pub owner: String,
    pub justification: String,
    pub resources: Vec<String>,
    pub expires: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    /// Findings it waives now.
    pub findings_excepted: usize,
    pub path: String,
}

/// A policy's approval and review state.
#[derive(Clone, Debug, Serialize)]
pub struct PolicyStatus {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub version: String,
    pub path: String,
    /// `approved`, `changed` (edited after approval) or `not-approved`.
    pub approval: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_reviewed_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_review_due: Option<String>,
    pub past_review: bool,
}

/// What the control set as a whole leaves uncovered.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Coverage {
    /// In-scope criteria no in-scope control maps to.
    pub unmapped_criteria: Vec<String>,
    /// In-scope controls with no policy written for them.
    pub controls_without_policy: Vec<String>,
    /// Policies referenced by controls that are not written yet.
    pub missing_policies: Vec<String>,
    pub policies_not_approved: Vec<String>,
    pub policies_past_review: Vec<String>,
    /// Type II: policies whose `effective` date falls after the start of the audit period.
    pub policies_effective_late: Vec<String>,
    pub policies: Vec<PolicyStatus>,
}

impl Coverage {
    /// The gap lists with a label each, in the order reports show them.
    pub fn labelled(&self) -> [(&'static str, &Vec<String>); 6] {
        [
            ("criteria without a control", &self.unmapped_criteria),
            ("controls without a policy", &self.controls_without_policy),
            ("policies not written yet", &self.missing_policies),
            ("policies not approved", &self.policies_not_approved),
            ("policies past review", &self.policies_past_review),
            ("policies effective after the period start", &self.policies_effective_late),
        ]
    }

    pub fn gap_count(&self) -> usize {
        self.labelled().iter().map(|(_, l)| l.len()).sum()
    }
}

/// How the requirements of one framework (`--framework ID`) are covered by
/// the evaluated controls through their `mappings` (or `criteria`, for the
/// audit's own framework).
#[derive(Clone, Debug, Serialize)]
pub struct FrameworkCoverage {
    pub id: String,
    pub title: String,
    /// False when other filters (`--control`, `--criteria`, `--category`) left
    /// controls out: unmapped requirements may then be mapped by those.
    pub complete: bool,
    pub requirements: usize,
    /// Mapped by at least one passing control.
    pub covered: usize,
    /// Mapped only by controls with a gap.
    pub failing: usize,
    /// Mapped by no evaluated control.
    pub unmapped: usize,
    /// `covered` as a share of `requirements`, percent with one decimal.
    pub percent: f64,
    pub sections: Vec<FrameworkSection>,
    pub rows: Vec<RequirementCoverage>,
}

/// One section (series) of a framework and how its requirements stand.
#[derive(Clone, Debug, Serialize)]
pub struct FrameworkSection {
    pub id: String,
    pub title: String,
    pub requirements: usize,
    pub covered: usize,
    pub failing: usize,
    pub unmapped: usize,
}

/// One requirement and the evaluated controls mapped to it.
#[derive(Clone, Debug, Serialize)]
pub struct RequirementCoverage {
    pub id: String,
    pub title: String,
    pub section: String,
    pub state: CoverageState,
    pub controls: Vec<MappedControl>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MappedControl {
    pub id: String,
    pub status: Status,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CoverageState {
    Covered,
    Failing,
    Unmapped,
}

impl CoverageState {
    pub fn as_str(self) -> &'static str {
        match self {
            CoverageState::Covered => "covered",
            CoverageState::Failing => "failing",
            CoverageState::Unmapped => "unmapped",
        }
    }
}

impl FrameworkCoverage {
    /// Requirement ids in `state`, in framework order.
    pub fn ids(&self, state: CoverageState) -> Vec<&str> {
        self.rows.iter().filter(|r| r.state == state).map(|r| r.id.as_str()).collect()
    }

    /// `ISO 27001: 12/20 requirements covered (60%) · 3 only by failing controls · 5 unmapped`.
    pub fn line(&self) -> String {
        let pct =
            if self.percent.fract() == 0.0 { format!("{:.0}", self.percent) } else { format!("{:.1}", self.percent) };
        let mut s = format!(
            "{} ({}): {}/{} requirements covered ({pct}%) · {} only by failing controls · {} unmapped",
            self.id, self.title, self.covered, self.requirements, self.failing, self.unmapped
        );
        if !self.complete {
            s.push_str(" (other filters applied: unmapped may be mapped by controls left out)");
        }
        s
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// In-scope controls evaluated.
    pub controls: usize,
    pub pass: usize,
    /// Controls whose subject did not occur, as management attested.
    pub not_occurring: usize,
    pub gaps: usize,
    /// Share of in-scope controls passing or attested not occurring, in percent with one decimal.
    pub readiness: f64,
    pub by_status: BTreeMap<String, usize>,
    pub coverage_gaps: usize,
    pub exception_gaps: usize,
}

/// The whole evaluation of a repo at one moment.
#[derive(Clone, Debug, Serialize)]
pub struct Evaluation {
    pub organization: String,
    pub framework: String,
    pub audit_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    pub categories: Vec<String>,
    pub evaluated_at: String,
    /// The commit evaluated instead of the worktree (`--as-of`, `--rev`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<EvaluatedCommit>,
    pub summary: Summary,
    pub controls: Vec<ControlResult>,
    pub coverage: Coverage,
    pub exceptions: Vec<ExceptionResult>,
    /// Coverage of the framework named by `--framework`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub framework_coverage: Option<FrameworkCoverage>,
}

/// A commit an evaluation read, as every format names it.
#[derive(Clone, Debug, Serialize)]
pub struct EvaluatedCommit {
    pub id: String,
    pub time: String,
    pub summary: String,
}

impl EvaluatedCommit {
    /// `commit 1a2b3c4d5e6f (2026-03-31T18:00:00Z, "evidence 2026-03-31")`.
    pub fn line(&self) -> String {
        format!("commit {} ({}, \"{}\")", self.id.get(..12).unwrap_or(&self.id), self.time, self.summary)
    }
}

impl Evaluation {
    /// Whether anything here should fail CI.
    pub fn has_gaps(&self) -> bool {
        self.summary.gaps > 0 || self.summary.coverage_gaps > 0 || self.summary.exception_gaps > 0
    }

    /// Whether a gate fails on this evaluation: any gap of the controls shown
    /// when the run was narrowed (`narrowed`) or filtered by status
    /// (`by_status`), else any gap of the repo; and with `--framework`, a
    /// requirement no control maps to, unless filtered by status.
    pub fn fails_gate(&self, narrowed: bool, by_status: bool) -> bool {
        let mut gaps =
            if narrowed || by_status { self.controls.iter().any(|c| c.status.is_gap()) } else { self.has_gaps() };
        if !by_status {
            gaps |= self.framework_coverage.as_ref().is_some_and(|f| f.complete && f.unmapped > 0);
        }
        gaps
    }
}
