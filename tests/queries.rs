//! The default query library: every query in `queries/` has a fixture in
//! `tests/queries/<name>.yaml` with a case that passes and a case that fails.
//! Every query also states its population (the rows it examines, by default
//! every table it reads): over empty datasets it runs and examines nothing,
//! and its passing case examines something, since a pass must prove something.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use soc2::eval::interpret;
use soc2::query::engine::{Engine, Row};
use soc2::query::population::{Population, declared};
use soc2::repo::control::Expect;
use soc2::repo::dataset::Schemas;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    now: String,
    #[serde(default)]
    expect: Expect,
    pass: Case,
    fail: Case,
}

#[derive(Deserialize)]
struct Case {
    /// Columns of tables given with no rows.
    #[serde(default)]
    columns: BTreeMap<String, Vec<String>>,
    #[serde(flatten)]
    tables: BTreeMap<String, Vec<Value>>,
}

/// One library query with its fixture.
struct LibraryQuery {
    name: String,
    sql: String,
    fixture: Fixture,
}

/// Every query of `queries/` with its parsed fixture; problems for those without one.
fn library_queries() -> (Vec<LibraryQuery>, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    let mut queries = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(root.join("queries")).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "sql")) {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let sql = std::fs::read_to_string(path).unwrap();
        let fixture_path = root.join("tests/queries").join(format!("{name}.yaml"));
        let Ok(text) = std::fs::read_to_string(&fixture_path) else {
            problems.push(format!("{name}: no fixture at tests/queries/{name}.yaml"));
            continue;
        };
        match serde_yaml::from_str(&text) {
            Ok(fixture) => queries.push(LibraryQuery { name, sql, fixture }),
            Err(e) => problems.push(format!("{name}: bad fixture: {e}")),
        }
    }
    (queries, problems)
}

/// The declared columns of a register, built-in collector dataset (under
/// the default collector names `git`, `github`), meta table or example
/// collector's table (AWS scripts, scanner adapters, command and http examples).
fn declared_columns(table: &str) -> Option<Vec<String>> {
    let schemas = Schemas::builtin();
    if let Some(s) =
        schemas.registers.get(table).or_else(|| schemas.meta.get(table)).or_else(|| schemas.examples.get(table))
    {
        return Some(s.column_names());
    }
    schemas.collectors.iter().find_map(|(kind, datasets)| {
        let dataset = table.strip_prefix(kind.as_str())?.strip_prefix('_')?;
        Some(datasets.get(dataset)?.column_names())
    })
}

/// The columns `table` has in an evaluation of a fixture case: its declared
/// ones and the ones its fixture rows use (real rows carry more fields than
/// the declared ones).
fn columns_of(table: &str, fixture: &Fixture) -> Vec<String> {
    let mut columns: BTreeSet<String> = declared_columns(table).unwrap_or_default().into_iter().collect();
    for case in [&fixture.pass, &fixture.fail] {
        columns.extend(case.columns.get(table).into_iter().flatten().cloned());
        for row in case.tables.get(table).into_iter().flatten() {
            columns.extend(row.as_object().into_iter().flat_map(|o| o.keys().cloned()));
        }
    }
    columns.into_iter().collect()
}

/// The tables a query reads, from its `-- tables:` header.
fn tables_read(sql: &str) -> Vec<String> {
    sql.lines()
        .take_while(|l| l.trim().is_empty() || l.trim_start().starts_with("--"))
        .filter_map(|l| l.trim_start_matches('-').trim().strip_prefix("tables:"))
        .flat_map(|t| t.split(','))
        .map(|t| t.trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty())
        .collect()
}

/// The query's populations: the declared ones, else every table it reads.
fn populations(q: &LibraryQuery) -> Result<Vec<Population>, String> {
    let declared: Vec<Population> = declared(&q.sql)
        .into_iter()
        .map(|(line, p)| Population::parse(p).map_err(|e| format!("line {line}: `population: {p}`: {e}")))
        .collect::<Result<_, _>>()?;
    if declared.is_empty() {
        return Ok(tables_read(&q.sql).iter().map(|t| Population::whole(t)).collect());
    }
    Ok(declared)
}

/// An engine at the fixture's time holding the case's tables, every other
/// table the query reads empty, each with its columns. Without a case, a
/// declared table has its declared columns only, so a query naming another
/// column fails as it would over a real dataset with no rows.
fn engine_for(q: &LibraryQuery, case: Option<&Case>) -> Result<Engine, String> {
    let now = soc2::dates::parse_timestamp(&q.fixture.now).map_err(|e| e.to_string())?;
    let mut engine = Engine::new(now).map_err(|e| e.to_string())?;
    let mut tables: BTreeSet<String> = tables_read(&q.sql).into_iter().collect();
    tables.extend(case.into_iter().flat_map(|c| c.tables.keys().chain(c.columns.keys())).cloned());
    for table in tables {
        let rows: Vec<Row> = case
            .and_then(|c| c.tables.get(&table))
            .into_iter()
            .flatten()
            .map(|r| r.as_object().cloned().ok_or("row is not a mapping"))
            .collect::<Result<_, _>>()?;
        let columns = match (case, declared_columns(&table)) {
            (None, Some(declared)) => declared,
            _ => columns_of(&table, &q.fixture),
        };
        engine.load_table(&table, &columns, || Box::new(rows.iter().cloned().map(Ok))).map_err(|e| e.to_string())?;
    }
    Ok(engine)
}

