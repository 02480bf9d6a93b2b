//! The compliance repo: everything loaded, parsed and cross-checked once.
//! One module per noun of the repo; `Repo::load` reads them all.

mod checks;
pub mod collector;
pub mod config;
pub mod control;
pub mod dataset;
pub mod exception;
pub mod framework;
pub mod people;
pub mod policy;
pub mod policy_builder;
pub mod population;
pub mod record;
pub mod request;
pub mod schema;
pub mod workflow;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::diagnostic::{Diagnostic, Diagnostics, GroupKind, InvalidRepo, Position, did_you_mean};
use crate::files::{FileError, Layered, RepoFiles};
use crate::query::Query;
use checks::{check_config_essentials, known_list};
use config::{CONFIG_FILE, Config};
use control::{Control, ControlDef};
use exception::{EXCEPTIONS_DIR, Exception};
use framework::{Criterion, Framework};
use policy::Policy;
use record::{MANUAL_DIR, ManualRecord, REVIEWS_DIR, ReviewRecord, Subject};
use request::Request;
use workflow::{Transition, WORKFLOW_DIR, WorkflowState};
use yaml::Seg;

/// Largest repo text file soc2 parses; bigger ones are surely a mistake.
const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// A loaded, valid compliance repo.
#[derive(Debug)]
pub struct Repo {
    pub config: Config,
    /// The framework the audit is against.
    pub framework: Framework,
    /// Every framework known: built-in and `frameworks/*.yaml`, by id.
    pub frameworks: BTreeMap<String, Framework>,
    /// Sorted by id.
    pub controls: Vec<Control>,
    /// Sorted by id.
    pub policies: Vec<Policy>,
    pub queries: BTreeMap<String, Query>,
    /// Manual evidence records, sorted by control then date.
    pub manual: Vec<ManualRecord>,
    /// Reviews and approvals, sorted by date.
    pub reviews: Vec<ReviewRecord>,
    pub exceptions: Vec<Exception>,
    /// Workflow transitions, by control, each control's in the order they happened.
    pub workflow: Vec<Transition>,
    /// Auditor requests (`audit/requests/`), sorted by id.
    pub requests: Vec<Request>,
    /// Problems that do not make the repo invalid.
    pub warnings: Diagnostics,
    /// When each control file was added: its first commit in the first-parent
    /// history, by path. Filled from git by the caller ([`Repo::learn_history`]);
    /// a control not in it (outside git, not committed yet) counts as added now.
    pub added: BTreeMap<String, DateTime<Utc>>,
}

impl Repo {
    /// Load and check everything, over the built-in library
    /// ([`Layered`]); fails with every problem found.
    pub fn load(files: &dyn RepoFiles) -> Result<Repo, InvalidRepo> {
        let layered = Layered::new(files);
        let files: &dyn RepoFiles = &layered;
        let mut diags = Diagnostics::new();
        let config = read_text(files, CONFIG_FILE, &mut diags).and_then(|text| match config::parse(&text) {
            Ok(c) => {
                check_config_essentials(&text, &c, &mut diags);
                Some(c)
            }
            Err(d) => {
                diags.extend(d);
                None
            }
        });
        let frameworks = load_frameworks(files, &mut diags);
        let queries = load_queries(files, &mut diags);
        let policies = load_policies(files, &mut diags);
        let controls = load_controls(files, &mut diags);
        let manual = load_manual(files, &mut diags);
        let reviews = load_reviews(files, &mut diags);
        let exceptions = load_exceptions(files, &mut diags);
        let workflow = load_workflow(files, &mut diags);
        let requests = request::load_into(files, &mut diags);

        let framework = config.as_ref().and_then(|c| {
            let found = frameworks.get(&c.audit.framework).cloned();
            if found.is_none() {
                let hint = did_you_mean(&c.audit.framework, frameworks.keys().map(String::as_str))
                    .map_or_else(|| known_list("frameworks", frameworks.keys()), |s| format!("did you mean `{s}`?"));
                diags.push(
                    Diagnostic::error(CONFIG_FILE, format!("unknown framework `{}`", c.audit.framework))
                        .at(c.framework_position)
                        .with_hint(hint),
                );
            }
            found
        });
        let (Some(config), Some(framework)) = (config, framework) else {
            diags.sort();
            return Err(InvalidRepo(diags));
        };
        let mut repo = Repo {
            config,
            framework,
            frameworks,
            controls,
            policies,
            queries,
            manual,
            reviews,
            exceptions,
            workflow,
            requests,
            warnings: Diagnostics::new(),
            added: BTreeMap::new(),
        };
        repo.cross_check(files, &mut diags);
        diags.fill_snippets(|path| files.read(path).ok().and_then(|b| String::from_utf8(b).ok()));
        diags.sort();
        if diags.has_errors() {
            return Err(InvalidRepo(diags));
        }
        repo.warnings = diags;
        Ok(repo)
    }

