//! Type II: operating effectiveness over a period, every control evaluated
//! on every day from the git history of the compliance repo. Everything is
//! read from git objects, never from the worktree, so uncommitted edits
//! change nothing.
//!
//! Three stages: plan (which commit each day reads, the cache key of each
//! control on it, what the cache already knows), evaluate the misses (days
//! spread over the cores, each thread with its own engine), then count.

pub mod cache;
pub mod model;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use sha2::{Digest, Sha256};

use crate::dates::end_of_day;
use crate::dates::{Period, format_timestamp};
use crate::eval::{ControlResult, ObligationState, Selection, Status};
use crate::evidence::{self, EVIDENCE_DIR, RECORD_DIRS};
use crate::files::RepoFiles;
use crate::files::git::{CommitInfo, GitHistory, GitTree, HistoryError};
use crate::output::Progress;
use crate::query::cache::TableCache;
use crate::query::loader::{DirectLoader, TableLoader, TableSource};
use crate::repo::Repo;
use crate::repo::config::CONFIG_FILE;
use crate::repo::control::Control;
use crate::repo::exception::EXCEPTIONS_DIR;
use crate::repo::record::{MANUAL_DIR, REVIEWS_DIR};
use cache::{DayResult, ResultCache};
pub use model::*;

/// How a period evaluation runs.
#[derive(Clone, Copy, Debug, Default)]
pub struct PeriodOptions {
    /// Neither read nor write `.soc2/` (results and tables are recomputed).
    pub no_cache: bool,
}

/// What the run cost: how many control-days were computed and how many came from the cache.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeriodStats {
    pub computed: usize,
    pub cached: usize,
    /// Days on which at least one control was computed.
    pub days_computed: usize,
    /// Why the result cache could not be written, if it could not.
    pub cache_error: Option<String>,
}

impl PeriodStats {
    /// `0 control-days computed, 180 from cache (.soc2/history)`, and a cache write failure if any.
    pub fn line(&self) -> String {
        let mut line = format!("{} control-days computed, {} from cache (.soc2/history)", self.computed, self.cached);
        if let Some(e) = &self.cache_error {
            line.push_str(&format!("\nwarning: {e}; the next run computes these days again"));
        }
        line
    }
}

