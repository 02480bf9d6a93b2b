//! `soc2 verify`: does a package still hold exactly what its manifest lists?

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};
use zip::ZipArchive;

use super::manifest::{MANIFEST, Manifest};

/// The package could not be read as a zip at all (exit 2, not 1).
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("cannot open {path}: {source}")]
    Open { path: String, source: io::Error },
    #[error("{path} is not a zip file: {source}")]
    NotZip { path: String, source: zip::result::ZipError },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// The manifest is absent or unreadable: nothing can be checked.
    Manifest,
    /// An entry name that could escape an extraction directory.
    UnsafePath,
    /// The same name twice.
    Duplicate,
    /// Listed in the manifest, absent from the zip.
    Missing,
    /// In the zip, not in the manifest.
    Extra,
    /// Content differs from the manifest (size, sha256, or damaged data).
    Altered,
    /// A sample record whose population hash or selection does not re-derive.
    Sample,
}

impl ProblemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::Manifest => "manifest",
            ProblemKind::UnsafePath => "unsafe path",
            ProblemKind::Duplicate => "duplicate",
            ProblemKind::Missing => "missing",
            ProblemKind::Extra => "extra",
            ProblemKind::Altered => "altered",
            ProblemKind::Sample => "sample",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    pub path: String,
    pub detail: String,
}

/// What verification found.
#[derive(Clone, Debug, Serialize)]
pub struct Verification {
    /// Entries in the zip, the manifest included.
    pub entries: usize,
    /// Files whose size and sha256 match the manifest.
    pub matched: usize,
    /// Sample records whose population hash and selection were re-derived from the package.
    pub samples: usize,
    /// sha256 of `manifest.json`, to compare with a value sent separately.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manifest_sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generated_at: Option<String>,
    pub problems: Vec<Problem>,
}

impl Verification {
    pub fn intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Check every entry of the zip at `path` against its manifest.
pub fn verify(path: &Path) -> Result<Verification, VerifyError> {
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|source| VerifyError::Open { path: shown.clone(), source })?;
    let mut zip =
        ZipArchive::new(BufReader::new(file)).map_err(|source| VerifyError::NotZip { path: shown.clone(), source })?;
    let mut problems = Vec::new();
    let mut push = |kind, path: &str, detail: String| problems.push(Problem { kind, path: path.to_owned(), detail });

    // The zip reader keeps one entry per name, so duplicates, links and
    // directory entries are judged on the central directory as written.
    let raw = File::open(path)
        .and_then(|mut f| central_directory(&mut f))
        .map_err(|source| VerifyError::Open { path: shown, source })?;
    for problem in raw_problems(&raw) {
        push(problem.kind, &problem.path, problem.detail);
    }

    // Name checks and content hashes, one pass over the entries.
    let mut seen: BTreeMap<String, Result<(u64, String), String>> = BTreeMap::new();
    let mut manifest_bytes = None;
    let mut sample_inputs: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = match zip.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                push(ProblemKind::Altered, &format!("entry #{i}"), format!("unreadable: {e}"));
                continue;
            }
        };
        let name = entry.name().to_owned();
        if let Some(why) = unsafe_path(&name) {
            push(ProblemKind::UnsafePath, &name, why.to_owned());
        }
        if entry.is_dir() || seen.contains_key(&name) {
            continue;
        }
        if name == MANIFEST {
            let mut bytes = Vec::new();
            let read = entry.read_to_end(&mut bytes);
            seen.insert(name, read.map(|_| (0, String::new())).map_err(|e| e.to_string()));
            manifest_bytes = Some(bytes);
            continue;
        }
        let hashed = if is_sample_input(&name) {
            let mut bytes = Vec::new();
            let read = entry.read_to_end(&mut bytes);
            let hashed =
                read.map(|n| (n as u64, hex::encode(Sha256::digest(&bytes)))).map_err(|e| format!("damaged: {e}"));
            if hashed.is_ok() {
                sample_inputs.insert(name.clone(), bytes);
            }
            hashed
        } else {
            hash(&mut entry).map_err(|e| format!("damaged: {e}"))
        };
        seen.insert(name, hashed);
    }

    let manifest = match manifest_bytes.as_deref().map(serde_json::from_slice::<Manifest>) {
        None => {
            push(ProblemKind::Manifest, MANIFEST, "no manifest.json in the package".to_owned());
            None
        }
        Some(Err(e)) => {
            push(ProblemKind::Manifest, MANIFEST, format!("cannot read: {e}"));
            None
        }
        Some(Ok(m)) => Some(m),
    };
    let mut matched = 0;
    if let Some(m) = &manifest {
        let mut listed = BTreeSet::new();
        for f in &m.files {
            if let Some(why) = unsafe_path(&f.path) {
                push(ProblemKind::UnsafePath, &f.path, format!("{why} (in the manifest)"));
            }
            if !listed.insert(f.path.as_str()) {
                push(ProblemKind::Duplicate, &f.path, "listed more than once in the manifest".to_owned());
                continue;
            }
            match seen.get(&f.path) {
                None => push(ProblemKind::Missing, &f.path, "listed in the manifest, not in the package".to_owned()),
                Some(Err(e)) => push(ProblemKind::Altered, &f.path, e.clone()),
                Some(Ok((size, sha))) if *size != f.size || *sha != f.sha256 => push(
                    ProblemKind::Altered,
                    &f.path,
                    format!("sha256 {sha} ({size} bytes), manifest says {} ({} bytes)", f.sha256, f.size),
                ),
                Some(Ok(_)) => matched += 1,
            }
        }
        for name in seen.keys().filter(|n| *n != MANIFEST && !listed.contains(n.as_str())) {
            push(ProblemKind::Extra, name, "in the package, not in the manifest".to_owned());
        }
    }
    let samples = check_samples(&sample_inputs, &mut push);
    problems.sort_by(|a, b| (a.kind, &a.path).cmp(&(b.kind, &b.path)));
    Ok(Verification {
        entries: zip.len(),
        matched,
        samples,
        manifest_sha256: manifest_bytes.map(|b| hex::encode(Sha256::digest(&b))),
        head: manifest.as_ref().and_then(|m| m.repo.head.clone()),
        generated_at: manifest.map(|m| m.generated_at),
        problems,
    })
}

