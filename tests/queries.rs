//! The default query library: every query in `queries/` has a fixture in
//! `tests/queries/<name>.yaml` with a case that passes and a case that fails.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use soc2::eval::interpret;
use soc2::query::engine::{Engine, Row};
use soc2::repo::control::Expect;

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
    tables: BTreeMap<String, Vec<serde_json::Value>>,
}

/// Run `sql` over the case's tables; `Ok(true)` when the control would pass.
fn passes(name: &str, sql: &str, now: &str, expect: Expect, case: &Case) -> Result<bool, String> {
    let now = soc2::dates::parse_timestamp(now).map_err(|e| e.to_string())?;
    let mut engine = Engine::new(now)?;
    for (table, rows) in &case.tables {
        let rows: Vec<Row> =
            rows.iter().map(|r| r.as_object().cloned().ok_or("row is not a mapping")).collect::<Result<_, _>>()?;
        let columns = case.columns.get(table).cloned().unwrap_or_default();
        engine.load_table(table, &columns, || Box::new(rows.iter().cloned().map(Ok)))?;
    }
    for (table, columns) in case.columns.iter().filter(|(t, _)| !case.tables.contains_key(*t)) {
        engine.load_table(table, columns, || Box::new(std::iter::empty()))?;
    }
    let result = engine.run(sql).map_err(|e| e.to_string())?;
    Ok(!interpret(name, &result, expect).iter().any(|f| f.status.is_problem()))
}

#[test]
fn every_query_passes_and_fails_on_its_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    let mut count = 0;
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
        let fixture: Fixture = match serde_yaml::from_str(&text) {
            Ok(f) => f,
            Err(e) => {
                problems.push(format!("{name}: bad fixture: {e}"));
                continue;
            }
        };
        count += 1;
        match passes(&name, &sql, &fixture.now, fixture.expect, &fixture.pass) {
            Ok(true) => {}
            Ok(false) => problems.push(format!("{name}: the pass case fails")),
            Err(e) => problems.push(format!("{name}: pass case: {e}")),
        }
        match passes(&name, &sql, &fixture.now, fixture.expect, &fixture.fail) {
            Ok(false) => {}
            Ok(true) => problems.push(format!("{name}: the fail case passes")),
            Err(e) => problems.push(format!("{name}: fail case: {e}")),
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
    assert!(count >= 100, "only {count} queries have fixtures");
}
