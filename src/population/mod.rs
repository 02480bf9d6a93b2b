//! Type II populations: every occurrence of a control in an audit period
//! (each merged change, each leaver, each quarterly review), derived from
//! the evidence as collected during the period, with the deviations found
//! when each occurred — and samples an auditor can re-derive.
//!
//! A control declares its population (`population:` in its YAML): a query
//! run over the *period tables* ([`history`]), the key of an occurrence,
//! how often the control operates, and what marks a deviation. Each row the
//! query returns is a version of an occurrence as some snapshot held it;
//! the first version seen is the occurrence, judged as it was then, so a
//! deviation fixed later stays a deviation (with the date it was fixed).
//!
//! The population is written one item per line (JSON, keys sorted, items
//! sorted by key); its sha256 seeds the sample ([`sample`]).

pub mod cache;
pub mod history;
pub mod lines;
mod model;
pub mod pack;
mod reconcile;
pub mod sample;
mod summary;

pub use model::*;
use reconcile::{collect_reconcile, reconcile};
pub use summary::*;

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::dates::{Period, format_timestamp};
use crate::diagnostic::{Hinted, Position};
use crate::files::git::HistoryError;
use crate::query::Query;
use crate::query::engine::{Engine, QueryError, quote};
use crate::repo::Repo;
use crate::repo::control::{Control, WhenEmpty};
use crate::repo::dataset::Schemas;
use crate::repo::population::{Frequency, PopulationDef};
use history::{PROVENANCE, PeriodHistory};

/// The column the deviation condition is evaluated into.
const DEVIATION_COLUMN: &str = "__soc2_deviation";

/// Why a population could not be computed; `hint` says what to do.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{message}")]
pub struct PopulationError {
    pub message: String,
    pub hint: Option<String>,
}

impl PopulationError {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        PopulationError { message: message.into(), hint: Some(hint.into()) }
    }

    fn plain(message: impl Into<String>) -> Self {
        PopulationError { message: message.into(), hint: None }
    }
}

impl From<PopulationError> for Hinted {
    fn from(e: PopulationError) -> Hinted {
        Hinted { message: e.message, hint: e.hint }
    }
}

impl From<HistoryError> for PopulationError {
    fn from(e: HistoryError) -> Self {
        PopulationError { hint: e.hint().map(str::to_owned), message: e.to_string() }
    }
}

/// How a period's populations are computed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Neither read nor write the period-table cache under `.soc2/history/`.
    pub no_cache: bool,
}

/// The period's evidence and the period tables built so far, shared by
/// every population computed over it.
pub struct PeriodData {
    pub history: PeriodHistory,
    root: PathBuf,
    /// Table → its period table, loaded into engines as a cache file or from memory.
    built: BTreeMap<String, Result<Built, String>>,
    cache: cache::TableFiles,
}

/// A period table ready to load.
enum Built {
    File { path: PathBuf, rows: usize, snapshots: usize },
    Memory { jsonl: Vec<u8>, rows: usize, snapshots: usize },
}

impl Built {
    fn counts(&self) -> (usize, usize) {
        match self {
            Built::File { rows, snapshots, .. } | Built::Memory { rows, snapshots, .. } => (*rows, *snapshots),
        }
    }
}

