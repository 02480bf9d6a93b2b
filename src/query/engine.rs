//! The SQLite engine queries run on: evidence tables in memory, read-only, sandboxed.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, functions::FunctionFlags};
use serde_json::{Map, Value};

/// A JSON object: one evidence row.
pub type Row = Map<String, Value>;

/// How long one query may run before it is stopped.
const QUERY_TIME_LIMIT: Duration = Duration::from_secs(30);

/// How long all the queries of one evaluation (a `check`, one day of a
/// period) may take together; `SOC2_QUERY_BUDGET` (seconds) changes it.
const RUN_TIME_BUDGET: Duration = Duration::from_secs(60);

/// Rows one query may return: findings past this are surely a mistaken query.
pub const MAX_RESULT_ROWS: usize = 100_000;

/// Bytes of text and blobs one query's result may hold.
const MAX_RESULT_BYTES: usize = 256 << 20;

/// Largest string or blob a query may build (`SQLITE_LIMIT_LENGTH`).
const MAX_VALUE_BYTES: i32 = 16 << 20;

/// SQLite's heap for the whole process (`hard_heap_limit`); `SOC2_QUERY_MEMORY_MB` changes it.
const HEAP_LIMIT_MB: u64 = 2048;

/// The time budget of one evaluation's queries.
pub fn run_budget() -> Duration {
    std::env::var("SOC2_QUERY_BUDGET")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| *s > 0)
        .map_or(RUN_TIME_BUDGET, Duration::from_secs)
}

fn heap_limit_bytes() -> u64 {
    std::env::var("SOC2_QUERY_MEMORY_MB")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|m| *m > 0)
        .unwrap_or(HEAP_LIMIT_MB)
        .saturating_mul(1 << 20)
}

/// Why a query could not run; the message is SQLite's, for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The query names a table that no evidence provides.
    #[error("no such table: {0}")]
    NoSuchTable(String),
    /// SQLite's message, and the byte offset in the SQL it points at when known.
    #[error("{message}")]
    Sql { message: String, offset: Option<usize> },
}

/// Why an evidence table could not be made queryable. The controls that
/// read it report the message; they fail with `error`, not with a finding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// SQLite refused to start (out of memory, a broken build).
    #[error("cannot start the query engine: {0}")]
    Engine(String),
    /// The data file could not be read.
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    /// A line of a JSONL data file is not a JSON object.
    #[error("{path}:{line}: {message}")]
    Line { path: String, line: usize, message: String },
    /// SQLite refused the table or a row of it.
    #[error("cannot load table {table}: {message}")]
    Table { table: String, message: String },
    /// A cache file could not be attached.
    #[error("cannot open cache {path}: {message}")]
    Cache { path: String, message: String },
    /// An attached cache file holds no readable table.
    #[error("cannot read cached table {table}: {message}")]
    CachedTable { table: String, message: String },
    /// The cache file could not be built (the caller falls back to memory).
    #[error("{0}")]
    CacheBuild(String),
    /// The data file's sha256 is not the one its meta file records.
    #[error(
        "{path}: sha256 {actual} differs from the sha256 its meta file records ({expected}): the data changed after it was collected (hint: collect it again with `soc2 collect {collector}`, or restore both files with git)"
    )]
    Tampered { path: String, actual: String, expected: String, collector: String },
    /// The meta file's `collected_at` is not a timestamp.
    #[error("{meta}: `collected_at` {at}: {message}")]
    CollectedAt { meta: String, at: String, message: String },
    /// The meta file says the data was collected after the evaluation time.
    #[error(
        "{meta}: `collected_at` {at} is later than the evaluation time {now} (hint: evidence from the future is not evidence; collect it again, or check with a later `--now`)"
    )]
    FromTheFuture { meta: String, at: String, now: String },
}

impl LoadError {
    fn table(table: &str) -> impl Fn(rusqlite::Error) -> LoadError + Copy + '_ {
        move |e| LoadError::Table { table: table.to_owned(), message: e.to_string() }
    }

    fn line(path: &str, index: usize, message: String) -> LoadError {
        LoadError::Line { path: path.to_owned(), line: index + 1, message }
    }
}

