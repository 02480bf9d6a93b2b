//! `kind = "steampipe"`: rows of a Steampipe query.
//!
//! ```toml
//! [collectors.okta_users]
//! kind = "steampipe"
//! query = "select login, email, status, mfa_factors from okta_user"
//! connection = "okta"        # optional: --search-path-prefix
//! timeout = "5m"
//! ```
//!
//! Runs `steampipe query --output json "<query>"` (through the `command`
//! collector's runner: timeout, process group, stderr in errors). Steampipe
//! 0.21 and later print `{"columns": [...], "rows": [...]}`; earlier
//! versions print the bare array of rows. Both are read; with `columns`,
//! every row gets every column (null when Steampipe left it out); without
//! `columns`, every row gets the union of the rows' keys.

use serde_json::{Map, Value};

use super::adapter::{InputError, Sink};
use super::describe;
use crate::repo::collector::SteampipeOptions;

/// The argv that runs `o`.
pub fn argv(o: &SteampipeOptions) -> Vec<String> {
    let mut argv: Vec<String> = ["steampipe", "query", "--output", "json"].map(str::to_owned).to_vec();
    if let Some(c) = &o.connection {
        argv.extend(["--search-path-prefix".to_owned(), c.clone()]);
    }
    if let Some(w) = &o.workspace {
        argv.extend(["--workspace".to_owned(), w.clone()]);
    }
    argv.push(o.query.clone());
    argv
}

/// Hand each row of Steampipe's JSON output to `sink`.
pub fn read(bytes: &[u8], sink: &mut Sink<'_>) -> Result<(), InputError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(InputError::new("steampipe printed nothing; expected JSON rows"));
    }
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| InputError::json(&e, None))?;
    let (columns, rows) = match doc {
        Value::Array(rows) => (Vec::new(), rows),
        Value::Object(mut o) => {
            let rows = match o.remove("rows") {
                Some(Value::Array(rows)) => rows,
                Some(Value::Null) | None if o.contains_key("columns") => Vec::new(),
                Some(other) => {
                    return Err(InputError::new(format!("`rows` is {}, expected an array", describe(&other))));
                }
                None => {
                    let keys = o.keys().take(8).cloned().collect::<Vec<_>>().join(", ");
                    return Err(InputError::new(format!(
                        "expected {{\"columns\": [...], \"rows\": [...]}} or an array of rows; the object has keys: {keys}"
                    )));
                }
            };
            let columns = match o.remove("columns") {
                Some(Value::Array(cols)) => {
                    cols.iter().filter_map(|c| c.get("name").and_then(Value::as_str).map(str::to_owned)).collect()
                }
                _ => Vec::new(),
            };
            (columns, rows)
        }
        other => return Err(InputError::new(format!("the output is {}, expected rows", describe(&other)))),
    };
    if let Some((i, r)) = rows.iter().enumerate().find(|(_, r)| !r.is_object()) {
        return Err(InputError::new(format!("row {} is {}, expected an object", i + 1, describe(r))));
    }
    // Without `columns` (the bare array), the union of the rows' keys: every row gets every column.
    let columns: Vec<String> = if columns.is_empty() {
        let keys: std::collections::BTreeSet<&String> =
            rows.iter().filter_map(Value::as_object).flat_map(|o| o.keys()).collect();
        keys.into_iter().cloned().collect()
    } else {
        columns
    };
    for (i, r) in rows.into_iter().enumerate() {
        let Value::Object(mut fields) = r else { continue };
        for c in &columns {
            fields.entry(c.clone()).or_insert(Value::Null);
        }
        sink(Value::Object(fields.into_iter().collect::<Map<_, _>>()))
            .map_err(|e| InputError::new(format!("row {}: {e:#}", i + 1)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(doc: &str) -> Result<Vec<Value>, InputError> {
        crate::collect::adapter::rows_of(doc, |d, sink| read(d, sink))
    }

    #[test]
    fn both_output_shapes() {
        let v1 = r#"{"columns": [{"name": "login", "data_type": "text"}, {"name": "mfa", "data_type": "bool"}],
                     "rows": [{"login": "a", "mfa": true}, {"login": "b"}]}"#;
        let rows = parse(v1).unwrap();
        assert_eq!(rows[1], serde_json::json!({"login": "b", "mfa": null}));
        let bare = parse(r#"[{"login": "a"}, {"email": "b@x"}]"#).unwrap();
        assert_eq!(bare[0], serde_json::json!({"email": null, "login": "a"}));
        assert!(parse(r#"{"columns": [], "rows": []}"#).unwrap().is_empty());
        assert!(parse("").unwrap_err().message.contains("printed nothing"));
        assert!(parse(r#"{"error": "x"}"#).unwrap_err().message.contains("keys: error"));
        assert_eq!(parse("[1]").unwrap_err().message, "row 1 is a number, expected an object");
    }

    #[test]
    fn argv_puts_the_query_last() {
        let o = SteampipeOptions {
            query: "select 1".into(),
            connection: Some("okta".into()),
            workspace: None,
            timeout: None,
            env: None,
        };
        assert_eq!(argv(&o), ["steampipe", "query", "--output", "json", "--search-path-prefix", "okta", "select 1"]);
    }
}
