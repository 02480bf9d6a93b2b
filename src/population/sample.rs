//! Reproducible samples: the items of a population an auditor tests, drawn
//! from a seed derived from the population itself, so anyone holding the
//! same evidence draws the same items — with soc2 or with `sha256sum`.
//!
//! - `POP` = sha256 of the population file (one item per line, keys sorted,
//!   items sorted by key: [`super::Population::canonical`]);
//! - `SEED` = `POP`, or with an auditor's seed `S`, sha256 of `POP:S`;
//! - each item's rank = sha256 of `SEED:KEY`, `KEY` its key as a compact
//!   JSON array (`["svc-01",42]`); the `SIZE` lowest ranks are the sample.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Deviation, Item, Population, Remediation};
use crate::hash::sha256_hex;
use crate::repo::population::{Frequency, PopulationDef};

/// Identifies the record layout.
pub const FORMAT: &str = "soc2-sample/1";
/// Where sample records live in the repo (and in an export).
pub const DIR: &str = "evidence/samples";
/// Where populations are written in an export.
pub const POPULATIONS_DIR: &str = "populations";

/// The method, as every record states it.
pub const METHOD: &str = "POP is the sha256 of the population file (one item per line as compact JSON with sorted keys, items sorted by key). SEED is POP, or sha256(POP + \":\" + S) with an auditor's seed S. Each item's rank is sha256(SEED + \":\" + KEY), KEY its key as a compact JSON array such as [\"svc-01\",42]; the SIZE items of lowest rank (hex order) are selected, listed by rank.";

/// `evidence/samples/<control>/<period>.json`.
pub fn record_path(control: &str, period: &str) -> String {
    format!("{DIR}/{control}/{period}.json")
}

/// `populations/<control>/<period>.jsonl`: the population a record was drawn from, in an export.
pub fn population_path(control: &str, period: &str) -> String {
    format!("{POPULATIONS_DIR}/{control}/{period}.jsonl")
}

/// The seed: the population's sha256, or mixed with the auditor's seed.
pub fn seed(population_sha256: &str, auditor: Option<&str>) -> String {
    match auditor {
        None => population_sha256.to_owned(),
        Some(s) => sha256_hex(format!("{population_sha256}:{s}").as_bytes()),
    }
}

/// An item's rank under `seed`.
pub fn rank(seed: &str, key_text: &str) -> String {
    hex::encode(rank_bytes(seed, key_text))
}

fn rank_bytes(seed: &str, key_text: &str) -> [u8; 32] {
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    h.update(seed.as_bytes());
    h.update(b":");
    h.update(key_text.as_bytes());
    h.finalize().into()
}

/// The `n` keys of lowest rank: (index into `keys`, rank), by rank.
pub fn select(seed: &str, keys: &[String], n: usize) -> Vec<(usize, String)> {
    let mut ranked: Vec<([u8; 32], usize)> = keys.iter().enumerate().map(|(i, k)| (rank_bytes(seed, k), i)).collect();
    let order = |a: &([u8; 32], usize), b: &([u8; 32], usize)| a.0.cmp(&b.0).then_with(|| keys[a.1].cmp(&keys[b.1]));
    if n < ranked.len() {
        ranked.select_nth_unstable_by(n, order);
        ranked.truncate(n);
    }
    ranked.sort_by(order);
    ranked.into_iter().map(|(r, i)| (i, hex::encode(r))).collect()
}

/// How many items to test and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Size {
    pub n: usize,
    pub basis: String,
    /// The guide's range for the control's frequency.
    pub guide: [usize; 2],
}

/// The sample size: `requested`, else the control's `sample_size`, else
/// the guide's lower bound for its frequency; never more than the population.
pub fn size(def: &PopulationDef, requested: Option<usize>, population: usize) -> Size {
    let (lo, hi) = def.frequency.guide();
    let (n, basis) = match (requested, def.sample_size) {
        (Some(n), _) => (n, "requested (--size)".to_owned()),
        (None, Some(n)) => (n, "the control's `population.sample_size`".to_owned()),
        (None, None) => {
            (lo, format!("the guide's lower bound for a {} control ({})", describe(def.frequency), range(lo, hi)))
        }
    };
    if n > population {
        return Size {
            n: population,
            basis: format!("every item: the population has {population} (asked {n})"),
            guide: [lo, hi],
        };
    }
    Size { n, basis, guide: [lo, hi] }
}

fn describe(f: Frequency) -> &'static str {
    match f {
        Frequency::ManyTimesADay => "many-times-a-day",
        other => other.as_str(),
    }
}

fn range(lo: usize, hi: usize) -> String {
    if lo == hi { lo.to_string() } else { format!("{lo}–{hi}") }
}

/// The population a sample was drawn from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PopulationRef {
    pub query: String,
    pub key: Vec<String>,
    pub items: usize,
    pub sha256: String,
    /// The evaluation time it was computed at, and the last commit it read.
    pub as_of: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub through_commit: Option<String>,
    /// Where an export holds it.
    pub file: String,
}

/// The seed as derived.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seed {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auditor: Option<String>,
    pub value: String,
}

/// One selected item with its evidence: the row as first seen and the commit it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Selected {
    pub rank: String,
    pub key: Vec<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub first_commit: String,
    pub first_seen: String,
    #[serde(default)]
    pub deviations: Vec<Deviation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediated: Option<Remediation>,
    pub row: Map<String, Value>,
}

/// `evidence/samples/<control>/<period>.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampleRecord {
    pub format: String,
    pub control: String,
    pub period: String,
    pub frequency: Frequency,
    pub population: PopulationRef,
    pub seed: Seed,
    pub size: Size,
    pub method: String,
    pub selected: Vec<Selected>,
}

