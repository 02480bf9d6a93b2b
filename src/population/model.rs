//! What a population is made of: items, their versions' rows, deviations,
//! remediations, the reconciliation's unrecorded occurrences, and the counts.

use super::*;

/// What kind of deviation an item carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeviationKind {
    /// The occurrence failed its test when it occurred (as first seen).
    Failed,
    /// In the population, absent from the reconciling source.
    Unmatched,
    /// In the reconciling source, absent from the population.
    Unrecorded,
}

impl DeviationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeviationKind::Failed => "failed",
            DeviationKind::Unmatched => "unmatched",
            DeviationKind::Unrecorded => "unrecorded",
        }
    }
}

/// One deviation of an item. (Fields in key order: items are hashed as serialized.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Deviation {
    /// For a failed item: the commit of the first snapshot showing it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    pub kind: DeviationKind,
    pub reason: String,
    /// For a failed item: when that snapshot was committed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen: Option<String>,
}

impl Deviation {
    pub(super) fn new(kind: DeviationKind, reason: String) -> Deviation {
        Deviation { commit: None, kind, reason, seen: None }
    }
}

/// When a failed occurrence was first seen no longer deviating.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Remediation {
    pub commit: String,
    pub seen: String,
}

/// One occurrence: its key, the row as first seen and where it comes from.
/// Serialized with keys in sorted order: this is the population's canonical form.
#[derive(Clone, Debug, Serialize)]
pub struct Item {
    /// The `date` column's value, as text.
    pub date: Option<String>,
    pub deviations: Vec<Deviation>,
    /// The commit of the first snapshot holding it, and that snapshot's time.
    pub first_commit: String,
    pub first_seen: String,
    pub key: Vec<Value>,
    pub last_commit: String,
    pub last_seen: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remediated: Option<Remediation>,
    /// The population query's row as first seen (provenance columns left out).
    pub row: Row,
    /// How many distinct versions of it the snapshots held.
    pub versions: usize,
}

impl Item {
    /// The key as one compact JSON array: what the sample's ranking hashes.
    pub fn key_text(&self) -> String {
        key_text(&self.key)
    }

    pub fn deviates(&self) -> bool {
        !self.deviations.is_empty()
    }

    pub fn failed(&self) -> bool {
        self.deviations.iter().any(|d| d.kind == DeviationKind::Failed)
    }

    /// Whether it was first seen more than [`RECORDING_LAG_DAYS`] after its
    /// date (an undated item, or one whose times do not read, never is).
    pub fn recorded_late(&self) -> bool {
        let parse = |t: &str| crate::dates::parse_timestamp(t).ok();
        match (self.date.as_deref().and_then(parse), parse(&self.first_seen)) {
            (Some(date), Some(seen)) => seen - date > chrono::Duration::days(RECORDING_LAG_DAYS),
            _ => false,
        }
    }
}

/// A row of the population query, its values in the query's column order;
/// it serializes as a JSON object with sorted keys (like `serde_json::Map`).
#[derive(Clone, Debug)]
pub struct Row {
    pub(super) columns: Arc<RowColumns>,
    pub(super) values: Vec<Value>,
}

/// The column names of a query's rows, shared by every row.
#[derive(Debug)]
pub(super) struct RowColumns {
    names: Vec<String>,
    /// Indices into `names` in name order, a repeated name kept once (its last column).
    sorted: Vec<usize>,
}

impl RowColumns {
    pub(super) fn new(names: Vec<String>) -> RowColumns {
        let mut sorted: Vec<usize> = (0..names.len()).collect();
        sorted.sort_by(|&a, &b| names[a].cmp(&names[b]).then(a.cmp(&b)));
        let mut kept: Vec<usize> = Vec::with_capacity(sorted.len());
        for i in sorted {
            match kept.last_mut() {
                Some(last) if names[*last] == names[i] => *last = i,
                _ => kept.push(i),
            }
        }
        RowColumns { names, sorted: kept }
    }
}

impl Row {
    /// The columns and values, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.columns.sorted.iter().filter_map(|&i| Some((self.columns.names.get(i)?.as_str(), self.values.get(i)?)))
    }

    /// The value of column `name`, its case ignored.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.iter()
            .find(|(c, _)| *c == name)
            .or_else(|| self.iter().find(|(c, _)| c.eq_ignore_ascii_case(name)))
            .map(|(_, v)| v)
    }

    pub fn to_map(&self) -> Map<String, Value> {
        self.iter().map(|(c, v)| (c.to_owned(), v.clone())).collect()
    }
}

