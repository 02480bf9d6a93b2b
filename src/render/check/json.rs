//! `--format json`: stable, pretty JSON (see docs/check-json.md), the one
//! shape every JSON file and stdout document of soc2 takes.

use crate::eval::Evaluation;

pub fn render(e: &Evaluation) -> Result<String, serde_json::Error> {
    crate::json::pretty(e)
}
