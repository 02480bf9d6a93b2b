//! Documents (JSON, JSONL, CSV, YAML) into rows, and `select` to find them.

use std::io::Read;

use anyhow::{Result, anyhow, bail};
use serde_json::Value;

use super::{Cx, Dataset};

pub use crate::repo::collector::RowFormat as Format;

/// A problem at a place in a document; a file collector prefixes the file's
/// path so it reads `path:line:col: message`.
#[derive(Debug, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct At {
    pub line: u64,
    pub column: u64,
    pub message: String,
}

fn at(line: usize, column: usize, message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(At { line: line as u64, column: column.max(1) as u64, message: message.into() })
}

/// A serde_json error at its place, shifted down by `line0` lines.
fn json_at(e: &serde_json::Error, line0: usize) -> anyhow::Error {
    let message = e.to_string();
    let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m).to_owned();
    at(line0 + e.line().max(1), e.column(), format!("invalid JSON: {message}"))
}

/// Parse a whole document of `format` and add its rows (found at `select`) to `ds`.
pub fn parse_rows(format: Format, bytes: &[u8], select: Option<&str>, ds: &mut Dataset, cx: &Cx<'_>) -> Result<()> {
    match format {
        Format::Json => {
            let doc: Value = serde_json::from_slice(bytes).map_err(|e| json_at(&e, 0))?;
            push_selected(ds, cx, doc, select).map(drop)
        }
        Format::Yaml => {
            let doc: Value = serde_yaml::from_slice(bytes).map_err(|e| match e.location() {
                Some(l) => {
                    let message = e.to_string();
                    let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m).to_owned();
                    at(l.line(), l.column(), format!("invalid YAML: {message}"))
                }
                None => anyhow!("invalid YAML: {e}"),
            })?;
            push_selected(ds, cx, doc, select).map(drop)
        }
        Format::Jsonl => {
            let text = std::str::from_utf8(bytes).map_err(|e| {
                let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
                let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
                let column = valid.iter().rev().take_while(|b| **b != b'\n').count() + 1;
                at(line, column, "invalid UTF-8")
            })?;
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let doc: Value = serde_json::from_str(line).map_err(|e| json_at(&e, i))?;
                push_selected(ds, cx, doc, select).map_err(|e| at(i + 1, 1, e.to_string()))?;
            }
            Ok(())
        }
        Format::Csv => csv_rows(bytes, ds, cx),
        Format::Sarif | Format::Ocsf => {
            super::adapter::read(format, bytes, &mut |row| ds.push(cx, row)).map_err(|e| anyhow!("{e}"))
        }
    }
}

/// Add one row per CSV record: header names are keys, cells are strings, an empty cell is null.
pub fn csv_rows(reader: impl Read, ds: &mut Dataset, cx: &Cx<'_>) -> Result<()> {
    let mut csv = csv::ReaderBuilder::new().has_headers(true).from_reader(reader);
    let headers: Vec<String> = csv.headers().map_err(|e| csv_error(&e))?.iter().map(str::to_owned).collect();
    // One pass with a set: a 100,000-column header costs linear time, not quadratic.
    let mut seen = std::collections::HashSet::with_capacity(headers.len());
    for (i, h) in headers.iter().enumerate() {
        if h.trim().is_empty() {
            return Err(at(1, 1, format!("CSV header: column {} has no name", i + 1)));
        }
        if !seen.insert(h.as_str()) {
            return Err(at(1, 1, format!("CSV header: column `{h}` appears twice")));
        }
    }
    // Keys in the order a JSON object with sorted keys has them, encoded once.
    let mut order: Vec<(String, usize)> =
        headers.iter().enumerate().map(|(i, h)| (cx.redactor.redact(h).into_owned(), i)).collect();
    order.sort();
    let names: Vec<String> = order.iter().map(|(h, _)| serde_json::to_string(h)).collect::<Result<_, _>>()?;
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(&e)),
        }
        let values = order.iter().map(|(_, i)| record.get(*i).filter(|cell| !cell.is_empty()));
        ds.push_fields(cx, &names, values)?;
    }
    Ok(())
}

