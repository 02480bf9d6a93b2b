//! One control's evaluation: its evidence, its queries read by the result
//! convention, its manual obligations and review, and the status they decide.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::dates::{Duration, parse_timestamp};
use crate::diagnostic::Position;
use crate::files::CONFIG_FILE;
use crate::query::Query;
use crate::query::engine::{Engine, QueryError, QueryResult};
use crate::query::population::Population;
use crate::repo::Repo;
use crate::repo::control::{Control, Expect, WhenEmpty};

use super::model::*;
use super::tables::{TableInfo, query_tables};
use super::{Context, in_scope, meta, obligations};

pub(super) fn evaluate_control(ctx: &Context<'_>, engine: &mut Engine, c: &Control) -> ControlResult {
    let repo = ctx.repo;
    let def = &c.def;
    let mut result = ControlResult {
        id: def.id.clone(),
        title: def.title.clone(),
        status: Status::Pass,
        operating: Status::Pass,
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
        not_applicable: None,
    };
    if !in_scope(repo, c) {
        result.status = Status::OutOfScope;
        result.operating = Status::OutOfScope;
        if let Some(na) = repo.config.not_applicable.get(c.id()) {
            result.reasons.push(format!("not applicable: {} ({CONFIG_FILE}:{})", na.reason, na.position.line));
            result.not_applicable = Some(na.reason.clone());
        }
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
    statuses.extend(empty_populations(ctx, c, &mut result));
    for req in &def.evidence {
        let o = obligations::manual(repo, ctx.now, c, req);
        match o.state {
            ObligationState::Ok => {}
            ObligationState::Due => {
                statuses.push(Status::ReviewDue);
                let mut reason = format!("{} due since {}", describe(&o), o.due.as_deref().unwrap_or("?"));
                if let Some(p) = &o.problem {
                    reason.push_str(&format!("; {p}"));
                }
                result.reasons.push(reason);
            }
            ObligationState::Missing => {
                statuses.push(Status::Missing);
                result.reasons.push(match &o.problem {
                    Some(p) => format!("no {} that counts: {p}", describe(&o)),
                    None => format!("no {} recorded (soc2 evidence add / soc2 attest)", describe(&o)),
                });
            }
        }
        result.obligations.push(o);
    }
    result.operating = statuses.iter().copied().max_by_key(|s| s.rank()).unwrap_or(Status::Pass);
    if let Some(plan) = obligations::review_plan(repo, c) {
        let o = obligations::review(repo, ctx.now, c, &plan);
        if o.state != ObligationState::Ok {
            statuses.push(Status::ReviewDue);
            let due = o.due.as_deref().unwrap_or("?");
            let mut reason = match &o.last {
                Some(_) => format!("control review due since {due}"),
                None => format!("control never reviewed: the first review was due {due} (every {})", plan.every),
            };
            if let Some(p) = &o.problem {
                reason.push_str(&format!("; {p}"));
            }
            result.reasons.push(reason);
        }
        result.obligations.push(o);
    }
    result.status = statuses.into_iter().max_by_key(|s| s.rank()).unwrap_or(Status::Pass);
    let mut seen = BTreeSet::new();
    result.reasons.retain(|r| seen.insert(r.clone()));
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
        None => match &e.last_error {
            Some(why) if e.rows == 0 => format!("evidence {} has no usable meta file: {why}", e.table),
            _ => format!("evidence {} has no collection time (no meta file)", e.table),
        },
    }
}