impl PeriodData {
    /// The evidence of `period` in the git repository holding `root`, up to
    /// `now`, or up to commit `through` when re-deriving a recorded sample.
    pub fn open(
        root: &Path,
        period: Period,
        now: DateTime<Utc>,
        through: Option<&str>,
        options: Options,
    ) -> Result<PeriodData, PopulationError> {
        let history = PeriodHistory::open(root, period, now, through)?;
        let cache = if options.no_cache { cache::TableFiles::disabled() } else { cache::TableFiles::open(root) };
        Ok(PeriodData { history, root: root.to_path_buf(), built: BTreeMap::new(), cache })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Build (or find in the cache) the period table of `table`, with `columns`.
    fn ensure(&mut self, table: &str, columns: &[String]) -> Result<(), String> {
        if let Some(b) = self.built.get(table) {
            return b.as_ref().map(|_| ()).map_err(String::clone);
        }
        let key =
            crate::hash::sha256_hex(format!("{}\n{}", self.history.table_key(table), columns.join(",")).as_bytes());
        let snapshots = self.history.snapshots(table).len();
        let built = match self.cache.get(&key) {
            Some((path, rows)) => Ok(Built::File { path, rows, snapshots }),
            None => {
                let mut source = pack::PackLines::new(self.history.git());
                history::build(&self.history, table, &mut source).map(|t| {
                    let slot = format!("{table} {}", self.history.period);
                    match self.cache.put(&key, &slot, &t.jsonl, columns, t.rows) {
                        Some(path) => Built::File { path, rows: t.rows, snapshots: t.snapshots },
                        None => Built::Memory { jsonl: t.jsonl, rows: t.rows, snapshots: t.snapshots },
                    }
                })
            }
        };
        let result = built.as_ref().map(|_| ()).map_err(String::clone);
        self.built.insert(table.to_owned(), built);
        result
    }

    /// The population of `control` (which must declare one), its queries and
    /// declaration read from `repo`.
    pub fn population(&mut self, repo: &Repo, control: &Control) -> Result<Population, PopulationError> {
        let Some(def) = &control.def.population else {
            return Err(PopulationError::new(
                format!("control {} declares no population", control.id()),
                "add `population:` to its YAML (query, key, frequency; see docs/populations.md)",
            ));
        };
        let query = find_query(repo, &def.query)?;
        let reconcile_query = match &def.reconcile {
            Some(r) => Some(find_query(repo, &r.query)?),
            None => None,
        };
        let columns = declared_columns(repo);
        let mut engine = Engine::new(self.history.as_of).map_err(|e| PopulationError::plain(e.to_string()))?;
        engine
            .define_constant("soc2_period_start", self.history.period.start.to_string())
            .and_then(|()| engine.define_constant("soc2_period_end", self.history.period.end.to_string()))
            .map_err(|e| PopulationError::plain(e.to_string()))?;
        self.load_snapshots_table(&mut engine)?;
        let mut tables = Vec::new();
        for q in std::iter::once(query).chain(reconcile_query) {
            for table in self.tables_read(q, &columns) {
                if tables.iter().any(|t: &TableUse| t.table == table) {
                    continue;
                }
                tables.push(self.load(&mut engine, &table, &columns)?);
            }
        }
        let mut population = self.collect(&mut engine, repo, control, def, query)?;
        population.tables = tables;
        if let (Some(r), Some(q)) = (&def.reconcile, reconcile_query) {
            let found = collect_reconcile(&mut engine, q, r, &self.history)?;
            population.reconcile = Some(reconcile(&mut population.items, def, r, found));
        }
        population.counts = counts(&population, repo.config.audit.tolerable_deviation_rate);
        population.sha256 = population.canonical_sha256();
        Ok(population)
    }

    /// The tables `query` reads: the period's, and the configured datasets without a snapshot.
    fn tables_read(&self, query: &Query, columns: &BTreeMap<String, Vec<String>>) -> Vec<String> {
        let known = self.history.tables();
        let mut out = BTreeSet::new();
        for ident in query.identifiers() {
            let ident = ident.to_ascii_lowercase();
            if known.contains(ident.as_str()) || columns.contains_key(&ident) {
                out.insert(ident);
            }
        }
        out.into_iter().collect()
    }

    /// Load the period table of `table` into `engine`.
    fn load(
        &mut self,
        engine: &mut Engine,
        table: &str,
        columns: &BTreeMap<String, Vec<String>>,
    ) -> Result<TableUse, PopulationError> {
        let mut all: Vec<String> = columns.get(table).cloned().unwrap_or_default();
        all.extend(PROVENANCE.iter().map(|c| (*c).to_owned()));
        if !self.history.tables().contains(table) {
            let rows: Vec<crate::query::engine::Row> = Vec::new();
            engine
                .load_table(table, &all, || Box::new(rows.iter().cloned().map(Ok)))
                .map_err(|e| PopulationError::plain(e.to_string()))?;
            return Ok(TableUse { table: table.to_owned(), snapshots: 0, rows: 0 });
        }
        self.ensure(table, &all).map_err(|e| {
            PopulationError::new(
                format!("cannot build the period table {table}: {e}"),
                "fix the snapshot in a new commit; the history is read as committed",
            )
        })?;
        let Some(Ok(built)) = self.built.get(table) else {
            return Err(PopulationError::plain(format!("the period table {table} was not built")));
        };
        let (rows, snapshots) = built.counts();
        let loaded = match built {
            Built::File { path, .. } => engine.load_cached(&[(table.to_owned(), path.clone())]),
            Built::Memory { jsonl, .. } => {
                engine.load_jsonl(table, &format!("period table {table}"), jsonl, &all).map(|_| ())
            }
        };
        loaded.map_err(|e| PopulationError::plain(format!("cannot load the period table {table}: {e}")))?;
        Ok(TableUse { table: table.to_owned(), snapshots, rows })
    }

    /// `soc2_snapshots`: every snapshot of every table in the period.
    fn load_snapshots_table(&self, engine: &mut Engine) -> Result<(), PopulationError> {
        let mut rows = Vec::new();
        for table in self.history.tables() {
            for s in self.history.snapshots(table) {
                let c = &self.history.commits[s.commit];
                let mut row = Map::new();
                row.insert("table_name".into(), Value::from(table));
                row.insert("commit".into(), Value::from(c.id.clone()));
                row.insert("committed_at".into(), Value::from(format_timestamp(c.time)));
                row.insert("path".into(), Value::from(s.path.clone()));
                rows.push(row);
            }
        }
        let columns: Vec<String> = ["commit", "committed_at", "path", "table_name"].map(str::to_owned).to_vec();
        engine
            .load_table("soc2_snapshots", &columns, || Box::new(rows.iter().cloned().map(Ok)))
            .map(|_| ())
            .map_err(|e| PopulationError::plain(e.to_string()))
    }

    /// Run the population query and turn its rows into items.
    fn collect(
        &self,
        engine: &mut Engine,
        repo: &Repo,
        control: &Control,
        def: &PopulationDef,
        query: &Query,
    ) -> Result<Population, PopulationError> {
        let order: HashMap<&str, usize> =
            self.history.commits.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
        let mut columns = engine.columns(&query.sql).map_err(|e| query_error(query, &query.sql, e, None))?;
        if def.deviation.is_some() {
            columns.push(DEVIATION_COLUMN.to_owned());
        }
        let shape = Shape::of(&columns, def, &query.name)?;
        let sql = shape.ordered_sql(query, def, &columns);
        // Rows arrive ordered by key, so each occurrence's versions are adjacent.
        let mut items: Vec<Item> = Vec::new();
        let mut group: Option<Group> = None;
        let period = &self.history.period;
        let mut close = |g: Group| {
            let item = g.into_item();
            if in_period(item.date.as_deref(), period) {
                items.push(item);
            }
        };
        let mut each = |_: &[String], values: Vec<Value>| -> Result<(), String> {
            let version = shape.version(values, def, &order);
            match &mut group {
                Some(g) if g.first.key == version.key => g.add(version),
                _ => {
                    if let Some(done) = group.replace(Group::new(version)) {
                        close(done);
                    }
                }
            }
            Ok(())
        };
        engine.run_each(&sql, &mut each).map_err(|e| query_error(query, &sql, e, def.deviation.as_deref()))?;
        if let Some(done) = group {
            close(done);
        }
        let spec = control;
        Ok(Population {
            control: spec.id().to_owned(),
            title: spec.def.title.clone(),
            period: self.history.period.to_string(),
            as_of: format_timestamp(self.history.as_of),
            through_commit: self.history.through().map(|c| c.id.clone()),
            query: query.name.clone(),
            key: def.key.clone(),
            date: def.date.clone(),
            frequency: def.frequency,
            deviation_rule: match &def.deviation {
                Some(c) => Some(c.clone()),
                None => columns.iter().any(|c| c.eq_ignore_ascii_case("deviation")).then(|| "deviation column".into()),
            },
            tables: Vec::new(),
            counts: Counts { tolerable_rate: repo.config.audit.tolerable_deviation_rate, ..Counts::default() },
            sha256: String::new(),
            reconcile: None,
            items,
        })
    }
}

fn find_query<'r>(repo: &'r Repo, name: &str) -> Result<&'r Query, PopulationError> {
    repo.queries.get(name).ok_or_else(|| {
        PopulationError::new(
            format!("no query `{name}`"),
            format!("add queries/{name}.sql (`soc2 validate` checks it)"),
        )
    })
}

