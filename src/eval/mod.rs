//! Evaluation: run every control's queries over the evidence and decide its
//! status, then look at coverage and exceptions. Renderers read the result.

mod coverage;
pub mod due;
mod meta;
pub mod model;
pub mod obligations;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::control::{Control, Expect};
use crate::dates::{Duration, format_timestamp, parse_timestamp};
use crate::diagnostic::{Position, did_you_mean_hint};
use crate::evidence::{self, Meta, Snapshot};
use crate::exception::ExceptionState;
use crate::files::RepoFiles;
use crate::query::Query;
use crate::query::engine::{Engine, QueryError, QueryResult};
use crate::query::loader::TableLoader;
use crate::repo::Repo;
pub use model::*;

/// Which controls to evaluate.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub controls: Vec<String>,
    /// Criteria id prefixes, e.g. `CC6`.
    pub criteria: Vec<String>,
    pub categories: Vec<String>,
    /// Workflow states (`soc2 workflow`); a control in any of them is selected.
    pub workflow: Vec<WorkflowState>,
    /// Only controls mapped to this framework; its coverage is reported.
    pub framework: Option<String>,
}

impl Selection {
    pub fn is_all(&self) -> bool {
        !self.narrowed() && self.framework.is_none()
    }

    /// Whether filters other than `framework` leave controls out.
    pub fn narrowed(&self) -> bool {
        !(self.controls.is_empty()
            && self.criteria.is_empty()
            && self.categories.is_empty()
            && self.workflow.is_empty())
    }

    /// Whether `c` is one of the selected controls (workflow states as of `now`).
    pub fn selects(&self, repo: &Repo, c: &Control, now: DateTime<Utc>) -> bool {
        if let Some(fw) = &self.framework
            && !coverage::maps_to(repo, c, fw)
        {
            return false;
        }
        if !self.workflow.is_empty() && !self.workflow.contains(&repo.workflow_state(c.id(), now)) {
            return false;
        }
        let id_ok = self.controls.is_empty() || self.controls.iter().any(|id| id.eq_ignore_ascii_case(c.id()));
        let crit_ok = self.criteria.is_empty()
            || c.def.criteria.iter().any(|cr| self.criteria.iter().any(|p| crate::framework::criterion_matches(cr, p)));
        let cat_ok = self.categories.is_empty()
            || c.def
                .criteria
                .iter()
                .any(|cr| repo.framework.criterion(cr).is_some_and(|k| self.categories.contains(&k.category)));
        id_ok && crit_ok && cat_ok
    }

    /// Every `--control` names a control, `--framework` a framework and every
    /// `--category` a category of the repo.
    pub fn check(&self, repo: &Repo) -> Result<(), String> {
        for id in &self.controls {
            if repo.control(id).is_none() && !repo.controls.iter().any(|c| c.id().eq_ignore_ascii_case(id)) {
                let hint = did_you_mean_hint(id, repo.controls.iter().map(|c| c.id()));
                return Err(format!("--control {id}: no such control{hint}"));
            }
        }
        if let Some(fw) = &self.framework
            && !repo.frameworks.contains_key(fw)
        {
            let known: Vec<&str> = repo.frameworks.keys().map(String::as_str).collect();
            let hint = did_you_mean_hint(fw, known.iter().copied());
            let hint = if hint.is_empty() {
                format!("\n  hint: frameworks: {} (import one with `soc2 framework import`)", known.join(", "))
            } else {
                hint
            };
            return Err(format!("--framework {fw}: unknown framework{hint}"));
        }
        for cat in &self.categories {
            if !repo.framework.has_category(cat) {
                let known: Vec<&str> = repo.framework.categories.iter().map(|c| c.id.as_str()).collect();
                return Err(format!("--category {cat}: unknown category\n  hint: categories: {}", known.join(", ")));
            }
        }
        Ok(())
    }
}

/// A dataset table known to the repo: from a configured collector, evidence on disk, or both.
struct TableInfo {
    collector: String,
    dataset: String,
    snapshot: Option<Snapshot>,
    meta: Option<Meta>,
    max_age: Duration,
    meta_error: Option<String>,
}

