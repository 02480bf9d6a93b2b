//! Reading snapshot lines straight from git's object packs. A year of daily
//! snapshots mostly repeats itself, and git stores most of them as deltas
//! against another version: a delta's lines are built from the lines of its
//! base that it copies whole (their ids reused, nothing hashed again) and the
//! few bytes it inserts, so a year is read as its changes, not as 365 whole
//! files. Objects outside the packs (loose objects, alternates) and anything
//! this reader does not expect are read whole through libgit2.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;

use git2::Oid;

use super::history::{GitLines, LineSource};
use super::lines::{Interner, LineTable};
use crate::files::git::GitHistory;

/// Delta chains are at most 50 deep by git's defaults; a deeper one is read whole.
const MAX_DEPTH: usize = 4096;

const OBJ_BLOB: u8 = 3;
const OBJ_OFS_DELTA: u8 = 6;
const OBJ_REF_DELTA: u8 = 7;

/// One pack: its file and where each object starts.
struct Pack {
    file: File,
    /// Every object's start, sorted: an object ends where the next starts.
    starts: Vec<u64>,
    /// Where the objects end (before the trailing checksum).
    end: u64,
}

/// The lines of data blobs, read from packs where possible.
pub struct PackLines<'a> {
    git: &'a Arc<GitHistory>,
    packs: Vec<Pack>,
    /// Object id → (pack, offset).
    index: HashMap<Oid, (usize, u64)>,
    /// Lines of objects already resolved, by (pack, offset).
    resolved: HashMap<(usize, u64), Arc<LineTable>>,
    /// How many objects were read as deltas.
    deltas: usize,
}

impl<'a> PackLines<'a> {
    pub fn new(git: &'a Arc<GitHistory>) -> PackLines<'a> {
        let mut reader =
            PackLines { git, packs: Vec::new(), index: HashMap::new(), resolved: HashMap::new(), deltas: 0 };
        let dir = git.git_dir().join("objects").join("pack");
        let mut idx: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "idx")).collect())
            .unwrap_or_default();
        idx.sort();
        for path in idx {
            // A pack that cannot be read is left to libgit2.
            let _ = reader.open(&path);
        }
        reader
    }

    /// Read `pack-….idx` (version 2) and open its pack.
    fn open(&mut self, idx_path: &Path) -> Option<()> {
        let idx = std::fs::read(idx_path).ok()?;
        if idx.get(..8)? != [0xff, b't', b'O', b'c', 0, 0, 0, 2] {
            return None;
        }
        let count = be32(&idx, 8 + 255 * 4)? as usize;
        let names = 8 + 256 * 4;
        let offsets = names + count * 20 + count * 4;
        let large = offsets + count * 4;
        let file = File::open(idx_path.with_extension("pack")).ok()?;
        let end = file.metadata().ok()?.len().checked_sub(20)?;
        let n = self.packs.len();
        let mut starts = Vec::with_capacity(count);
        let mut entries = Vec::with_capacity(count);
        for i in 0..count {
            let oid = Oid::from_bytes(idx.get(names + i * 20..names + i * 20 + 20)?).ok()?;
            let small = be32(&idx, offsets + i * 4)?;
            let offset = if small & 0x8000_0000 == 0 {
                u64::from(small)
            } else {
                let at = large + (small & 0x7fff_ffff) as usize * 8;
                (u64::from(be32(&idx, at)?) << 32) | u64::from(be32(&idx, at + 4)?)
            };
            if offset >= end {
                return None;
            }
            starts.push(offset);
            entries.push((oid, offset));
        }
        starts.sort_unstable();
        self.packs.push(Pack { file, starts, end });
        for (oid, offset) in entries {
            self.index.entry(oid).or_insert((n, offset));
        }
        Some(())
    }

    /// The lines of the object at `offset` of pack `pack`, resolving its delta chain.
    fn resolve(
        &mut self,
        pack: usize,
        offset: u64,
        interner: &mut Interner,
        depth: usize,
    ) -> Result<Arc<LineTable>, String> {
        if let Some(t) = self.resolved.get(&(pack, offset)) {
            return Ok(t.clone());
        }
        if depth > MAX_DEPTH {
            return Err(format!("a delta chain deeper than {MAX_DEPTH}"));
        }
        let object = self.read(pack, offset)?;
        let table = match object.base {
            Base::None => LineTable::split(&object.data, interner),
            Base::Offset(base) => {
                let base = self.resolve(pack, base, interner, depth + 1)?;
                self.deltas += 1;
                apply(&base, &object.data, interner)?
            }
            Base::Id(oid) => {
                let base = match self.index.get(&oid).copied() {
                    Some((p, o)) => self.resolve(p, o, interner, depth + 1)?,
                    None => GitLines(self.git).lines(oid, interner)?,
                };
                self.deltas += 1;
                apply(&base, &object.data, interner)?
            }
        };
        let table = Arc::new(table);
        self.resolved.insert((pack, offset), table.clone());
        Ok(table)
    }

    /// The object at `offset`: a blob's bytes, or a delta's instructions and its base.
    fn read(&mut self, pack: usize, offset: u64) -> Result<Object, String> {
        let p = self.packs.get_mut(pack).ok_or("no such pack")?;
        let next = p.starts.partition_point(|&s| s <= offset);
        let end = p.starts.get(next).copied().unwrap_or(p.end);
        let len = usize::try_from(end.saturating_sub(offset)).map_err(|_| "object too large")?;
        let mut raw = vec![0u8; len];
        p.file.seek(SeekFrom::Start(offset)).and_then(|_| p.file.read_exact(&mut raw)).map_err(|e| e.to_string())?;
        let bad = || format!("unreadable object header at offset {offset}");
        let mut at = 0;
        let mut c = *raw.first().ok_or_else(bad)?;
        at += 1;
        let kind = (c >> 4) & 7;
        let mut size = u64::from(c & 15);
        let mut shift = 4;
        while c & 0x80 != 0 {
            c = *raw.get(at).ok_or_else(bad)?;
            at += 1;
            size |= u64::from(c & 0x7f).checked_shl(shift).ok_or_else(bad)?;
            shift += 7;
        }
        let base = match kind {
            OBJ_BLOB => Base::None,
            OBJ_OFS_DELTA => {
                let mut c = *raw.get(at).ok_or_else(bad)?;
                at += 1;
                let mut back = u64::from(c & 0x7f);
                while c & 0x80 != 0 {
                    c = *raw.get(at).ok_or_else(bad)?;
                    at += 1;
                    back = ((back + 1) << 7) | u64::from(c & 0x7f);
                }
                Base::Offset(offset.checked_sub(back).ok_or_else(bad)?)
            }
            OBJ_REF_DELTA => {
                let id = raw.get(at..at + 20).ok_or_else(bad)?;
                at += 20;
                Base::Id(Oid::from_bytes(id).map_err(|e| e.message().to_owned())?)
            }
            other => return Err(format!("object at offset {offset} is of type {other}, not a blob")),
        };
        let compressed = raw.get(at..).ok_or_else(bad)?;
        let mut data = Vec::with_capacity(usize::try_from(size).unwrap_or(0).min(1 << 30));
        flate2::read::ZlibDecoder::new(compressed)
            .take(size + 1)
            .read_to_end(&mut data)
            .map_err(|e| format!("object at offset {offset}: {e}"))?;
        if data.len() as u64 != size {
            return Err(format!("object at offset {offset} inflates to {} bytes, its header says {size}", data.len()));
        }
        Ok(Object { base, data })
    }
}

