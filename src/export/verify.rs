//! `soc2 verify`: does a package still hold exactly what its manifest lists?

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, BufReader, Read};
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
        ZipArchive::new(BufReader::new(file)).map_err(|source| VerifyError::NotZip { path: shown, source })?;
    let mut problems = Vec::new();
    let mut push = |kind, path: &str, detail: String| problems.push(Problem { kind, path: path.to_owned(), detail });

    // Name checks and content hashes, one pass over the entries.
    let mut seen: BTreeMap<String, Result<(u64, String), String>> = BTreeMap::new();
    let mut manifest_bytes = None;
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
        if entry.is_dir() {
            continue;
        }
        if seen.contains_key(&name) {
            push(ProblemKind::Duplicate, &name, "appears more than once".to_owned());
            continue;
        }
        if name == MANIFEST {
            let mut bytes = Vec::new();
            let read = entry.read_to_end(&mut bytes);
            seen.insert(name, read.map(|_| (0, String::new())).map_err(|e| e.to_string()));
            manifest_bytes = Some(bytes);
            continue;
        }
        let hashed = hash(&mut entry).map_err(|e| format!("damaged: {e}"));
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
    problems.sort_by(|a, b| (a.kind, &a.path).cmp(&(b.kind, &b.path)));
    Ok(Verification {
        entries: zip.len(),
        matched,
        manifest_sha256: manifest_bytes.map(|b| hex::encode(Sha256::digest(&b))),
        head: manifest.as_ref().and_then(|m| m.repo.head.clone()),
        generated_at: manifest.map(|m| m.generated_at),
        problems,
    })
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