impl QueryError {
    fn sql(message: impl Into<String>) -> Self {
        QueryError::Sql { message: message.into(), offset: None }
    }
}

/// A query's result: column names and rows of JSON values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryResult {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl QueryResult {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.eq_ignore_ascii_case(name))
    }
}

/// An in-memory SQLite database holding the evidence tables a run needs.
pub struct Engine {
    conn: Connection,
    tables: BTreeSet<String>,
    /// Cache files attached so far.
    attached: usize,
    /// When the evaluation's time budget runs out; queries after it are not run.
    deadline: Option<Instant>,
}

impl Engine {
    /// A fresh database; `soc2_now()` returns `now` in every query.
    pub fn new(now: DateTime<Utc>) -> Result<Engine, LoadError> {
        let engine_err = |e: rusqlite::Error| LoadError::Engine(e.to_string());
        let conn = Connection::open_in_memory().map_err(engine_err)?;
        let now = crate::dates::format_timestamp(now);
        conn.create_scalar_function(
            "soc2_now",
            0,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            move |_| Ok(now.clone()),
        )
        .map_err(engine_err)?;
        // SQLite's memory is bounded for the whole process (evidence loaded in
        // memory counts too): past the hard limit an allocation fails, and the
        // query with it, instead of the machine running out of memory.
        let heap = heap_limit_bytes();
        conn.execute_batch(&format!("PRAGMA soft_heap_limit = {}; PRAGMA hard_heap_limit = {heap};", heap / 2))
            .map_err(engine_err)?;
        Ok(Engine { conn, tables: BTreeSet::new(), attached: 0, deadline: None })
    }

    /// Stop running queries at `deadline` (the evaluation's time budget).
    pub fn set_deadline(&mut self, deadline: Instant) {
        self.deadline = Some(deadline);
    }

    pub fn has_table(&self, table: &str) -> bool {
        self.tables.contains(&table.to_ascii_lowercase())
    }