/// Declared columns of every configured dataset table.
fn declared_columns(repo: &Repo) -> BTreeMap<String, Vec<String>> {
    Schemas::builtin().configured(&repo.config.collectors).map(|(table, _, _, columns)| (table, columns)).collect()
}

/// The SQL of one statement without its final `;`, so it can be wrapped.
fn strip_statement_end(sql: &str) -> &str {
    let mut rest = sql.trim_end();
    loop {
        // A whole-line `--` comment after the statement, or its final `;`.
        let last_line = rest.rfind('\n').map_or(0, |n| n + 1);
        if rest[last_line..].trim_start().starts_with("--") {
            rest = rest[..last_line].trim_end();
        } else if let Some(stripped) = rest.strip_suffix(';') {
            rest = stripped.trim_end();
        } else {
            return rest;
        }
    }
}

fn query_error(query: &Query, sql: &str, e: QueryError, deviation: Option<&str>) -> PopulationError {
    match e {
        QueryError::NoSuchTable(t) => PopulationError::new(
            format!("{}: no evidence provides table `{t}` in the period", query.path),
            "population queries read the datasets collected during the period (evidence/<collector>/…)",
        ),
        QueryError::Sql { message, offset } => {
            // Offsets in the wrapped statement point into the query after the wrapper's first
            // line; one in that line (the deviation condition) has no place in the query file.
            let prefix = if sql == query.sql { 0 } else { sql.find('\n').map_or(0, |n| n + 1) };
            let located = offset.filter(|o| *o >= prefix).map(|o| Position::of_offset(&query.sql, o - prefix));
            match (located, deviation) {
                (Some(at), _) => PopulationError::plain(format!("{}:{}:{}: {message}", query.path, at.line, at.column)),
                (None, Some(cond)) if message.contains("no such column") => PopulationError::new(
                    format!("population deviation `{cond}`: {message}"),
                    "the condition names columns the population query returns",
                ),
                (None, _) => PopulationError::plain(format!("{}: {message}", query.path)),
            }
        }
    }
}

