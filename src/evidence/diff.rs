//! What a change did to one dataset snapshot: rows added, removed and
//! changed between two versions of its JSONL file.
//!
//! Rows are JSON objects, one a line, with sorted keys, so identical rows
//! are identical lines: lines present on one side only are the difference.
//! A row counts as *changed* (rather than one removed plus one added) when
//! the dataset has a key column: the first of [`KEY_COLUMNS`] that every
//! differing row carries as a scalar, unique among the rows removed and
//! among the rows added. Without one, only added and removed lines are counted.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::Value;

use crate::files::changes::Changes;

/// Columns that name a row, most specific first.
pub const KEY_COLUMNS: [&str; 13] =
    ["id", "uid", "uuid", "arn", "key", "login", "email", "sha", "number", "path", "resource", "name", "url"];

/// Keys shown per list (added, removed, changed) before the rest are counted.
pub const EXAMPLES: usize = 5;

/// How the rows of a dataset differ between two versions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RowDiff {
    pub rows_before: usize,
    pub rows_after: usize,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    /// The key column rows were matched by, if the dataset has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The keys of the first added, removed and changed rows (with a key column).
    #[serde(skip_serializing_if = "Examples::is_empty")]
    pub examples: Examples,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Examples {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<String>,
}

impl Examples {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// The rows of a JSONL file: its non-empty lines, without a trailing `\r`.
fn rows(data: &[u8]) -> Vec<&[u8]> {
    data.split(|b| *b == b'\n').map(|l| l.strip_suffix(b"\r").unwrap_or(l)).filter(|l| !l.is_empty()).collect()
}

/// Lines of `a` not matched by an equal line of `b`, counting duplicates, in `a`'s order.
fn only_in<'a>(a: &[&'a [u8]], b: &[&[u8]]) -> Vec<&'a [u8]> {
    let mut left: HashMap<&[u8], usize> = HashMap::with_capacity(b.len());
    for l in b {
        *left.entry(l).or_insert(0) += 1;
    }
    let mut out = Vec::new();
    for l in a {
        match left.get_mut(l) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push(*l),
        }
    }
    out
}

/// A key column's value as text, if it is a usable key (a string, number or bool).
fn key_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The values of `column` in `rows`, if every row has one and they are unique.
fn keyed(rows: &[BTreeMap<String, Value>], column: &str) -> Option<Vec<String>> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let k = key_text(r.get(column)?)?;
        if !seen.insert(k.clone()) {
            return None;
        }
        out.push(k);
    }
    Some(out)
}

/// Compare two versions of a dataset's JSONL data (either may be absent).
pub fn diff(before: Option<&[u8]>, after: Option<&[u8]>) -> RowDiff {
    let old = before.map(rows).unwrap_or_default();
    let new = after.map(rows).unwrap_or_default();
    let removed = only_in(&old, &new);
    let added = only_in(&new, &old);
    let mut out = RowDiff {
        rows_before: old.len(),
        rows_after: new.len(),
        added: added.len(),
        removed: removed.len(),
        ..RowDiff::default()
    };
    let parse = |lines: &[&[u8]]| -> Option<Vec<BTreeMap<String, Value>>> {
        lines.iter().map(|l| serde_json::from_slice(l).ok()).collect()
    };
    let (Some(old_rows), Some(new_rows)) = (parse(&removed), parse(&added)) else { return out };
    if old_rows.is_empty() && new_rows.is_empty() {
        return out;
    }
    let Some((column, old_keys, new_keys)) =
        KEY_COLUMNS.iter().find_map(|col| Some((*col, keyed(&old_rows, col)?, keyed(&new_rows, col)?)))
    else {
        return out;
    };
    let old_set: std::collections::BTreeSet<&String> = old_keys.iter().collect();
    let new_set: std::collections::BTreeSet<&String> = new_keys.iter().collect();
    let mut changed: Vec<String> = new_keys.iter().filter(|k| old_set.contains(k)).cloned().collect();
    let mut only_new: Vec<String> = new_keys.iter().filter(|k| !old_set.contains(k)).cloned().collect();
    let mut only_old: Vec<String> = old_keys.iter().filter(|k| !new_set.contains(k)).cloned().collect();
    out.changed = changed.len();
    out.added = only_new.len();
    out.removed = only_old.len();
    out.key = Some(column.to_owned());
    for list in [&mut changed, &mut only_new, &mut only_old] {
        list.sort();
        list.truncate(EXAMPLES);
    }
    out.examples = Examples { added: only_new, removed: only_old, changed };
    out
}

/// How a dataset's snapshot changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DatasetChangeKind {
    /// The dataset is new.
    Added,
    /// The dataset is gone.
    Removed,
    /// Its rows differ.
    Changed,
    /// Same rows, new meta: collected again, or a collection failed.
    Refreshed,
}

impl DatasetChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DatasetChangeKind::Added => "added",
            DatasetChangeKind::Removed => "removed",
            DatasetChangeKind::Changed => "changed",
            DatasetChangeKind::Refreshed => "refreshed",
        }
    }
}