/// Run `sql` over the case's tables; `Ok(true)` when the control would pass.
fn passes(q: &LibraryQuery, case: &Case) -> Result<bool, String> {
    let mut engine = engine_for(q, Some(case))?;
    let result = engine.run(&q.sql).map_err(|e| e.to_string())?;
    Ok(!interpret(&q.name, &result, q.fixture.expect).iter().any(|f| f.status.is_problem()))
}

/// How many rows each population of the query holds over these tables.
fn population_counts(q: &LibraryQuery, engine: &mut Engine) -> Result<Vec<(String, u64)>, String> {
    let mut out = Vec::new();
    for p in populations(q)? {
        let counted = engine.run(&p.count_sql()).map_err(|e| format!("population `{}`: {e}", p.table))?;
        let n = counted.rows.first().and_then(|r| r.first()).and_then(Value::as_u64).unwrap_or(0);
        out.push((p.table.clone(), n));
    }
    Ok(out)
}

#[test]
fn every_query_passes_and_fails_on_its_fixtures() {
    let (queries, mut problems) = library_queries();
    for q in &queries {
        match passes(q, &q.fixture.pass) {
            Ok(true) => {}
            Ok(false) => problems.push(format!("{}: the pass case fails", q.name)),
            Err(e) => problems.push(format!("{}: pass case: {e}", q.name)),
        }
        match passes(q, &q.fixture.fail) {
            Ok(false) => {}
            Ok(true) => problems.push(format!("{}: the fail case passes", q.name)),
            Err(e) => problems.push(format!("{}: fail case: {e}", q.name)),
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
    assert!(queries.len() >= 100, "only {} queries have fixtures", queries.len());
}

/// A population is rows of a table the query reads, and names only columns
/// the table has (the declared schema, or the fixture's columns).
#[test]
fn every_population_is_a_table_the_query_reads() {
    let (queries, mut problems) = library_queries();
    for q in &queries {
        let read = tables_read(&q.sql);
        if read.is_empty() {
            problems.push(format!("{}: no `-- tables:` header", q.name));
        }
        match populations(q) {
            Ok(pops) => {
                for p in pops.iter().filter(|p| !read.contains(&p.table)) {
                    problems.push(format!("{}: population `{}` is not a table it reads ({read:?})", q.name, p.table));
                }
            }
            Err(e) => problems.push(format!("{}: {e}", q.name)),
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

/// Over datasets that were collected but hold no rows, every query runs
/// without an SQL error and examines nothing, so its control is `missing`
/// (or, where it says so, "not occurring"), never `pass`.
#[test]
fn every_query_runs_over_empty_datasets_and_examines_nothing() {
    let (queries, mut problems) = library_queries();
    for q in &queries {
        let mut engine = match engine_for(q, None) {
            Ok(e) => e,
            Err(e) => {
                problems.push(format!("{}: {e}", q.name));
                continue;
            }
        };
        if let Err(e) = engine.run(&q.sql) {
            problems.push(format!("{}: over empty datasets: {e}", q.name));
        }
        match population_counts(q, &mut engine) {
            Ok(counts) => {
                for (table, n) in counts.iter().filter(|(_, n)| *n > 0) {
                    problems.push(format!("{}: population {table} has {n} row(s) over empty datasets", q.name));
                }
            }
            Err(e) => problems.push(format!("{}: over empty datasets: {e}", q.name)),
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

/// A passing case proves something: it examines at least one row. (The
/// failing case fails whatever it examined: see the test above.)
#[test]
fn every_pass_case_examines_a_nonempty_population() {
    let (queries, mut problems) = library_queries();
    for q in &queries {
        let counts = engine_for(q, Some(&q.fixture.pass)).and_then(|mut e| population_counts(q, &mut e));
        match counts {
            Ok(counts) if counts.iter().any(|(_, n)| *n > 0) => {}
            Ok(counts) => {
                let tables: Vec<String> = populations(q).unwrap().iter().map(|p| p.describe_rows()).collect();
                problems.push(format!(
                    "{}: the pass case examines nothing ({} of {})",
                    q.name,
                    counts.iter().map(|(_, n)| n.to_string()).collect::<Vec<_>>().join(", "),
                    tables.join("; ")
                ));
            }
            Err(e) => problems.push(format!("{}: pass case: {e}", q.name)),
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

/// A register's rows can only hold its declared columns (`soc2 validate`
/// refuses others), so its fixture rows hold no other.
#[test]
fn register_fixture_rows_hold_only_declared_columns() {
    let (queries, mut problems) = library_queries();
    let schemas = Schemas::builtin();
    for q in &queries {
        for (label, case) in [("pass", &q.fixture.pass), ("fail", &q.fixture.fail)] {
            for (table, rows) in &case.tables {
                let Some(schema) = schemas.registers.get(table) else { continue };
                for row in rows {
                    for key in row.as_object().into_iter().flat_map(|o| o.keys()) {
                        if !schema.columns.contains_key(key) {
                            problems.push(format!("{}: {label} case: {table} has no column `{key}`", q.name));
                        }
                    }
                }
            }
        }
    }
    problems.dedup();
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

trait DescribeRows {
    fn describe_rows(&self) -> String;
}

impl DescribeRows for Population {
    fn describe_rows(&self) -> String {
        let mut out = self.table.clone();
        if let Some(c) = &self.condition {
            out.push_str(&format!(" where {c}"));
        }
        if let Some((column, duration)) = &self.since {
            out.push_str(&format!(" since {column} {duration}"));
        }
        out
    }
}