/// Everything the per-control evaluation reads.
struct Context<'a> {
    repo: &'a Repo,
    now: DateTime<Utc>,
    tables: BTreeMap<String, TableInfo>,
    load_errors: BTreeMap<String, String>,
    /// Results of queries already run on worker engines, by query name.
    precomputed: BTreeMap<String, Result<QueryResult, QueryError>>,
}

/// Evaluate the selected controls of `repo` at `now`.
pub fn evaluate(
    repo: &Repo,
    files: &dyn RepoFiles,
    now: DateTime<Utc>,
    loader: &mut dyn TableLoader,
    selection: &Selection,
) -> Result<Evaluation, String> {
    let tables = known_tables(repo, files);
    let selected: Vec<&Control> = repo.controls.iter().filter(|c| selection.selects(repo, c, now)).collect();
    let policies = coverage::policy_statuses(repo, now);

    let mut engine = Engine::new(now)?;
    let meta_tables = meta::build(repo, &policies, &tables_meta(&tables));
    meta::load(&mut engine, &meta_tables)?;
    let needed = needed_tables(repo, &selected, &tables);
    let to_load: Vec<(String, String)> = needed
        .iter()
        .filter_map(|t| {
            let info = tables.get(t)?;
            let has_data = info.meta.as_ref().is_none_or(|m| m.collected_at.is_some());
            let path = info.snapshot.as_ref()?.data_path.clone()?;
            has_data.then(|| (t.clone(), path))
        })
        .collect();
    let load_errors = loader.load(&mut engine, files, &to_load);

    let shared = loader.shared_files();
    let precomputed = run_in_parallel(repo, &selected, &tables, &shared, &meta_tables, now);
    let ctx = Context { repo, now, tables, load_errors, precomputed };
    let mut controls: Vec<ControlResult> = selected.iter().map(|c| evaluate_control(&ctx, &mut engine, c)).collect();
    let exceptions = apply_exceptions(repo, now, &mut controls);
    let coverage = coverage::coverage(repo, &controls, policies, selection.is_all());
    let summary = summarize(&controls, &coverage, &exceptions);
    let framework_coverage = selection
        .framework
        .as_ref()
        .and_then(|id| coverage::framework_coverage(repo, id, &controls, !selection.narrowed()));
    Ok(Evaluation {
        organization: repo.config.organization_name().unwrap_or("").to_owned(),
        framework: repo.framework.id.clone(),
        audit_type: match repo.config.audit.kind {
            crate::config::AuditType::Type1 => "type1".into(),
            crate::config::AuditType::Type2 => "type2".into(),
        },
        period: repo.config.audit.period.map(|p| p.to_string()),
        categories: repo.config.audit.categories.clone(),
        evaluated_at: format_timestamp(now),
        summary,
        controls,
        framework_coverage,
        coverage,
        exceptions,
    })
}

/// Run the distinct queries of the selected controls on worker engines that
/// attach the same cache files, one per core beyond the first; the first core
/// keeps the main engine for everything else. Only queries whose tables are
/// all in `shared` run here; the rest run on the main engine as usual.
fn run_in_parallel(
    repo: &Repo,
    selected: &[&Control],
    tables: &BTreeMap<String, TableInfo>,
    shared: &[(String, std::path::PathBuf)],
    meta_tables: &meta::MetaTables,
    now: DateTime<Utc>,
) -> BTreeMap<String, Result<QueryResult, QueryError>> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let shared_names: BTreeSet<String> = shared.iter().map(|(t, _)| t.to_ascii_lowercase()).collect();
    let mut runnable: Vec<&Query> = Vec::new();
    let mut seen = BTreeSet::new();
    for c in selected.iter().filter(|c| in_scope(repo, c)) {
        for q in c.def.queries.iter().filter_map(|r| repo.queries.get(&r.query)) {
            let needed = query_tables(q, tables);
            if !needed.is_empty() && needed.iter().all(|t| shared_names.contains(t)) && seen.insert(q.name.clone()) {
                runnable.push(q);
            }
        }
    }
    if workers < 2 || runnable.len() < 16 {
        return BTreeMap::new();
    }
    let chunk = runnable.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> = runnable
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut engine = Engine::new(now).ok()?;
                    meta::load(&mut engine, meta_tables).ok()?;
                    engine.load_cached(shared).ok()?;
                    Some(part.iter().map(|q| (q.name.clone(), engine.run(&q.sql))).collect::<Vec<_>>())
                })
            })
            .collect();
        // A worker that failed to start leaves its queries to the main engine.
        handles.into_iter().filter_map(|h| h.join().ok().flatten()).flatten().collect()
    })
}