fn evidence_use(ctx: &Context<'_>, table: &str, override_age: Option<Duration>) -> EvidenceUse {
    let Some(info) = ctx.tables.get(table) else {
        return EvidenceUse {
            table: table.to_owned(),
            collector: String::new(),
            dataset: String::new(),
            kind: None,
            source: None,
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
        kind: info.meta.as_ref().map(|m| m.kind.clone()).filter(|k| !k.is_empty()),
        source: info.meta.as_ref().map(|m| m.source.clone()).filter(|s| !s.is_empty()),
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
        population: Vec::new(),
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
    match ran.and_then(|r| Ok((population(ctx, engine, query, tables)?, r))) {
        Ok((population, r)) => {
            outcome.population = population;
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

/// The rows `query` examined: its declared populations (`-- population:`),
/// else every evidence or meta table it reads.
fn population(
    ctx: &Context<'_>,
    engine: &mut Engine,
    query: &Query,
    tables: &[String],
) -> Result<Vec<PopulationCount>, QueryError> {
    let declared = if query.populations.is_empty() {
        let meta = query.identifiers().map(str::to_ascii_lowercase).filter(|t| META_TABLES.contains(&t.as_str()));
        let read: BTreeSet<String> = tables.iter().cloned().chain(meta).collect();
        read.iter().map(|t| Population::whole(t)).collect()
    } else {
        query.populations.clone()
    };
    let mut out = Vec::new();
    for p in declared {
        // An empty dataset without declared columns has none for a condition to name: no row examined.
        if engine.has_table(&p.table) && engine.is_empty(&p.table) {
            out.push(PopulationCount { table: p.table.clone(), rows_of: p.describe(ctx.now), rows: 0 });
            continue;
        }
        let counted = engine.run(&p.count_sql()).map_err(|e| match e {
            QueryError::Sql { message, .. } => {
                QueryError::Sql { message: format!("population `{}`: {message}", p.describe(ctx.now)), offset: None }
            }
            other => other,
        })?;
        let rows = counted.rows.first().and_then(|r| r.first()).and_then(Value::as_u64).unwrap_or(0);
        out.push(PopulationCount { table: p.table.clone(), rows_of: p.describe(ctx.now), rows });
    }
    Ok(out)
}

/// Tables that describe the repo itself: a query over them examines the repo.
const META_TABLES: [&str; 4] = ["soc2_controls", "soc2_policies", "soc2_evidence", "soc2_criteria"];

/// When every query ran, none found a problem and all examined empty
/// populations, the control proved nothing: `missing`, or `not-occurring`
/// when it says so and management attested it.
fn empty_populations(ctx: &Context<'_>, c: &Control, result: &mut ControlResult) -> Option<Status> {
    let queries = &result.queries;
    let examined_nothing = !queries.is_empty()
        && queries.iter().all(|q| q.status == Status::Pass && !q.population.is_empty())
        && queries.iter().flat_map(|q| &q.population).all(|p| p.rows == 0);
    if !examined_nothing {
        return None;
    }
    let mut seen = BTreeSet::new();
    let empty: Vec<String> = queries
        .iter()
        .flat_map(|q| &q.population)
        .map(|p| p.rows_of.clone())
        .filter(|p| seen.insert(p.clone()))
        .collect();
    let empty = empty.join("; ");
    if c.def.when_empty == WhenEmpty::NotOccurring {
        if let Some(a) = not_occurring_attestation(ctx, c) {
            let by = a.def.by.as_deref().unwrap_or("someone");
            let date = crate::dates::format_timestamp(a.date);
            let date = crate::dates::day(&date).to_owned();
            result.reasons.push(format!("nothing occurred ({empty} has no rows); attested by {by} on {date}"));
            return Some(Status::NotOccurring);
        }
        result.reasons.push(format!(
            "nothing occurred ({empty} has no rows); confirm it with `soc2 attest {} --not-occurring --by WHO`",
            c.def.id
        ));
        return Some(Status::Missing);
    }
    result.reasons.push(format!("no evidence to test: {empty} has no rows"));
    Some(Status::Missing)
}

/// How long a "not occurring" attestation without an expiry stands.
const NOT_OCCURRING_VALID_DAYS: i64 = 90;

/// The newest attestation that nothing occurred, still standing at the evaluation time.
fn not_occurring_attestation<'r>(ctx: &Context<'r>, c: &Control) -> Option<&'r crate::repo::record::ManualRecord> {
    ctx.repo
        .manual
        .iter()
        .filter(|m| {
            m.control == c.def.id && m.def.not_occurring && m.def.kind == crate::repo::record::ManualKind::Attestation
        })
        .filter(|m| m.date <= ctx.now)
        .filter(|m| match m.expires {
            Some(e) => e > ctx.now,
            None => ctx.now - m.date <= chrono::TimeDelta::days(NOT_OCCURRING_VALID_DAYS),
        })
        .max_by_key(|m| m.date)
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

/// Run the distinct queries of the selected controls on worker engines that
/// attach the same cache files, one per core beyond the first; the first core
/// keeps the main engine for everything else. Only queries whose tables are
/// all in `shared` run here; the rest run on the main engine as usual.
pub(super) fn run_in_parallel(
    repo: &Repo,
    selected: &[&Control],
    tables: &BTreeMap<String, TableInfo>,
    shared: &[(String, std::path::PathBuf)],
    meta_tables: &meta::MetaTables,
    now: DateTime<Utc>,
    deadline: std::time::Instant,
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
                    engine.set_deadline(deadline);
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
