//! Checking a tool's output without collecting: `soc2 validate` parses what
//! a `file` collector with format `sarif` or `ocsf` would read, exactly as
//! `collect` would, and writes nothing. (`collect` does not run this first:
//! there a malformed output fails its collector and keeps its snapshot.)

use std::io::BufReader;
use std::path::Path;

use super::adapter;
use super::file::expand;
use crate::diagnostic::{Diagnostic, Position};
use crate::repo::collector::{CollectorOptions, CollectorSpec, RowFormat};

/// Files above this size get no source snippet under their error.
const SNIPPET_MAX_BYTES: u64 = 1 << 20;

/// Parse the input of `spec` under `root` as `collect` would; the first
/// problem is located in the input file (`path:line:col`). Collectors whose
/// input is not a file in the repo, files that do not exist yet and formats
/// not checked here pass.
pub fn check_tool_output(spec: &CollectorSpec, root: &Path) -> Result<(), Diagnostic> {
    let CollectorOptions::File(o) = &spec.options else { return Ok(()) };
    let Ok(files) = expand(&o.path, root) else { return Ok(()) };
    for rel in files {
        let Some(format) = o.format.or_else(|| RowFormat::from_path(&rel)) else { continue };
        if !checked(format) {
            continue;
        }
        let full = root.join(&rel);
        let Ok(file) = std::fs::File::open(&full) else { continue };
        let size = file.metadata().map_or(u64::MAX, |m| m.len());
        if let Err(e) = adapter::read(format, BufReader::with_capacity(1 << 16, file), &mut |_| Ok(())) {
            let mut d = Diagnostic::error(&rel, e.message).at(Position::new(e.line, e.column)).with_hint(format!(
                "collector `{}` reads this file as {}",
                spec.name,
                format.as_str()
            ));
            if size <= SNIPPET_MAX_BYTES
                && let Ok(text) = std::fs::read_to_string(&full)
            {
                d = d.with_source(&text);
            }
            return Err(d);
        }
    }
    Ok(())
}

/// Formats `check_input` parses; the others are checked by their own loaders.
fn checked(format: RowFormat) -> bool {
    format.is_adapter()
}