fn known_tables(repo: &Repo, files: &dyn RepoFiles) -> BTreeMap<String, TableInfo> {
    let mut tables = BTreeMap::new();
    for spec in &repo.config.collectors {
        for (dataset, table) in spec.tables() {
            tables.insert(
                table.to_ascii_lowercase(),
                TableInfo {
                    collector: spec.name.clone(),
                    dataset,
                    snapshot: None,
                    meta: None,
                    max_age: spec.max_age.unwrap_or(repo.config.max_age),
                    meta_error: None,
                },
            );
        }
    }
    for snap in evidence::discover(files) {
        let (meta, meta_error) = match evidence::read_meta(files, &snap) {
            Ok(m) => (m, None),
            Err(e) => (None, Some(e)),
        };
        let max_age = repo.config.collector(&snap.collector).and_then(|c| c.max_age).unwrap_or(repo.config.max_age);
        let entry = tables.entry(snap.table.to_ascii_lowercase()).or_insert_with(|| TableInfo {
            collector: snap.collector.clone(),
            dataset: snap.dataset.clone(),
            snapshot: None,
            meta: None,
            max_age,
            meta_error: None,
        });
        entry.meta = meta;
        entry.meta_error = meta_error;
        entry.snapshot = Some(snap);
    }
    tables
}

fn tables_meta(tables: &BTreeMap<String, TableInfo>) -> Vec<(String, &TableInfo)> {
    tables.iter().filter(|(_, t)| t.snapshot.is_some()).map(|(n, t)| (n.clone(), t)).collect()
}

/// The known tables a query's text mentions.
fn query_tables(q: &Query, tables: &BTreeMap<String, TableInfo>) -> Vec<String> {
    let mut found: BTreeSet<String> = BTreeSet::new();
    for ident in q.identifiers() {
        let ident = ident.to_ascii_lowercase();
        if tables.contains_key(&ident) {
            found.insert(ident);
        }
    }
    found.into_iter().collect()
}

fn needed_tables(repo: &Repo, controls: &[&Control], tables: &BTreeMap<String, TableInfo>) -> BTreeSet<String> {
    controls
        .iter()
        .filter(|c| in_scope(repo, c))
        .flat_map(|c| c.def.queries.iter())
        .filter_map(|r| repo.queries.get(&r.query))
        .flat_map(|q| query_tables(q, tables))
        .collect()
}

/// A control is out of scope when every criterion it maps to is in an excluded category.
pub(crate) fn in_scope(repo: &Repo, c: &Control) -> bool {
    let categories: Vec<&str> =
        c.def.criteria.iter().filter_map(|id| repo.framework.criterion(id)).map(|k| k.category.as_str()).collect();
    categories.is_empty() || categories.iter().any(|cat| repo.category_in_scope(cat))
}