    /// Records dated later than `now` (a review "done" in 2099, an attestation
    /// of tomorrow) would keep obligations met forever: each is an error at
    /// its `date:` line. Returns every diagnostic when there is one.
    /// (Workflow moves are not: a state is read as of `now`, later moves wait.)
    pub fn check_not_future(&self, files: &dyn RepoFiles, now: DateTime<Utc>) -> Result<(), InvalidRepo> {
        // Records are written at the recording machine's clock: allow a little skew.
        let limit = now + chrono::Duration::hours(1);
        let dated = self.manual.iter().map(|m| (&m.path, m.date)).chain(self.reviews.iter().map(|r| (&r.path, r.date)));
        let mut diags = Diagnostics::new();
        for (path, date) in dated.filter(|(_, d)| *d > limit) {
            let text = files.read(path).ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default();
            let line = text.lines().position(|l| l.trim_start().starts_with("date:")).map_or(1, |i| i + 1);
            let column = text.lines().nth(line - 1).map_or(1, |l| l.find("date:").map_or(0, |c| c + 6) + 1);
            diags.push(
                Diagnostic::error(
                    path.as_str(),
                    format!(
                        "`date` {} is later than the evaluation time {}",
                        crate::dates::format_timestamp(date),
                        crate::dates::format_timestamp(now)
                    ),
                )
                .at(Position::new(line, column))
                .with_hint("a record of the future counts for nothing; fix the date, or check with a later `--now`"),
            );
        }
        if diags.has_errors() {
            diags.fill_snippets(|path| files.read(path).ok().and_then(|b| String::from_utf8(b).ok()));
            diags.extend(self.warnings.clone());
            diags.sort();
            return Err(InvalidRepo(diags));
        }
        Ok(())
    }

    /// Read when each control was added from the git repository holding
    /// `root`; outside git nothing is learnt (every control counts as new).
    pub fn learn_history(&mut self, root: &std::path::Path) {
        if let Ok(history) = crate::files::git::GitHistory::open(root) {
            self.added = added_from(&history);
        }
    }

    /// When the control at `path` was added: its file's first commit; for a
    /// built-in control (`builtin:controls/…`), the first commit of soc2.toml.
    pub fn added_at(&self, path: &str) -> Option<DateTime<Utc>> {
        match path.strip_prefix(crate::files::BUILTIN_PREFIX) {
            Some(_) => self.added.get(CONFIG_FILE).copied(),
            None => self.added.get(path).copied(),
        }
    }

    /// Criteria of the audit framework in the audit's categories.
    pub fn criteria_in_scope(&self) -> impl Iterator<Item = &Criterion> {
        self.framework.criteria.iter().filter(|c| self.category_in_scope(&c.category))
    }

    pub fn category_in_scope(&self, category: &str) -> bool {
        self.config.audit.categories.iter().any(|c| c == category)
    }

    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.id() == id)
    }

    pub fn policy(&self, id: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.meta.id == id)
    }

    /// A control's workflow transitions, oldest first.
    pub fn workflow_history(&self, control: &str) -> impl Iterator<Item = &Transition> {
        self.workflow.iter().filter(move |t| t.control == control)
    }

    /// A control's workflow state at `now`: its last transition's, else `not-started`.
    pub fn workflow_state(&self, control: &str, now: DateTime<Utc>) -> WorkflowState {
        workflow::current(self.workflow_history(control), now).map_or(WorkflowState::NotStarted, |t| t.def.to)
    }
}

/// When each control file and soc2.toml were first committed, for [`Repo::added`].
pub fn added_from(history: &crate::files::git::GitHistory) -> BTreeMap<String, DateTime<Utc>> {
    let mut added = history.first_added("controls").unwrap_or_default();
    added.extend(history.first_added(CONFIG_FILE).unwrap_or_default());
    added
}

/// Policies that `soc2 policies init` can write: the repo's templates over the built-in ones.
pub fn policy_template_ids(files: &dyn RepoFiles) -> BTreeSet<String> {
    files
        .list("templates/policies")
        .into_iter()
        .flatten()
        .filter_map(|p| p.rsplit('/').next()?.strip_suffix(".md.j2").map(str::to_owned))
        .collect()
}