/// Where the columns an item needs are in the query's result.
struct Shape {
    key: Vec<usize>,
    first_seen: usize,
    first_commit: usize,
    last_seen: Option<usize>,
    last_commit: Option<usize>,
    deviation: Option<(usize, bool)>,
    date: Option<usize>,
    /// Columns that make the item's row, by index, and their names.
    row: Vec<usize>,
    row_columns: Arc<RowColumns>,
}

impl Shape {
    fn of(columns: &[String], def: &PopulationDef, query: &str) -> Result<Shape, PopulationError> {
        let find = |name: &str| columns.iter().position(|c| c.eq_ignore_ascii_case(name));
        let need = |name: &str, what: &str| {
            find(name).ok_or_else(|| {
                PopulationError::new(
                    format!(
                        "population query `{query}` returns no column `{name}` ({what}); its columns: {}",
                        columns.join(", ")
                    ),
                    if name.starts_with('_') {
                        "select the provenance columns of the table whose rows are the occurrences, e.g. `SELECT t.*` or `_first_seen, _first_commit`".to_owned()
                    } else {
                        "return every column of the population's `key` and `date`".to_owned()
                    },
                )
            })
        };
        let key = def.key.iter().map(|k| need(k, "population key")).collect::<Result<Vec<_>, _>>()?;
        let first_seen = need("_first_seen", "when each row was first seen")?;
        let first_commit = need("_first_commit", "the commit each row was first seen in")?;
        let date = match &def.date {
            Some(d) => Some(need(d, "population date")?),
            None => None,
        };
        let deviation = match &def.deviation {
            Some(_) => find(DEVIATION_COLUMN).map(|i| (i, true)),
            None => find("deviation").map(|i| (i, false)),
        };
        let hidden: Vec<usize> = PROVENANCE.iter().filter_map(|c| find(c)).chain(find(DEVIATION_COLUMN)).collect();
        let row: Vec<usize> = (0..columns.len()).filter(|i| !hidden.contains(i)).collect();
        let row_columns = Arc::new(RowColumns::new(row.iter().filter_map(|&i| columns.get(i).cloned()).collect()));
        Ok(Shape {
            key,
            first_seen,
            first_commit,
            last_seen: find("_last_seen"),
            last_commit: find("_last_commit"),
            deviation,
            date,
            row,
            row_columns,
        })
    }