fn evaluate_control(ctx: &Context<'_>, engine: &mut Engine, c: &Control) -> ControlResult {
    let repo = ctx.repo;
    let def = &c.def;
    let mut result = ControlResult {
        id: def.id.clone(),
        title: def.title.clone(),
        status: Status::Pass,
        workflow: repo.workflow_state(&def.id, ctx.now),
        severity: def.severity,
        owner: repo.config.resolve_owner(&def.owner),
        criteria: def.criteria.clone(),
        policies: def.policies.clone(),
        path: c.path.clone(),
        line: c.position.line,
        reasons: Vec::new(),
        findings: Vec::new(),
        queries: Vec::new(),
        evidence: Vec::new(),
        obligations: Vec::new(),
        exceptions: Vec::new(),
        target_date: def.target_date.clone(),
    };
    if !in_scope(repo, c) {
        result.status = Status::OutOfScope;
        return result;
    }
    let mut statuses = vec![Status::Pass];
    for qref in &def.queries {
        let Some(query) = repo.queries.get(&qref.query) else { continue };
        let tables = query_tables(query, &ctx.tables);
        for t in &tables {
            if !result.evidence.iter().any(|e| &e.table == t) {
                let usage = evidence_use(ctx, t, qref.max_age);
                if usage.state == EvidenceState::Stale {
                    statuses.push(Status::Stale);
                    result.reasons.push(stale_reason(&usage));
                }
                result.evidence.push(usage);
            }
        }
        let outcome = run_query(ctx, engine, query, qref.expect, &tables, &mut result);
        statuses.push(outcome.status);
        result.queries.push(outcome);
    }
    for req in &def.evidence {
        let o = obligations::manual(repo, ctx.now, c, req);
        match o.state {
            ObligationState::Ok => {}
            ObligationState::Due => {
                statuses.push(Status::ReviewDue);
                result.reasons.push(format!("{} due since {}", describe(&o), o.due.as_deref().unwrap_or("?")));
            }
            ObligationState::Missing => {
                statuses.push(Status::Missing);
                result.reasons.push(format!("no {} recorded (soc2 evidence add / soc2 attest)", describe(&o)));
            }
        }
        result.obligations.push(o);
    }
    if let Some(plan) = obligations::review_plan(repo, c) {
        let o = obligations::review(repo, ctx.now, c, &plan);
        match o.state {
            ObligationState::Ok => {}
            ObligationState::Due => {
                statuses.push(Status::ReviewDue);
                result.reasons.push(format!("control review due since {}", o.due.as_deref().unwrap_or("?")));
            }
            ObligationState::Missing => {
                statuses.push(Status::ReviewDue);
                result.reasons.push(format!("control never reviewed (every {})", plan.every));
            }
        }
        result.obligations.push(o);
    }
    result.status = statuses.into_iter().max_by_key(|s| s.weight()).unwrap_or(Status::Pass);
    result
}

fn describe(o: &Obligation) -> String {
    match &o.note {
        Some(n) => format!("{} \"{n}\"", o.kind),
        None => o.kind.clone(),
    }
}

fn stale_reason(e: &EvidenceUse) -> String {
    match &e.collected_at {
        Some(at) => format!("evidence {} collected {at}, older than {}", e.table, e.max_age),
        None => format!("evidence {} has no collection time (no meta file)", e.table),
    }
}

fn evidence_use(ctx: &Context<'_>, table: &str, override_age: Option<Duration>) -> EvidenceUse {
    let Some(info) = ctx.tables.get(table) else {
        return EvidenceUse {
            table: table.to_owned(),
            collector: String::new(),
            dataset: String::new(),
            path: None,
            collected_at: None,
            rows: 0,
            max_age: String::new(),
            state: EvidenceState::Missing,
            last_error: None,
        };
    };
    let max_age = override_age.unwrap_or(info.max_age);
    let data_path = info.snapshot.as_ref().and_then(|s| s.data_path.clone());
    let collected_at = info.meta.as_ref().and_then(|m| m.collected_at.clone());
    let state = match (&data_path, &info.meta, &collected_at) {
        (None, _, _) | (_, Some(_), None) => EvidenceState::Missing,
        (Some(_), None, _) => EvidenceState::Stale,
        (Some(_), Some(_), Some(at)) => match parse_timestamp(at) {
            Ok(t) if ctx.now - t <= max_age.as_chrono() => EvidenceState::Fresh,
            _ => EvidenceState::Stale,
        },
    };
    EvidenceUse {
        table: table.to_owned(),
        collector: info.collector.clone(),
        dataset: info.dataset.clone(),
        path: data_path,
        collected_at,
        rows: info.meta.as_ref().map_or(0, |m| m.rows),
        max_age: max_age.to_string(),
        state,
        last_error: info.meta.as_ref().and_then(|m| m.last_error.clone()).or_else(|| info.meta_error.clone()),
    }
}