/// Whether an entry is a sample record or a population file, which verify re-derives.
fn is_sample_input(name: &str) -> bool {
    use crate::population::sample::{DIR, POPULATIONS_DIR};
    (name.starts_with(&format!("{DIR}/")) && name.ends_with(".json"))
        || (name.starts_with(&format!("{POPULATIONS_DIR}/")) && name.ends_with(".jsonl"))
}

/// Re-derive every sample record from the population file it names: the
/// population's sha256, the seed and the selection. Returns how many
/// records re-derived cleanly.
fn check_samples(inputs: &BTreeMap<String, Vec<u8>>, push: &mut dyn FnMut(ProblemKind, &str, String)) -> usize {
    use crate::population::sample::{DIR, SampleRecord, rederive};
    let mut clean = 0;
    for (name, bytes) in inputs.iter().filter(|(n, _)| n.starts_with(&format!("{DIR}/"))) {
        let record: SampleRecord = match serde_json::from_slice(bytes) {
            Ok(r) => r,
            Err(e) => {
                push(ProblemKind::Sample, name, format!("not a sample record: {e}"));
                continue;
            }
        };
        let Some(population) = inputs.get(&record.population.file) else {
            push(
                ProblemKind::Sample,
                name,
                format!(
                    "its population {} is not in the package: the selection cannot be re-derived",
                    record.population.file
                ),
            );
            continue;
        };
        let problems = rederive(&record, population);
        if problems.is_empty() {
            clean += 1;
        }
        for p in problems {
            push(ProblemKind::Sample, name, p);
        }
    }
    clean
}

/// One entry of the central directory, as written (duplicates kept).
#[derive(Debug)]
struct RawEntry {
    name: String,
    /// Unix mode bits when the entry was made on Unix.
    unix_mode: Option<u32>,
    /// Uncompressed size as the central directory says (u64::MAX when in zip64 extra data).
    size: u64,
}

/// Duplicate names (exact, or equal once case and Unicode normalization are
/// ignored, which collide on macOS and Windows), links and other special
/// entries, and directory entries that carry data.
fn raw_problems(raw: &[RawEntry]) -> Vec<Problem> {
    use unicode_normalization::UnicodeNormalization as _;
    let mut out = Vec::new();
    let mut problem = |kind, path: &str, detail: String| out.push(Problem { kind, path: path.to_owned(), detail });
    let mut exact: BTreeMap<&str, usize> = BTreeMap::new();
    let mut folded: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for e in raw {
        *exact.entry(e.name.as_str()).or_default() += 1;
        let key: String = e.name.nfc().collect::<String>().to_lowercase().nfc().collect();
        folded.entry(key).or_default().insert(e.name.as_str());
        let kind = e.unix_mode.map(|m| m & 0o170000).unwrap_or(0);
        if kind == 0o120000 {
            problem(
                ProblemKind::UnsafePath,
                &e.name,
                "a symbolic link entry; soc2 packages hold only regular files".to_owned(),
            );
        } else if kind != 0 && kind != 0o100000 && kind != 0o040000 {
            problem(
                ProblemKind::UnsafePath,
                &e.name,
                format!("a special file entry (mode {kind:o}); soc2 packages hold only regular files"),
            );
        }
        if e.name.ends_with('/') && e.size > 0 {
            problem(ProblemKind::Extra, &e.name, "a directory entry that carries data".to_owned());
        }
    }
    for (name, n) in exact.iter().filter(|(_, n)| **n > 1) {
        problem(
            ProblemKind::Duplicate,
            name,
            format!("appears {n} times in the zip; extractors disagree on which copy wins"),
        );
    }
    for names in folded.values().filter(|names| names.len() > 1) {
        let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        for name in names {
            problem(
                ProblemKind::Duplicate,
                name,
                format!(
                    "names {} differ only by case or Unicode normalization; they collide when extracted on macOS or Windows",
                    list.join(" and ")
                ),
            );
        }
    }
    out
}

