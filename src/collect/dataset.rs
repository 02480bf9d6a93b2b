//! A dataset's rows: redacted, serialised with sorted keys, kept in a stable order.

use std::borrow::Cow;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use anyhow::{Result, anyhow, bail};
use serde_json::Value;

use super::{Cx, describe};
use crate::repo::dataset::Schemas;

/// Past this many buffered bytes, rows are sorted and spilled to a temp file
/// (a "run"), so a scanner's 500 MB output costs this much memory, not its size.
const SPILL_BYTES: usize = 32 << 20;

/// Rows of one dataset, each already redacted and serialised with sorted keys.
///
/// Rows live in one buffer (sort key bytes, then the JSON line) so a million
/// rows cost a million small index entries, not two million allocations.
/// Large datasets spill sorted runs to temp files, merged when written.
#[derive(Debug)]
pub struct Dataset {
    pub name: String,
    buf: Vec<u8>,
    /// (start in `buf`, key length, line length); sorted by key, then line.
    rows: Vec<(usize, u32, u32)>,
    /// Sorted runs on disk: records of (key length u32 LE, line length u32 LE, key, line).
    runs: Vec<std::fs::File>,
    /// Rows in `runs`.
    spilled: usize,
    spill_bytes: usize,
}

impl Dataset {
    pub fn new(name: &str) -> Self {
        Dataset {
            name: name.to_owned(),
            buf: Vec::new(),
            rows: Vec::new(),
            runs: Vec::new(),
            spilled: 0,
            spill_bytes: SPILL_BYTES,
        }
    }

    /// A dataset that spills past `bytes` (tests).
    #[cfg(test)]
    fn with_spill_bytes(name: &str, bytes: usize) -> Self {
        Dataset { spill_bytes: bytes, ..Dataset::new(name) }
    }

    /// Add a row ordered by its own JSON text.
    pub fn push(&mut self, cx: &Cx<'_>, row: Value) -> Result<()> {
        self.push_sorted(cx, String::new(), row)
    }

    /// Add a row ordered by `key` first.
    pub fn push_sorted(&mut self, cx: &Cx<'_>, key: String, mut row: Value) -> Result<()> {
        if !row.is_object() {
            bail!("row {} is {}, expected an object", self.len() + 1, describe(&row));
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
            bail!("row {} is larger than 4 GiB", self.len() + 1);
        };
        self.rows.push((start, key_len, line_len));
        cx.progress.inc(1);
        if self.buf.len() >= self.spill_bytes {
            self.spill().map_err(|e| anyhow!("cannot spill rows to a temp file: {e}"))?;
        }
        Ok(())
    }

    /// Sort the buffered rows and move them to a new run on disk.
    fn spill(&mut self) -> io::Result<()> {
        self.sort_buffer();
        let mut file = tempfile::tempfile()?;
        {
            let mut w = BufWriter::with_capacity(1 << 16, &mut file);
            for &(start, key, len) in &self.rows {
                w.write_all(&key.to_le_bytes())?;
                w.write_all(&len.to_le_bytes())?;
                let end = start + key as usize + len as usize;
                w.write_all(self.buf.get(start..end).unwrap_or_default())?;
            }
            w.flush()?;
        }
        file.seek(SeekFrom::Start(0))?;
        self.runs.push(file);
        self.spilled += self.rows.len();
        self.rows.clear();
        self.buf.clear();
        Ok(())
    }

    fn sort_buffer(&mut self) {
        let buf = &self.buf;
        let part = |start: usize, len: u32| buf.get(start..start + len as usize).unwrap_or_default();
        self.rows.sort_unstable_by(|&(a, ak, al), &(b, bk, bl)| {
            part(a, ak).cmp(part(b, bk)).then_with(|| part(a + ak as usize, al).cmp(part(b + bk as usize, bl)))
        });
    }

    pub fn len(&self) -> usize {
        self.spilled + self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The JSON lines in their final order.
    pub fn sorted(mut self) -> SortedRows {
        self.sort_buffer();
        SortedRows { buf: self.buf, rows: self.rows, runs: self.runs }
    }
}

/// A dataset's rows in their final order.
pub struct SortedRows {
    buf: Vec<u8>,
    rows: Vec<(usize, u32, u32)>,
    runs: Vec<std::fs::File>,
}

impl SortedRows {
    /// The lines of a dataset that never spilled.
    fn memory(&self) -> impl Iterator<Item = &[u8]> {
        self.rows.iter().map(|&(start, key, len)| {
            let from = start + key as usize;
            self.buf.get(from..from + len as usize).unwrap_or_default()
        })
    }

