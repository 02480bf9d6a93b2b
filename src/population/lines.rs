//! The distinct lines of many snapshots of a JSONL dataset, each stored
//! once: a year of daily snapshots mostly repeats the same rows, so a
//! snapshot becomes a list of line ids and only new lines cost memory.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

/// No line: the end of a hash chain, or a line never seen.
pub const NONE: u32 = u32::MAX;

/// A hasher for keys that are already hashes.
#[derive(Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Every distinct line seen, by id (ids count up from 0 in the order lines
/// are first seen). Lines are compared byte for byte, never by hash alone.
pub struct Interner {
    arena: Vec<u8>,
    /// Where each line is in `arena`.
    spans: Vec<(usize, usize)>,
    /// Hash → the first line with that hash; `next` chains the others.
    heads: HashMap<u64, u32, BuildHasherDefault<Identity>>,
    next: Vec<u32>,
    state: foldhash::fast::FixedState,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            arena: Vec::new(),
            spans: Vec::new(),
            heads: HashMap::default(),
            next: Vec::new(),
            state: foldhash::fast::FixedState::with_seed(0x50c2),
        }
    }
}

impl Interner {
    /// The id of `line`, added if new; the bool says whether it is new.
    pub fn intern(&mut self, line: &[u8]) -> (u32, bool) {
        let hash = self.state.hash_one(line);
        let mut last = NONE;
        if let Some(&head) = self.heads.get(&hash) {
            let mut id = head;
            while id != NONE {
                if self.get(id) == line {
                    return (id, false);
                }
                last = id;
                id = self.next.get(id as usize).copied().unwrap_or(NONE);
            }
        }
        let id = u32::try_from(self.spans.len()).unwrap_or(NONE - 1);
        let start = self.arena.len();
        self.arena.extend_from_slice(line);
        self.spans.push((start, line.len()));
        self.next.push(NONE);
        if last == NONE {
            self.heads.insert(hash, id);
        } else if let Some(slot) = self.next.get_mut(last as usize) {
            *slot = id;
        }
        (id, true)
    }

    /// The bytes of line `id` (without its newline).
    pub fn get(&self, id: u32) -> &[u8] {
        self.spans.get(id as usize).and_then(|&(start, len)| self.arena.get(start..start + len)).unwrap_or(&[])
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

/// One snapshot as the ids of its lines, in file order. Only the last line
/// can lack its newline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineTable {
    pub ids: Vec<u32>,
    pub unterminated_last: bool,
}

impl LineTable {
    /// Split `bytes` into lines and intern each.
    pub fn split(bytes: &[u8], interner: &mut Interner) -> LineTable {
        let mut ids = Vec::with_capacity(bytes.len() / 256 + 1);
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', bytes) {
            ids.push(interner.intern(bytes.get(start..end).unwrap_or(&[])).0);
            start = end + 1;
        }
        let unterminated_last = start < bytes.len();
        if unterminated_last {
            ids.push(interner.intern(bytes.get(start..).unwrap_or(&[])).0);
        }
        LineTable { ids, unterminated_last }
    }

    /// Byte offset of each line's start, plus the total length at the end.
    pub fn starts(&self, interner: &Interner) -> Vec<u64> {
        let mut out = Vec::with_capacity(self.ids.len() + 1);
        let mut at = 0u64;
        for (i, id) in self.ids.iter().enumerate() {
            out.push(at);
            at += interner.get(*id).len() as u64;
            if !(self.unterminated_last && i + 1 == self.ids.len()) {
                at += 1;
            }
        }
        out.push(at);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_stored_once_and_compared_exactly() {
        let mut i = Interner::default();
        let a = LineTable::split(b"{\"a\":1}\n{\"b\":2}\n", &mut i);
        let b = LineTable::split(b"{\"b\":2}\n{\"c\":3}", &mut i);
        assert_eq!(a.ids, [0, 1]);
        assert!(!a.unterminated_last);
        assert_eq!(b.ids, [1, 2]);
        assert!(b.unterminated_last);
        assert_eq!(i.len(), 3);
        assert_eq!(i.get(2), b"{\"c\":3}");
        assert_eq!(a.starts(&i), [0, 8, 16]);
        assert_eq!(b.starts(&i), [0, 8, 15]);
    }
}