    /// Create `table` from rows, columns being the union of their keys.
    pub fn load_rows<'a>(&mut self, table: &str, rows: impl Fn() -> RowIter<'a>) -> Result<u64, LoadError> {
        self.load_table(table, &[], rows)
    }

    /// Create `table` from a JSONL data file, with `columns` even when no row has them.
    pub fn load_jsonl(&mut self, table: &str, path: &str, bytes: &[u8], columns: &[String]) -> Result<u64, LoadError> {
        let n = fill_table_jsonl(&self.conn, "main", table, path, bytes, columns)?;
        self.tables.insert(table.to_ascii_lowercase());
        Ok(n)
    }

    /// Like [`Engine::load_rows`], with columns that exist even when no row has them
    /// (an empty dataset keeps its schema).
    pub fn load_table<'a>(
        &mut self,
        table: &str,
        columns: &[String],
        rows: impl Fn() -> RowIter<'a>,
    ) -> Result<u64, LoadError> {
        let n = fill_table_with(&self.conn, "main", table, columns, rows)?;
        self.tables.insert(table.to_ascii_lowercase());
        Ok(n)
    }

    /// Make tables of cache files (each holding a table `data`) queryable: each
    /// file is attached and read in place through a view; past SQLite's attach
    /// limit, tables are copied into memory instead.
    pub fn load_cached(&mut self, tables: &[(String, std::path::PathBuf)]) -> Result<(), LoadError> {
        // Raise the attach limit to the compile-time maximum (see .cargo/config.toml).
        let _ = self.conn.set_limit(rusqlite::limits::Limit::SQLITE_LIMIT_ATTACHED, 125);
        let capacity = usize::try_from(self.conn.limit(rusqlite::limits::Limit::SQLITE_LIMIT_ATTACHED).unwrap_or(10))
            .unwrap_or(10)
            .saturating_sub(1);
        for (table, path) in tables {
            let file = path.to_string_lossy();
            let open_err =
                |e: rusqlite::Error| LoadError::Cache { path: path.display().to_string(), message: e.to_string() };
            let read_err = |e: rusqlite::Error| LoadError::CachedTable { table: table.clone(), message: e.to_string() };
            if self.attached < capacity {
                let schema = format!("cache{}", self.attached);
                self.conn.execute("ATTACH DATABASE ?1 AS ?2", (file.as_ref(), &schema)).map_err(open_err)?;
                self.attached += 1;
                // Read pages straight from the mapped file instead of copying them into the page cache.
                let _ = self.conn.execute_batch(&format!("PRAGMA {schema}.mmap_size = 268435456"));
                self.conn
                    .execute_batch(&format!("CREATE TEMP VIEW {} AS SELECT * FROM {schema}.data", quote(table)))
                    .map_err(read_err)?;
            } else {
                self.conn.execute("ATTACH DATABASE ?1 AS copy_slot", [file.as_ref()]).map_err(open_err)?;
                let copied = self
                    .conn
                    .execute_batch(&format!("CREATE TABLE main.{} AS SELECT * FROM copy_slot.data", quote(table)))
                    .map_err(read_err);
                let _ = self.conn.execute("DETACH DATABASE copy_slot", []);
                copied?;
            }
            self.tables.insert(table.to_ascii_lowercase());
        }
        Ok(())
    }

    /// Whether a loaded table has no rows (its columns are then unknown).
    pub fn is_empty(&self, table: &str) -> bool {
        let sql = format!("SELECT 1 FROM {} LIMIT 1", quote(table));
        self.conn.query_row(&sql, [], |_| Ok(())).is_err()
    }

    /// Run one read-only query; anything but reading is refused.
    pub fn run(&mut self, sql: &str) -> Result<QueryResult, QueryError> {
        let mut rows = Vec::new();
        let mut bytes = 0usize;
        let mut collect = |_: &[String], values: Vec<Value>| {
            if rows.len() == MAX_RESULT_ROWS {
                return Err(format!(
                    "query returned more than {MAX_RESULT_ROWS} rows; soc2 stopped reading (hint: return only the rows that are findings, or aggregate them with count(*) or group by)"
                ));
            }
            bytes += values.iter().map(value_bytes).sum::<usize>();
            if bytes > MAX_RESULT_BYTES {
                return Err(format!(
                    "query result is larger than {} MiB; soc2 stopped reading (hint: return fewer or shorter columns; nested values can be narrowed with json_extract)",
                    MAX_RESULT_BYTES >> 20
                ));
            }
            rows.push(values);
            Ok(())
        };
        let columns = self.run_each(sql, &mut collect)?;
        Ok(QueryResult { columns, rows })
    }

    /// Define a function of no arguments returning `value` in every query,
    /// like `soc2_now()` (`soc2_period_start()` over a period's tables).
    pub fn define_constant(&mut self, name: &str, value: String) -> Result<(), String> {
        self.conn
            .create_scalar_function(
                name,
                0,
                FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
                move |_| Ok(value.clone()),
            )
            .map_err(|e| e.to_string())
    }

    /// The columns `sql` returns, without running it.
    pub fn columns(&self, sql: &str) -> Result<Vec<String>, QueryError> {
        let stmt = self.conn.prepare(sql).map_err(|e| classify(e, false, false))?;
        if !stmt.readonly() {
            return Err(QueryError::sql("only SELECT queries are allowed".to_owned()));
        }
        Ok(stmt.column_names().map(str::to_owned).collect())
    }

    /// Run one read-only query, handing each row to `each` (which may stop
    /// it with a message) instead of collecting them: no bound on rows or
    /// bytes, the time limits of [`Engine::run`]. Returns the columns.
    pub fn run_each(&mut self, sql: &str, each: &mut EachRow<'_>) -> Result<Vec<String>, QueryError> {
        let started = Instant::now();
        if self.deadline.is_some_and(|d| started >= d) {
            return Err(QueryError::sql(format!(
                "not run: the queries of this evaluation used up their time budget ({}s) (hint: find the slow query among the errors above; SOC2_QUERY_BUDGET=SECONDS raises the budget)",
                run_budget().as_secs()
            )));
        }
        let sandbox = |e: rusqlite::Error| QueryError::sql(format!("cannot install the query sandbox: {e}"));
        self.conn.authorizer(Some(read_only)).map_err(sandbox)?;
        let stop = self.deadline.map_or(started + QUERY_TIME_LIMIT, |d| d.min(started + QUERY_TIME_LIMIT));
        let budget_first = self.deadline.is_some_and(|d| d < started + QUERY_TIME_LIMIT);
        self.conn.progress_handler(10_000, Some(move || Instant::now() > stop)).map_err(sandbox)?;
        let previous_length = self.conn.set_limit(rusqlite::limits::Limit::SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES);
        let result = self.run_unguarded(sql, each);
        if let Ok(previous) = previous_length {
            let _ = self.conn.set_limit(rusqlite::limits::Limit::SQLITE_LIMIT_LENGTH, previous);
        }
        let _ = self.conn.progress_handler(0, None::<fn() -> bool>);
        let _ = self.conn.authorizer(None::<fn(AuthContext<'_>) -> Authorization>);
        result.map_err(|e| match e {
            Run::Sql(e) => classify(e, Instant::now() > stop, budget_first),
            Run::TooLarge(message) => QueryError::sql(message),
        })
    }

    fn run_unguarded(&self, sql: &str, each: &mut EachRow<'_>) -> Result<Vec<String>, Run> {
        let mut stmt = self.conn.prepare(sql)?;
        if !stmt.readonly() {
            return Err(Run::Sql(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_AUTH),
                Some("only SELECT queries are allowed".into()),
            )));
        }
        let columns: Vec<String> = stmt.column_names().map(str::to_owned).collect();
        let width = columns.len();
        let mut cursor = stmt.query([])?;
        while let Some(row) = cursor.next()? {
            let mut values = Vec::with_capacity(width);
            for i in 0..width {
                values.push(to_json(row.get_ref(i)?));
            }
            each(&columns, values).map_err(Run::TooLarge)?;
        }
        Ok(columns)
    }
}

