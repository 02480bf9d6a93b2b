//! One load-and-evaluate session: the repo as the worktree holds it, or as a
//! commit recorded it (`--as-of`, `--rev`), loaded once and evaluated by
//! every command that reads results (`check`, `report`, `export`,
//! `policies build`), so none of them goes through another.

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::{DateTime, Utc};

use super::period::{self, PeriodOptions, PeriodReport, PeriodStats};
use crate::dates::Period;
use crate::dates::end_of_day;
use crate::eval::{Evaluation, Selection};
use crate::files::git::{CommitInfo, GitHistory, HistoryError};
use crate::files::{Layered, RepoFiles, Worktree};
use crate::output::Progress;
use crate::query::cache::TableCache;
use crate::query::loader::{DirectLoader, TableLoader};
use crate::repo::Repo;

/// A loaded repo and the moment it is evaluated at.
pub struct Session {
    root: PathBuf,
    files: Box<dyn RepoFiles>,
    pub repo: Repo,
    /// The evaluation time: `now` for the worktree; the `--as-of` moment or
    /// the commit's time (never later than `now`) for a commit.
    pub at: DateTime<Utc>,
    /// The commit read instead of the worktree, if any.
    pub commit: Option<CommitInfo>,
    /// Neither read nor write the table cache under `.soc2/`.
    no_cache: bool,
}

impl Session {
    /// Load the compliance repo at `root`: its worktree, or the commit `point`
    /// names. Fails with [`crate::diagnostic::InvalidRepo`] listing every
    /// problem, or with why the commit cannot be read.
    pub fn open(root: &Path, point: Option<&Point>, now: DateTime<Utc>, no_cache: bool) -> Result<Session> {
        let (files, at, commit, added): (Box<dyn RepoFiles>, _, _, _) = match point {
            None => (Box::new(Layered::new(Worktree::new(root))), now, None, None),
            Some(point) => {
                let git = std::sync::Arc::new(GitHistory::open(root)?);
                let picked = pick(&git, point, now)?;
                let added = crate::repo::added_from(&git);
                (Box::new(Layered::new(git.tree(&picked.commit)?)), picked.at, Some(picked.commit), Some(added))
            }
        };
        let mut repo = Repo::load(files.as_ref())?;
        repo.check_not_future(files.as_ref(), at)?;
        match added {
            Some(added) => repo.added = added,
            None => repo.learn_history(root),
        }
        Ok(Session { root: root.to_path_buf(), files, repo, at, commit, no_cache })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn files(&self) -> &dyn RepoFiles {
        self.files.as_ref()
    }

    /// Evaluate the selected controls, which must exist ([`Selection::check`]).
    pub fn evaluate(&self, selection: &Selection) -> Result<Evaluation> {
        selection.check(&self.repo, self.at)?;
        let mut loader = self.loader();
        let mut evaluation = crate::eval::evaluate(&self.repo, self.files(), self.at, loader.as_mut(), selection)?;
        evaluation.commit = self.commit.as_ref().map(|c| crate::eval::EvaluatedCommit {
            id: c.id.clone(),
            time: crate::dates::format_timestamp(c.time),
            summary: c.summary.clone(),
        });
        Ok(evaluation)
    }

    /// Tables through the cache unless `no_cache`; files read from git objects
    /// are keyed by content, never by the worktree's stat index.
    fn loader(&self) -> Box<dyn TableLoader> {
        match (self.no_cache, self.commit.is_some()) {
            (true, _) => Box::new(DirectLoader),
            (false, false) => Box::new(TableCache::open(&self.root)),
            (false, true) => Box::new(TableCache::open_content_keyed(&self.root)),
        }
    }

    /// Operating effectiveness of the selected controls on every day of
    /// `period`, from the git history up to `now`.
    pub fn period(
        &self,
        period: &Period,
        selection: &Selection,
        now: DateTime<Utc>,
        progress: &dyn Progress,
    ) -> Result<(PeriodReport, PeriodStats), HistoryError> {
        let options = PeriodOptions { no_cache: self.no_cache };
        period::evaluate_period(&self.root, period, selection, now, options, progress)
    }
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
            let starts = crate::dates::parse_date(label)
                .map_or(*at, |d| crate::dates::end_of_day(d) - chrono::TimeDelta::seconds(86_399));
            if starts > now {
                return Err(HistoryError::AfterNow { date: label.clone(), now: crate::dates::format_timestamp(now) });
            }
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
