//! The one shape every JSON file and stdout document of soc2 takes.

use serde::Serialize;

/// Pretty JSON ending in a newline, as files in git and terminals want it.
pub fn pretty(value: &impl Serialize) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    Ok(s)
}