/// One day of the plan.
enum Day {
    /// Nothing to evaluate, and why.
    Skip(&'static str),
    /// The repo at the day's commit does not load: every control defined by then is in error.
    Invalid {
        commit: usize,
        why: String,
    },
    Evaluated {
        commit: usize,
        results: BTreeMap<String, (DayResult, usize)>,
    },
}

/// A day whose controls (some or all) must be computed.
struct Job {
    day: usize,
    commit: usize,
    model: usize,
    at: DateTime<Utc>,
    /// Control id → cache key (empty when the result must not be stored).
    controls: Vec<(String, String)>,
}

/// Evaluate the selected controls of the compliance repo at `root` on every day of `period`.
pub fn evaluate_period(
    root: &Path,
    period: &Period,
    selection: &Selection,
    now: DateTime<Utc>,
    options: PeriodOptions,
    progress: &dyn Progress,
) -> Result<(PeriodReport, PeriodStats), HistoryError> {
    // Objects are read many times over; their ids are checked by git when written, not here.
    git2::opts::strict_hash_verification(false);
    let history = Arc::new(GitHistory::open(root)?);
    let all = history.first_parent()?;
    // Only commits that changed the compliance repo matter; the others read the same tree.
    let commits: Vec<CommitInfo> = all
        .iter()
        .enumerate()
        .filter(|(i, c)| c.root_tree.is_some() && (*i == 0 || all[i - 1].root_tree != c.root_tree))
        .map(|(_, c)| c.clone())
        .collect();
    let mut cache = if options.no_cache { ResultCache::disabled() } else { ResultCache::open(root) };
    let added = crate::repo::added_from(&history);

    let days: Vec<NaiveDate> = period.start.iter_days().take_while(|d| *d <= period.end).collect();
    let mut plan: Vec<Day> = Vec::with_capacity(days.len());
    let mut jobs: Vec<Job> = Vec::new();
    let mut models: Vec<Arc<Repo>> = Vec::new();
    let mut stats = PeriodStats::default();
    // The tree and model of the last commit seen, reused while days carry it forward.
    let mut current: Option<(usize, ModelState)> = None;
    let mut model_keys: Vec<String> = Vec::new();
    let mut last_model: Option<usize> = None;
    for (i, day) in days.iter().enumerate() {
        let end = end_of_day(*day);
        if day_start(*day) > now {
            plan.push(Day::Skip("after the evaluation time"));
            continue;
        }
        let at = end.min(now);
        let Some(commit) = commits.iter().rposition(|c| c.time <= end) else {
            plan.push(Day::Skip("before the first commit"));
            continue;
        };
        if current.as_ref().is_none_or(|(c, _)| *c != commit) {
            let tree = history.tree(&commits[commit])?;
            let state = model_state(&tree, &mut models, &mut model_keys, &added);
            current = Some((commit, state));
        }
        let Some((_, state)) = &current else { continue };
        let (model, inputs) = match state {
            ModelState::Absent => {
                plan.push(Day::Skip("no soc2.toml at that commit"));
                continue;
            }
            ModelState::Invalid(why) => {
                plan.push(Day::Invalid { commit, why: why.clone() });
                continue;
            }
            ModelState::Loaded { model, inputs } => (*model, inputs),
        };
        let repo = &models[model];
        last_model = Some(model);
        // A partial day (today) is not stored: it is evaluated again once it is over.
        let storable = at == end;
        let month = day.format("%Y-%m").to_string();
        let mut results = BTreeMap::new();
        let mut missing = Vec::new();
        for c in repo.controls.iter().filter(|c| selection.selects(repo, c, at)) {
            let key = control_key(repo, c, inputs, at);
            match cache.get(&month, &key).filter(|_| storable) {
                Some(hit) => {
                    stats.cached += 1;
                    results.insert(c.id().to_owned(), (hit, commit));
                }
                None => missing.push((c.id().to_owned(), if storable { key } else { String::new() })),
            }
        }
        if !missing.is_empty() {
            jobs.push(Job { day: i, commit, model, at, controls: missing });
        }
        plan.push(Day::Evaluated { commit, results });
    }

    let computed = run_jobs(root, &history, &commits, &models, &jobs, options, progress)?;
    stats.days_computed = jobs.len();
    for (job, results) in jobs.iter().zip(computed) {
        let month = days[job.day].format("%Y-%m").to_string();
        for ((id, key), result) in job.controls.iter().zip(results) {
            stats.computed += 1;
            if !key.is_empty() {
                cache.put(&month, key.clone(), result.clone());
            }
            if let Some(Day::Evaluated { results, .. }) = plan.get_mut(job.day) {
                results.insert(id.clone(), (result, job.commit));
            }
        }
    }
    // A cache that cannot be written costs time on the next run, not this report.
    stats.cache_error = cache.save().err();

    let latest = last_model.and_then(|m| models.get(m)).map(|r| &**r);
    Ok((count(period, &days, &plan, &commits, latest, &models), stats))
}

/// The repo model of one commit, and the blob ids its controls' keys read.
enum ModelState {
    /// No soc2.toml: the compliance repo did not exist yet.
    Absent,
    Invalid(String),
    Loaded {
        model: usize,
        inputs: Inputs,
    },
}

/// Blob ids of a tree, grouped the way control keys use them.
struct Inputs {
    /// soc2.toml, frameworks/, exceptions/, evidence/reviews/: every control depends on them.
    shared: String,
    /// controls/, policies/ and every meta file: what the soc2_* meta tables show.
    meta: String,
    /// Data and meta files of each evidence table, by lower-case table name.
    tables: BTreeMap<String, String>,
    /// Files under evidence/manual/<control>/, by control id.
    manual: BTreeMap<String, String>,
    /// Query files by path.
    files: BTreeMap<String, String>,
}

fn model_state(
    tree: &GitTree,
    models: &mut Vec<Arc<Repo>>,
    keys: &mut Vec<String>,
    added: &BTreeMap<String, DateTime<Utc>>,
) -> ModelState {
    if tree.blob_id(CONFIG_FILE).is_none() {
        return ModelState::Absent;
    }
    // The model (everything but collector snapshots) is parsed again only when one of its files changed.
    let mut h = Sha256::new();
    for (path, oid) in tree.entries().filter(|(p, _)| !is_snapshot(p)) {
        h.update(format!("{path} {oid}\n"));
    }
    let model_key = hex::encode(h.finalize());
    let model = match keys.iter().position(|k| *k == model_key) {
        Some(m) => m,
        None => match Repo::load(tree) {
            Ok(mut repo) => {
                repo.added = added.clone();
                models.push(Arc::new(repo));
                keys.push(model_key);
                models.len() - 1
            }
            Err(invalid) => {
                let first = invalid.0.iter().find(|d| d.is_error()).map(|d| d.to_string()).unwrap_or_default();
                let first = first.lines().next().unwrap_or("").to_owned();
                return ModelState::Invalid(format!("the repo does not load: {first}"));
            }
        },
    };
    ModelState::Loaded { model, inputs: inputs(tree) }
}

/// A collector snapshot file (`evidence/<collector>/<file>`, not a record folder).
fn is_snapshot(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("evidence/") else { return false };
    rest.split_once('/').is_some_and(|(dir, _)| !RECORD_DIRS.contains(&dir))
}

fn digest<'a>(entries: impl Iterator<Item = (&'a str, git2::Oid)>) -> String {
    let mut h = Sha256::new();
    for (path, oid) in entries {
        h.update(format!("{path} {oid}\n"));
    }
    hex::encode(h.finalize())
}

