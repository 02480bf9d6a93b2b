//! The evidence tables a repo knows (configured collectors and snapshots on
//! disk) and which of them each query reads.

use std::collections::{BTreeMap, BTreeSet};

use crate::dates::Duration;
use crate::evidence::{self, Meta, Snapshot};
use crate::files::RepoFiles;
use crate::query::Query;
use crate::query::engine::LoadError;
use crate::repo::Repo;
use crate::repo::control::Control;
use crate::repo::dataset::Schemas;

use super::in_scope;

/// A dataset table known to the repo: from a configured collector, evidence on disk, or both.
pub(super) struct TableInfo {
    pub(super) collector: String,
    pub(super) dataset: String,
    pub(super) snapshot: Option<Snapshot>,
    pub(super) meta: Option<Meta>,
    pub(super) max_age: Duration,
    pub(super) meta_error: Option<String>,
    /// The dataset's declared columns: the table has them even with no rows.
    pub(super) columns: Vec<String>,
}

pub(super) fn known_tables(repo: &Repo, files: &dyn RepoFiles) -> BTreeMap<String, TableInfo> {
    let mut tables = BTreeMap::new();
    for (table, spec, dataset, columns) in Schemas::builtin().configured(&repo.config.collectors) {
        let info = TableInfo {
            collector: spec.name.clone(),
            dataset,
            snapshot: None,
            meta: None,
            max_age: spec.max_age.unwrap_or(repo.config.max_age),
            meta_error: None,
            columns,
        };
        tables.insert(table, info);
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
            columns: Vec::new(),
        });
        entry.meta = meta;
        entry.meta_error = meta_error;
        entry.snapshot = Some(snap);
    }
    tables
}

pub(super) fn tables_meta(tables: &BTreeMap<String, TableInfo>) -> Vec<(String, &TableInfo)> {
    tables.iter().filter(|(_, t)| t.snapshot.is_some()).map(|(n, t)| (n.clone(), t)).collect()
}

/// The known tables a query's text mentions.
pub(super) fn query_tables(q: &Query, tables: &BTreeMap<String, TableInfo>) -> Vec<String> {
    let mut found: BTreeSet<String> = BTreeSet::new();
    for ident in q.identifiers() {
        let ident = ident.to_ascii_lowercase();
        if tables.contains_key(&ident) {
            found.insert(ident);
        }
    }
    found.into_iter().collect()
}

pub(super) fn needed_tables(
    repo: &Repo,
    controls: &[&Control],
    tables: &BTreeMap<String, TableInfo>,
) -> BTreeSet<String> {
    controls
        .iter()
        .filter(|c| in_scope(repo, c))
        .flat_map(|c| c.def.queries.iter())
        .filter_map(|r| repo.queries.get(&r.query))
        .flat_map(|q| query_tables(q, tables))
        .collect()
}

/// How far in the future a collection time may be before it is an error
/// (clocks of the collecting and checking machines differ a little).
const CLOCK_SKEW_SECONDS: i64 = 3600;

/// The data file and its meta are one unit: a data file whose sha256 differs
/// from its meta's was changed after collection (or a collect was killed
/// between the two renames), and a collection time later than the evaluation
/// is not evidence either. Each such table becomes an error naming the file;
/// the meta a killed collect left pending is used when it matches the data.
pub(super) fn verify_integrity(
    tables: &mut BTreeMap<String, TableInfo>,
    needed: &BTreeSet<String>,
    files: &dyn RepoFiles,
    loader: &mut dyn crate::query::loader::TableLoader,
    now: chrono::DateTime<chrono::Utc>,
) -> BTreeMap<String, LoadError> {
    let mut errors = BTreeMap::new();
    for name in needed {
        let Some(info) = tables.get_mut(name) else { continue };
        let Some(snap) = &info.snapshot else { continue };
        let Some(path) = snap.data_path.clone() else { continue };
        if let Some(expected) = info.meta.as_ref().and_then(|m| m.sha256.clone()) {
            let Ok(actual) = loader.sha256(files, &path) else { continue };
            if actual != expected {
                let pending = snap.pending_meta_path.as_deref().and_then(|p| evidence::read_meta_at(files, p).ok());
                match pending {
                    Some(m) if m.sha256.as_deref() == Some(actual.as_str()) => info.meta = Some(m),
                    _ => {
                        let short = |s: &str| s.get(..12).unwrap_or(s).to_owned();
                        errors.insert(
                            name.clone(),
                            LoadError::Tampered {
                                path,
                                actual: short(&actual),
                                expected: short(&expected),
                                collector: info.collector.clone(),
                            },
                        );
                        continue;
                    }
                }
            }
        }
        let Some(at) = info.meta.as_ref().and_then(|m| m.collected_at.clone()) else { continue };
        let meta_file = snap.meta_path.clone().unwrap_or_default();
        match crate::dates::parse_timestamp(&at) {
            Err(e) => {
                errors.insert(name.clone(), LoadError::CollectedAt { meta: meta_file, at, message: e.message });
            }
            Ok(t) if (t - now).num_seconds() > CLOCK_SKEW_SECONDS => {
                let now = crate::dates::format_timestamp(now);
                errors.insert(name.clone(), LoadError::FromTheFuture { meta: meta_file, at, now });
            }
            Ok(_) => {}
        }
    }
    errors
}
