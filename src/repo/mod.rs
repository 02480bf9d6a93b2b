//! The compliance repo: everything loaded, parsed and cross-checked once.
//! One module per noun of the repo; `Repo::load` reads them all.

pub mod collector;
pub mod config;
pub mod control;
pub mod dataset;
pub mod exception;
pub mod framework;
pub mod people;
pub mod policy;
pub mod policy_builder;
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

    fn cross_check(&mut self, files: &dyn RepoFiles, diags: &mut Diagnostics) {
        self.check_library(diags);
        for (i, category) in self.config.audit.categories.iter().enumerate() {
            if !self.framework.has_category(category) {
                let known: Vec<&str> = self.framework.categories.iter().map(|c| c.id.as_str()).collect();
                let hint = did_you_mean(category, known.iter().copied())
                    .map_or_else(|| format!("categories: {}", known.join(", ")), |s| format!("did you mean `{s}`?"));
                let pos = self.config.category_positions.get(i).copied().unwrap_or_default();
                diags.push(
                    Diagnostic::error(CONFIG_FILE, format!("`audit.categories`: unknown category `{category}`"))
                        .at(pos)
                        .with_hint(hint),
                );
            }
        }
        self.check_review_groups(diags);
        self.check_people(diags);
        self.check_generated(files, diags);
        self.check_records(files, diags);
        check_unique(self.controls.iter().map(|c| (c.id(), &c.path, c.position)), "control", diags);
        check_unique(self.policies.iter().map(|p| (p.meta.id.as_str(), &p.path, p.position)), "policy", diags);
        let policy_ids: BTreeSet<&str> = self.policies.iter().map(|p| p.meta.id.as_str()).collect();
        let templates = policy_template_ids(files);
        for p in &self.policies {
            if let Some(date) = &p.meta.effective {
                check_date(&p.path, date, p.index.value(&[Seg::Key("effective")]), "effective", diags);
            }
            self.check_criteria(
                &p.path,
                &p.meta.criteria,
                |i| p.index.value(&[Seg::Key("criteria"), Seg::Index(i)]),
                diags,
            );
        }
        for c in &self.controls {
            let def = &c.def;
            let at = |path: &[Seg<'_>]| c.index.value(path);
            self.check_criteria(&c.path, &def.criteria, |i| at(&[Seg::Key("criteria"), Seg::Index(i)]), diags);
            for (i, p) in def.policies.iter().enumerate() {
                let pos = at(&[Seg::Key("policies"), Seg::Index(i)]);
                if policy_ids.contains(p.as_str()) {
                    continue;
                }
                if templates.contains(p) {
                    diags.push(
                        Diagnostic::warning(&c.path, format!("policy `{p}` is not written yet"))
                            .at(pos)
                            .with_hint("`soc2 policies init` writes it from its template")
                            .grouped(GroupKind::UnwrittenPolicy, p),
                    );
                } else {
                    let known = policy_ids.iter().copied().chain(templates.iter().map(String::as_str));
                    diags.push(missing_ref(&c.path, pos, "policy", p, known, "policies/<id>.md"));
                }
            }
            for (i, q) in def.queries.iter().enumerate() {
                if !self.queries.contains_key(&q.query) {
                    let pos = at(&[Seg::Key("queries"), Seg::Index(i), Seg::Key("query")]);
                    let names = self.queries.keys().map(String::as_str);
                    diags.push(missing_ref(&c.path, pos, "query", &q.query, names, "queries/<name>.sql"));
                }
            }
            for (i, e) in def.evidence.iter().enumerate() {
                if let Some(path) = &e.spec().path
                    && !files.exists(path)
                {
                    let pos = at(&[Seg::Key("evidence"), Seg::Index(i), Seg::Key(e.kind()), Seg::Key("path")]);
                    diags.push(
                        Diagnostic::error(&c.path, format!("evidence file `{path}` does not exist"))
                            .at(pos)
                            .with_hint("paths are relative to the repo root; record files with `soc2 evidence add`"),
                    );
                }
            }
            for (fw, ids) in &def.mappings {
                match self.frameworks.get(fw) {
                    None => diags.push(
                        Diagnostic::error(&c.path, format!("`mappings`: unknown framework `{fw}`"))
                            .at(c.index.key(&[Seg::Key("mappings"), Seg::Key(fw)]))
                            .with_hint("import it with `soc2 framework import`, or add frameworks/<id>.yaml"),
                    ),
                    Some(f) => {
                        for (i, id) in ids.iter().enumerate() {
                            if f.criterion(id).is_none() {
                                let pos = at(&[Seg::Key("mappings"), Seg::Key(fw), Seg::Index(i)]);
                                let known = f.criteria.iter().map(|c| c.id.as_str());
                                diags.push(missing_ref(&c.path, pos, "criterion", id, known, fw));
                            }
                        }
                    }
                }
            }
            if let Some(date) = &def.target_date {
                check_date(&c.path, date, at(&[Seg::Key("target_date")]), "target_date", diags);
            }
            control::check_paths(c, &self.config, diags);
            if def.criteria.is_empty() && def.mappings.is_empty() {
                diags.push(
                    Diagnostic::warning(&c.path, format!("control `{}` maps to no criteria", def.id))
                        .at(c.position)
                        .with_hint("add `criteria: [CC…]` so the control counts towards coverage"),
                );
            }
        }
    }

    /// Owners, reviewers and signers named in controls, policies and `[[reviews]]`
    /// must be people of soc2.toml once it lists them (`[[people]]`).
    fn check_people(&self, diags: &mut Diagnostics) {
        let people = &self.config.people;
        if !people.declared {
            return;
        }
        // A role nobody holds is one warning, at its first use, however many files name it.
        let mut roles: BTreeMap<String, (String, Position, &str, usize)> = BTreeMap::new();
        let mut check = |path: &str, pos: Position, what: &'static str, reference: &str| {
            if people.resolve(reference).is_some() {
                return;
            }
            if let Some(role) = reference.trim().strip_prefix("role:") {
                roles.entry(role.trim().to_owned()).or_insert_with(|| (path.to_owned(), pos, what, 0)).3 += 1;
                return;
            }
            let hint = match people.suggest(reference) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("add them under [[people]] in soc2.toml; people: {}", people.listing()),
            };
            diags.push(
                Diagnostic::warning(path, format!("{what} `{reference}` is not a person of soc2.toml"))
                    .at(pos)
                    .with_hint(hint),
            );
        };
        for c in &self.controls {
            let at = |path: &[Seg<'_>]| c.index.value(path);
            check(&c.path, at(&[Seg::Key("owner")]), "owner", &c.def.owner);
            if let Some(owner) = c.def.review.as_ref().and_then(|r| r.owner.as_deref()) {
                check(&c.path, at(&[Seg::Key("review"), Seg::Key("owner")]), "reviewer", owner);
            }
            for (i, e) in c.def.evidence.iter().enumerate() {
                if let Some(by) = &e.spec().by {
                    let pos = at(&[Seg::Key("evidence"), Seg::Index(i), Seg::Key(e.kind()), Seg::Key("by")]);
                    check(&c.path, pos, "signer", by);
                }
            }
        }
        for p in &self.policies {
            check(&p.path, p.index.value(&[Seg::Key("owner")]), "owner", &p.meta.owner);
        }
        for g in &self.config.review_groups {
            if let Some(r) = &g.reviewer {
                check(CONFIG_FILE, g.position, "reviewer", r);
            }
        }
        for (role, (path, pos, what, uses)) in roles {
            let more = if uses > 1 { format!(" (named {uses} times)") } else { String::new() };
            let hint = match people.suggest(&format!("role:{role}")) {
                Some(s) => format!("did you mean `{s}`?"),
                None => {
                    format!("give the role to someone: `roles = [\"{role}\"]` in their [[people]] entry of soc2.toml")
                }
            };
            diags.push(
                Diagnostic::warning(path, format!("{what} `role:{role}`: nobody holds the role `{role}`{more}"))
                    .at(pos)
                    .with_hint(hint),
            );
        }
    }

    /// Generated policies whose variables changed in soc2.toml since they were
    /// rendered: they would read differently now.
    fn check_generated(&self, files: &dyn RepoFiles, diags: &mut Diagnostics) {
        use policy_builder::{GENERATED_FILE, Generated, show_value};
        let Ok(bytes) = files.read(GENERATED_FILE) else { return };
        let Ok(generated) = serde_json::from_slice::<Generated>(&bytes) else {
            diags.push(
                Diagnostic::warning(GENERATED_FILE, "not a record of generated policies; it is ignored")
                    .with_hint("`soc2 policies init` writes it again"),
            );
            return;
        };
        let current = policy_builder::template_values(&self.config);
        for p in &self.policies {
            let Some(id) = p.path.strip_prefix("policies/").and_then(|f| f.strip_suffix(".md")) else { continue };
            let Some(record) = generated.policies.get(id) else { continue };
            let changed = record.changed(&current);
            if changed.is_empty() {
                continue;
            }
            let list: Vec<String> = changed
                .iter()
                .map(|(k, then, now)| format!("{k} ({} → {})", show_value(Some(then)), show_value(now.as_ref())))
                .collect();
            let hint = if p.sha256 == record.sha256 {
                "`soc2 policies init --update` renders it again".to_owned()
            } else {
                format!(
                    "it was edited by hand since it was generated, so --update keeps it: change its text yourself, or `soc2 policies init --only {id} --force` renders it again (losing the edits)"
                )
            };
            diags.push(
                Diagnostic::warning(
                    &p.path,
                    format!("rendered from variables that changed in soc2.toml since: {}", list.join(", ")),
                )
                .at(Position::new(1, 1))
                .with_hint(hint),
            );
        }
    }

    /// `[[reviews]]` groups must name categories and criteria of the framework.
    fn check_review_groups(&self, diags: &mut Diagnostics) {
        for g in &self.config.review_groups {
            let pos = g.scope_positions.first().copied().unwrap_or(g.position);
            match &g.scope {
                crate::repo::config::ReviewScope::All => {}
                crate::repo::config::ReviewScope::Category(cat) => {
                    if !self.framework.has_category(cat) {
                        let known: Vec<&str> = self.framework.categories.iter().map(|c| c.id.as_str()).collect();
                        let hint = did_you_mean(cat, known.iter().copied()).map_or_else(
                            || format!("categories: {}", known.join(", ")),
                            |s| format!("did you mean `{s}`?"),
                        );
                        diags.push(
                            Diagnostic::error(CONFIG_FILE, format!("`reviews.category`: unknown category `{cat}`"))
                                .at(pos)
                                .with_hint(hint),
                        );
                    }
                }
                crate::repo::config::ReviewScope::Criteria(prefixes) => {
                    for p in prefixes {
                        if !self.framework.criteria.iter().any(|c| crate::repo::framework::criterion_matches(&c.id, p))
                        {
                            let known = self.framework.criteria.iter().map(|c| c.id.as_str());
                            let mut d = missing_ref(CONFIG_FILE, pos, "criterion", p, known, &self.framework.id);
                            d.message = format!("`reviews.criteria`: no criterion matches `{p}`");
                            diags.push(d);
                        }
                    }
                }
            }
        }
    }

    /// Records and exceptions must name controls and policies that exist.
    fn check_records(&self, files: &dyn RepoFiles, diags: &mut Diagnostics) {
        let control_ids: BTreeSet<&str> = self.controls.iter().map(|c| c.id()).collect();
        let policy_ids: BTreeSet<&str> = self.policies.iter().map(|p| p.meta.id.as_str()).collect();
        for m in &self.manual {
            if !control_ids.contains(m.control.as_str()) {
                diags.push(
                    Diagnostic::warning(&m.path, format!("manual evidence for unknown control `{}`", m.control))
                        .with_hint("the folder under evidence/manual/ is the control id"),
                );
            }
        }
        let mut before: BTreeMap<&str, WorkflowState> = BTreeMap::new();
        for t in &self.workflow {
            // Two branches that both moved a control merge into a trail whose links break: say where.
            let prev = before.insert(t.control.as_str(), t.def.to).unwrap_or(WorkflowState::NotStarted);
            if t.def.from != prev {
                diags.push(
                    Diagnostic::warning(
                        &t.path,
                        format!(
                            "{} moved from `{}`, but its state before this record was `{}`",
                            t.control,
                            t.def.from.as_str(),
                            prev.as_str()
                        ),
                    )
                    .at(t.position)
                    .with_hint("two moves were probably recorded on different branches; the later one counts"),
                );
            }
            if !control_ids.contains(t.control.as_str()) {
                diags.push(
                    Diagnostic::warning(&t.path, format!("workflow record for unknown control `{}`", t.control))
                        .at(t.position)
                        .with_hint("the folder under evidence/workflow/ is the control id"),
                );
            }
        }
        for r in &self.requests {
            for a in &r.answers {
                if let Some(c) = &a.control
                    && !control_ids.contains(c.as_str())
                {
                    diags.push(
                        Diagnostic::warning(&r.path, format!("request {} is answered by unknown control `{c}`", r.id))
                            .at(r.position),
                    );
                }
                if let Some(f) = &a.file {
                    match files.read(f) {
                        Err(_) => diags.push(
                            Diagnostic::warning(&r.path, format!("request {}: answer file `{f}` does not exist", r.id))
                                .at(r.position)
                                .with_hint("record it again with `soc2 requests answer ID --file F`"),
                        ),
                        Ok(bytes) if a.sha256.as_deref().is_some_and(|s| s != crate::hash::sha256_hex(&bytes)) => diags
                            .push(
                                Diagnostic::warning(
                                    &r.path,
                                    format!("request {}: answer file `{f}` changed after it was recorded", r.id),
                                )
                                .at(r.position)
                                .with_hint("its sha256 no longer matches; record it again with `soc2 requests answer`"),
                            ),
                        Ok(_) => {}
                    }
                }
            }
        }
        self.check_signers(diags);
        for r in &self.reviews {
            let (known, what) = match r.def.subject {
                Subject::Control => (control_ids.contains(r.def.id.as_str()), "control"),
                Subject::Policy => (policy_ids.contains(r.def.id.as_str()), "policy"),
            };
            if !known {
                diags.push(
                    Diagnostic::warning(&r.path, format!("review of unknown {what} `{}`", r.def.id)).at(r.position),
                );
            }
        }
        check_unique(self.exceptions.iter().map(|e| (e.def.id.as_str(), &e.path, e.position)), "exception", diags);
        for e in &self.exceptions {
            if !control_ids.contains(e.def.control.as_str()) {
                diags.push(missing_ref(
                    &e.path,
                    e.control_position,
                    "control",
                    &e.def.control,
                    control_ids.iter().copied(),
                    "controls/<id>.yaml",
                ));
            }
        }
    }

    /// A pinned built-in library other than this binary's: its controls and queries may differ.
    fn check_library(&self, diags: &mut Diagnostics) {
        if let Some((version, pos)) = &self.config.builtin_library
            && version != crate::files::LIBRARY_VERSION
        {
            diags.push(
                Diagnostic::warning(
                    CONFIG_FILE,
                    format!(
                        "`library.builtin` pins {version}, but this soc2 carries library {}; built-in controls and queries may differ",
                        crate::files::LIBRARY_VERSION
                    ),
                )
                .at(*pos)
                .with_hint(format!("review the release notes, then set `builtin = \"{}\"`", crate::files::LIBRARY_VERSION)),
            );
        }
    }

    /// Records without a signer, signers who are not people of soc2.toml, and
    /// reviews or approvals by the owner of what they review (separation of
    /// duties: one warning per person, naming what they reviewed).
    fn check_signers(&self, diags: &mut Diagnostics) {
        let people = &self.config.people;
        let separation = self.config.signoff.separation_of_duties;
        for m in &self.manual {
            if m.def.kind == record::ManualKind::Attestation && m.def.by.as_deref().is_none_or(|b| b.trim().is_empty())
            {
                diags.push(
                    Diagnostic::warning(&m.path, "attestation without a signer (`by`): it does not count")
                        .with_hint("record it again with `soc2 attest ID --by WHO`"),
                );
            }
        }
        // The newest review (or approval) of each subject, which is the one that counts.
        let mut newest: BTreeMap<(bool, &str, bool), &ReviewRecord> = BTreeMap::new();
        for r in &self.reviews {
            if r.def.by.trim().is_empty() {
                diags.push(
                    Diagnostic::warning(&r.path, "review without a signer (`by`): it does not count")
                        .at(r.position)
                        .with_hint("record it again with `soc2 review ID --by WHO`"),
                );
                continue;
            }
            if people.declared && !r.def.external && people.resolve(&r.def.by).is_none() {
                let hint = people.suggest(&r.def.by).map_or_else(
                    || {
                        "add them under [[people]] in soc2.toml, or mark an outside party with `external: true`"
                            .to_owned()
                    },
                    |s| format!("did you mean `{s}`?"),
                );
                diags.push(
                    Diagnostic::warning(&r.path, format!("signed by `{}`, who is not a person of soc2.toml", r.def.by))
                        .at(r.position)
                        .with_hint(hint),
                );
            }
            let key = (r.def.subject == Subject::Policy, r.def.id.as_str(), r.def.approved);
            if newest.get(&key).is_none_or(|n| n.date <= r.date) {
                newest.insert(key, r);
            }
        }
        if separation == config::Separation::Off {
            return;
        }
        let mut own: BTreeMap<String, Vec<&ReviewRecord>> = BTreeMap::new();
        for ((policy, id, _), r) in &newest {
            let owner = if *policy {
                self.policy(id).map(|p| p.meta.owner.as_str())
            } else {
                self.control(id).map(|c| c.def.owner.as_str())
            };
            if owner.is_some_and(|o| people.same(o, &r.def.by)) {
                own.entry(self.config.resolve_owner(&r.def.by)).or_default().push(r);
            }
        }
        for (who, records) in own {
            let Some(first) = records.first() else { continue };
            let mut ids: Vec<String> = records
                .iter()
                .map(|r| if r.def.approved { format!("{} (approval)", r.def.id) } else { r.def.id.clone() })
                .collect();
            ids.dedup();
            let (message, hint) = match separation {
                config::Separation::Refuse => (
                    format!("{} reviewed what they own, which does not count (separation of duties): {}", who, ids.join(", ")),
                    "have another person review it; `[[reviews]] reviewer = ...` in soc2.toml says who".to_owned(),
                ),
                _ => (
                    format!("{who} reviewed what they own (separation of duties): {}", ids.join(", ")),
                    "have another person review it (`[[reviews]] reviewer = ...` in soc2.toml says who); `[signoff] separation_of_duties = \"refuse\"` refuses such reviews".to_owned(),
                ),
            };
            diags.push(Diagnostic::warning(&first.path, message).at(first.position).with_hint(hint));
        }
    }

    fn check_criteria(&self, path: &str, ids: &[String], pos: impl Fn(usize) -> Position, diags: &mut Diagnostics) {
        for (i, id) in ids.iter().enumerate() {
            if self.framework.criterion(id).is_none() {
                let known = self.framework.criteria.iter().map(|c| c.id.as_str());
                diags.push(missing_ref(path, pos(i), "criterion", id, known, &self.framework.id));
            }
        }
    }
}