impl SampleRecord {
    /// Draw a sample of `population` of `size`, with the auditor's seed if any.
    pub fn draw(population: &Population, size: Size, auditor: Option<&str>) -> SampleRecord {
        let seed_value = seed(&population.sha256, auditor);
        let keys: Vec<String> = population.items.iter().map(Item::key_text).collect();
        let selected = select(&seed_value, &keys, size.n)
            .into_iter()
            .filter_map(|(i, rank)| population.items.get(i).map(|item| (item, rank)))
            .map(|(item, rank)| Selected {
                rank,
                key: item.key.clone(),
                date: item.date.clone(),
                first_commit: item.first_commit.clone(),
                first_seen: item.first_seen.clone(),
                deviations: item.deviations.clone(),
                remediated: item.remediated.clone(),
                row: item.row.to_map(),
            })
            .collect();
        SampleRecord {
            format: FORMAT.to_owned(),
            control: population.control.clone(),
            period: population.period.clone(),
            frequency: population.frequency,
            population: PopulationRef {
                query: population.query.clone(),
                key: population.key.clone(),
                items: population.items.len(),
                sha256: population.sha256.clone(),
                as_of: population.as_of.clone(),
                through_commit: population.through_commit.clone(),
                file: population_path(&population.control, &population.period),
            },
            seed: Seed { auditor: auditor.map(str::to_owned), value: seed_value },
            size,
            method: METHOD.to_owned(),
            selected,
        }
    }

    /// Pretty JSON with sorted keys, ending in a newline.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        crate::json::pretty(&serde_json::to_value(self)?)
    }

    /// Deviations among the selected items.
    pub fn deviations(&self) -> usize {
        self.selected.iter().filter(|s| !s.deviations.is_empty()).count()
    }
}

/// What re-deriving a record from a population file found wrong, if anything.
pub fn rederive(record: &SampleRecord, population_file: &[u8]) -> Vec<String> {
    let mut problems = Vec::new();
    let sha = sha256_hex(population_file);
    if sha != record.population.sha256 {
        problems.push(format!(
            "the population's sha256 is {sha}, the record says {} (the population or the record changed)",
            record.population.sha256
        ));
    }
    let mut keys = Vec::new();
    for (n, line) in population_file.split(|b| *b == b'\n').enumerate().filter(|(_, l)| !l.is_empty()) {
        match serde_json::from_slice::<Value>(line).ok().and_then(|v| v.get("key").cloned()) {
            Some(Value::Array(k)) => keys.push(super::key_text(&k)),
            _ => {
                problems.push(format!("line {} of the population has no `key` array", n + 1));
                return problems;
            }
        }
    }
    if keys.len() != record.population.items {
        problems.push(format!("the population has {} items, the record says {}", keys.len(), record.population.items));
    }
    let expected_seed = seed(&sha, record.seed.auditor.as_deref());
    if expected_seed != record.seed.value {
        problems.push(format!(
            "the seed derived from the population is {expected_seed}, the record says {}",
            record.seed.value
        ));
    }
    let n = record.size.n.min(keys.len());
    let derived: Vec<String> =
        select(&expected_seed, &keys, n).into_iter().filter_map(|(i, _)| keys.get(i).cloned()).collect();
    let recorded: Vec<String> = record.selected.iter().map(|s| super::key_text(&s.key)).collect();
    if record.selected.len() != record.size.n {
        problems.push(format!("the record selects {} items, its size says {}", record.selected.len(), record.size.n));
    }
    if derived != recorded {
        let missing: Vec<&String> = derived.iter().filter(|k| !recorded.contains(k)).collect();
        let extra: Vec<&String> = recorded.iter().filter(|k| !derived.contains(k)).collect();
        let mut why = Vec::new();
        if !missing.is_empty() {
            why.push(format!("not selected but should be: {}", list(&missing)));
        }
        if !extra.is_empty() {
            why.push(format!("selected but should not be: {}", list(&extra)));
        }
        if why.is_empty() {
            why.push("the same items in another order".to_owned());
        }
        problems.push(format!("the selection differs from the one re-derived: {}", why.join("; ")));
    }
    problems
}

fn list(keys: &[&String]) -> String {
    let shown: Vec<&str> = keys.iter().take(5).map(|k| k.as_str()).collect();
    let more = if keys.len() > 5 { format!(" and {} more", keys.len() - 5) } else { String::new() };
    format!("{}{more}", shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_is_a_pure_function_of_seed_and_keys() {
        let keys: Vec<String> = (0..100).map(|i| format!("[\"r\",{i}]")).collect();
        let a = select("abc", &keys, 5);
        let b = select("abc", &keys, 5);
        assert_eq!(a, b);
        assert_eq!(a.len(), 5);
        assert!(a.windows(2).all(|w| w[0].1 < w[1].1), "by rank");
        assert_ne!(a, select("abd", &keys, 5), "another seed, another sample");
        let mut reversed = keys.clone();
        reversed.reverse();
        let c: Vec<String> = select("abc", &reversed, 5).into_iter().map(|(i, _)| reversed[i].clone()).collect();
        let d: Vec<String> = a.iter().map(|(i, _)| keys[*i].clone()).collect();
        assert_eq!(c, d, "the order of the population does not matter");
        assert_eq!(rank("abc", "[\"r\",1]"), sha256_hex(b"abc:[\"r\",1]"));
    }

    #[test]
    fn seeds_mix_the_auditors() {
        assert_eq!(seed("p", None), "p");
        assert_eq!(seed("p", Some("s")), sha256_hex(b"p:s"));
    }
}