fn inputs(tree: &GitTree) -> Inputs {
    let shared = digest(
        tree.entries()
            .filter(|(p, _)| *p == CONFIG_FILE)
            .chain(tree.under("frameworks"))
            .chain(tree.under(EXCEPTIONS_DIR))
            .chain(tree.under(REVIEWS_DIR)),
    );
    let meta = digest(
        tree.under("controls")
            .chain(tree.under("policies"))
            .chain(tree.under(EVIDENCE_DIR).filter(|(p, _)| p.ends_with(".meta.json"))),
    );
    let mut tables = BTreeMap::new();
    for snap in evidence::discover(tree) {
        let paths = [snap.data_path.as_deref(), snap.meta_path.as_deref()];
        let d = digest(paths.into_iter().flatten().filter_map(|p| tree.blob_id(p).map(|o| (p, o))));
        tables.insert(snap.table.to_ascii_lowercase(), d);
    }
    let mut manual: BTreeMap<String, Vec<(&str, git2::Oid)>> = BTreeMap::new();
    for (path, oid) in tree.under(MANUAL_DIR) {
        if let Some((control, _)) = path.strip_prefix(MANUAL_DIR).unwrap_or("").trim_start_matches('/').split_once('/')
        {
            manual.entry(control.to_owned()).or_default().push((path, oid));
        }
    }
    let manual = manual.into_iter().map(|(c, e)| (c, digest(e.into_iter()))).collect();
    let files =
        tree.under("queries").chain(tree.under("controls")).map(|(p, o)| (p.to_owned(), o.to_string())).collect();
    Inputs { shared, meta, tables, manual, files }
}

/// The cache key of a control's result at `at`.
fn control_key(repo: &Repo, c: &Control, inputs: &Inputs, at: DateTime<Utc>) -> String {
    let mut h = Sha256::new();
    h.update(format!("soc2 {} history v2\nat {}\n", env!("CARGO_PKG_VERSION"), format_timestamp(at)));
    h.update(format!("control {} {} {}\n", c.id(), c.path, inputs.files.get(&c.path).map_or("-", String::as_str)));
    let added = repo.added_at(&c.path).map_or_else(|| "-".to_owned(), format_timestamp);
    h.update(format!("added {added}\n"));
    h.update(format!("shared {}\n", inputs.shared));
    h.update(format!("manual {}\n", inputs.manual.get(c.id()).map_or("-", String::as_str)));
    let mut tables = BTreeSet::new();
    let mut reads_meta = false;
    for q in &c.def.queries {
        match repo.queries.get(&q.query) {
            Some(query) => {
                h.update(format!(
                    "query {} {}\n",
                    query.path,
                    inputs.files.get(&query.path).map_or("-", String::as_str)
                ));
                for ident in query.identifiers() {
                    let ident = ident.to_ascii_lowercase();
                    reads_meta |= ident.starts_with("soc2_");
                    if inputs.tables.contains_key(&ident) {
                        tables.insert(ident);
                    }
                }
            }
            None => h.update(format!("query {} -\n", q.query)),
        }
    }
    for t in tables {
        h.update(format!("table {t} {}\n", inputs.tables.get(&t).map_or("-", String::as_str)));
    }
    if reads_meta {
        h.update(format!("meta {}\n", inputs.meta));
    }
    hex::encode(h.finalize())
}

