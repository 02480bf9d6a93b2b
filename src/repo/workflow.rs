//! Where a control stands in the work towards an audit, as people move it:
//! `not-started` → `in-progress` → `ready-for-review` → `auditor-review` →
//! `accepted` (or `changes-requested`). Each move is one small record under
//! `evidence/workflow/<control-id>/`, so the history is the trail and an
//! auditor's moves arrive as a pull request that merges without conflicts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::dates::parse_timestamp;
use crate::diagnostic::{Diagnostic, Position};
use crate::repo::yaml::{self, Seg};

pub const WORKFLOW_DIR: &str = "evidence/workflow";

/// A control's workflow state.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum WorkflowState {
    #[default]
    NotStarted,
    InProgress,
    ReadyForReview,
    AuditorReview,
    Accepted,
    ChangesRequested,
}

impl WorkflowState {
    pub const ALL: [WorkflowState; 6] = [
        WorkflowState::NotStarted,
        WorkflowState::InProgress,
        WorkflowState::ReadyForReview,
        WorkflowState::AuditorReview,
        WorkflowState::Accepted,
        WorkflowState::ChangesRequested,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WorkflowState::NotStarted => "not-started",
            WorkflowState::InProgress => "in-progress",
            WorkflowState::ReadyForReview => "ready-for-review",
            WorkflowState::AuditorReview => "auditor-review",
            WorkflowState::Accepted => "accepted",
            WorkflowState::ChangesRequested => "changes-requested",
        }
    }
}

/// One move of a control from one state to another, as stored.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TransitionDef {
    pub from: WorkflowState,
    pub to: WorkflowState,
    pub date: String,
    pub by: String,
    /// `by` is an outside party (an auditor), not a person of soc2.toml.
    #[serde(default, skip_serializing_if = "crate::repo::record::is_false")]
    pub external: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A loaded transition.
#[derive(Clone, Debug)]
pub struct Transition {
    pub control: String,
    pub path: String,
    pub def: TransitionDef,
    pub date: DateTime<Utc>,
    pub position: Position,
}

/// Parse `evidence/workflow/<control>/<file>.yaml`.
pub fn parse(path: &str, control: &str, text: &str) -> Result<Transition, Diagnostic> {
    let (def, index) = yaml::parse::<TransitionDef>(path, text, 0)?;
    let date = parse_timestamp(&def.date).map_err(|e| {
        Diagnostic::error(path, format!("`date`: {}", e.message)).at(index.value(&[Seg::Key("date")])).with_hint(e.hint)
    })?;
    let position = index.value(&[Seg::Key("to")]);
    Ok(Transition { control: control.to_owned(), path: path.to_owned(), def, date, position })
}

/// Put one control's transitions in the order they happened: by time, and
/// among records with the same time by following `from` → `to` from the state
/// before them (then by path), so the order never depends on file names alone.
pub fn order(mut transitions: Vec<Transition>) -> Vec<Transition> {
    transitions.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
    let mut out: Vec<Transition> = Vec::with_capacity(transitions.len());
    let mut rest = transitions.into_iter().peekable();
    while let Some(first) = rest.next() {
        let mut group = vec![first];
        while let Some(next) = rest.next_if(|t| t.date == group[0].date) {
            group.push(next);
        }
        let mut state = out.last().map_or(WorkflowState::NotStarted, |t| t.def.to);
        let edges: Vec<(WorkflowState, WorkflowState)> = group.iter().map(|t| (t.def.from, t.def.to)).collect();
        let mut path = Vec::new();
        if edges.len() <= MAX_CHAINED && chain(&edges, &mut vec![false; edges.len()], state, &mut path) {
            let mut slots: Vec<Option<Transition>> = group.into_iter().map(Some).collect();
            out.extend(path.into_iter().filter_map(|i| slots.get_mut(i).and_then(Option::take)));
            continue;
        }
        // No chain through all of them: follow links where they exist, else path order.
        while !group.is_empty() {
            let i = group.iter().position(|t| t.def.from == state).unwrap_or(0);
            let t = group.remove(i);
            state = t.def.to;
            out.push(t);
        }
    }
    out
}

/// Same-second transitions beyond this many are ordered greedily.
const MAX_CHAINED: usize = 12;

/// An order of `edges` (from, to) that starts at `state` and uses each once, if there is one.
fn chain(
    edges: &[(WorkflowState, WorkflowState)],
    used: &mut Vec<bool>,
    state: WorkflowState,
    path: &mut Vec<usize>,
) -> bool {
    if path.len() == edges.len() {
        return true;
    }
    for (i, (from, to)) in edges.iter().enumerate() {
        if !used[i] && *from == state {
            used[i] = true;
            path.push(i);
            if chain(edges, used, *to, path) {
                return true;
            }
            used[i] = false;
            path.pop();
        }
    }
    false
}

/// The state after the last of `ordered` transitions at or before `now`.
pub fn current<'a>(ordered: impl IntoIterator<Item = &'a Transition>, now: DateTime<Utc>) -> Option<&'a Transition> {
    ordered.into_iter().filter(|t| t.date <= now).last()
}