/// What a packed object is stored against.
enum Base {
    None,
    Offset(u64),
    Id(Oid),
}

struct Object {
    base: Base,
    data: Vec<u8>,
}

impl LineSource for PackLines<'_> {
    fn lines(&mut self, oid: Oid, interner: &mut Interner) -> Result<Arc<LineTable>, String> {
        match self.index.get(&oid).copied() {
            Some((pack, offset)) => match self.resolve(pack, offset, interner, 0) {
                Ok(t) => Ok(t),
                // Whatever this reader did not expect, libgit2 reads (and reports).
                Err(_) => GitLines(self.git).lines(oid, interner),
            },
            None => GitLines(self.git).lines(oid, interner),
        }
    }
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    bytes.get(at..at + 4).and_then(|b| b.try_into().ok()).map(u32::from_be_bytes)
}

/// A delta header's size: little-endian base-128.
fn varint(delta: &[u8], at: &mut usize) -> Result<u64, String> {
    let mut value = 0u64;
    let mut shift = 0u32;
    loop {
        let c = *delta.get(*at).ok_or("truncated delta header")?;
        *at += 1;
        value |= u64::from(c & 0x7f).checked_shl(shift).ok_or("bad delta header")?;
        shift += 7;
        if c & 0x80 == 0 {
            return Ok(value);
        }
    }
}