/// Evaluate the jobs, days spread over the cores; results in job order.
fn run_jobs(
    root: &Path,
    history: &Arc<GitHistory>,
    commits: &[CommitInfo],
    models: &[Arc<Repo>],
    jobs: &[Job],
    options: PeriodOptions,
    progress: &dyn Progress,
) -> Result<Vec<Vec<DayResult>>, HistoryError> {
    if jobs.is_empty() {
        return Ok(Vec::new());
    }
    progress.start(jobs.len() as u64);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8).min(jobs.len());
    let chunk = jobs.len().div_ceil(workers);
    let run = |part: &[Job]| -> Result<Vec<Vec<DayResult>>, HistoryError> {
        let mut loader: Box<dyn TableLoader> = if options.no_cache {
            Box::new(DirectLoader)
        } else {
            Box::new(Unshared(TableCache::open_content_keyed(root)))
        };
        let mut out = Vec::with_capacity(part.len());
        let mut tree: Option<(usize, GitTree)> = None;
        for job in part {
            if tree.as_ref().is_none_or(|(c, _)| *c != job.commit) {
                tree = Some((job.commit, history.tree(&commits[job.commit])?));
            }
            let Some((_, files)) = &tree else { continue };
            let repo = &models[job.model];
            let selection =
                Selection { controls: job.controls.iter().map(|(id, _)| id.clone()).collect(), ..Selection::default() };
            let evaluation = crate::eval::evaluate(repo, files as &dyn RepoFiles, job.at, loader.as_mut(), &selection);
            let results = job
                .controls
                .iter()
                .map(|(id, _)| match &evaluation {
                    Ok(e) => e
                        .controls
                        .iter()
                        .find(|c| &c.id == id)
                        .map_or_else(|| DayResult::error("not evaluated"), day_result),
                    Err(why) => DayResult::error(why.to_string()),
                })
                .collect();
            out.push(results);
            progress.advance(1);
        }
        Ok(out)
    };
    let results: Result<Vec<Vec<Vec<DayResult>>>, HistoryError> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs.chunks(chunk).map(|part| scope.spawn(move || run(part))).collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(HistoryError::Git("an evaluation thread failed".into()))))
            .collect()
    });
    progress.finish();
    Ok(results?.into_iter().flatten().collect())
}

/// A table cache whose files are not offered to other engines: days already
/// run on every core, so a day's queries stay on its own engine.
struct Unshared(TableCache);

impl TableLoader for Unshared {
    fn load(
        &mut self,
        engine: &mut crate::query::engine::Engine,
        files: &dyn RepoFiles,
        tables: &[TableSource],
    ) -> BTreeMap<String, crate::query::engine::LoadError> {
        self.0.load(engine, files, tables)
    }

    fn sha256(&mut self, files: &dyn RepoFiles, path: &str) -> Result<String, crate::query::engine::LoadError> {
        self.0.sha256(files, path)
    }
}

/// A control's day: whether it operated (its status from evidence alone, and
/// the reason that goes with it), and whether its own review was overdue.
fn day_result(c: &ControlResult) -> DayResult {
    let review = c.obligations.iter().find(|o| o.kind == "review" && o.state != ObligationState::Ok);
    let reason = if c.operating == Status::Fail {
        let open: Vec<_> = c.problem_findings().collect();
        match open.first() {
            Some(f) => format!("{} open finding{}: {}", open.len(), if open.len() == 1 { "" } else { "s" }, f.line()),
            None => c.reasons.first().cloned().unwrap_or_default(),
        }
    } else if c.operating == Status::Pass {
        String::new()
    } else {
        // The review's reason is the last one; anything before it is about evidence.
        c.reasons.first().cloned().unwrap_or_default()
    };
    DayResult {
        status: c.operating.as_str().to_owned(),
        reason,
        reviewed: c.obligations.iter().any(|o| o.kind == "review"),
        review_overdue: review.map(|_| c.reasons.last().cloned().unwrap_or_default()),
    }
}

fn day_start(d: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN))
}

/// One control on one evaluated day: its operating status, the reason, the
/// commit read, and its review (`None` without a cadence; `Some(reason)` overdue).
type DayState = (Status, String, usize, Option<Option<String>>);