/// What [`Engine::run_each`] hands each row to: the columns and the row's
/// values; an `Err` stops the query with its message.
pub type EachRow<'a> = dyn FnMut(&[String], Vec<Value>) -> Result<(), String> + 'a;

/// What a value weighs against the result's byte bound.
fn value_bytes(v: &Value) -> usize {
    match v {
        Value::String(s) => s.len(),
        _ => 8,
    }
}

/// Why reading a result stopped: SQLite's error, or a bound of soc2's.
enum Run {
    Sql(rusqlite::Error),
    TooLarge(String),
}

impl From<rusqlite::Error> for Run {
    fn from(e: rusqlite::Error) -> Self {
        Run::Sql(e)
    }
}

fn classify(e: rusqlite::Error, timed_out: bool, budget_first: bool) -> QueryError {
    if timed_out && budget_first {
        return QueryError::sql(format!(
            "query stopped: the queries of this evaluation used up their time budget ({}s) (hint: make this query cheaper; SOC2_QUERY_BUDGET=SECONDS raises the budget)",
            run_budget().as_secs()
        ));
    }
    if timed_out {
        return QueryError::sql(format!(
            "query stopped after {}s (hint: a recursive CTE without a bound, or a join without a condition, runs forever; add a LIMIT or a join condition)",
            QUERY_TIME_LIMIT.as_secs()
        ));
    }
    if let rusqlite::Error::SqliteFailure(f, _) = &e {
        if f.code == rusqlite::ErrorCode::OutOfMemory {
            return QueryError::sql(format!(
                "query needs more memory than SQLite may use ({} MiB) (hint: join on a condition and return fewer rows; SOC2_QUERY_MEMORY_MB raises the limit)",
                heap_limit_bytes() >> 20
            ));
        }
        if f.code == rusqlite::ErrorCode::TooBig {
            return QueryError::sql(format!(
                "string or blob too big: a value may be at most {} MiB (hint: a query builds no values that large from evidence; check zeroblob, randomblob, printf and group_concat)",
                MAX_VALUE_BYTES >> 20
            ));
        }
    }
    let (message, offset) = match &e {
        rusqlite::Error::SqliteFailure(_, Some(m)) => (m.clone(), None),
        rusqlite::Error::SqlInputError { msg, offset, .. } => (msg.clone(), usize::try_from(*offset).ok()),
        other => (other.to_string(), None),
    };
    match message.strip_prefix("no such table: ") {
        Some(t) => QueryError::NoSuchTable(t.trim_start_matches("main.").to_owned()),
        None => QueryError::Sql { message, offset },
    }
}

