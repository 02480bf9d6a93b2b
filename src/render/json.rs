//! `--format json`: the evaluation as stable, pretty JSON (see docs/check-json.md).

use crate::eval::Evaluation;

pub fn render(e: &Evaluation) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(e)?;
    s.push('\n');
    Ok(s)
}