/// Turn the per-day results into the report's figures.
fn count(
    period: &Period,
    days: &[NaiveDate],
    plan: &[Day],
    commits: &[CommitInfo],
    latest: Option<&Repo>,
    models: &[Arc<Repo>],
) -> PeriodReport {
    // Every control selected on some day, with its title and owner from the newest model defining it.
    let selected: BTreeSet<&String> = plan
        .iter()
        .flat_map(|d| match d {
            Day::Evaluated { results, .. } => results.keys().collect(),
            _ => Vec::new(),
        })
        .collect();
    let mut controls: BTreeMap<String, (String, String)> = BTreeMap::new();
    for repo in models {
        for c in repo.controls.iter().filter(|c| selected.contains(&c.def.id)) {
            controls.insert(c.id().to_owned(), (c.def.title.clone(), repo.config.resolve_owner(&c.def.owner)));
        }
    }
    let name = |d: usize| days.get(d).map(NaiveDate::to_string).unwrap_or_default();
    let mut out = Vec::new();
    for (id, (title, owner)) in &controls {
        // The first day the control exists: invalid days before it do not count against it.
        let first_seen =
            plan.iter().position(|d| matches!(d, Day::Evaluated { results, .. } if results.contains_key(id)));
        let days_state: Vec<Option<DayState>> = plan
            .iter()
            .enumerate()
            .map(|(i, d)| match d {
                Day::Skip(_) => None,
                Day::Invalid { commit, why } => {
                    first_seen.filter(|f| *f < i).map(|_| (Status::Error, why.clone(), *commit, None))
                }
                Day::Evaluated { results, .. } => results
                    .get(id)
                    .map(|(r, commit)| {
                        let review = r.reviewed.then(|| r.review_overdue.clone());
                        (r.status(), r.reason.clone(), *commit, review)
                    })
                    .filter(|(s, _, _, _)| *s != Status::OutOfScope),
            })
            .collect();
        let states: Vec<Option<(Status, String, usize)>> =
            days_state.iter().map(|d| d.as_ref().map(|(s, r, c, _)| (*s, r.clone(), *c))).collect();
        // Days with a review cadence: on time (pass) or overdue (review-due), with the reason.
        let reviews: Vec<Option<(Status, String, usize)>> = days_state
            .iter()
            .map(|d| {
                d.as_ref().and_then(|(_, _, c, review)| match review {
                    Some(Some(why)) => Some((Status::ReviewDue, why.clone(), *c)),
                    Some(None) => Some((Status::Pass, String::new(), *c)),
                    None => None,
                })
            })
            .collect();
        let days_reviewed = reviews.iter().flatten().count();
        let evaluated = states.iter().flatten().count();
        let passing = states.iter().flatten().filter(|(s, _, _)| *s == Status::Pass).count();
        // Attested "nothing occurred": neither operating effectively nor an exception.
        let not_occurring = states.iter().flatten().filter(|(s, _, _)| *s == Status::NotOccurring).count();
        let reviews_overdue = reviews.iter().flatten().filter(|(s, _, _)| *s != Status::Pass).count();
        let exceptions = runs(&states, &name, commits);
        let review_lapses = runs(&reviews, &name, commits);
        let longest = exceptions
            .iter()
            .enumerate()
            .max_by(|(ia, a), (ib, b)| a.days.cmp(&b.days).then(ib.cmp(ia)))
            .map(|(_, e)| DayRange { start: e.start.clone(), end: e.end.clone(), days: e.days, why: None });
        let timeline = segments(&states.iter().map(|s| s.as_ref().map(|(st, _, _)| *st)).collect::<Vec<_>>(), &name);
        let review_timeline = if days_reviewed == 0 {
            Vec::new()
        } else {
            segments(
                &reviews
                    .iter()
                    .map(|s| s.as_ref().map(|(st, _, _)| if *st == Status::Pass { "on-time" } else { "overdue" }))
                    .collect::<Vec<_>>(),
                &name,
            )
        };
        out.push(ControlPeriod {
            id: id.clone(),
            title: title.clone(),
            owner: owner.clone(),
            days_evaluated: evaluated - not_occurring,
            days_passing: passing,
            days_not_occurring: not_occurring,
            days_not_evaluated: days.len() - evaluated,
            effectiveness: crate::eval::percent(passing, evaluated - not_occurring),
            days_review_overdue: reviews_overdue,
            days_reviewed,
            reviews_on_time: crate::eval::percent(days_reviewed - reviews_overdue, days_reviewed),
            exceptions,
            longest_exception: longest,
            review_lapses,
            timeline,
            review_timeline,
        });
    }
    let mut not_evaluated: Vec<DayRange> = Vec::new();
    for (i, d) in plan.iter().enumerate() {
        let Day::Skip(why) = d else { continue };
        match not_evaluated.last_mut() {
            Some(r) if r.why.as_deref() == Some(why) && r.end == name(i.saturating_sub(1)) && i > 0 => {
                r.end = name(i);
                r.days += 1;
            }
            _ => not_evaluated.push(DayRange { start: name(i), end: name(i), days: 1, why: Some((*why).to_owned()) }),
        }
    }
    let used: BTreeSet<usize> = plan
        .iter()
        .filter_map(|d| match d {
            Day::Evaluated { commit, .. } | Day::Invalid { commit, .. } => Some(*commit),
            Day::Skip(_) => None,
        })
        .collect();
    let days_with_commits = days
        .iter()
        .zip(plan)
        .filter(|(d, p)| !matches!(p, Day::Skip(_)) && commits.iter().any(|c| c.time.date_naive() == **d))
        .count();
    let control_days: usize = out.iter().map(|c| c.days_evaluated).sum();
    let control_days_passing: usize = out.iter().map(|c| c.days_passing).sum();
    let control_days_not_occurring: usize = out.iter().map(|c| c.days_not_occurring).sum();
    let control_days_review_overdue: usize = out.iter().map(|c| c.days_review_overdue).sum();
    let control_days_reviewed: usize = out.iter().map(|c| c.days_reviewed).sum();
    let last_day = plan.iter().rposition(|d| !matches!(d, Day::Skip(_)));
    PeriodReport {
        organization: latest.and_then(|r| r.config.organization_name()).unwrap_or("").to_owned(),
        period: period.to_string(),
        days: days.len(),
        evaluated_through: last_day.map(name),
        days_with_commits,
        commits: used.len(),
        not_evaluated,
        summary: PeriodSummary {
            controls: out.len(),
            control_days,
            control_days_passing,
            control_days_not_occurring,
            effectiveness: crate::eval::percent(control_days_passing, control_days),
            controls_without_exceptions: out.iter().filter(|c| c.days_evaluated > 0 && c.exceptions.is_empty()).count(),
            control_days_review_overdue,
            reviews_on_time: crate::eval::percent(
                control_days_reviewed - control_days_review_overdue,
                control_days_reviewed,
            ),
            controls_reviews_late: out.iter().filter(|c| c.days_review_overdue > 0).count(),
        },
        controls: out,
        populations: Vec::new(),
        method: METHOD,
    }
}

