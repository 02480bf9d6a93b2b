//! Writing the zip: entries in path order with fixed timestamps and
//! permissions, each streamed through a sha256 into the manifest, which goes
//! last. Same plan and time, same bytes.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use anyhow::{Context as _, Result};
use chrono::{DateTime, Datelike, Timelike, Utc};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::manifest::{FileEntry, MANIFEST, Manifest};
use super::plan::{Plan, Source};
use crate::output::Progress;

/// Extensions whose content is already compressed: stored as is.
const STORED: &[&str] = &["7z", "docx", "gif", "gz", "jpeg", "jpg", "pdf", "png", "pptx", "xlsx", "xz", "zip", "zst"];

/// Write `plan` as a zip at `dest` (through a temp file and a rename, so a
/// failed export leaves no partial package), filling in `manifest.files`.
pub fn write(plan: Plan, mut manifest: Manifest, dest: &Path, progress: &dyn Progress) -> Result<Manifest> {
    let dir = dest.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".soc2-export-");
    // Created 0666 less the umask, like any file the user writes (temp files default to 0600).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let temp = builder.tempfile_in(dir).with_context(|| format!("cannot write in {}", dir.display()))?;
    let time = zip_time(&manifest.generated_at)?;
    let mut zip = ZipWriter::new(Latch::new(BufWriter::with_capacity(1 << 20, temp.as_file())));
    manifest.skipped = plan.skipped();
    manifest.files.clear();
    for (path, source) in plan.entries {
        let entry = match source {
            Source::Bytes(bytes) => add(&mut zip, &path, time, bytes.len() as u64, &mut bytes.as_slice(), progress),
            Source::File(file) => {
                let mut reader = File::open(&file).with_context(|| format!("cannot read {}", file.display()))?;
                let size = reader.metadata().map_or(0, |m| m.len());
                add(&mut zip, &path, time, size, &mut reader, progress)
            }
        }
        .with_context(|| format!("cannot add {path} to the package"))?;
        manifest.files.push(entry);
    }
    let json = crate::json::pretty(&manifest)?.into_bytes();
    add(&mut zip, MANIFEST, time, json.len() as u64, &mut json.as_slice(), &())
        .context("cannot add manifest.json to the package")?;
    let mut out = zip.finish().context("cannot finish the zip")?;
    out.flush().context("cannot write the zip")?;
    drop(out);
    temp.as_file().sync_all().context("cannot write the zip")?;
    temp.persist(dest).map_err(|e| e.error).with_context(|| format!("cannot write {}", dest.display()))?;
    Ok(manifest)
}

fn add<W: Write + io::Seek>(
    zip: &mut ZipWriter<W>,
    path: &str,
    time: zip::DateTime,
    size: u64,
    reader: &mut dyn io::Read,
    progress: &dyn Progress,
) -> Result<FileEntry> {
    let stored = path.rsplit_once('.').is_some_and(|(_, ext)| STORED.contains(&ext.to_ascii_lowercase().as_str()));
    let options = SimpleFileOptions::default()
        .compression_method(if stored { CompressionMethod::Stored } else { CompressionMethod::Deflated })
        .last_modified_time(time)
        .unix_permissions(0o644)
        .large_file(size >= u64::from(u32::MAX));
    zip.start_file(path, options)?;
    let mut sink = Hashing { inner: zip, hasher: Sha256::new(), size: 0, progress };
    io::copy(reader, &mut sink)?;
    let Hashing { hasher, size, .. } = sink;
    Ok(FileEntry { path: path.to_owned(), size, sha256: hex::encode(hasher.finalize()) })
}

/// Below the zip writer: the first write error (a full disk) goes up as
/// usual; after it, writes and seeks succeed without touching the file, so
/// the zip crate's own cleanup on drop cannot fail again and print its
/// debug text. The temp file is removed; nothing partial is left.
struct Latch<W> {
    inner: W,
    failed: bool,
    pos: u64,
    end: u64,
}

impl<W> Latch<W> {
    fn new(inner: W) -> Self {
        Latch { inner, failed: false, pos: 0, end: 0 }
    }
}

impl<W: Write> Write for Latch<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = if self.failed { buf.len() } else { self.inner.write(buf).inspect_err(|_| self.failed = true)? };
        self.pos += n as u64;
        self.end = self.end.max(self.pos);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failed {
            return Ok(());
        }
        self.inner.flush().inspect_err(|_| self.failed = true)
    }
}

impl<W: io::Seek> io::Seek for Latch<W> {
    fn seek(&mut self, to: io::SeekFrom) -> io::Result<u64> {
        if !self.failed {
            match self.inner.seek(to) {
                Ok(p) => {
                    self.pos = p;
                    self.end = self.end.max(p);
                    return Ok(p);
                }
                Err(e) => {
                    self.failed = true;
                    return Err(e);
                }
            }
        }
        self.pos = match to {
            io::SeekFrom::Start(p) => p,
            io::SeekFrom::End(d) => self.end.saturating_add_signed(d),
            io::SeekFrom::Current(d) => self.pos.saturating_add_signed(d),
        };
        Ok(self.pos)
    }
}

/// A writer that hashes and counts what passes through it.
struct Hashing<'a, W> {
    inner: W,
    hasher: Sha256,
    size: u64,
    progress: &'a dyn Progress,
}

impl<W: Write> Write for Hashing<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        let written = buf.get(..n).unwrap_or_default();
        self.hasher.update(written);
        self.size += n as u64;
        self.progress.advance(n as u64);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The entries' timestamp: the generation time, so the zip depends on `--now`
/// and not on the clock or the files' mtimes.
fn zip_time(generated_at: &str) -> Result<zip::DateTime> {
    let t: DateTime<Utc> = crate::dates::parse_timestamp(generated_at).map_err(|e| anyhow::anyhow!("{e}"))?;
    let clamp = |v: u32, max: u32| u8::try_from(v.min(max)).unwrap_or(0);
    let year = u16::try_from(t.year().clamp(1980, 2107)).unwrap_or(1980);
    zip::DateTime::from_date_and_time(
        year,
        clamp(t.month(), 12),
        clamp(t.day(), 31),
        clamp(t.hour(), 23),
        clamp(t.minute(), 59),
        clamp(t.second(), 59),
    )
    .or_else(|_| zip::DateTime::from_date_and_time(1980, 1, 1, 0, 0, 0))
    .map_err(|_| anyhow::anyhow!("cannot express {generated_at} as a zip time"))
}