fn le16(b: &[u8], at: usize) -> io::Result<u64> {
    b.get(at..at + 2).map(|s| u64::from(u16::from_le_bytes([s[0], s[1]]))).ok_or_else(truncated)
}

fn le32(b: &[u8], at: usize) -> io::Result<u64> {
    b.get(at..at + 4).map(|s| u64::from(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))).ok_or_else(truncated)
}

fn le64(b: &[u8], at: usize) -> io::Result<u64> {
    let s = b.get(at..at + 8).ok_or_else(truncated)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Ok(u64::from_le_bytes(a))
}

fn truncated() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "the zip's central directory is truncated")
}

/// Every entry of the central directory, read from the end-of-central-directory record (zip64 aware).
fn central_directory(file: &mut File) -> io::Result<Vec<RawEntry>> {
    let len = file.metadata()?.len();
    let tail_len = len.min(22 + 65535 + 20);
    file.seek(SeekFrom::Start(len - tail_len))?;
    let mut tail = vec![0u8; usize::try_from(tail_len).map_err(|_| truncated())?];
    file.read_exact(&mut tail)?;
    let eocd = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail.get(i..i + 4) == Some(&[0x50, 0x4b, 0x05, 0x06]))
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "no end of central directory"))?;
    let mut count = le16(&tail, eocd + 10)?;
    let mut size = le32(&tail, eocd + 12)?;
    let mut offset = le32(&tail, eocd + 16)?;
    if (count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF)
        && eocd >= 20
        && tail.get(eocd - 20..eocd - 16) == Some(&[0x50, 0x4b, 0x06, 0x07])
    {
        let at = le64(&tail, eocd - 20 + 8)?;
        file.seek(SeekFrom::Start(at))?;
        let mut rec = [0u8; 56];
        file.read_exact(&mut rec)?;
        count = le64(&rec, 32)?;
        size = le64(&rec, 40)?;
        offset = le64(&rec, 48)?;
    }
    if offset.saturating_add(size) > len {
        return Err(truncated());
    }
    file.seek(SeekFrom::Start(offset))?;
    let mut cd = Vec::new();
    file.take(size).read_to_end(&mut cd)?;
    let mut out = Vec::new();
    let mut at = 0usize;
    while out.len() < usize::try_from(count).unwrap_or(usize::MAX)
        && cd.get(at..at + 4) == Some(&[0x50, 0x4b, 0x01, 0x02])
    {
        let made_by = le16(&cd, at + 4)?;
        let usize_of = |v: u64| usize::try_from(v).map_err(|_| truncated());
        let name_len = usize_of(le16(&cd, at + 28)?)?;
        let extra_len = usize_of(le16(&cd, at + 30)?)?;
        let comment_len = usize_of(le16(&cd, at + 32)?)?;
        let external = le32(&cd, at + 38)?;
        let mut size = le32(&cd, at + 24)?;
        if size == 0xFFFF_FFFF {
            size = u64::MAX;
        }
        let name = cd.get(at + 46..at + 46 + name_len).ok_or_else(truncated)?;
        let unix_mode = (made_by >> 8 == 3).then(|| u32::try_from(external >> 16).unwrap_or(0));
        out.push(RawEntry { name: String::from_utf8_lossy(name).into_owned(), unix_mode, size });
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(out)
}

fn hash(reader: &mut impl Read) -> io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let size = io::copy(reader, &mut hasher)?;
    Ok((size, hex::encode(hasher.finalize())))
}

/// Why an entry name is unsafe to extract, if it is.
pub fn unsafe_path(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("empty name");
    }
    if name.starts_with('/') || name.starts_with('\\') {
        return Some("absolute path");
    }
    if name.as_bytes().get(1) == Some(&b':') {
        return Some("drive-letter path");
    }
    if name.contains('\\') {
        return Some("backslash in path");
    }
    if name.contains('\0') {
        return Some("NUL in path");
    }
    if name.split('/').any(|part| part == "..") {
        return Some("`..` leaves the package");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::unsafe_path;

    #[test]
    fn names_that_escape_are_unsafe() {
        for bad in ["../x", "a/../../x", "/etc/passwd", "\\x", "C:/x", "a\\..\\x", ""] {
            assert!(unsafe_path(bad).is_some(), "{bad}");
        }
        for ok in ["summary.html", "controls/AC-01/result.json", "a..b/c", "evidence/x/.hidden"] {
            assert_eq!(unsafe_path(ok), None, "{ok}");
        }
    }
}
