//! `--format sarif`: SARIF 2.1.0 for code-scanning UIs; each gap is a result
//! located at its control's YAML file and line.

use serde_json::{Value, json};

use crate::eval::{Evaluation, Status};

pub fn render(e: &Evaluation) -> Result<String, serde_json::Error> {
    let rules: Vec<Value> = e
        .controls
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "name": c.id,
                "shortDescription": { "text": c.title },
                "properties": { "criteria": c.criteria, "severity": c.severity.as_str(), "owner": c.owner },
            })
        })
        .collect();
    let results: Vec<Value> = e
        .controls
        .iter()
        .filter(|c| c.status.is_gap() || c.status == Status::NotOccurring)
        .map(|c| {
            let level = match (c.status, c.severity) {
                (Status::NotOccurring, _) => "note",
                (Status::Stale | Status::ReviewDue, _) => "warning",
                (_, crate::repo::control::Severity::Low) => "warning",
                _ => "error",
            };
            let mut lines = vec![format!("{} {}: {}", c.id, c.status.as_str(), c.title)];
            lines.extend(c.reasons.iter().cloned());
            lines.extend(c.problem_findings().map(|f| f.line()));
            json!({
                "ruleId": c.id,
                "level": level,
                "message": { "text": lines.join("\n") },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": c.path },
                        "region": { "startLine": c.line.max(1) },
                    }
                }],
                "properties": { "status": c.status.as_str() },
            })
        })
        .collect();
    let mut run = json!({
        "tool": { "driver": {
            "name": "soc2",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": env!("CARGO_PKG_REPOSITORY"),
            "rules": rules,
        }},
        "results": results,
    });
    if let (Some(c), Some(obj)) = (&e.commit, run.as_object_mut()) {
        obj.insert("properties".into(), json!({ "commit": c.id, "commitTime": c.time, "commitSummary": c.summary }));
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    });
    crate::json::pretty(&doc)
}
