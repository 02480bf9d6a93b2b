//! Proof that a derived file (a cache entry) was written on this machine:
//! its size, modification time in nanoseconds, inode and device, recorded
//! when soc2 wrote it. A file that arrived any other way (committed with
//! `git add -f` and checked out, copied from elsewhere) has another inode
//! and modification time, so it is rebuilt instead of trusted.

use std::path::Path;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    size: u64,
    mtime_ns: u128,
    ino: u64,
    dev: u64,
}

impl Stamp {
    /// The stamp of the file at `path` as it is now; `None` if it is not a regular file.
    pub fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::symlink_metadata(path).ok().filter(std::fs::Metadata::is_file)?;
        let mtime_ns = m.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
        #[cfg(unix)]
        let (ino, dev) = {
            use std::os::unix::fs::MetadataExt as _;
            (m.ino(), m.dev())
        };
        #[cfg(not(unix))]
        let (ino, dev) = (0, 0);
        Some(Stamp { size: m.len(), mtime_ns, ino, dev })
    }
}