/// The sandbox: reads, selects and plain functions only.
fn read_only(ctx: AuthContext<'_>) -> Authorization {
    match ctx.action {
        AuthAction::Select | AuthAction::Read { .. } | AuthAction::Recursive => Authorization::Allow,
        AuthAction::Function { function_name } => {
            let name = function_name.to_ascii_lowercase();
            if name == "load_extension"
                || name.starts_with("fts3_tokenizer")
                || name == "readfile"
                || name == "writefile"
            {
                Authorization::Deny
            } else {
                Authorization::Allow
            }
        }
        _ => Authorization::Deny,
    }
}

fn to_json(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::String(hex::encode(b)),
    }
}

/// Rows read from somewhere, each possibly failing with a located message.
pub type RowIter<'a> = Box<dyn Iterator<Item = Result<Row, LoadError>> + 'a>;

/// Rows of a JSONL text, one object per line; errors name the line.
pub fn jsonl_rows<'a>(path: &'a str, bytes: &'a [u8]) -> RowIter<'a> {
    Box::new(
        bytes.split(|b| *b == b'\n').enumerate().filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace)).map(
            move |(i, line)| {
                serde_json::from_slice::<Value>(line)
                    .map_err(|e| LoadError::line(path, i, format!("invalid JSON: {e}")))
                    .and_then(|v| match v {
                        Value::Object(m) => Ok(m),
                        _ => Err(LoadError::line(path, i, "expected a JSON object per line".into())),
                    })
            },
        ),
    )
}

/// The SQL type a column is declared with, from the JSON types seen in it.
#[derive(Default, Clone, Copy)]
struct ColumnTypes {
    int: bool,
    real: bool,
    text: bool,
}

impl ColumnTypes {
    fn see(&mut self, v: &Value) {
        match v {
            Value::Bool(_) => self.int = true,
            Value::Number(n) if n.is_i64() || n.is_u64() => self.int = true,
            Value::Number(_) => self.real = true,
            Value::String(_) | Value::Array(_) | Value::Object(_) => self.text = true,
            Value::Null => {}
        }
    }

    fn see_kind(&mut self, k: scan::Kind) {
        match k {
            scan::Kind::Int => self.int = true,
            scan::Kind::Real => self.real = true,
            scan::Kind::Text => self.text = true,
            scan::Kind::Null => {}
        }
    }

    fn declared(self) -> &'static str {
        match (self.int, self.real, self.text) {
            (_, _, true) if !self.int && !self.real => "TEXT",
            (true, false, false) => "INTEGER",
            (_, true, false) => "REAL",
            _ => "",
        }
    }
}

/// Create `schema.table` and insert every row; two passes, the first finding the columns.
fn fill_table_with<'a>(
    conn: &Connection,
    schema: &str,
    table: &str,
    known_columns: &[String],
    rows: impl Fn() -> RowIter<'a>,
) -> Result<u64, LoadError> {
    let mut columns: BTreeMap<String, ColumnTypes> =
        known_columns.iter().map(|c| (c.clone(), ColumnTypes::default())).collect();
    for row in rows() {
        for (k, v) in &row? {
            columns.entry(k.clone()).or_default().see(v);
        }
    }
    insert_rows(conn, schema, table, &columns, rows())
}

/// Create `schema.table` from a JSONL file. The first pass only notes keys and
/// value kinds (no values are built), the second parses and inserts.
pub fn fill_table_jsonl(
    conn: &Connection,
    schema: &str,
    table: &str,
    path: &str,
    bytes: &[u8],
    known_columns: &[String],
) -> Result<u64, LoadError> {
    let mut columns: BTreeMap<String, ColumnTypes> =
        known_columns.iter().map(|c| (c.clone(), ColumnTypes::default())).collect();
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let mut de = serde_json::Deserializer::from_slice(line);
        serde::de::DeserializeSeed::deserialize(scan::Scan { columns: &mut columns }, &mut de)
            .and_then(|()| de.end())
            .map_err(|e| LoadError::line(path, i, format!("invalid JSON: {e}")))?;
    }
    insert_rows(conn, schema, table, &columns, jsonl_rows(path, bytes))
}