    /// The population query wrapped to add the deviation column and to
    /// order rows by key (then by each key value's type, so that versions
    /// whose keys differ only in type, 42 and 42.0, stay apart). SQLite
    /// orders values as [`compare_keys`] does.
    fn ordered_sql(&self, query: &Query, def: &PopulationDef, columns: &[String]) -> String {
        let keys: Vec<String> = self.key.iter().filter_map(|&i| columns.get(i)).map(|c| quote(c)).collect();
        let types = keys.iter().map(|k| format!("typeof({k})"));
        let order: Vec<String> = keys.iter().cloned().chain(types).collect();
        let deviation = match &def.deviation {
            Some(cond) => format!(", CASE WHEN ({cond}) THEN 1 ELSE 0 END AS {}", quote(DEVIATION_COLUMN)),
            None => String::new(),
        };
        format!(
            "SELECT *{deviation} FROM (\n{}\n) AS __soc2_population ORDER BY {}",
            strip_statement_end(&query.sql),
            order.join(", ")
        )
    }

    fn version(&self, mut values: Vec<Value>, def: &PopulationDef, order: &HashMap<&str, usize>) -> Version {
        let text = |values: &[Value], i: usize| values.get(i).map(value_text).unwrap_or_default();
        let first_commit = text(&values, self.first_commit);
        let first_seen = text(&values, self.first_seen);
        let deviation = match self.deviation {
            Some((i, true)) => {
                values.get(i).is_some_and(|v| v.as_i64() == Some(1)).then(|| def.deviation.clone().unwrap_or_default())
            }
            Some((i, false)) => values.get(i).and_then(deviation_reason),
            None => None,
        };
        let key = self.key.iter().map(|&i| values.get(i).cloned().unwrap_or(Value::Null)).collect();
        let date = self.date.and_then(|i| values.get(i)).and_then(|v| (!v.is_null()).then(|| value_text(v)));
        let last_seen = self.last_seen.map_or_else(|| first_seen.clone(), |i| text(&values, i));
        let last_commit = self.last_commit.map_or_else(|| first_commit.clone(), |i| text(&values, i));
        let row = Row {
            columns: self.row_columns.clone(),
            values: self.row.iter().map(|&i| values.get_mut(i).map(std::mem::take).unwrap_or(Value::Null)).collect(),
        };
        Version {
            order: order.get(first_commit.as_str()).copied().unwrap_or(usize::MAX),
            first_seen,
            last_seen,
            last_commit,
            first_commit,
            key,
            date,
            deviation,
            row,
        }
    }
}