/// Maximal runs of evaluated days whose status is not `pass`, each with the
/// status, reason and commit of its first day; a day not evaluated ends a run.
fn runs(
    states: &[Option<(Status, String, usize)>],
    name: &dyn Fn(usize) -> String,
    commits: &[CommitInfo],
) -> Vec<ExceptionRange> {
    let mut out: Vec<ExceptionRange> = Vec::new();
    let mut open: Option<(usize, usize)> = None; // (first index, last index)
    let close = |open: &mut Option<(usize, usize)>, out: &mut Vec<ExceptionRange>| {
        if let Some((a, b)) = open.take()
            && let Some(Some((status, reason, commit))) = states.get(a)
        {
            out.push(ExceptionRange {
                start: name(a),
                end: name(b),
                days: b - a + 1,
                status: *status,
                reason: reason.clone(),
                commit: commits.get(*commit).map(|c| c.short().to_owned()).unwrap_or_default(),
            });
        }
    };
    for (i, s) in states.iter().enumerate() {
        match s {
            // Attested "nothing occurred" is neither operating effectively nor an exception.
            Some((status, _, _)) if !matches!(status, Status::Pass | Status::NotOccurring) => {
                open = Some(open.map_or((i, i), |(a, _)| (a, i)));
            }
            _ => close(&mut open, &mut out),
        }
    }
    close(&mut open, &mut out);
    out
}

trait SegmentState {
    fn label(&self) -> &'static str;
}

impl SegmentState for Status {
    fn label(&self) -> &'static str {
        self.as_str()
    }
}

impl SegmentState for &'static str {
    fn label(&self) -> &'static str {
        self
    }
}

fn segments<S: SegmentState>(states: &[Option<S>], name: &dyn Fn(usize) -> String) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for (i, s) in states.iter().enumerate() {
        let state = s.as_ref().map_or("not-evaluated", SegmentState::label);
        match out.last_mut() {
            Some(seg) if seg.state == state => {
                seg.end = name(i);
                seg.days += 1;
            }
            _ => out.push(Segment { start: name(i), end: name(i), offset: i, days: 1, state: state.to_owned() }),
        }
    }
    out
}
