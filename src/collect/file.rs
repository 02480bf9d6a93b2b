//! `kind = "file"`: rows from CSV, JSON, JSONL or YAML files in the repo,
//! or a tool's SARIF or OCSF output (`format = "sarif"` / `"ocsf"`), read as a stream.
//!
//! ```toml
//! [collectors.hr_roster]
//! kind = "file"
//! path = "registers/hr_roster.csv"     # or a glob: "registers/vendors/*.yaml"
//! ```

use std::io::BufReader;
use std::path::Path;

use anyhow::{Result, anyhow, bail};

use super::{Collector, Cx, Dataset, DatasetResult, Format, adapter, csv_rows, parse_rows};
use crate::diagnostic::Diagnostic;
use crate::repo::collector::{CollectorOptions, CollectorSpec, FileOptions, is_glob};
use crate::repo::dataset::{Schemas, check_register};

pub struct File {
    path: String,
    format: Option<Format>,
    select: Option<String>,
}

impl File {
    pub fn new(o: &FileOptions) -> Self {
        File { path: o.path.clone(), format: o.format, select: o.select.clone().filter(|s| !s.is_empty()) }
    }
}

impl Collector for File {
    fn source(&self) -> String {
        self.path.clone()
    }

    fn collect(&self, cx: &Cx<'_>) -> Result<Vec<DatasetResult>> {
        let root = &cx.settings.root;
        let files = expand(&self.path, root)?;
        let canonical = crate::files::boundary::canonical_root(root);
        let mut ds = Dataset::new(cx.name);
        for rel in &files {
            cx.progress.step(rel);
            let format = self
                .format
                .or_else(|| Format::from_path(rel))
                .ok_or_else(|| anyhow!("{rel}: cannot tell the format from the extension; set `format`"))?;
            // Inside the repo only: a link out (or through a linked folder) is an error naming it.
            let full = crate::files::boundary::resolve(&canonical, &root.join(rel)).map_err(|e| match e {
                crate::files::FileError::NotFound => anyhow!("{rel}: not found"),
                other => anyhow!("{rel}: {other}"),
            })?;
            let open = || std::fs::File::open(&full).map_err(|e| anyhow!("{rel}: {}", io_reason(&e)));
            if format.is_adapter() {
                // Streamed: a tool's output can be far larger than its rows.
                let reader = BufReader::with_capacity(1 << 16, open()?);
                adapter::read(format, reader, &mut |row| ds.push(cx, row))
                    .map_err(|e| anyhow!("{}", e.at_path(rel)))?;
                continue;
            }
            let result = if format == Format::Csv {
                csv_rows(BufReader::with_capacity(1 << 16, open()?), &mut ds, cx)
            } else {
                let bytes = std::fs::read(&full).map_err(|e| anyhow!("{rel}: {}", io_reason(&e)))?;
                parse_rows(format, &bytes, self.select.as_deref(), &mut ds, cx)
            };
            result.map_err(|e| match e.downcast_ref::<super::rows::At>() {
                Some(at) => anyhow!("{rel}:{}:{}: {}", at.line, at.column, at.message),
                None => anyhow!("{rel}: {e}"),
            })?;
        }
        Ok(vec![Ok(ds)])
    }
}

/// The repo-relative files a `path` (a file or a glob) names, sorted; a glob matching nothing is an error.
pub(super) fn expand(path: &str, root: &Path) -> Result<Vec<String>> {
    if !is_glob(path) {
        return Ok(vec![path.to_owned()]);
    }
    let pattern = root.join(path);
    let pattern = pattern.to_string_lossy();
    let mut found = Vec::new();
    for entry in glob::glob(&pattern).map_err(|e| anyhow!("invalid glob `{path}`: {e}"))? {
        let p = entry.map_err(|e| anyhow!("{path}: {e}"))?;
        // Folders are skipped; links and special files are judged by the boundary when read.
        if !p.symlink_metadata().is_ok_and(|m| m.is_dir()) {
            found.push(crate::diagnostic::display_path(root, &p));
        }
    }
    found.sort();
    if found.is_empty() {
        bail!("no file matches `{path}`");
    }
    Ok(found)
}

/// Check what a `file` collector would read, as it is written, before it
/// becomes evidence: a register against its declared schema (columns,
/// keys, value types). Problems are located in the input file; a missing
/// file or a glob is left to `collect` itself.
pub fn check_input(spec: &CollectorSpec, root: &Path) -> Vec<Diagnostic> {
    let Some(path) = spec.file_path().filter(|p| !is_glob(p)) else { return Vec::new() };
    let Some(schema) = Schemas::builtin().of(spec, &spec.name) else { return Vec::new() };
    let format = match &spec.options {
        CollectorOptions::File(o) => o.format.or_else(|| Format::from_path(path)),
        _ => None,
    };
    if format != Some(Format::Csv) {
        return Vec::new();
    }
    match std::fs::read(root.join(path)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => check_register(path, &text, schema),
            Err(_) => vec![Diagnostic::error(path, "the file is not valid UTF-8").with_hint("save it as UTF-8")],
        },
        Err(_) => Vec::new(),
    }
}

pub(super) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "not found".to_owned(),
        _ => e.to_string(),
    }
}