/// The text of a value as a report shows it: strings as they are, null empty.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A `deviation` column's verdict: none for null, 0, false, '' or 'no'; else its text.
fn deviation_reason(v: &Value) -> Option<String> {
    match v {
        Value::Null | Value::Bool(false) => None,
        Value::Number(n) if n.as_f64() == Some(0.0) => None,
        Value::String(s) => {
            let t = s.trim();
            let lower = t.to_ascii_lowercase();
            if t.is_empty() || ["0", "no", "false", "ok", "pass"].contains(&lower.as_str()) {
                None
            } else if ["1", "yes", "true"].contains(&lower.as_str()) {
                Some("deviation".to_owned())
            } else {
                Some(t.to_owned())
            }
        }
        _ => Some("deviation".to_owned()),
    }
}

/// One row of the population query: an occurrence as one snapshot held it.
struct Version {
    /// The first commit's place in the period.
    order: usize,
    first_seen: String,
    first_commit: String,
    last_seen: String,
    last_commit: String,
    key: Vec<Value>,
    date: Option<String>,
    deviation: Option<String>,
    row: Row,
}

impl Version {
    /// Which of two versions came first: by commit, time, then a deviation
    /// first (a deviation at occurrence is never hidden by a tie), then content.
    fn cmp_first(&self, other: &Version) -> Ordering {
        (self.order, &self.first_seen)
            .cmp(&(other.order, &other.first_seen))
            .then_with(|| other.deviation.is_some().cmp(&self.deviation.is_some()))
            .then_with(|| {
                let a = serde_json::to_string(&self.row).unwrap_or_default();
                let b = serde_json::to_string(&other.row).unwrap_or_default();
                a.cmp(&b)
            })
    }
}

/// A version's place in time and its verdict, kept for the item's deviation and remediation.
struct Seen {
    order: usize,
    first_seen: String,
    first_commit: String,
    deviation: Option<String>,
}

impl Seen {
    fn of(v: &Version) -> Seen {
        Seen {
            order: v.order,
            first_seen: v.first_seen.clone(),
            first_commit: v.first_commit.clone(),
            deviation: v.deviation.clone(),
        }
    }
}

/// Every version of one occurrence.
struct Group {
    first: Version,
    seen: Vec<Seen>,
    last_seen: String,
    last_commit: String,
    versions: usize,
}

impl Group {
    fn new(v: Version) -> Group {
        Group {
            last_seen: v.last_seen.clone(),
            last_commit: v.last_commit.clone(),
            seen: vec![Seen::of(&v)],
            first: v,
            versions: 1,
        }
    }

    fn add(&mut self, v: Version) {
        self.versions += 1;
        if v.last_seen > self.last_seen {
            self.last_seen = v.last_seen.clone();
            self.last_commit = v.last_commit.clone();
        }
        self.seen.push(Seen::of(&v));
        if v.cmp_first(&self.first) == Ordering::Less {
            self.first = v;
        }
    }