/// Read a repo file as UTF-8 text within the repo boundary; why it cannot be
/// is a located diagnostic (`soc2.toml:1:16: file is not valid UTF-8`).
pub fn read_text_file(files: &dyn RepoFiles, path: &str) -> Result<String, InvalidRepo> {
    let mut diags = Diagnostics::new();
    match read_text(files, path, &mut diags) {
        Some(text) => Ok(text),
        None => Err(InvalidRepo(diags)),
    }
}

/// Read a repo file as UTF-8 text, recording why it could not be.
fn read_text(files: &dyn RepoFiles, path: &str, diags: &mut Diagnostics) -> Option<String> {
    let bytes = match files.read(path) {
        Ok(b) => b,
        Err(FileError::NotFound) if path == CONFIG_FILE => {
            diags.push(
                Diagnostic::error(path, "no soc2.toml at the repo root")
                    .at(Position::new(1, 1))
                    .with_hint("create one with `soc2 init`"),
            );
            return None;
        }
        Err(e) => {
            diags.push(Diagnostic::error(path, e.to_string()).at(Position::new(1, 1)));
            return None;
        }
    };
    if bytes.len() > MAX_FILE_BYTES {
        diags.push(
            Diagnostic::error(
                path,
                format!("file is {} MiB; soc2 reads repo files up to {} MiB", bytes.len() >> 20, MAX_FILE_BYTES >> 20),
            )
            .at(Position::new(1, 1)),
        );
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(t) => Some(t),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes());
            diags.push(
                Diagnostic::error(path, "file is not valid UTF-8")
                    .at(Position::of_offset(&text, valid))
                    .with_hint("save the file as UTF-8"),
            );
            None
        }
    }
}

/// Repo files under `dir` ending in one of `exts`, read as text.
fn texts(files: &dyn RepoFiles, dir: &str, exts: &[&str], diags: &mut Diagnostics) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for listed in files.list(dir) {
        match listed {
            Ok(path) => {
                if exts.iter().any(|e| path.ends_with(e))
                    && let Some(text) = read_text(files, &path, diags)
                {
                    out.push((path, text));
                }
            }
            // A refused entry matters when the loader would have read it (or is the folder itself).
            Err((path, e)) if path == dir || exts.iter().any(|x| path.ends_with(x)) => {
                diags.push(Diagnostic::error(path, e.to_string()).at(Position::new(1, 1)))
            }
            Err(_) => {}
        }
    }
    out
}

fn load_controls(files: &dyn RepoFiles, diags: &mut Diagnostics) -> Vec<Control> {
    let mut controls = Vec::new();
    for (path, text) in texts(files, "controls", &[".yaml", ".yml"], diags) {
        match yaml::parse::<ControlDef>(&path, &text, 0) {
            Ok((def, index)) => {
                let position = index.value(&[Seg::Key("id")]);
                if !control::is_valid_id(&def.id) {
                    diags.push(
                        Diagnostic::error(&path, format!("control id `{}` is not usable as a file name", def.id))
                            .at(position)
                            .with_hint("use letters, digits, `-`, `_` and `.`, e.g. `AC-03`")
                            .with_source(&text),
                    );
                    continue;
                }
                controls.push(Control { def, path, position, index });
            }
            Err(d) => diags.push(d),
        }
    }
    controls.sort_by(|a, b| a.def.id.cmp(&b.def.id).then(a.path.cmp(&b.path)));
    controls
}

fn load_policies(files: &dyn RepoFiles, diags: &mut Diagnostics) -> Vec<Policy> {
    let mut policies = Vec::new();
    for (path, text) in texts(files, "policies", &[".md"], diags) {
        match policy::parse(&path, &text) {
            Ok(p) => policies.push(p),
            Err(d) => diags.push(d.with_source(&text)),
        }
    }
    policies.sort_by(|a, b| a.meta.id.cmp(&b.meta.id).then(a.path.cmp(&b.path)));
    policies
}

