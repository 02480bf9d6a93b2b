//! Writing snapshots: data files and meta records, atomically.
//!
//! A data file is replaced only by a rename of a fully written, fsynced temp
//! file in the same directory, so a failed or killed run leaves the previous
//! snapshot byte-for-byte intact. Unchanged data is not rewritten at all.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::redact::Redactor;
use super::{Meta, data_path, meta_path, pending_meta_path};
use crate::hash::file_sha256;

/// Names of temp files while a write is in flight.
const TEMP_PREFIX: &str = ".soc2-tmp-";

/// The soc2 version recorded in every meta file.
pub const SOC2_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The evidence files of one compliance repo.
pub struct Store {
    root: PathBuf,
}

/// What describes a snapshot besides its rows.
pub struct Origin<'a> {
    pub collector: &'a str,
    pub dataset: &'a str,
    pub kind: &'a str,
    /// Where the data came from; redacted before it is written.
    pub source: &'a str,
}

/// The result of writing one dataset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub rows: u64,
    pub sha256: String,
    /// Whether the data file's bytes changed.
    pub data_changed: bool,
    /// Repo-relative paths of the files written (data file, if changed, and meta).
    pub paths: Vec<String>,
}

impl Store {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Store { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The meta record of a dataset; `Ok(None)` when there is none yet.
    pub fn read_meta(&self, collector: &str, dataset: &str) -> Result<Option<Meta>, String> {
        let rel = meta_path(collector, dataset);
        match fs::read(self.root.join(&rel)) {
            Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| format!("{rel}: invalid meta file: {e}")),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{rel}: {e}")),
        }
    }

    /// Write a dataset's rows (one JSON object per line, already in their final
    /// order) and its meta. The data file is left untouched when its bytes are the same.
    pub fn write<'r>(
        &self,
        origin: &Origin<'_>,
        rows: impl IntoIterator<Item = &'r [u8]>,
        now: &str,
        redactor: &Redactor,
    ) -> io::Result<Written> {
        self.write_rows(origin, rows.into_iter().map(Ok), now, redactor)
    }

    /// [`Store::write`] for rows read as they are written (a dataset spilled to
    /// disk): the first `Err` abandons the write and keeps the previous snapshot.
    pub fn write_rows<R: AsRef<[u8]>>(
        &self,
        origin: &Origin<'_>,
        rows: impl IntoIterator<Item = io::Result<R>>,
        now: &str,
        redactor: &Redactor,
    ) -> io::Result<Written> {
        let data_rel = data_path(origin.collector, origin.dataset);
        let data_full = self.root.join(&data_rel);
        let dir = parent(&data_full)?;
        fs::create_dir_all(dir)?;

        let mut temp = tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(dir)?;
        let mut hasher = Sha256::new();
        let mut count = 0u64;
        {
            let mut w =
                BufWriter::with_capacity(1 << 16, HashingWriter { inner: temp.as_file_mut(), hasher: &mut hasher });
            for row in rows {
                w.write_all(row?.as_ref())?;
                w.write_all(b"\n")?;
                count += 1;
            }
            w.flush()?;
        }
        let sha256 = hex::encode(hasher.finalize());
        let data_changed = file_sha256(&data_full)?.as_deref() != Some(sha256.as_str());
        let meta = Meta {
            collector: origin.collector.to_owned(),
            dataset: origin.dataset.to_owned(),
            kind: origin.kind.to_owned(),
            source: redactor.redact(origin.source).into_owned(),
            collected_at: Some(now.to_owned()),
            rows: count,
            sha256: Some(sha256.clone()),
            soc2_version: SOC2_VERSION.to_owned(),
            last_error: None,
            last_error_at: None,
        };
        let mut paths = Vec::new();
        if data_changed {
            // Data and meta are one unit. The new meta is written first, beside
            // the meta, then the two renames follow back to back; a kill between
            // them leaves the pending meta, which matches the new data: readers
            // use it, and the next collect renames it into place.
            let pending = self.root.join(pending_meta_path(origin.collector, origin.dataset));
            write_atomic(&pending, crate::json::pretty(&meta).map_err(io::Error::other)?.as_bytes())?;
            temp.as_file().sync_all()?;
            set_readable(temp.path())?;
            temp.persist(&data_full).map_err(|e| e.error)?;
            fs::rename(&pending, self.root.join(meta_path(origin.collector, origin.dataset)))?;
            sync_dir(dir);
            paths.push(data_rel);
            paths.push(meta_path(origin.collector, origin.dataset));
        } else {
            paths.push(self.write_meta(&meta)?);
        }
        Ok(Written { rows: count, sha256, data_changed, paths })
    }

    /// Remove temp files a killed run left in a collector's folder, and finish
    /// a replacement killed between its two renames: a pending meta that
    /// matches the data file is renamed into place, any other is removed
    /// (call under the collect lock).
    pub fn remove_stale_temp_files(&self, collector: &str) {
        let dir = self.root.join(super::EVIDENCE_DIR).join(collector);
        let Ok(entries) = fs::read_dir(&dir) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(TEMP_PREFIX) {
                let _ = fs::remove_file(entry.path());
            } else if let Some(dataset) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".meta.next")) {
                let pending: Option<Meta> = fs::read(entry.path()).ok().and_then(|b| serde_json::from_slice(&b).ok());
                let data_sha = file_sha256(&dir.join(format!("{dataset}.jsonl"))).ok().flatten();
                match pending {
                    Some(m) if m.sha256.is_some() && m.sha256 == data_sha => {
                        let _ = fs::rename(entry.path(), dir.join(format!("{dataset}.meta.json")));
                    }
                    _ => {
                        let _ = fs::remove_file(entry.path());
                    }
                }
            }
        }
        sync_dir(&dir);
    }

    /// Record that the latest run of a dataset failed: the data file is not
    /// touched, the meta keeps its previous values and gains `last_error`.
    /// Returns the repo-relative path of the meta file.
    pub fn record_failure(
        &self,
        origin: &Origin<'_>,
        error: &str,
        now: &str,
        redactor: &Redactor,
    ) -> io::Result<String> {
        let previous = self.read_meta(origin.collector, origin.dataset).ok().flatten();
        let mut meta = previous.unwrap_or_else(|| Meta {
            collector: origin.collector.to_owned(),
            dataset: origin.dataset.to_owned(),
            kind: origin.kind.to_owned(),
            source: redactor.redact(origin.source).into_owned(),
            collected_at: None,
            rows: 0,
            sha256: None,
            soc2_version: SOC2_VERSION.to_owned(),
            last_error: None,
            last_error_at: None,
        });
        meta.last_error = Some(redactor.redact(error).into_owned());
        meta.last_error_at = Some(now.to_owned());
        self.write_meta(&meta)
    }

    fn write_meta(&self, meta: &Meta) -> io::Result<String> {
        let rel = meta_path(&meta.collector, &meta.dataset);
        let text = crate::json::pretty(meta).map_err(io::Error::other)?;
        write_atomic(&self.root.join(&rel), text.as_bytes())?;
        Ok(rel)
    }
}