fn run_query(
    ctx: &Context<'_>,
    engine: &mut Engine,
    query: &Query,
    expect: Expect,
    tables: &[String],
    result: &mut ControlResult,
) -> QueryOutcome {
    let mut outcome = QueryOutcome {
        query: query.name.clone(),
        path: query.path.clone(),
        status: Status::Pass,
        rows: 0,
        error: None,
        tables: tables.to_vec(),
        columns: Vec::new(),
        result_rows: Vec::new(),
    };
    let absent: Vec<&String> =
        tables.iter().filter(|t| !engine.has_table(t) && !ctx.load_errors.contains_key(*t)).collect();
    if let Some(t) = absent.first() {
        let collector = ctx.tables.get(*t).map_or("", |i| i.collector.as_str());
        let why = ctx.tables.get(*t).and_then(|i| i.meta.as_ref()).and_then(|m| m.last_error.clone());
        let mut reason = format!("dataset {t} has not been collected (run `soc2 collect {collector}`)");
        if let Some(why) = why {
            reason = format!("dataset {t} has not been collected: {why}");
        }
        outcome.status = Status::Missing;
        outcome.error = Some(reason.clone());
        result.reasons.push(reason);
        return outcome;
    }
    if let Some((t, e)) = tables.iter().find_map(|t| ctx.load_errors.get(t).map(|e| (t, e))) {
        let reason = format!("cannot load {t}: {e}");
        outcome.status = Status::Error;
        outcome.error = Some(reason.clone());
        result.reasons.push(reason);
        return outcome;
    }
    let raw = match ctx.precomputed.get(&query.name) {
        Some(r) => r.clone(),
        None => engine.run(&query.sql),
    };
    let ran = match raw {
        // An empty dataset has no columns to name; reading it gives no rows.
        Err(QueryError::Sql { message, .. })
            if message.starts_with("no such column")
                && !tables.is_empty()
                && tables.iter().all(|t| engine.is_empty(t)) =>
        {
            Ok(QueryResult::default())
        }
        other => other,
    };
    match ran {
        Ok(r) => {
            outcome.rows = r.rows.len();
            let findings = interpret(&query.name, &r, expect);
            let bad = findings.iter().filter(|f| f.status.is_problem()).count();
            if bad > 0 {
                outcome.status = Status::Fail;
            }
            result.findings.extend(findings);
            outcome.columns = r.columns;
            outcome.result_rows = r.rows;
        }
        Err(QueryError::NoSuchTable(t)) => {
            let reason = format!("{}: no evidence provides table `{t}` (no collector writes it)", query.path);
            outcome.status = Status::Missing;
            outcome.error = Some(reason.clone());
            result.reasons.push(reason);
        }
        Err(QueryError::Sql { message, offset }) => {
            let at = offset.map(|o| Position::of_offset(&query.sql, o)).unwrap_or(Position::new(1, 1));
            let reason = format!("{}:{}:{}: {message}", query.path, at.line, at.column);
            outcome.status = Status::Error;
            outcome.error = Some(reason.clone());
            result.reasons.push(reason);
        }
    }
    outcome
}