fn insert_rows(
    conn: &Connection,
    schema: &str,
    table: &str,
    columns: &BTreeMap<String, ColumnTypes>,
    rows: RowIter<'_>,
) -> Result<u64, LoadError> {
    let names: Vec<&String> = columns.keys().collect();
    // SQLite column names ignore ASCII case; APIs return both `Id` and `id`.
    // The first in key order keeps its name, the others become `id_2`, `id_3`…
    let mut taken = BTreeSet::new();
    let defs: Vec<String> = columns
        .iter()
        .map(|(k, t)| {
            let mut name = k.clone();
            let mut n = 2;
            while !taken.insert(name.to_ascii_lowercase()) {
                name = format!("{k}_{n}");
                n += 1;
            }
            format!("{} {}", quote(&name), t.declared())
        })
        .collect();
    let target = format!("{schema}.{}", quote(table));
    let create = if defs.is_empty() {
        // A dataset with no rows still exists; give it a column so the table is valid.
        format!("CREATE TABLE {target} (_empty INTEGER)")
    } else {
        format!("CREATE TABLE {target} ({})", defs.join(", "))
    };
    let sql_err = LoadError::table(table);
    conn.execute_batch(&create).map_err(sql_err)?;
    if names.is_empty() {
        return Ok(0);
    }
    let placeholders = vec!["?"; names.len()].join(", ");
    let insert = format!("INSERT INTO {target} VALUES ({placeholders})");
    conn.execute_batch("BEGIN").map_err(sql_err)?;
    let mut count = 0u64;
    {
        let mut stmt = conn.prepare(&insert).map_err(sql_err)?;
        for row in rows {
            let row = row?;
            for (i, k) in names.iter().enumerate() {
                bind(&mut stmt, i + 1, row.get(k.as_str())).map_err(sql_err)?;
            }
            stmt.raw_execute().map_err(sql_err)?;
            count += 1;
        }
    }
    conn.execute_batch("COMMIT").map_err(sql_err)?;
    Ok(count)
}

/// Bind one JSON value without copying strings.
fn bind(stmt: &mut rusqlite::Statement<'_>, i: usize, v: Option<&Value>) -> rusqlite::Result<()> {
    match v {
        None | Some(Value::Null) => stmt.raw_bind_parameter(i, SqlValue::Null),
        Some(Value::Bool(b)) => stmt.raw_bind_parameter(i, i64::from(*b)),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(x) => stmt.raw_bind_parameter(i, x),
            None => stmt.raw_bind_parameter(i, n.as_f64()),
        },
        Some(Value::String(s)) => stmt.raw_bind_parameter(i, s.as_str()),
        Some(other) => stmt.raw_bind_parameter(i, other.to_string()),
    }
}

/// The schema pass over JSON objects: keys and value kinds, nothing allocated per value.
mod scan {
    use std::borrow::Cow;
    use std::collections::BTreeMap;
    use std::fmt;

    use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

    use super::ColumnTypes;

