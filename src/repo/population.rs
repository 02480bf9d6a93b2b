//! A control's population over a Type II period, as its YAML declares it:
//! the query listing every occurrence, the key that identifies one, how
//! often the control operates (which sets the sample size), what marks a
//! deviation, and an optional reconciliation against a second source.
//!
//! ```yaml
//! population:
//!   query: merged_prs_population      # queries/<name>.sql, over the period tables
//!   key: [repo, number]
//!   date: merged_at
//!   frequency: many-times-a-day
//!   deviation: "approvals_at_merge = 0"
//!   reconcile: { query: default_branch_merges_population, key: [sha], on: [merge_commit_sha] }
//! ```

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::repo::control::Control;
use crate::repo::yaml::Seg;

/// How often a control operates: the row of the sample-size guide it reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Frequency {
    Annual,
    Quarterly,
    Monthly,
    Weekly,
    Daily,
    /// Recurring: many times a day (each merge, each alert).
    ManyTimesADay,
}

impl Frequency {
    pub const ALL: [Frequency; 6] = [
        Frequency::Annual,
        Frequency::Quarterly,
        Frequency::Monthly,
        Frequency::Weekly,
        Frequency::Daily,
        Frequency::ManyTimesADay,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Annual => "annual",
            Frequency::Quarterly => "quarterly",
            Frequency::Monthly => "monthly",
            Frequency::Weekly => "weekly",
            Frequency::Daily => "daily",
            Frequency::ManyTimesADay => "many-times-a-day",
        }
    }

    /// The guide's range of items to test for this frequency: annual 1;
    /// quarterly 2; monthly 2–5; weekly 5–15; daily 20–40; many times a day 25–60.
    pub fn guide(self) -> (usize, usize) {
        match self {
            Frequency::Annual => (1, 1),
            Frequency::Quarterly => (2, 2),
            Frequency::Monthly => (2, 5),
            Frequency::Weekly => (5, 15),
            Frequency::Daily => (20, 40),
            Frequency::ManyTimesADay => (25, 60),
        }
    }
}

/// A second source the population is reconciled with, for completeness:
/// items of one that the other lacks are deviations of their own kind.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReconcileDef {
    /// `queries/<name>.sql`, run over the period tables like the population query.
    pub query: String,
    /// The columns of its rows that identify an occurrence.
    #[serde(deserialize_with = "one_or_many")]
    #[schemars(with = "OneOrMany")]
    pub key: Vec<String>,
    /// The population's columns that hold the same values, in the same
    /// order (default: the population's `key`). A population item whose
    /// `on` columns are all null is not expected in the second source.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "some_one_or_many")]
    #[schemars(with = "Option<OneOrMany>")]
    pub on: Option<Vec<String>>,
    /// Its column holding the occurrence's date: rows dated outside the period are left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// A control's population over an audit period.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PopulationDef {
    /// `queries/<name>.sql`, run over the period tables: every snapshot of
    /// its datasets committed in the period, one row per distinct row with
    /// `_first_seen`, `_first_commit`, `_last_seen` and `_last_commit`. It
    /// must return `_first_seen` and `_first_commit`.
    pub query: String,
    /// The columns that identify one occurrence (`[repo, number]`, `email`).
    #[serde(deserialize_with = "one_or_many")]
    #[schemars(with = "OneOrMany")]
    pub key: Vec<String>,
    /// The column holding the occurrence's date: items dated outside the
    /// period are left out (items without a date are kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// How often the control operates; sets the sample size.
    pub frequency: Frequency,
    /// An SQL condition over the query's columns marking a deviation,
    /// judged on the row as first seen. Without it, a `deviation` column of
    /// the query does (null, 0, false, '' or 'no' mean none; other text is
    /// the reason).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deviation: Option<String>,
    /// A second source to reconcile the population with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconcile: Option<ReconcileDef>,
    /// Items to sample instead of the guide's lower bound for `frequency`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub sample_size: Option<usize>,
}

/// `key: email` or `key: [repo, number]`.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        One(String),
        Many(Vec<String>),
    }
    let raw = Raw::deserialize(d)
        .map_err(|_| serde::de::Error::custom("expected a column name or a list of column names"))?;
    Ok(match raw {
        Raw::One(s) => vec![s],
        Raw::Many(v) => v,
    })
}

fn some_one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    one_or_many(d).map(Some)
}

impl PopulationDef {
    /// The population's columns the reconciling source's key matches.
    pub fn reconcile_on(&self) -> Option<&[String]> {
        self.reconcile.as_ref().map(|r| r.on.as_deref().unwrap_or(&self.key))
    }

    /// The queries it runs: the population's and the reconciling one's.
    pub fn queries(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.query.as_str()).chain(self.reconcile.as_ref().map(|r| r.query.as_str()))
    }
}

