//! Evidence queries: `queries/*.sql`, one SQL statement per file.

pub mod cache;
pub mod engine;
pub mod loader;
pub mod population;

use population::Population;

/// A query file.
#[derive(Clone, Debug)]
pub struct Query {
    /// The file stem; controls refer to queries by it.
    pub name: String,
    pub path: String,
    pub sql: String,
    /// The first comment line, as a human description.
    pub description: Option<String>,
    /// The rows it examines, as its header states them (`-- population:`);
    /// empty when it states none.
    pub populations: Vec<Population>,
}

impl Query {
    pub fn new(name: String, path: String, sql: String) -> Self {
        let description = sql
            .lines()
            .map(str::trim)
            .take_while(|l| l.starts_with("--"))
            .map(|l| l.trim_start_matches('-').trim())
            .find(|l| !l.is_empty() && !l.contains(':'))
            .map(str::to_owned);
        let populations =
            population::declared(&sql).into_iter().filter_map(|(_, p)| Population::parse(p).ok()).collect();
        Query { name, path, sql, description, populations }
    }

    /// Identifiers in the SQL that could name tables; used to load only what a query needs.
    pub fn identifiers(&self) -> impl Iterator<Item = &str> {
        self.sql
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| w.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_'))
    }
}