/// Replace `path` with `bytes` through a synced temp file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = parent(path)?;
    fs::create_dir_all(dir)?;
    let mut temp = tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    set_readable(temp.path())?;
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

fn parent(path: &Path) -> io::Result<&Path> {
    path.parent().ok_or_else(|| io::Error::other(format!("{} has no parent directory", path.display())))
}

/// Temp files are created private; evidence is ordinary repo content.
fn set_readable(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o644))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Make a rename durable; best effort (not every platform can sync a directory).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

struct HashingWriter<'a, W: Write> {
    inner: W,
    hasher: &'a mut Sha256,
}

impl<W: Write> Write for HashingWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(buf.get(..n).unwrap_or_default());
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin<'static> {
        Origin { collector: "hr", dataset: "hr", kind: "file", source: "hr.csv" }
    }

    #[test]
    fn unchanged_data_is_not_rewritten_and_failures_keep_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let r = Redactor::new();
        let first = store.write(&origin(), [&b"{\"a\":1}"[..], b"{\"a\":2}"], "2026-01-01T00:00:00Z", &r).unwrap();
        assert!(first.data_changed);
        assert_eq!(first.paths, ["evidence/hr/hr.jsonl", "evidence/hr/hr.meta.json"]);
        let data = fs::read(dir.path().join("evidence/hr/hr.jsonl")).unwrap();
        assert_eq!(data, b"{\"a\":1}\n{\"a\":2}\n");
        let second = store.write(&origin(), [&b"{\"a\":1}"[..], b"{\"a\":2}"], "2026-01-02T00:00:00Z", &r).unwrap();
        assert!(!second.data_changed);
        assert_eq!(second.sha256, first.sha256);

        store.record_failure(&origin(), "boom", "2026-01-03T00:00:00Z", &r).unwrap();
        assert_eq!(fs::read(dir.path().join("evidence/hr/hr.jsonl")).unwrap(), data);
        let meta = store.read_meta("hr", "hr").unwrap().unwrap();
        assert_eq!(meta.collected_at.as_deref(), Some("2026-01-02T00:00:00Z"));
        assert_eq!(meta.rows, 2);
        assert_eq!(meta.last_error.as_deref(), Some("boom"));
        assert_eq!(meta.last_error_at.as_deref(), Some("2026-01-03T00:00:00Z"));
        fs::write(dir.path().join("evidence/hr/.soc2-tmp-abc"), "half a file").unwrap();
        store.remove_stale_temp_files("hr");
        let leftovers: Vec<_> = fs::read_dir(dir.path().join("evidence/hr"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".soc2-tmp-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}
