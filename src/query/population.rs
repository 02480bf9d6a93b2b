//! A query's population: the rows it examines. A query that finds no
//! violation has proved something only if it examined something, so a
//! control passes only on a non-empty population.
//!
//! A query states its population in its header, one line per table:
//!
//! ```sql
//! -- population: access_reviews since review_date 100d
//! -- population: hr_roster where status = 'terminated' since end_date 365d
//! ```
//!
//! `where` takes an SQL condition over the table's columns; `since COLUMN
//! DURATION` keeps the rows whose date column falls in the last DURATION
//! before the evaluation time. A query without the header examines every
//! evidence table it reads.

use chrono::{DateTime, Utc};

use crate::dates::Duration;

/// The rows one query examines in one table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Population {
    pub table: String,
    /// An SQL condition over the table's columns.
    pub condition: Option<String>,
    /// A date column and how far back from the evaluation time rows count.
    pub since: Option<(String, Duration)>,
}

impl Population {
    /// Every row of `table`.
    pub fn whole(table: &str) -> Population {
        Population { table: table.to_owned(), condition: None, since: None }
    }

    /// Parse the text after `-- population:`.
    pub fn parse(text: &str) -> Result<Population, String> {
        let text = text.trim();
        let (rest, since) = match text.rsplit_once(" since ") {
            Some((rest, window)) => {
                let mut parts = window.split_whitespace();
                let (Some(column), Some(duration), None) = (parts.next(), parts.next(), parts.next()) else {
                    return Err(format!(
                        "`since {window}`: write `since COLUMN DURATION`, e.g. `since review_date 90d`"
                    ));
                };
                if !is_identifier(column) {
                    return Err(format!("`{column}` is not a column name"));
                }
                let duration: Duration = duration.parse().map_err(|e: crate::dates::ParseError| e.message)?;
                (rest.trim(), Some((column.to_owned(), duration)))
            }
            None => (text, None),
        };
        let (table, condition) = match rest.split_once(char::is_whitespace) {
            None => (rest, None),
            Some((table, cond)) => match cond.trim().strip_prefix("where ") {
                Some(c) if !c.trim().is_empty() => (table, Some(c.trim().to_owned())),
                _ => {
                    return Err(format!(
                        "after the table `{table}`, write `where CONDITION` or `since COLUMN DURATION`"
                    ));
                }
            },
        };
        if !is_identifier(table) {
            return Err(format!("`{table}` is not a table name"));
        }
        if condition.as_deref().is_some_and(|c| c.contains(';')) {
            return Err("the condition is one SQL expression (no `;`)".to_owned());
        }
        Ok(Population { table: table.to_ascii_lowercase(), condition, since })
    }

    /// The query counting the population's rows.
    pub fn count_sql(&self) -> String {
        let mut filters = Vec::new();
        if let Some(c) = &self.condition {
            filters.push(format!("({c})"));
        }
        if let Some((column, duration)) = &self.since {
            filters.push(format!(
                "julianday(\"{column}\") >= julianday(soc2_now()) - {}",
                duration.seconds() as f64 / 86_400.0
            ));
        }
        let filter = if filters.is_empty() { String::new() } else { format!(" WHERE {}", filters.join(" AND ")) };
        format!("SELECT count(*) FROM \"{}\"{filter}", self.table)
    }

    /// `access_reviews with review_date since 2026-08-30`, for reasons people read.
    pub fn describe(&self, now: DateTime<Utc>) -> String {
        let mut out = self.table.clone();
        if let Some(c) = &self.condition {
            out.push_str(&format!(" where {c}"));
        }
        if let Some((column, duration)) = &self.since {
            let from = (now - duration.as_chrono()).format("%Y-%m-%d");
            out.push_str(&format!(" with {column} since {from}"));
        }
        out
    }
}

fn is_identifier(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The `-- population:` lines of a query's header, each with its 1-based line.
pub fn declared(sql: &str) -> Vec<(usize, &str)> {
    sql.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .take_while(|(_, l)| l.is_empty() || l.starts_with("--"))
        .filter_map(|(i, l)| l.trim_start_matches('-').trim().strip_prefix("population:").map(|p| (i, p.trim())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_table_condition_and_window() {
        let p = Population::parse("hr_roster where status = 'terminated' since end_date 365d").unwrap();
        assert_eq!(p.table, "hr_roster");
        assert_eq!(p.condition.as_deref(), Some("status = 'terminated'"));
        assert_eq!(p.since, Some(("end_date".to_owned(), Duration::from_days(365))));
        assert_eq!(
            p.count_sql(),
            "SELECT count(*) FROM \"hr_roster\" WHERE (status = 'terminated') AND julianday(\"end_date\") >= julianday(soc2_now()) - 365"
        );
        assert_eq!(Population::parse("git_commits").unwrap(), Population::whole("git_commits"));
        assert!(Population::parse("git_commits since committed_at").is_err());
        assert!(Population::parse("git commits").is_err());
        assert!(Population::parse("t where 1; drop table t").is_err());
    }

    #[test]
    fn only_header_lines_count() {
        let sql = "-- Leavers.\n-- tables: hr_roster\n-- population: hr_roster where status = 'terminated'\nSELECT 1\n-- population: x\n";
        assert_eq!(declared(sql), [(3, "hr_roster where status = 'terminated'")]);
    }
}
