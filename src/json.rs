//! The one shape every JSON file and stdout document of soc2 takes.

use serde::Serialize;

/// Pretty JSON ending in a newline, as files in git and terminals want it.
pub fn pretty(value: &impl Serialize) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    Ok(s)
}

/// [`pretty`] written straight to `out`, for documents too large to hold twice.
pub fn write_pretty(out: &mut dyn std::io::Write, value: &impl Serialize) -> std::io::Result<()> {
    use std::io::Write;
    // A buffer of a concrete type: serde_json's many small writes stay inlined.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut buffered, value)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}