/// The lines of the object a git delta makes of `base`: lines the delta
/// copies whole keep their ids; the bytes around them are split and interned.
pub fn apply(base: &LineTable, delta: &[u8], interner: &mut Interner) -> Result<LineTable, String> {
    let starts = base.starts(interner);
    let base_len = starts.last().copied().unwrap_or(0);
    let mut at = 0;
    if varint(delta, &mut at)? != base_len {
        return Err("the delta's base size differs from its base".into());
    }
    let target = varint(delta, &mut at)?;
    let mut out = Builder {
        table: LineTable { ids: Vec::with_capacity(base.ids.len() + 64), unterminated_last: false },
        pending: Vec::new(),
        produced: 0,
    };
    let mut scratch = Vec::new();
    while let Some(&op) = delta.get(at) {
        at += 1;
        if op & 0x80 != 0 {
            let mut off = 0u64;
            for (bit, shift) in [(0x01, 0), (0x02, 8), (0x04, 16), (0x08, 24)] {
                if op & bit != 0 {
                    off |= u64::from(*delta.get(at).ok_or("truncated delta")?) << shift;
                    at += 1;
                }
            }
            let mut len = 0u64;
            for (bit, shift) in [(0x10, 0), (0x20, 8), (0x40, 16)] {
                if op & bit != 0 {
                    len |= u64::from(*delta.get(at).ok_or("truncated delta")?) << shift;
                    at += 1;
                }
            }
            if len == 0 {
                len = 0x10000;
            }
            let end = off.checked_add(len).filter(|&e| e <= base_len).ok_or("a delta copies past its base")?;
            out.copy(base, &starts, off, end, interner, &mut scratch);
        } else if op != 0 {
            let bytes = delta.get(at..at + op as usize).ok_or("truncated delta")?;
            at += op as usize;
            out.feed(bytes, interner);
        } else {
            return Err("delta opcode 0".into());
        }
    }
    if out.produced != target {
        return Err(format!("the delta makes {} bytes, its header says {target}", out.produced));
    }
    Ok(out.finish(interner))
}

/// The lines of an object under construction.
struct Builder {
    table: LineTable,
    /// The current line's bytes, when it is not a whole line of the base.
    pending: Vec<u8>,
    produced: u64,
}

impl Builder {
    fn feed(&mut self, mut bytes: &[u8], interner: &mut Interner) {
        self.produced += bytes.len() as u64;
        while let Some(n) = memchr::memchr(b'\n', bytes) {
            self.pending.extend_from_slice(bytes.get(..n).unwrap_or(&[]));
            self.table.ids.push(interner.intern(&self.pending).0);
            self.pending.clear();
            bytes = bytes.get(n + 1..).unwrap_or(&[]);
        }
        self.pending.extend_from_slice(bytes);
    }

    /// Copy bytes `off..end` of `base` (its lines start at `starts`).
    fn copy(
        &mut self,
        base: &LineTable,
        starts: &[u64],
        off: u64,
        end: u64,
        interner: &mut Interner,
        scratch: &mut Vec<u8>,
    ) {
        let mut pos = off;
        let mut line = starts.partition_point(|&s| s <= pos).saturating_sub(1);
        while pos < end {
            let (Some(&ls), Some(&le), Some(&id)) = (starts.get(line), starts.get(line + 1), base.ids.get(line)) else {
                return;
            };
            let terminated = !(base.unterminated_last && line + 1 == base.ids.len());
            if self.pending.is_empty() && pos == ls && le <= end && terminated {
                self.table.ids.push(id);
                self.produced += le - ls;
                pos = le;
                line += 1;
                continue;
            }
            let text = interner.get(id);
            let (a, b) = ((pos - ls) as usize, (end.min(le) - ls) as usize);
            scratch.clear();
            scratch.extend_from_slice(text.get(a.min(text.len())..b.min(text.len())).unwrap_or(&[]));
            if b > text.len() {
                scratch.push(b'\n');
            }
            let bytes = std::mem::take(scratch);
            self.feed(&bytes, interner);
            *scratch = bytes;
            pos = end.min(le);
            if pos == le {
                line += 1;
            }
        }
    }