/// What a change did to one dataset snapshot under `evidence/`.
#[derive(Clone, Debug, Serialize)]
pub struct DatasetChange {
    pub collector: String,
    pub dataset: String,
    /// The table queries read it as.
    pub table: String,
    /// The data file, relative to the compliance repo.
    pub path: String,
    pub change: DatasetChangeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collected_before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collected_after: Option<String>,
    #[serde(flatten)]
    pub rows: RowDiff,
}

/// The collector and dataset of a snapshot file (`evidence/<collector>/<dataset>.jsonl`
/// or `.meta.json`, relative to the compliance root).
fn dataset_of(path: &str) -> Option<(String, String)> {
    let rest = path.strip_prefix("evidence/")?;
    let (collector, file) = rest.split_once('/')?;
    if super::RECORD_DIRS.contains(&collector) || file.contains('/') {
        return None;
    }
    let dataset = file.strip_suffix(".jsonl").or_else(|| file.strip_suffix(".meta.json"))?;
    Some((collector.to_owned(), dataset.to_owned()))
}

/// Every dataset snapshot the change touched, by table, with its rows compared.
pub fn datasets(changes: &Changes) -> Vec<DatasetChange> {
    let mut keys = std::collections::BTreeSet::new();
    for f in changes.root_files() {
        keys.extend(dataset_of(&f.path));
        keys.extend(f.old_path.as_deref().and_then(dataset_of));
    }
    let collected = |bytes: Option<Vec<u8>>| -> Option<String> {
        bytes.and_then(|b| serde_json::from_slice::<super::Meta>(&b).ok()).and_then(|m| m.collected_at)
    };
    let mut out: Vec<DatasetChange> = keys
        .into_iter()
        .filter_map(|(collector, dataset)| {
            let data = format!("{}{}", changes.prefix, super::data_path(&collector, &dataset));
            let meta = format!("{}{}", changes.prefix, super::meta_path(&collector, &dataset));
            let (before, after) = (changes.read_base(&data), changes.read_head(&data));
            let (meta_before, meta_after) = (changes.read_base(&meta), changes.read_head(&meta));
            let change = match (&before, &after) {
                (None, None) if meta_before.is_none() => DatasetChangeKind::Added,
                (None, None) if meta_after.is_none() => DatasetChangeKind::Removed,
                (None, None) => DatasetChangeKind::Refreshed,
                (None, Some(_)) => DatasetChangeKind::Added,
                (Some(_), None) => DatasetChangeKind::Removed,
                (Some(a), Some(b)) if a == b => {
                    if meta_before == meta_after {
                        return None;
                    }
                    DatasetChangeKind::Refreshed
                }
                (Some(_), Some(_)) => DatasetChangeKind::Changed,
            };
            Some(DatasetChange {
                table: super::table_name(&collector, &dataset),
                path: super::data_path(&collector, &dataset),
                collector,
                dataset,
                change,
                collected_before: collected(meta_before),
                collected_after: collected(meta_after),
                rows: diff(before.as_deref(), after.as_deref()),
            })
        })
        .collect();
    out.sort_by(|a, b| a.table.cmp(&b.table).then(a.path.cmp(&b.path)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_matched_by_a_key_column() {
        let before =
            b"{\"email\":\"a@x\",\"mfa\":true}\n{\"email\":\"b@x\",\"mfa\":true}\n{\"email\":\"c@x\",\"mfa\":true}\n";
        let after =
            b"{\"email\":\"a@x\",\"mfa\":true}\n{\"email\":\"b@x\",\"mfa\":false}\n{\"email\":\"d@x\",\"mfa\":true}\n";
        let d = diff(Some(before), Some(after));
        assert_eq!((d.rows_before, d.rows_after, d.added, d.removed, d.changed), (3, 3, 1, 1, 1));
        assert_eq!(d.key.as_deref(), Some("email"));
        assert_eq!(d.examples.changed, ["b@x"]);
        assert_eq!(d.examples.added, ["d@x"]);
        assert_eq!(d.examples.removed, ["c@x"]);
    }

    #[test]
    fn without_a_key_lines_are_counted() {
        let d = diff(Some(b"{\"n\":1}\n{\"n\":1}\n{\"n\":2}\n"), Some(b"{\"n\":1}\n{\"n\":3}\n"));
        assert_eq!((d.added, d.removed, d.changed, d.key), (1, 2, 0, None));
        let d = diff(None, Some(b"{\"id\":1}\n"));
        assert_eq!((d.rows_before, d.rows_after, d.added, d.key.as_deref()), (0, 1, 1, Some("id")));
        assert_eq!(diff(Some(b"not json\n"), Some(b"{\"id\":1}\n")).key, None);
    }

    #[test]
    fn a_key_must_be_unique() {
        let d = diff(Some(b"{\"id\":1,\"v\":1}\n"), Some(b"{\"id\":1,\"v\":2}\n{\"id\":1,\"v\":3}\n"));
        assert_eq!((d.added, d.removed, d.changed, d.key), (2, 1, 0, None));
    }
}
