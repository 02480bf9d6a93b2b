//! Type II: the compliance program over time, read from git history.
//!
//! `check --as-of` / `--rev` evaluate the repo as one commit recorded it;
//! `report --period` evaluates every control on every day of an audit period
//! and reports its operating effectiveness. Everything is read from git
//! objects, never from the worktree, so uncommitted edits change nothing.

pub mod cache;
pub mod git;
pub mod model;
mod period;

use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

pub use git::{CommitInfo, GitHistory, GitTree};
pub use model::*;
pub use period::{PeriodOptions, PeriodStats, evaluate_period};

/// Why history could not be read; every message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error(
        "{root} is not inside a git repository ({why})\n  hint: --as-of, --rev and --period read the history of evidence/ from git; commit the repo (`git init && git add -A && git commit`), or drop the flag"
    )]
    NotGit { root: String, why: String },
    #[error(
        "--rev {rev}: not a commit ({why})\n  hint: give a commit id, branch or tag, e.g. `--rev HEAD~1`; `git log --oneline` lists commits"
    )]
    BadRev { rev: String, why: String },
    #[error("--as-of {date}: no commit on or before it{first}\n  hint: pick a later date")]
    BeforeHistory { date: String, first: String },
    #[error("no commit yet in the git repository\n  hint: commit the compliance repo first")]
    NoCommits,
    #[error("git: {0}")]
    Git(String),
}

/// The last second of a day, UTC: a day's evaluation counts everything that happened on it.
pub fn end_of_day(d: NaiveDate) -> DateTime<Utc> {
    let t = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN);
    Utc.from_utc_datetime(&d.and_time(t))
}

/// Which recorded state of the repo to evaluate.
#[derive(Clone, Debug)]
pub enum Point {
    /// The last commit on or before this moment (a bare date means its end).
    AsOf { label: String, at: DateTime<Utc> },
    /// A commit, branch or tag.
    Rev(String),
}

impl Point {
    /// Parse `--as-of`: `YYYY-MM-DD` (the end of that day, UTC) or an RFC 3339 time.
    pub fn as_of(s: &str) -> Result<Point, crate::dates::ParseError> {
        let at = match crate::dates::parse_date(s) {
            Ok(d) => end_of_day(d),
            Err(_) => crate::dates::parse_timestamp(s)?,
        };
        Ok(Point::AsOf { label: s.trim().to_owned(), at })
    }
}

/// A commit picked for evaluation and the time to evaluate it at.
pub struct Picked {
    pub commit: CommitInfo,
    /// `--as-of`: the requested moment; `--rev`: the commit's time; never later than `now`.
    pub at: DateTime<Utc>,
}

/// Find the commit `point` names in the git repository holding `root`.
pub fn pick(history: &GitHistory, point: &Point, now: DateTime<Utc>) -> Result<Picked, HistoryError> {
    match point {
        Point::Rev(rev) => {
            let commit = history.resolve(rev)?;
            let at = commit.time.min(now);
            Ok(Picked { commit, at })
        }
        Point::AsOf { label, at } => {
            let commits = history.first_parent()?;
            let Some(first) = commits.first() else { return Err(HistoryError::NoCommits) };
            match commits.iter().rev().find(|c| c.time <= *at) {
                Some(c) => Ok(Picked { commit: c.clone(), at: (*at).min(now) }),
                None => Err(HistoryError::BeforeHistory {
                    date: label.clone(),
                    first: format!(" (the first commit is from {})", crate::dates::format_timestamp(first.time)),
                }),
            }
        }
    }
}

/// Open the history of the compliance repo at `root`.
pub fn open(root: &Path) -> Result<GitHistory, HistoryError> {
    GitHistory::open(root)
}
