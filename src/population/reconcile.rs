//! Completeness: the population against a second source, each side's
//! occurrences missing from the other a deviation of its own kind.

use super::*;

/// The reconciling source's occurrences, by key.
pub(super) struct Found {
    rows: BTreeMap<Vec<Option<String>>, Unrecorded>,
}

pub(super) fn collect_reconcile(
    engine: &mut Engine,
    query: &Query,
    def: &crate::repo::population::ReconcileDef,
    history: &PeriodHistory,
) -> Result<Found, PopulationError> {
    let mut rows: BTreeMap<Vec<Option<String>>, (usize, Unrecorded)> = BTreeMap::new();
    let order: HashMap<&str, usize> = history.commits.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let mut failure = None;
    let mut each = |columns: &[String], values: Vec<Value>| -> Result<(), String> {
        let find = |name: &str| columns.iter().position(|c| c.eq_ignore_ascii_case(name));
        let mut key_idx = Vec::new();
        for k in &def.key {
            match find(k) {
                Some(i) => key_idx.push(i),
                None => {
                    let m = format!(
                        "reconciling query `{}` returns no column `{k}`; its columns: {}",
                        query.name,
                        columns.join(", ")
                    );
                    failure = Some(PopulationError::new(m.clone(), "return every column of `reconcile.key`"));
                    return Err(m);
                }
            }
        }
        if let Some(d) = &def.date {
            let date = find(d).and_then(|i| values.get(i)).map(value_text);
            if !in_period(date.as_deref().filter(|s| !s.is_empty()), &history.period) {
                return Ok(());
            }
        }
        let key: Vec<Value> = key_idx.iter().map(|&i| values.get(i).cloned().unwrap_or(Value::Null)).collect();
        let matchable: Vec<Option<String>> = key.iter().map(match_text).collect();
        if matchable.iter().all(Option::is_none) {
            return Ok(());
        }
        let first_commit = find("_first_commit").and_then(|i| values.get(i)).map(value_text);
        let first_seen = find("_first_seen").and_then(|i| values.get(i)).map(value_text);
        let rank = first_commit.as_deref().and_then(|c| order.get(c).copied()).unwrap_or(usize::MAX);
        let hidden: Vec<usize> = PROVENANCE.iter().filter_map(|c| find(c)).collect();
        let mut row = Map::new();
        for (i, (c, v)) in columns.iter().zip(values).enumerate() {
            if !hidden.contains(&i) {
                row.insert(c.clone(), v);
            }
        }
        let item = Unrecorded {
            deviation: Deviation::new(DeviationKind::Unrecorded, String::new()),
            first_commit,
            first_seen,
            key,
            row,
        };
        match rows.get(&matchable) {
            Some((r, _)) if *r <= rank => {}
            _ => {
                rows.insert(matchable, (rank, item));
            }
        }
        Ok(())
    };
    let ran = engine.run_each(&query.sql, &mut each);
    if let Some(f) = failure {
        return Err(f);
    }
    ran.map_err(|e| query_error(query, &query.sql, e, None))?;
    Ok(Found { rows: rows.into_iter().map(|(k, (_, u))| (k, u)).collect() })
}

/// Match the population against the reconciling source: items it lacks
/// get an `unmatched` deviation; its occurrences the population lacks are
/// returned as `unrecorded`.
pub(super) fn reconcile(
    items: &mut [Item],
    def: &PopulationDef,
    r: &crate::repo::population::ReconcileDef,
    mut found: Found,
) -> Reconciliation {
    let on: Vec<String> = def.reconcile_on().map(<[String]>::to_vec).unwrap_or_default();
    let total = found.rows.len();
    let mut matched = 0;
    let mut unmatched = 0;
    let mut claimed: BTreeSet<Vec<Option<String>>> = BTreeSet::new();
    for item in items.iter_mut() {
        let values: Vec<Option<String>> = on.iter().map(|c| item.row.get(c).and_then(match_text)).collect();
        if values.iter().all(Option::is_none) {
            continue;
        }
        if found.rows.contains_key(&values) {
            matched += 1;
            claimed.insert(values);
        } else {
            unmatched += 1;
            let shown = on
                .iter()
                .zip(&values)
                .map(|(c, v)| format!("{c} = {}", v.as_deref().unwrap_or("null")))
                .collect::<Vec<_>>()
                .join(", ");
            item.deviations
                .push(Deviation::new(DeviationKind::Unmatched, format!("no occurrence in `{}` with {shown}", r.query)));
        }
    }
    let mut unrecorded = Vec::new();
    for (k, mut u) in std::mem::take(&mut found.rows) {
        if claimed.contains(&k) {
            continue;
        }
        let shown = r
            .key
            .iter()
            .zip(&k)
            .map(|(c, v)| format!("{c} = {}", v.as_deref().unwrap_or("null")))
            .collect::<Vec<_>>()
            .join(", ");
        u.deviation.reason = format!("in `{}` ({shown}) but not in the population", r.query);
        unrecorded.push(u);
    }
    unrecorded.sort_by(|a, b| compare_keys(&a.key, &b.key));
    Reconciliation { query: r.query.clone(), key: r.key.clone(), on, rows: total, matched, unmatched, unrecorded }
}