fn load_queries(files: &dyn RepoFiles, diags: &mut Diagnostics) -> BTreeMap<String, Query> {
    let mut queries: BTreeMap<String, Query> = BTreeMap::new();
    for (path, sql) in texts(files, "queries", &[".sql"], diags) {
        let name = path.rsplit('/').next().and_then(|f| f.strip_suffix(".sql")).unwrap_or(&path).to_owned();
        if sql.trim().is_empty() {
            diags.push(Diagnostic::error(&path, "query file is empty").with_hint("write one SELECT statement"));
            continue;
        }
        for (line, text) in crate::query::population::declared(&sql) {
            if let Err(e) = crate::query::population::Population::parse(text) {
                let column = sql.lines().nth(line - 1).and_then(|l| l.find("population:")).map_or(1, |c| c + 13);
                diags.push(
                    Diagnostic::error(&path, format!("`population:` {e}"))
                        .at(Position::new(line, column))
                        .with_hint("write `-- population: TABLE [where CONDITION] [since COLUMN DURATION]`")
                        .with_source(&sql),
                );
            }
        }
        if let Some(other) = queries.get(&name) {
            diags.push(
                Diagnostic::error(&path, format!("duplicate query name `{name}`"))
                    .with_hint(format!("{} has the same file name; names must be unique", other.path)),
            );
            continue;
        }
        queries.insert(name.clone(), Query::new(name, path, sql));
    }
    queries
}

fn load_frameworks(files: &dyn RepoFiles, diags: &mut Diagnostics) -> BTreeMap<String, Framework> {
    let mut all = BTreeMap::new();
    match Framework::builtin() {
        Ok(f) => {
            all.insert(f.id.clone(), f);
        }
        Err(d) => diags.extend(d),
    }
    for (path, text) in texts(files, "frameworks", &[".yaml", ".yml"], diags) {
        match Framework::parse(&path, &text) {
            Ok(f) if f.id == framework::BUILTIN_ID || all.contains_key(&f.id) => diags.push(
                Diagnostic::error(&path, format!("framework id `{}` is already defined", f.id))
                    .at(Position::new(1, 1))
                    .with_hint("give the framework its own `id`"),
            ),
            Ok(f) => {
                all.insert(f.id.clone(), f);
            }
            Err(d) => diags.extend(d),
        }
    }
    all
}

fn load_manual(files: &dyn RepoFiles, diags: &mut Diagnostics) -> Vec<ManualRecord> {
    let mut out = Vec::new();
    for (path, text) in texts(files, MANUAL_DIR, &[".yaml", ".yml"], diags) {
        let rel = path.strip_prefix(MANUAL_DIR).unwrap_or(&path).trim_start_matches('/');
        let Some((control, _)) = rel.split_once('/') else {
            diags.push(
                Diagnostic::error(&path, "manual evidence must be in a folder named after its control")
                    .with_hint("move it to evidence/manual/<control-id>/"),
            );
            continue;
        };
        match record::parse_manual(&path, control, &text) {
            Ok(r) => out.push(r),
            Err(d) => diags.push(d),
        }
    }
    out.sort_by(|a, b| (&a.control, a.date, &a.path).cmp(&(&b.control, b.date, &b.path)));
    out
}

fn load_reviews(files: &dyn RepoFiles, diags: &mut Diagnostics) -> Vec<ReviewRecord> {
    let mut out = Vec::new();
    for (path, text) in texts(files, REVIEWS_DIR, &[".yaml", ".yml"], diags) {
        match record::parse_review(&path, &text) {
            Ok(r) => out.push(r),
            Err(d) => diags.push(d),
        }
    }
    out.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
    out
}

fn load_workflow(files: &dyn RepoFiles, diags: &mut Diagnostics) -> Vec<Transition> {
    let mut by_control: BTreeMap<String, Vec<Transition>> = BTreeMap::new();
    for (path, text) in texts(files, WORKFLOW_DIR, &[".yaml", ".yml"], diags) {
        let rel = path.strip_prefix(WORKFLOW_DIR).unwrap_or(&path).trim_start_matches('/');
        let Some((control, _)) = rel.split_once('/') else {
            diags.push(
                Diagnostic::error(&path, "a workflow record must be in a folder named after its control")
                    .with_hint("move it to evidence/workflow/<control-id>/"),
            );
            continue;
        };
        match workflow::parse(&path, control, &text) {
            Ok(t) => by_control.entry(control.to_owned()).or_default().push(t),
            Err(d) => diags.push(d),
        }
    }
    by_control.into_values().flat_map(workflow::order).collect()
}

fn load_exceptions(files: &dyn RepoFiles, diags: &mut Diagnostics) -> Vec<Exception> {
    let mut out = Vec::new();
    for (path, text) in texts(files, EXCEPTIONS_DIR, &[".yaml", ".yml"], diags) {
        match exception::parse(&path, &text) {
            Ok(e) => out.push(e),
            Err(d) => diags.push(d),
        }
    }
    out.sort_by(|a, b| a.def.id.cmp(&b.def.id));
    out
}