/// A column name as a population names it: a plain SQL identifier.
fn is_column(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Check a control's `population:` beyond what serde checks: column names,
/// the deviation condition, the reconciliation's key, and that its queries
/// exist (`known` holds every query name).
pub fn check(c: &Control, known: &BTreeSet<&str>, diags: &mut Diagnostics) {
    let Some(p) = &c.def.population else { return };
    let at = |path: &[Seg<'_>]| -> Position {
        let mut full = vec![Seg::Key("population")];
        full.extend_from_slice(path);
        c.index.value(&full)
    };
    let err = |pos: Position, msg: String| Diagnostic::error(&c.path, msg).at(pos);
    let query_ref = |name: &str, path: &[Seg<'_>], diags: &mut Diagnostics| {
        if !known.contains(name) {
            let hint = crate::diagnostic::did_you_mean(name, known.iter().copied()).map_or_else(
                || "no query has that name; expected queries/<name>.sql".to_owned(),
                |s| format!("did you mean `{s}`?"),
            );
            diags.push(err(at(path), format!("unknown query `{name}`")).with_hint(hint));
        }
    };
    query_ref(&p.query, &[Seg::Key("query")], diags);
    check_columns(&p.key, &[Seg::Key("key")], "key", &at, &c.path, diags);
    if let Some(d) = &p.date
        && !is_column(d)
    {
        diags.push(err(at(&[Seg::Key("date")]), format!("`population.date`: `{d}` is not a column name")));
    }
    if let Some(cond) = &p.deviation {
        if cond.trim().is_empty() {
            diags.push(
                err(at(&[Seg::Key("deviation")]), "`population.deviation` is empty".into())
                    .with_hint("write an SQL condition over the query's columns, e.g. `approvals = 0`"),
            );
        } else if cond.contains(';') {
            diags.push(
                err(at(&[Seg::Key("deviation")]), "`population.deviation` is one SQL condition (no `;`)".into())
                    .with_hint("write a condition such as `approvals = 0 OR approved_at > merged_at`"),
            );
        }
    }
    if p.sample_size == Some(0) {
        diags.push(
            err(at(&[Seg::Key("sample_size")]), "`population.sample_size` must be at least 1".into())
                .with_hint("leave it out to take the guide's size for the frequency"),
        );
    }
    if let Some(r) = &p.reconcile {
        query_ref(&r.query, &[Seg::Key("reconcile"), Seg::Key("query")], diags);
        check_columns(&r.key, &[Seg::Key("reconcile"), Seg::Key("key")], "reconcile.key", &at, &c.path, diags);
        if let Some(on) = &r.on {
            check_columns(on, &[Seg::Key("reconcile"), Seg::Key("on")], "reconcile.on", &at, &c.path, diags);
        }
        let on = r.on.as_deref().unwrap_or(&p.key);
        if on.len() != r.key.len() {
            let (pos, what) = match &r.on {
                Some(_) => (at(&[Seg::Key("reconcile"), Seg::Key("on")]), "`reconcile.on`"),
                None => (at(&[Seg::Key("reconcile"), Seg::Key("key")]), "the population's `key`"),
            };
            diags.push(
                err(
                    pos,
                    format!(
                        "`population.reconcile.key` has {} column(s), {what} has {}: they are matched in order",
                        r.key.len(),
                        on.len()
                    ),
                )
                .with_hint("name as many columns in `reconcile.on` (the population's) as in `reconcile.key`"),
            );
        }
        if let Some(d) = &r.date
            && !is_column(d)
        {
            diags.push(err(
                at(&[Seg::Key("reconcile"), Seg::Key("date")]),
                format!("`population.reconcile.date`: `{d}` is not a column name"),
            ));
        }
    }
}

fn check_columns(
    columns: &[String],
    path: &[Seg<'_>],
    field: &str,
    at: &dyn Fn(&[Seg<'_>]) -> Position,
    file: &str,
    diags: &mut Diagnostics,
) {
    if columns.is_empty() {
        diags.push(
            Diagnostic::error(file, format!("`population.{field}` names no column"))
                .at(at(path))
                .with_hint("name the columns that identify one occurrence, e.g. `[repo, number]`"),
        );
    }
    let mut seen = BTreeSet::new();
    for (i, col) in columns.iter().enumerate() {
        let mut item = path.to_vec();
        item.push(Seg::Index(i));
        if !is_column(col) {
            diags.push(
                Diagnostic::error(file, format!("`population.{field}`: `{col}` is not a column name"))
                    .at(at(&item))
                    .with_hint("a column of the query's result: letters, digits and `_`"),
            );
        } else if !seen.insert(col.to_ascii_lowercase()) {
            diags.push(Diagnostic::error(file, format!("`population.{field}` names `{col}` twice")).at(at(&item)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guide_has_a_range_per_frequency() {
        let lows: Vec<usize> = Frequency::ALL.iter().map(|f| f.guide().0).collect();
        assert_eq!(lows, [1, 2, 2, 5, 20, 25]);
        let highs: Vec<usize> = Frequency::ALL.iter().map(|f| f.guide().1).collect();
        assert_eq!(highs, [1, 2, 5, 15, 40, 60]);
    }

    #[test]
    fn key_is_one_column_or_a_list() {
        let p: PopulationDef = serde_yaml::from_str("query: q\nkey: email\nfrequency: daily\n").unwrap();
        assert_eq!(p.key, ["email"]);
        let p: PopulationDef =
            serde_yaml::from_str("query: q\nkey: [repo, number]\nfrequency: many-times-a-day\n").unwrap();
        assert_eq!(p.key, ["repo", "number"]);
        assert_eq!(p.frequency, Frequency::ManyTimesADay);
        assert!(serde_yaml::from_str::<PopulationDef>("query: q\nkey: {a: 1}\nfrequency: daily\n").is_err());
    }
}
