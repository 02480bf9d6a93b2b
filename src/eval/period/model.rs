//! What a period evaluation found: per control, how many days it operated and
//! when it did not. `soc2 report --period --format json` prints a [`PeriodReport`].

use serde::Serialize;

use crate::eval::Status;

/// Operating effectiveness of the selected controls over an audit period.
#[derive(Clone, Debug, Serialize)]
pub struct PeriodReport {
    pub organization: String,
    /// `START..END`, both days included.
    pub period: String,
    /// Calendar days in the period.
    pub days: usize,
    /// The last day evaluated: the period's end, or the day of the evaluation time if earlier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evaluated_through: Option<String>,
    /// Days of the period with a commit changing the compliance repo (the others carry the last commit forward).
    pub days_with_commits: usize,
    /// The commit each evaluated day starts from: the first day's (possibly before the period) and every one in it.
    pub commits: usize,
    /// Days no control could be evaluated on, and why (before the first commit, after the evaluation time).
    pub not_evaluated: Vec<DayRange>,
    pub summary: PeriodSummary,
    pub controls: Vec<ControlPeriod>,
    /// Type II testing: each selected control that declares a population,
    /// with its size, the items tested and the deviations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub populations: Vec<crate::population::PopulationSummary>,
    /// How days are counted, shown in every format.
    pub method: &'static str,
}

/// How the figures are computed; printed with them so an auditor can follow.
pub const METHOD: &str = "Each day is evaluated on the last commit of the first-parent history made on or before its end (23:59:59 UTC) that changed the compliance repo; a day without such a commit carries the previous commit forward and is evaluated again at its own end, so evidence older than its max_age counts against that day. A day passes when the control's evidence passes (its queries, the freshness of its evidence and its manual evidence); a day on which nothing the control checks occurred (its populations were empty) and management attested it is counted apart as not occurring, neither passing nor an exception; any other in-scope result, an unattested empty population included, is an exception. Operating effectiveness = days passing / days evaluated (not-occurring days excluded). The control's own review is counted apart: reviews on time = days under a review cadence without the review overdue / those days.";

/// All selected controls together.
#[derive(Clone, Debug, Serialize)]
pub struct PeriodSummary {
    pub controls: usize,
    /// Control-days evaluated and passing, over every control.
    pub control_days: usize,
    pub control_days_passing: usize,
    /// Control-days on which nothing occurred (attested); not in `control_days`.
    pub control_days_not_occurring: usize,
    /// Percent with one decimal; `null` when nothing was evaluated.
    pub effectiveness: Option<f64>,
    /// Controls that passed every day they were evaluated (and were evaluated at least once).
    pub controls_without_exceptions: usize,
    /// Control-days on which the control's own review was overdue (counted apart from effectiveness).
    pub control_days_review_overdue: usize,
    /// Percent of control-days under a review cadence with the review on time, one decimal; `null` when none.
    pub reviews_on_time: Option<f64>,
    /// Controls whose review was overdue on at least one day.
    pub controls_reviews_late: usize,
}

/// One control over the period.
#[derive(Clone, Debug, Serialize)]
pub struct ControlPeriod {
    pub id: String,
    pub title: String,
    pub owner: String,
    /// Days evaluated on which something occurred (passing or an exception).
    pub days_evaluated: usize,
    /// Days its evidence passed (the review obligation left out).
    pub days_passing: usize,
    /// Days on which nothing the control checks occurred, as attested.
    pub days_not_occurring: usize,
    /// Days the control was not evaluated: before the first commit, before it was defined, out of scope, or after the evaluation time.
    pub days_not_evaluated: usize,
    /// Operating effectiveness: percent with one decimal; `null` when it was never evaluated.
    pub effectiveness: Option<f64>,
    /// Evaluated days on which the control was reviewed on a cadence.
    pub days_reviewed: usize,
    /// Of those, days on which its review was overdue.
    pub days_review_overdue: usize,
    /// Percent of `days_reviewed` with the review on time; `null` without a review cadence.
    pub reviews_on_time: Option<f64>,
    /// Stretches of consecutive evaluated days on which its evidence did not pass.
    pub exceptions: Vec<ExceptionRange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longest_exception: Option<DayRange>,
    /// Stretches of evaluated days on which its review was overdue (`status` is `review-due`).
    pub review_lapses: Vec<ExceptionRange>,
    /// Every day of the period, run-length encoded, for timelines: the operating status.
    pub timeline: Vec<Segment>,
    /// Every day of the period, run-length encoded: the review `on-time`, `overdue` or `not-evaluated`.
    pub review_timeline: Vec<Segment>,
}

/// A stretch of days on which a control did not operate effectively.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExceptionRange {
    pub start: String,
    pub end: String,
    pub days: usize,
    /// The status and reason of its first day.
    pub status: Status,
    pub reason: String,
    /// The commit the first day was evaluated on.
    pub commit: String,
}

/// Consecutive days, both included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayRange {
    pub start: String,
    pub end: String,
    pub days: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// Consecutive days in one state: a status, or `not-evaluated`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub start: String,
    pub end: String,
    /// Days from the period's start to `start`.
    pub offset: usize,
    pub days: usize,
    /// A status (`pass`, `fail`…) or `not-evaluated`.
    pub state: String,
}
