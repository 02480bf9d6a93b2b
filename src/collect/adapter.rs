//! What the tool-output adapters (`format = "sarif"`, `format = "ocsf"`,
//! `kind = "steampipe"`) share: their normalized tables' columns as data,
//! errors located in the input, and streaming the top level of a JSON
//! document so memory is bounded by one element, not by the file.

use std::fmt;
use std::io::BufRead;

use serde_json::{Map, Value};

use crate::repo::collector::RowFormat;

/// One column of a normalized table: name, SQLite type, what it holds.
pub type Column = (&'static str, &'static str, &'static str);

/// Where each normalized row goes: the dataset when collecting, nowhere when validating.
pub type Sink<'a> = dyn FnMut(Value) -> anyhow::Result<()> + 'a;

/// Malformed input, located where the parser stopped (`line` 0: not known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl InputError {
    pub fn new(message: impl Into<String>) -> Self {
        InputError { line: 0, column: 0, message: message.into() }
    }

    /// A serde_json error, its position kept apart from its words; `context` goes first.
    pub fn json(e: &serde_json::Error, context: Option<String>) -> Self {
        let text = e.to_string();
        let bare = match text.rsplit_once(" at line ") {
            Some((head, _)) if e.line() > 0 => head.to_owned(),
            _ => text,
        };
        let bare = if e.is_eof() { format!("{bare} (the file is cut off)") } else { bare };
        let message = match context {
            Some(c) => format!("{c}: {bare}"),
            None => bare,
        };
        InputError { line: e.line(), column: e.column(), message }
    }

    /// `path:line:col: message` (or `path: message` without a position).
    pub fn at_path(&self, path: &str) -> String {
        match (self.line, self.column) {
            (0, _) => format!("{path}: {}", self.message),
            (l, 0) => format!("{path}:{l}: {}", self.message),
            (l, c) => format!("{path}:{l}:{c}: {}", self.message),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}", self.message),
            (l, c) => write!(f, "line {l} column {c}: {}", self.message),
        }
    }
}

impl std::error::Error for InputError {}

/// The first byte that is not JSON whitespace, without consuming it; `None` at the end.
pub fn peek_start(reader: &mut impl BufRead) -> std::io::Result<Option<u8>> {
    loop {
        let buf = reader.fill_buf()?;
        let Some(&first) = buf.first() else { return Ok(None) };
        let skip = buf.iter().take_while(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t')).count();
        if skip == 0 {
            // A UTF-8 byte order mark, as some Windows tools write it.
            if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
                reader.consume(3);
                continue;
            }
            return Ok(Some(first));
        }
        reader.consume(skip);
    }
}

/// Read a document of an adapter format (`sarif`, `ocsf`), handing each normalized row to `sink`.
pub fn read(format: RowFormat, reader: impl BufRead, sink: &mut Sink<'_>) -> Result<(), InputError> {
    match format {
        RowFormat::Sarif => super::sarif::read(reader, sink),
        RowFormat::Ocsf => super::ocsf::read(reader, sink),
        other => Err(InputError::new(format!("`{}` is not read as a stream", other.as_str()))),
    }
}

/// The columns every row of an adapter format has; `None` for formats whose columns are the document's own.
pub fn columns(format: RowFormat) -> Option<&'static [Column]> {
    match format {
        RowFormat::Sarif => Some(super::sarif::COLUMNS),
        RowFormat::Ocsf => Some(super::ocsf::COLUMNS),
        _ => None,
    }
}

/// A row with every column of `columns`, in their sorted order, from the values given (absent ones null).
pub fn row(columns: &[Column], mut values: Map<String, Value>) -> Value {
    let mut out = Map::new();
    for (name, _, _) in columns {
        out.insert((*name).to_owned(), values.remove(*name).unwrap_or(Value::Null));
    }
    Value::Object(out)
}

/// Text of an optional string, null when absent or empty.
pub fn text(v: Option<String>) -> Value {
    match v {
        Some(s) if !s.is_empty() => Value::String(s),
        _ => Value::Null,
    }
}

/// A Markdown table of `columns` for the docs (name, type, description).
pub fn markdown_table(columns: &[Column]) -> String {
    let mut out = String::from("| column | type | what it holds |\n|---|---|---|\n");
    for (name, ty, desc) in columns {
        out.push_str(&format!("| `{name}` | {ty} | {desc} |\n"));
    }
    out
}

/// Every row a reader yields for `doc`, for the readers' tests.
#[cfg(test)]
pub(super) fn rows_of(
    doc: &str,
    read: impl FnOnce(&[u8], &mut Sink<'_>) -> Result<(), InputError>,
) -> Result<Vec<Value>, InputError> {
    let mut rows = Vec::new();
    read(doc.as_bytes(), &mut |r| {
        rows.push(r);
        Ok(())
    })?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_keep_their_position_apart() {
        let e = serde_json::from_str::<Value>("[\n  {\"a\": }\n]").unwrap_err();
        let ie = InputError::json(&e, Some("finding 1".into()));
        assert_eq!((ie.line, ie.column), (2, 9));
        assert_eq!(ie.at_path("x.json"), "x.json:2:9: finding 1: expected value");
        let e = serde_json::from_str::<Value>("[{\"a\": 1}").unwrap_err();
        assert!(InputError::json(&e, None).message.ends_with("(the file is cut off)"));
    }

    #[test]
    fn peek_skips_whitespace_and_a_bom() {
        let mut r = std::io::BufReader::new(&b"\xEF\xBB\xBF \n [1]"[..]);
        assert_eq!(peek_start(&mut r).unwrap(), Some(b'['));
        let mut r = std::io::BufReader::new(&b"  "[..]);
        assert_eq!(peek_start(&mut r).unwrap(), None);
    }
}