/// Turn a query result into findings by the result convention.
pub fn interpret(query: &str, r: &QueryResult, expect: Expect) -> Vec<Finding> {
    let text = |row: &[Value], col: Option<usize>| col.and_then(|i| row.get(i)).and_then(value_text);
    let resource_col = r.column("resource");
    let reason_col = r.column("reason");
    if let Some(status_col) = r.column("status") {
        return r
            .rows
            .iter()
            .filter_map(|row| {
                let raw = text(row, Some(status_col)).unwrap_or_default();
                let (status, reason) = match FindingStatus::parse(&raw) {
                    Some(s) => (s, text(row, reason_col)),
                    None => (
                        FindingStatus::Error,
                        Some(format!("invalid status `{raw}` (expected ok, alarm, skip, info or error)")),
                    ),
                };
                (status != FindingStatus::Ok).then(|| Finding {
                    query: query.to_owned(),
                    status,
                    resource: text(row, resource_col),
                    reason,
                    excepted_by: None,
                })
            })
            .collect();
    }
    match expect {
        Expect::Empty => r
            .rows
            .iter()
            .map(|row| Finding {
                query: query.to_owned(),
                status: FindingStatus::Alarm,
                resource: text(row, resource_col).or_else(|| text(row, Some(0))),
                reason: text(row, reason_col).or_else(|| Some(row_summary(&r.columns, row))),
                excepted_by: None,
            })
            .collect(),
        Expect::Nonempty if r.rows.is_empty() => vec![Finding {
            query: query.to_owned(),
            status: FindingStatus::Alarm,
            resource: None,
            reason: Some("the query found no rows; it expects at least one as proof".into()),
            excepted_by: None,
        }],
        Expect::Nonempty => Vec::new(),
    }
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn row_summary(columns: &[String], row: &[Value]) -> String {
    columns
        .iter()
        .zip(row)
        .map(|(c, v)| format!("{c}={}", value_text(v).unwrap_or_else(|| "null".into())))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Mark findings waived by active exceptions; a control whose only problems are waived passes.
fn apply_exceptions(repo: &Repo, now: DateTime<Utc>, controls: &mut [ControlResult]) -> Vec<ExceptionResult> {
    let mut results = Vec::new();
    for e in &repo.exceptions {
        let state = e.state(now);
        let mut excepted = 0;
        if let Some(c) = controls.iter_mut().find(|c| c.id == e.def.control) {
            c.exceptions.push(e.def.id.clone());
            if state == ExceptionState::Active {
                for f in c.findings.iter_mut().filter(|f| f.status.is_problem() && f.excepted_by.is_none()) {
                    if f.resource.as_deref().is_some_and(|r| e.covers(r)) {
                        f.excepted_by = Some(e.def.id.clone());
                        excepted += 1;
                    }
                }
            } else {
                c.reasons.push(format!(
                    "exception {} is {}",
                    e.def.id,
                    if state == ExceptionState::Expired { "expired" } else { "not approved" }
                ));
            }
        }
        results.push(ExceptionResult {
            id: e.def.id.clone(),
            control: e.def.control.clone(),
            state,
            owner: repo.config.resolve_owner(&e.def.owner),
            justification: e.def.justification.clone(),
            resources: e.def.resources.clone(),
            expires: format_timestamp(e.expires),
            approved_by: e.def.approved_by.clone(),
            findings_excepted: excepted,
            path: e.path.clone(),
        });
    }
    for c in controls.iter_mut() {
        let waived = c.findings.iter().any(|f| f.excepted_by.is_some());
        let still_failing = c.problem_findings().next().is_some();
        if waived && !still_failing && c.status == Status::Fail {
            for q in c.queries.iter_mut().filter(|q| q.status == Status::Fail) {
                q.status = Status::Pass;
            }
            c.status = c
                .queries
                .iter()
                .map(|q| q.status)
                .chain(reason_statuses(c))
                .max_by_key(|s| s.weight())
                .unwrap_or(Status::Pass);
        }
    }
    results
}

/// Statuses from evidence and obligations, for re-deciding a control after exceptions.
fn reason_statuses(c: &ControlResult) -> Vec<Status> {
    let mut s = Vec::new();
    if c.evidence.iter().any(|e| e.state == EvidenceState::Stale) {
        s.push(Status::Stale);
    }
    for o in &c.obligations {
        match (o.state, o.kind.as_str()) {
            (ObligationState::Ok, _) => {}
            (ObligationState::Missing, k) if k != "review" => s.push(Status::Missing),
            _ => s.push(Status::ReviewDue),
        }
    }
    s
}

fn summarize(controls: &[ControlResult], coverage: &Coverage, exceptions: &[ExceptionResult]) -> Summary {
    let mut by_status: BTreeMap<String, usize> = Status::ALL.iter().map(|s| (s.as_str().to_owned(), 0)).collect();
    for c in controls {
        *by_status.entry(c.status.as_str().to_owned()).or_default() += 1;
    }
    let in_scope = controls.iter().filter(|c| c.status != Status::OutOfScope).count();
    let pass = controls.iter().filter(|c| c.status == Status::Pass).count();
    let readiness = if in_scope == 0 { 0.0 } else { (pass as f64 * 1000.0 / in_scope as f64).round() / 10.0 };
    Summary {
        controls: in_scope,
        pass,
        gaps: in_scope - pass,
        readiness,
        by_status,
        coverage_gaps: coverage.gap_count(),
        exception_gaps: exceptions.iter().filter(|e| e.state != ExceptionState::Active).count(),
    }
}