/// An empty or whitespace-only `soc2.toml` parses to defaults that silently
/// drop the audit's scope: `[audit]` is required, and so is the organization's
/// name in a file without it. A new repo (`soc2 init`) has `[audit]` but no
/// name yet: `soc2 policies init` asks for the legal name.
fn check_config_essentials(text: &str, config: &Config, diags: &mut Diagnostics) {
    let has_audit = text.parse::<toml::Table>().is_ok_and(|t| t.contains_key("audit"));
    if !has_audit && config.organization_name().is_none_or(|n| n.trim().is_empty()) {
        diags.push(
            Diagnostic::error(CONFIG_FILE, "`organization.name` is missing").at(Position::new(1, 1)).with_hint(
                "add `[organization]` with `name = \"Acme, Inc.\"`; `soc2 init` writes a complete soc2.toml",
            ),
        );
    }
    if !has_audit {
        diags.push(
            Diagnostic::error(CONFIG_FILE, "`[audit]` is missing: the audit's type, period and categories are not set")
                .at(Position::new(1, 1))
                .with_hint("add `[audit]` with `type = \"type1\"` and `categories = [\"security\"]`"),
        );
    }
}

fn check_date(path: &str, value: &str, pos: Position, field: &str, diags: &mut Diagnostics) {
    if let Err(e) = crate::dates::parse_date(value) {
        diags.push(Diagnostic::error(path, format!("`{field}`: {}", e.message)).at(pos).with_hint(e.hint));
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

fn missing_ref<'a>(
    path: &str,
    pos: Position,
    what: &str,
    name: &str,
    known: impl Iterator<Item = &'a str>,
    where_: &str,
) -> Diagnostic {
    let known: Vec<&str> = known.collect();
    let hint = match did_you_mean(name, known.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        // An example of the framework in question: a NIST mapping is not helped by `CC6.1`.
        None if what == "criterion" => {
            match known.iter().find(|k| k.chars().any(|c| c.is_ascii_digit())).or(known.first()) {
                Some(example) => format!("criteria ids are those of `{where_}`, e.g. {example}"),
                None => format!("`{where_}` has no criteria"),
            }
        }
        None => format!("no {what} has that name; expected {where_}"),
    };
    Diagnostic::error(path, format!("unknown {what} `{name}`")).at(pos).with_hint(hint)
}

fn known_list<'a>(what: &str, names: impl Iterator<Item = &'a String>) -> String {
    let names: Vec<&str> = names.map(String::as_str).collect();
    format!("known {what}: {}", names.join(", "))
}

fn check_unique<'a>(items: impl Iterator<Item = (&'a str, &'a String, Position)>, what: &str, diags: &mut Diagnostics) {
    let mut first: BTreeMap<&str, (&String, Position)> = BTreeMap::new();
    for (id, path, pos) in items {
        match first.get(id) {
            Some((p, at)) => diags.push(
                Diagnostic::error(path.as_str(), format!("duplicate {what} id `{id}`"))
                    .at(pos)
                    .with_hint(format!("`{id}` is already defined at {p}:{}", at.line)),
            ),
            None => {
                first.insert(id, (path, pos));
            }
        }
    }
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
