//! A dataset's rows: redacted, serialised with sorted keys, kept in a stable order.

use anyhow::{Result, bail};
use serde_json::Value;

use super::{Cx, describe};
use crate::repo::dataset::Schemas;

/// Rows of one dataset, each already redacted and serialised with sorted keys.
///
/// Rows live in one buffer (sort key bytes, then the JSON line) so a million
/// rows cost a million small index entries, not two million allocations.
#[derive(Debug)]
pub struct Dataset {
    pub name: String,
    buf: Vec<u8>,
    /// (start in `buf`, key length, line length); sorted by key, then line.
    rows: Vec<(usize, u32, u32)>,
}

impl Dataset {
    pub fn new(name: &str) -> Self {
        Dataset { name: name.to_owned(), buf: Vec::new(), rows: Vec::new() }
    }

    /// Add a row ordered by its own JSON text.
    pub fn push(&mut self, cx: &Cx<'_>, row: Value) -> Result<()> {
        self.push_sorted(cx, String::new(), row)
    }

    /// Add a row ordered by `key` first.
    pub fn push_sorted(&mut self, cx: &Cx<'_>, key: String, mut row: Value) -> Result<()> {
        if !row.is_object() {
            bail!("row {} is {}, expected an object", self.rows.len() + 1, describe(&row));
        }
        cx.redactor.redact_value(&mut row);
        if let (Some(schema), Value::Object(fields)) = (Schemas::builtin().of(cx.spec, &self.name), &mut row) {
            // Every declared column, null when the source has no value for it.
            for column in schema.columns.keys() {
                fields.entry(column.clone()).or_insert(Value::Null);
            }
        }
        let start = self.buf.len();
        self.buf.extend_from_slice(key.as_bytes());
        serde_json::to_writer(&mut self.buf, &row)?;
        self.finish_row(cx, start, key.len())
    }

    /// Add a row of string-or-null fields without building a JSON value.
    /// `names` are JSON-encoded keys (`"email"`) in sorted order; `values` follow them.
    pub(super) fn push_fields<'v>(
        &mut self,
        cx: &Cx<'_>,
        names: &[String],
        values: impl Iterator<Item = Option<&'v str>>,
    ) -> Result<()> {
        let start = self.buf.len();
        self.buf.push(b'{');
        for (i, (name, value)) in names.iter().zip(values).enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            self.buf.extend_from_slice(name.as_bytes());
            self.buf.push(b':');
            match value {
                None => self.buf.extend_from_slice(b"null"),
                Some(v) => serde_json::to_writer(&mut self.buf, cx.redactor.redact(v).as_ref())?,
            }
        }
        self.buf.push(b'}');
        self.finish_row(cx, start, 0)
    }

    pub(super) fn finish_row(&mut self, cx: &Cx<'_>, start: usize, key_len: usize) -> Result<()> {
        let line_len = self.buf.len() - start - key_len;
        let (Ok(key_len), Ok(line_len)) = (u32::try_from(key_len), u32::try_from(line_len)) else {
            bail!("row {} is larger than 4 GiB", self.rows.len() + 1);
        };
        self.rows.push((start, key_len, line_len));
        cx.progress.inc(1);
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The JSON lines in their final order.
    pub fn sorted(mut self) -> SortedRows {
        let buf = &self.buf;
        let part = |start: usize, len: u32| buf.get(start..start + len as usize).unwrap_or_default();
        self.rows.sort_unstable_by(|&(a, ak, al), &(b, bk, bl)| {
            part(a, ak).cmp(part(b, bk)).then_with(|| part(a + ak as usize, al).cmp(part(b + bk as usize, bl)))
        });
        SortedRows { buf: self.buf, rows: self.rows }
    }
}

/// A dataset's rows in their final order.
pub struct SortedRows {
    buf: Vec<u8>,
    rows: Vec<(usize, u32, u32)>,
}

impl SortedRows {
    pub fn lines(&self) -> impl Iterator<Item = &[u8]> {
        self.rows.iter().map(|&(start, key, len)| {
            let from = start + key as usize;
            self.buf.get(from..from + len as usize).unwrap_or_default()
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_are_sorted_when_serialised() {
        let v = serde_json::json!({"b": 1, "a": {"d": 1, "c": 2}});
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"a":{"c":2,"d":1},"b":1}"#);
    }
}
