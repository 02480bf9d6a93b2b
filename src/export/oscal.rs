//! The evaluation as an OSCAL assessment-results document (OSCAL 1.1.2), for
//! auditors and GRC tools that read OSCAL: each control is an observation,
//! each in-scope criterion a finding (satisfied when every control mapped to
//! it passes), with the evidence files as relevant evidence.
//!
//! UUIDs are v5 UUIDs of stable names, so the same evaluation gives the same
//! document.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::eval::{ControlResult, Evaluation, Status};
use crate::repo::Repo;

pub const OSCAL_VERSION: &str = "1.1.2";

/// Name of the document inside the package.
pub const PATH: &str = "oscal/assessment-results.json";

fn uuid(name: &str) -> String {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("urn:soc2:{name}").as_bytes()).to_string()
}

/// The assessment-results document for `evaluation`.
pub fn assessment_results(repo: &Repo, evaluation: &Evaluation) -> Value {
    let at = &evaluation.evaluated_at;
    let scope = format!("{}:{}", evaluation.organization, at);
    let controls: Vec<&ControlResult> = evaluation.controls.iter().filter(|c| c.status != Status::OutOfScope).collect();
    let observations: Vec<Value> = controls.iter().map(|c| observation(&scope, c, at)).collect();
    let findings: Vec<Value> = repo
        .criteria_in_scope()
        .filter(|k| {
            controls.iter().any(|c| c.criteria.contains(&k.id)) || evaluation.coverage.unmapped_criteria.contains(&k.id)
        })
        .map(|k| {
            let mapped: Vec<&&ControlResult> = controls.iter().filter(|c| c.criteria.contains(&k.id)).collect();
            let satisfied = !mapped.is_empty() && mapped.iter().all(|c| c.status == Status::Pass);
            let description = if mapped.is_empty() {
                format!("{}: no in-scope control maps to this criterion.", k.title)
            } else {
                let list: Vec<String> = mapped.iter().map(|c| format!("{} {}", c.id, c.status.as_str())).collect();
                format!("{}: {}.", k.title, list.join(", "))
            };
            json!({
                "uuid": uuid(&format!("{scope}:finding:{}", k.id)),
                "title": k.id,
                "description": description,
                "target": {
                    "type": "objective-id",
                    "target-id": k.id,
                    "status": { "state": if satisfied { "satisfied" } else { "not-satisfied" } },
                },
                "related-observations": mapped.iter()
                    .map(|c| json!({ "observation-uuid": uuid(&format!("{scope}:observation:{}", c.id)) }))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    let criteria: Vec<Value> = repo
        .criteria_in_scope()
        .filter(|k| controls.iter().any(|c| c.criteria.contains(&k.id)))
        .map(|k| json!({ "control-id": k.id }))
        .collect();
    let mut result = json!({
        "uuid": uuid(&format!("{scope}:result")),
        "title": format!("soc2 evaluation of {} at {at}", evaluation.organization),
        "description": format!(
            "Automated evaluation of {} controls against {} ({} audit): {} pass, {} gaps.",
            evaluation.summary.controls, evaluation.framework, evaluation.audit_type,
            evaluation.summary.pass, evaluation.summary.gaps
        ),
        "start": at,
        "reviewed-controls": { "control-selections": [ { "include-controls": criteria } ] },
    });
    if let Some(obj) = result.as_object_mut() {
        if !observations.is_empty() {
            obj.insert("observations".into(), Value::Array(observations));
        }
        if !findings.is_empty() {
            obj.insert("findings".into(), Value::Array(findings));
        }
    }
    json!({
        "assessment-results": {
            "uuid": uuid(&format!("{scope}:assessment-results")),
            "metadata": {
                "title": format!("SOC 2 assessment results: {}", evaluation.organization),
                "last-modified": at,
                "version": env!("CARGO_PKG_VERSION"),
                "oscal-version": OSCAL_VERSION,
            },
            "import-ap": {
                "href": "../summary.json",
                "remarks": "soc2 has no separate assessment plan: the controls, their queries and the audit scope in summary.json are the plan.",
            },
            "results": [result],
        }
    })
}

fn observation(scope: &str, c: &ControlResult, at: &str) -> Value {
    let mut description = format!("{} ({}): {}.", c.title, c.id, c.status.as_str());
    for r in &c.reasons {
        description.push(' ');
        description.push_str(r);
    }
    let method = if c.queries.is_empty() { "EXAMINE" } else { "TEST" };
    let evidence: Vec<Value> = c
        .evidence
        .iter()
        .filter_map(|e| {
            e.path
                .as_ref()
                .map(|p| json!({ "href": format!("../{p}"), "description": format!("{} ({} rows)", e.table, e.rows) }))
        })
        .chain(std::iter::once(json!({
            "href": format!("../controls/{}/result.json", c.id),
            "description": "the control's result with its findings",
        })))
        .collect();
    json!({
        "uuid": uuid(&format!("{scope}:observation:{}", c.id)),
        "title": format!("{}: {}", c.id, c.title),
        "description": description,
        "methods": [method],
        "collected": at,
        "relevant-evidence": evidence,
    })
}