    pub struct Scan<'c> {
        pub columns: &'c mut BTreeMap<String, ColumnTypes>,
    }

    impl<'de> DeserializeSeed<'de> for Scan<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_map(self)
        }
    }

    impl<'de> Visitor<'de> for Scan<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object per line")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                let kind: Kind = map.next_value()?;
                match self.columns.get_mut(key.as_ref()) {
                    Some(t) => t.see_kind(kind),
                    None => self.columns.entry(key.into_owned()).or_default().see_kind(kind),
                }
            }
            Ok(())
        }
    }

    /// A key, borrowed from the input when it has no escapes.
    struct Key<'de>(Cow<'de, str>);

    impl<'de> de::Deserialize<'de> for Key<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Key<'de>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a key")
                }
                fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
                    Ok(Key(Cow::Borrowed(s)))
                }
                fn visit_str<E>(self, s: &str) -> Result<Key<'de>, E> {
                    Ok(Key(Cow::Owned(s.to_owned())))
                }
            }
            d.deserialize_str(V)
        }
    }

    /// What kind of JSON value a column holds.
    #[derive(Clone, Copy)]
    pub enum Kind {
        Null,
        Int,
        Real,
        Text,
    }

    impl<'de> de::Deserialize<'de> for Kind {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Kind;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a JSON value")
                }
                fn visit_bool<E>(self, _: bool) -> Result<Kind, E> {
                    Ok(Kind::Int)
                }
                fn visit_i64<E>(self, _: i64) -> Result<Kind, E> {
                    Ok(Kind::Int)
                }
                fn visit_u64<E>(self, _: u64) -> Result<Kind, E> {
                    Ok(Kind::Int)
                }
                fn visit_f64<E>(self, _: f64) -> Result<Kind, E> {
                    Ok(Kind::Real)
                }
                fn visit_str<E>(self, _: &str) -> Result<Kind, E> {
                    Ok(Kind::Text)
                }
                fn visit_unit<E>(self) -> Result<Kind, E> {
                    Ok(Kind::Null)
                }
                fn visit_none<E>(self) -> Result<Kind, E> {
                    Ok(Kind::Null)
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    Ok(Kind::Text)
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
                    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                    Ok(Kind::Text)
                }
            }
            d.deserialize_any(V)
        }
    }
}

/// Quote an identifier for SQL.
pub fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn engine_with(table: &str, rows: Vec<Value>) -> Engine {
        let mut e = Engine::new(Utc::now()).unwrap();
        let rows: Vec<Row> = rows.into_iter().map(|v| v.as_object().unwrap().clone()).collect();
        e.load_rows(table, || Box::new(rows.iter().cloned().map(Ok))).unwrap();
        e
    }

    #[test]
    fn json_types_map_to_sql() {
        let mut e =
            engine_with("t", vec![json!({"a": 1, "b": true, "c": {"x": [1, 2]}, "d": "s"}), json!({"a": 2, "e": 1.5})]);
        let r = e.run("select a, b, json_extract(c, '$.x[1]') as x, d, e from t order by a").unwrap();
        assert_eq!(r.columns, ["a", "b", "x", "d", "e"]);
        assert_eq!(r.rows[0], vec![json!(1), json!(1), json!(2), json!("s"), Value::Null]);
        assert_eq!(r.rows[1], vec![json!(2), Value::Null, Value::Null, Value::Null, json!(1.5)]);
    }

    #[test]
    fn sandbox_refuses_everything_but_reading() {
        let mut e = engine_with("t", vec![json!({"a": 1})]);
        for sql in [
            "insert into t values (2)",
            "delete from t",
            "update t set a = 3",
            "drop table t",
            "create table u (x)",
            "attach database '/tmp/x.db' as x",
            "select load_extension('/tmp/evil.so')",
            "pragma writable_schema = 1",
            "vacuum into '/tmp/copy.db'",
        ] {
            assert!(e.run(sql).is_err(), "{sql} should be refused");
        }
        assert_eq!(e.run("select count(*) as n from t").unwrap().rows[0][0], json!(1));
    }

    #[test]
    fn cached_tables_load_past_the_attach_limit() {
        let dir = tempfile::tempdir().unwrap();
        let tables: Vec<(String, std::path::PathBuf)> = (0..140)
            .map(|i| {
                let path = dir.path().join(format!("{i}.sqlite"));
                let conn = Connection::open(&path).unwrap();
                conn.execute_batch(&format!("CREATE TABLE data (n INTEGER); INSERT INTO data VALUES ({i});")).unwrap();
                (format!("t{i}"), path)
            })
            .collect();
        let mut e = Engine::new(Utc::now()).unwrap();
        e.load_cached(&tables).unwrap();
        let r = e.run("select (select n from t0) + (select n from t123) + (select n from t139) as s").unwrap();
        assert_eq!(r.rows[0][0], json!(262));
        assert!(e.attached > 100, "the attach limit was raised (see .cargo/config.toml): {}", e.attached);
    }

    #[test]
    fn missing_table_is_recognised() {
        let mut e = engine_with("t", vec![]);
        assert_eq!(e.run("select * from nope"), Err(QueryError::NoSuchTable("nope".into())));
    }
}