    /// Every line in order: the in-memory rows merged with the runs on disk.
    /// A read error of a run ends the iteration with that error.
    pub fn lines(&mut self) -> Box<dyn Iterator<Item = io::Result<Cow<'_, [u8]>>> + '_> {
        if self.runs.is_empty() {
            return Box::new(self.memory().map(|l| Ok(Cow::Borrowed(l))));
        }
        let mut sources: Vec<Source<'_>> = Vec::new();
        for file in self.runs.drain(..) {
            sources.push(Source::Run(BufReader::with_capacity(1 << 16, file)));
        }
        let buf = &self.buf;
        sources.push(Source::Memory(Box::new(self.rows.iter().map(move |&(start, key, len)| {
            let end = start + key as usize + len as usize;
            (
                buf.get(start..start + key as usize).unwrap_or_default(),
                buf.get(start + key as usize..end).unwrap_or_default(),
            )
        }))));
        Box::new(Merge::new(sources))
    }
}

/// One sorted input of the merge.
enum Source<'a> {
    Run(BufReader<std::fs::File>),
    Memory(Box<dyn Iterator<Item = (&'a [u8], &'a [u8])> + 'a>),
}

impl Source<'_> {
    /// The next (key, line), or `None` at the end.
    fn next_row(&mut self) -> io::Result<Option<(Vec<u8>, Vec<u8>)>> {
        match self {
            Source::Memory(it) => Ok(it.next().map(|(k, l)| (k.to_vec(), l.to_vec()))),
            Source::Run(r) => {
                let mut head = [0u8; 8];
                match r.read_exact(&mut head) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
                    Err(e) => return Err(e),
                }
                let [k0, k1, k2, k3, l0, l1, l2, l3] = head;
                let key_len = u32::from_le_bytes([k0, k1, k2, k3]) as usize;
                let line_len = u32::from_le_bytes([l0, l1, l2, l3]) as usize;
                let mut key = vec![0u8; key_len];
                r.read_exact(&mut key)?;
                let mut line = vec![0u8; line_len];
                r.read_exact(&mut line)?;
                Ok(Some((key, line)))
            }
        }
    }
}

/// A row waiting in the merge: ordered by key, then line, then source.
#[derive(PartialEq, Eq)]
struct Head {
    key: Vec<u8>,
    line: Vec<u8>,
    source: usize,
}

impl Ord for Head {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key.cmp(&other.key).then_with(|| self.line.cmp(&other.line)).then(self.source.cmp(&other.source))
    }
}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A k-way merge of sorted sources.
struct Merge<'a> {
    sources: Vec<Source<'a>>,
    heap: BinaryHeap<Reverse<Head>>,
    started: bool,
    failed: bool,
}

impl<'a> Merge<'a> {
    fn new(sources: Vec<Source<'a>>) -> Self {
        Merge { sources, heap: BinaryHeap::new(), started: false, failed: false }
    }

    fn refill(&mut self, source: usize) -> io::Result<()> {
        if let Some(s) = self.sources.get_mut(source)
            && let Some((key, line)) = s.next_row()?
        {
            self.heap.push(Reverse(Head { key, line, source }));
        }
        Ok(())
    }
}

impl<'a> Iterator for Merge<'a> {
    type Item = io::Result<Cow<'a, [u8]>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        if !self.started {
            self.started = true;
            for i in 0..self.sources.len() {
                if let Err(e) = self.refill(i) {
                    self.failed = true;
                    return Some(Err(e));
                }
            }
        }
        let Reverse(head) = self.heap.pop()?;
        if let Err(e) = self.refill(head.source) {
            self.failed = true;
            return Some(Err(e));
        }
        Some(Ok(Cow::Owned(head.line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spilled_rows_merge_into_the_same_order_as_in_memory() {
        let redactor = crate::evidence::redact::Redactor::new();
        let board = super::super::progress::Board::new(false, &["t"]);
        let (tx, _rx) = std::sync::mpsc::channel();
        let progress = board.progress("t", tx, &redactor);
        let settings = super::super::Settings {
            root: std::env::temp_dir(),
            now: chrono::Utc::now(),
            period_start: None,
            http_max_wait: std::time::Duration::from_secs(1),
        };
        let mut diags = crate::diagnostic::Diagnostics::new();
        let specs =
            crate::repo::collector::parse_all("[collectors.t]\nkind = \"file\"\npath = \"t.json\"\n", &mut diags);
        let cx = Cx { name: "t", spec: &specs[0], settings: &settings, redactor: &redactor, progress: &progress };
        let (mut small, mut big) = (Dataset::with_spill_bytes("t", 64), Dataset::new("t"));
        for i in (0..500).rev() {
            let row = serde_json::json!({"n": i % 97, "s": format!("row {i}")});
            small.push(&cx, row.clone()).unwrap();
            big.push(&cx, row).unwrap();
        }
        assert!(small.runs.len() > 10, "{} runs", small.runs.len());
        assert_eq!(small.len(), 500);
        let mut spilled = small.sorted();
        let a: Vec<Vec<u8>> = spilled.lines().map(|l| l.unwrap().into_owned()).collect();
        let mut kept = big.sorted();
        let b: Vec<Vec<u8>> = kept.lines().map(|l| l.unwrap().into_owned()).collect();
        assert_eq!(a.len(), 500);
        assert_eq!(a, b);
    }

    #[test]
    fn keys_are_sorted_when_serialised() {
        let v = serde_json::json!({"b": 1, "a": {"d": 1, "c": 2}});
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"a":{"c":2,"d":1},"b":1}"#);
    }
}