    /// The item: its row as first seen; a deviation when any version
    /// deviated (the earliest one says why and when), remediated when a
    /// version after the last deviating one no longer deviates.
    fn into_item(mut self) -> Item {
        self.seen.sort_by(|a, b| {
            (a.order, &a.first_seen, &a.first_commit, b.deviation.is_some()).cmp(&(
                b.order,
                &b.first_seen,
                &b.first_commit,
                a.deviation.is_some(),
            ))
        });
        let first = self.first;
        let mut deviations = Vec::new();
        let mut remediated = None;
        if let Some(d) = self.seen.iter().find(|s| s.deviation.is_some()) {
            deviations.push(Deviation {
                commit: Some(d.first_commit.clone()),
                kind: DeviationKind::Failed,
                reason: d.deviation.clone().unwrap_or_default(),
                seen: Some(d.first_seen.clone()),
            });
            let last_bad = self.seen.iter().rposition(|s| s.deviation.is_some()).unwrap_or(0);
            remediated = self
                .seen
                .iter()
                .skip(last_bad + 1)
                .find(|s| s.deviation.is_none())
                .map(|s| Remediation { commit: s.first_commit.clone(), seen: s.first_seen.clone() });
        }
        Item {
            date: first.date,
            deviations,
            first_commit: first.first_commit,
            first_seen: first.first_seen,
            key: first.key,
            last_commit: self.last_commit,
            last_seen: self.last_seen,
            remediated,
            row: first.row,
            versions: self.versions,
        }
    }
}

/// Whether an item dated `date` falls in `period`; undated or unreadable dates are kept.
fn in_period(date: Option<&str>, period: &Period) -> bool {
    let Some(d) = date else { return true };
    match crate::dates::parse_timestamp(d) {
        Ok(t) => (period.start..=period.end).contains(&t.date_naive()),
        Err(_) => match d.get(..10).map(crate::dates::parse_date) {
            Some(Ok(day)) => (period.start..=period.end).contains(&day),
            _ => true,
        },
    }
}

/// Keys in SQL order: nulls, then numbers by value, then text by bytes.
pub fn compare_keys(a: &[Value], b: &[Value]) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Bool(_) | Value::Number(_) => 1,
            _ => 2,
        }
    }
    for (x, y) in a.iter().zip(b) {
        let o = rank(x).cmp(&rank(y)).then_with(|| match (x, y) {
            (Value::Number(m), Value::Number(n)) => {
                m.as_f64().unwrap_or(0.0).partial_cmp(&n.as_f64().unwrap_or(0.0)).unwrap_or(Ordering::Equal)
            }
            (Value::Bool(m), Value::Bool(n)) => m.cmp(n),
            (Value::String(m), Value::String(n)) => m.cmp(n),
            _ => value_text(x).cmp(&value_text(y)),
        });
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

/// A value as the reconciliation compares it: numbers and text alike by
/// their text (`42` matches `"42"`), null as nothing.
fn match_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Number(n) => Some(match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9e15 => format!("{}", f as i64),
            _ => n.to_string(),
        }),
        other => Some(value_text(other)),
    }
}

fn counts(p: &Population, tolerable: f64) -> Counts {
    let items = p.items.len();
    let unrecorded = p.reconcile.as_ref().map_or(0, |r| r.unrecorded.len());
    let deviating = p.items.iter().filter(|i| i.deviates()).count();
    let deviations = deviating + unrecorded;
    let total = items + unrecorded;
    let exact = (total > 0).then(|| deviations as f64 * 100.0 / total as f64);
    Counts {
        items,
        deviations,
        failed: p.items.iter().filter(|i| i.failed()).count(),
        remediated: p.items.iter().filter(|i| i.failed() && i.remediated.is_some()).count(),
        unmatched: p.items.iter().filter(|i| i.deviations.iter().any(|d| d.kind == DeviationKind::Unmatched)).count(),
        unrecorded,
        recorded_late: p.items.iter().filter(|i| i.recorded_late()).count(),
        deviation_rate: exact.map(|r| (r * 100.0).round() / 100.0),
        tolerable_rate: tolerable,
        exceeds_tolerable: exact.is_some_and(|r| r > tolerable),
    }
}