impl Serialize for Row {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.columns.sorted.len()))?;
        for (c, v) in self.iter() {
            map.serialize_entry(c, v)?;
        }
        map.end()
    }
}

/// `["svc-01",42]`.
pub fn key_text(key: &[Value]) -> String {
    serde_json::to_string(key).unwrap_or_default()
}

/// An occurrence the reconciling source holds and the population lacks.
#[derive(Clone, Debug, Serialize)]
pub struct Unrecorded {
    pub deviation: Deviation,
    pub first_commit: Option<String>,
    pub first_seen: Option<String>,
    pub key: Vec<Value>,
    pub row: Map<String, Value>,
}

/// How the population compares with its reconciling source.
#[derive(Clone, Debug, Serialize)]
pub struct Reconciliation {
    pub query: String,
    pub key: Vec<String>,
    pub on: Vec<String>,
    /// Distinct occurrences in the second source.
    pub rows: usize,
    pub matched: usize,
    /// Population items it lacks.
    pub unmatched: usize,
    /// Its occurrences the population lacks.
    pub unrecorded: Vec<Unrecorded>,
}

/// A table a population read: how many snapshots and distinct rows.
#[derive(Clone, Debug, Serialize)]
pub struct TableUse {
    pub table: String,
    pub snapshots: usize,
    pub rows: usize,
}

/// How long after its date an occurrence may first be recorded and still
/// count as recorded when it occurred (a week: evidence is collected daily).
pub const RECORDING_LAG_DAYS: i64 = 7;

/// Counts over a population, for reports.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Counts {
    pub items: usize,
    /// Items with any deviation, plus unrecorded occurrences.
    pub deviations: usize,
    pub failed: usize,
    /// Failed items later seen not deviating.
    pub remediated: usize,
    pub unmatched: usize,
    pub unrecorded: usize,
    /// Items first seen more than [`RECORDING_LAG_DAYS`] days after their date:
    /// how they stood when they occurred is not on record.
    pub recorded_late: usize,
    /// Deviations over (items + unrecorded), percent with two decimals; `null` when there is nothing.
    pub deviation_rate: Option<f64>,
    /// `[audit] tolerable_deviation_rate`, percent.
    pub tolerable_rate: f64,
    pub exceeds_tolerable: bool,
}

/// A control's population over a period.
#[derive(Clone, Debug, Serialize)]
pub struct Population {
    pub control: String,
    pub title: String,
    pub period: String,
    /// The evaluation time: the end of the period, or now when earlier.
    pub as_of: String,
    /// The last commit read (absent when the period has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub through_commit: Option<String>,
    pub query: String,
    pub key: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub frequency: Frequency,
    /// The deviation condition, or `deviation column` when the query decides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deviation_rule: Option<String>,
    pub tables: Vec<TableUse>,
    pub counts: Counts,
    /// sha256 of the canonical population (one item per line): what seeds the sample.
    pub sha256: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reconcile: Option<Reconciliation>,
    pub items: Vec<Item>,
}

impl Population {
    /// The canonical population: each item as one line of compact JSON with
    /// sorted keys, items sorted by key. Its sha256 is [`Population::sha256`].
    pub fn canonical(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.items.len() * 256);
        write_canonical(&self.items, &mut out);
        out
    }

    /// sha256 of [`Population::canonical`], without holding it in memory.
    pub fn canonical_sha256(&self) -> String {
        let mut hasher = sha2::Sha256::default();
        write_canonical(&self.items, &mut std::io::BufWriter::with_capacity(1 << 16, &mut hasher));
        hex::encode(sha2::Digest::finalize(hasher))
    }
}

/// Write the canonical bytes of `items` to `out`, which never fails (a `Vec` or a hasher).
fn write_canonical(items: &[Item], out: &mut impl std::io::Write) {
    for item in items {
        // Serializing plain data to a Vec or a hasher cannot fail.
        let _ = serde_json::to_writer(&mut *out, item);
        let _ = out.write_all(b"\n");
    }
    let _ = out.flush();
}