/// A CSV error at its line, worded for people.
fn csv_error(e: &csv::Error) -> anyhow::Error {
    let line = e.position().map_or(1, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("this row has {len} cells, the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { err, .. } => format!("cell {} is not valid UTF-8", err.field() + 1),
        csv::ErrorKind::Io(io) => format!("cannot read: {io}"),
        _ => format!("invalid CSV: {e}"),
    };
    at(line, 1, message)
}

/// Add the rows at `select` in `doc`: an array's objects, or an object as one row; null is no rows.
/// Returns how many (offset pagination counts them).
pub fn push_selected(ds: &mut Dataset, cx: &Cx<'_>, doc: Value, select: Option<&str>) -> Result<usize> {
    match select_value(doc, select)? {
        Value::Array(items) => {
            let n = items.len();
            for (i, item) in items.into_iter().enumerate() {
                if !item.is_object() {
                    bail!("{} item {} is {}; rows must be objects", where_(select), i + 1, describe(&item));
                }
                ds.push(cx, item)?;
            }
            Ok(n)
        }
        obj @ Value::Object(_) => ds.push(cx, obj).map(|()| 1),
        Value::Null => Ok(0),
        other => bail!("{} is {}, expected an array of objects or an object", where_(select), describe(&other)),
    }
}

fn where_(select: Option<&str>) -> String {
    match select {
        Some(s) => format!("`select = \"{s}\"`"),
        None => "the document".to_owned(),
    }
}

/// The value at a dotted path (`data.items`, `results.0.rows`).
pub fn select_value(doc: Value, select: Option<&str>) -> Result<Value> {
    let Some(path) = select else { return Ok(doc) };
    let mut current = doc;
    let mut seen = Vec::new();
    for seg in path.split('.') {
        let here = if seen.is_empty() { "the document".to_owned() } else { format!("`{}`", seen.join(".")) };
        current = match current {
            Value::Object(mut map) => match map.remove(seg) {
                Some(v) => v,
                None => {
                    let keys: Vec<&String> = map.keys().take(12).collect();
                    let keys = keys.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ");
                    bail!("`select = \"{path}\"`: {here} has no key `{seg}` (keys: {keys})");
                }
            },
            Value::Array(mut items) => match seg.parse::<usize>() {
                Ok(i) if i < items.len() => items.swap_remove(i),
                _ => {
                    bail!("`select = \"{path}\"`: {here} is an array of {}; `{seg}` is not an index in it", items.len())
                }
            },
            other => bail!("`select = \"{path}\"`: {here} is {}, not an object", describe(&other)),
        };
        seen.push(seg);
    }
    Ok(current)
}

/// The value at `path` in `doc`: a key named `path` itself (`@odata.nextLink`), else the dotted path.
pub fn lookup<'v>(doc: &'v Value, path: &str) -> Option<&'v Value> {
    if let Some(v) = doc.get(path) {
        return Some(v);
    }
    path.split('.').try_fold(doc, |v, seg| match v {
        Value::Array(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => v.get(seg),
    })
}

/// "a string", "an array", … for messages.
pub fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_walks_objects_and_arrays() {
        let doc = serde_json::json!({"data": {"items": [{"a": 1}], "total": 1}, "pages": [{"rows": []}]});
        assert_eq!(select_value(doc.clone(), Some("data.items")).unwrap(), serde_json::json!([{"a": 1}]));
        assert_eq!(select_value(doc.clone(), Some("pages.0.rows")).unwrap(), serde_json::json!([]));
        let e = select_value(doc.clone(), Some("data.itemz")).unwrap_err().to_string();
        assert_eq!(e, "`select = \"data.itemz\"`: `data` has no key `itemz` (keys: items, total)");
        let e = select_value(doc, Some("data.total.x")).unwrap_err().to_string();
        assert_eq!(e, "`select = \"data.total.x\"`: `data.total` is a number, not an object");
    }
}