    fn finish(mut self, interner: &mut Interner) -> LineTable {
        if !self.pending.is_empty() {
            self.table.ids.push(interner.intern(&self.pending).0);
            self.table.unterminated_last = true;
        }
        self.table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A git delta: copy `(off, len)` or insert bytes.
    enum Op<'a> {
        Copy(u64, u64),
        Insert(&'a [u8]),
    }

    fn delta(base: usize, target: usize, ops: &[Op<'_>]) -> Vec<u8> {
        let mut out = Vec::new();
        for mut n in [base, target] {
            loop {
                let c = (n & 0x7f) as u8;
                n >>= 7;
                out.push(if n > 0 { c | 0x80 } else { c });
                if n == 0 {
                    break;
                }
            }
        }
        for op in ops {
            match op {
                Op::Copy(off, len) => {
                    out.push(0x80 | 0x01 | 0x02 | 0x10 | 0x20);
                    out.extend_from_slice(&[
                        (*off & 0xff) as u8,
                        (*off >> 8) as u8,
                        (*len & 0xff) as u8,
                        (*len >> 8) as u8,
                    ]);
                }
                Op::Insert(b) => {
                    out.push(b.len() as u8);
                    out.extend_from_slice(b);
                }
            }
        }
        out
    }

    #[test]
    fn a_delta_reuses_whole_lines_and_splits_the_rest() {
        let mut i = Interner::default();
        let base_bytes = b"{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n";
        let base = LineTable::split(base_bytes, &mut i);
        // Copy line a whole, insert a new line, copy half of b then the rest of b and c.
        let d = delta(24, 32, &[Op::Copy(0, 8), Op::Insert(b"{\"x\":9}\n"), Op::Copy(8, 4), Op::Copy(12, 12)]);
        let t = apply(&base, &d, &mut i).unwrap();
        let expected = LineTable::split(b"{\"a\":1}\n{\"x\":9}\n{\"b\":2}\n{\"c\":3}\n", &mut i);
        assert_eq!(t, expected);
        assert_eq!(i.len(), 4, "b was reassembled to the same line");
        // An unterminated end.
        let d = delta(24, 10, &[Op::Copy(16, 7), Op::Insert(b"!!!")]);
        let t = apply(&base, &d, &mut i).unwrap();
        assert_eq!(t, LineTable::split(b"{\"c\":3}!!!", &mut i));
        assert!(t.unterminated_last);
        // Copies past the base and wrong sizes are errors, not panics.
        assert!(apply(&base, &delta(24, 8, &[Op::Copy(20, 8)]), &mut i).is_err());
        assert!(apply(&base, &delta(23, 8, &[Op::Copy(0, 8)]), &mut i).is_err());
        assert!(apply(&base, &delta(24, 9, &[Op::Copy(0, 8)]), &mut i).is_err());
        assert!(apply(&base, &[0x18], &mut i).is_err());
    }

    #[test]
    fn packed_deltas_read_as_the_whole_blobs() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let sig = git2::Signature::new("t", "t@t.example", &git2::Time::new(1_767_225_600, 0)).unwrap();
        let mut rows: Vec<String> =
            (0..300).map(|i| format!("{{\"n\":{i},\"text\":\"row {i}, padded so that deltas pay off\"}}")).collect();
        let mut parent: Option<git2::Oid> = None;
        let mut blobs = Vec::new();
        for day in 0..30usize {
            rows.push(format!("{{\"n\":{},\"text\":\"added on day {day}\"}}", 300 + day));
            rows[day * 3] = format!("{{\"n\":{},\"text\":\"changed on day {day}\"}}", day * 3);
            if day % 5 == 0 {
                rows.remove(day + 1);
            }
            let mut content = rows.join("\n");
            if day % 7 != 0 {
                content.push('\n');
            }
            let blob = repo.blob(content.as_bytes()).unwrap();
            blobs.push(blob);
            let mut tb = repo.treebuilder(None).unwrap();
            tb.insert("data.jsonl", blob, 0o100644).unwrap();
            let tree = repo.find_tree(tb.write().unwrap()).unwrap();
            let parents: Vec<git2::Commit<'_>> = parent.iter().map(|p| repo.find_commit(*p).unwrap()).collect();
            let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
            parent = Some(repo.commit(Some("HEAD"), &sig, &sig, "day", &tree, &refs).unwrap());
        }
        let status = std::process::Command::new("git")
            .args(["repack", "-a", "-d", "-f", "-q", "--depth=50", "--window=10"])
            .current_dir(dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", dir.path())
            .status()
            .unwrap();
        assert!(status.success());
        let git = Arc::new(GitHistory::open(dir.path()).unwrap());
        let mut packed = PackLines::new(&git);
        assert!(blobs.iter().all(|b| packed.index.contains_key(b)), "every blob is packed");
        let (mut a, mut b) = (Interner::default(), Interner::default());
        let text = |t: &LineTable, i: &Interner| t.ids.iter().map(|&id| i.get(id).to_vec()).collect::<Vec<_>>();
        for oid in &blobs {
            let p = packed.lines(*oid, &mut a).unwrap();
            let w = GitLines(&git).lines(*oid, &mut b).unwrap();
            assert_eq!(text(&p, &a), text(&w, &b));
            assert_eq!(p.unterminated_last, w.unterminated_last);
        }
        assert!(packed.deltas > 20, "most versions are read as deltas: {}", packed.deltas);
        assert_eq!(a.len(), b.len(), "the same distinct lines");
    }
}