/// Whether management attested that nothing occurred over the period: an
/// attestation with `not_occurring` for a control that allows it
/// (`when_empty: not-occurring`), recorded on or after the period's start.
pub fn attested_not_occurring(repo: &Repo, control: &Control, period: &Period) -> Option<String> {
    if control.def.when_empty != WhenEmpty::NotOccurring {
        return None;
    }
    let start = chrono::NaiveTime::MIN;
    let from = period.start.and_time(start).and_utc();
    repo.manual
        .iter()
        .filter(|m| m.control == control.def.id && m.def.not_occurring)
        .filter(|m| m.def.kind == crate::repo::record::ManualKind::Attestation && m.date >= from)
        .max_by_key(|m| m.date)
        .map(|m| {
            let date = format_timestamp(m.date);
            format!("attested by {} on {}", m.def.by.as_deref().unwrap_or("someone"), date.get(..10).unwrap_or(&date))
        })
}

/// Re-derive the population a sample record was drawn from: the same
/// period, read through the same commit at the same evaluation time, with
/// the control's population as `repo` declares it now.
pub fn rederive(root: &Path, repo: &Repo, record: &sample::SampleRecord) -> Result<Population, PopulationError> {
    let period: Period = record.period.parse().map_err(|e: crate::dates::ParseError| {
        PopulationError::plain(format!("the record's period `{}`: {e}", record.period))
    })?;
    let as_of = crate::dates::parse_timestamp(&record.population.as_of).map_err(|e| {
        PopulationError::plain(format!("the record's `population.as_of` `{}`: {e}", record.population.as_of))
    })?;
    let Some(control) = repo.controls.iter().find(|c| c.id() == record.control) else {
        return Err(PopulationError::new(
            format!("no control `{}`", record.control),
            "a sample record names a control of the repo",
        ));
    };
    let mut data =
        PeriodData::open(root, period, as_of, record.population.through_commit.as_deref(), Options::default())?;
    data.population(repo, control)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_sort_like_sql() {
        let mut keys = vec![json!(["b", 10]), json!(["b", 9]), json!(["a", 100]), json!([null, 1])];
        keys.sort_by(|a, b| compare_keys(a.as_array().unwrap(), b.as_array().unwrap()));
        assert_eq!(keys, [json!([null, 1]), json!(["a", 100]), json!(["b", 9]), json!(["b", 10])]);
    }

    #[test]
    fn deviation_column_values() {
        assert_eq!(deviation_reason(&json!(null)), None);
        assert_eq!(deviation_reason(&json!(0)), None);
        assert_eq!(deviation_reason(&json!("no")), None);
        assert_eq!(deviation_reason(&json!(1)).as_deref(), Some("deviation"));
        assert_eq!(deviation_reason(&json!("removed 3 days late")).as_deref(), Some("removed 3 days late"));
    }

    #[test]
    fn numbers_and_text_match_alike() {
        assert_eq!(match_text(&json!(42)), match_text(&json!("42")));
        assert_eq!(match_text(&json!(42.0)), Some("42".to_owned()));
        assert_eq!(match_text(&json!(null)), None);
    }

    #[test]
    fn a_statement_loses_its_end_but_not_its_body() {
        assert_eq!(strip_statement_end("SELECT 1;\n-- the end\n\n"), "SELECT 1");
        assert_eq!(strip_statement_end("SELECT 1 -- inline\n;;\n"), "SELECT 1 -- inline");
        assert_eq!(strip_statement_end("SELECT '--;'"), "SELECT '--;'");
        assert_eq!(strip_statement_end("-- only a comment"), "");
    }

    #[test]
    fn the_method_states_the_recording_lag() {
        assert!(SUMMARY_METHOD.contains(&format!("more than {RECORDING_LAG_DAYS} days after its date")));
    }

    #[test]
    fn period_bounds_dates_and_keeps_undated_items() {
        let p: Period = "2026-01-01..2026-03-31".parse().unwrap();
        assert!(in_period(Some("2026-03-31T23:59:00Z"), &p));
        assert!(!in_period(Some("2025-12-31"), &p));
        assert!(in_period(None, &p));
        assert!(in_period(Some("soon"), &p));
    }
}
