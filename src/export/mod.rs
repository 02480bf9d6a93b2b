//! The auditor package: one deterministic zip holding the readiness summary,
//! each control with its result, queries, result rows and evidence, the
//! policies with their approval history, the git trail, and a manifest that
//! `soc2 verify` checks the rest against.
//!
//! Layout (entries sorted by path, `manifest.json` last):
//!
//! ```text
//! summary.html, summary.json, summary.pdf
//! period.json                        Type II: operating effectiveness over audit.period
//! controls/<id>/control.yaml         the definition, as written
//! controls/<id>/result.json          status, reasons, findings, obligations
//! controls/<id>/evidence.json        the evidence it relied on, with paths into this package
//! controls/<id>/queries/<q>.sql|csv  each query and its result rows
//! evidence/...                       evidence files at their repo paths, each stored once
//! policies/<id>.md|pdf|history.json  text, rendering, approvals, reviews and commits
//! history/changes.csv|json           commits to controls/, evidence/, policies/ in the period
//! requests/requests.csv|json         the auditor's requests with status and answers (files at repo paths)
//! oscal/assessment-results.json      with --oscal
//! manifest.json
//! ```

pub mod manifest;
pub mod oscal;
pub mod package;
pub mod plan;
pub mod trail;
pub mod verify;

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::eval::{ControlResult, EvidenceUse, PolicyStatus, QueryOutcome};
use crate::evidence::meta_path;
use crate::repo::Repo;
use crate::repo::policy::Policy;
use crate::repo::record::{ManualRecord, ManualRecordDef, ReviewRecordDef, Subject};
use crate::repo::request::Request;
use plan::Plan;
use trail::Change;

/// Add `controls/<id>/…` for one evaluated control, and the evidence files it
/// relied on at their repo paths.
pub fn add_control(plan: &mut Plan, repo: &Repo, c: &ControlResult) -> Result<(), String> {
    let dir = format!("controls/{}", c.id);
    plan.add_repo_file_as(&format!("{dir}/control.yaml"), &c.path);
    plan.add_bytes(format!("{dir}/result.json"), json(c)?);
    for q in &c.queries {
        plan.add_repo_file_as(&format!("{dir}/queries/{}.sql", q.query), &q.path);
        if q.error.is_none() {
            plan.add_bytes(format!("{dir}/queries/{}.csv", q.query), rows_csv(q)?);
        }
    }
    let mut datasets = Vec::new();
    for e in &c.evidence {
        let files: Vec<String> =
            e.path.iter().cloned().chain(e.path.as_ref().map(|_| meta_path(&e.collector, &e.dataset))).collect();
        for f in &files {
            plan.add_repo_file(f);
        }
        datasets.push(DatasetUse { evidence: e, files });
    }
    let records: Vec<&ManualRecord> = repo.manual.iter().filter(|r| r.control == c.id).collect();
    let mut manual = Vec::new();
    for r in records {
        plan.add_repo_file(&r.path);
        let file = r.def.file.as_ref().map(|name| sibling(&r.path, name));
        if let Some(f) = &file {
            plan.add_repo_file(f);
        }
        manual.push(ManualUse { record: &r.path, file_path: file, def: &r.def });
    }
    plan.add_bytes(format!("{dir}/evidence.json"), json(&EvidenceIndex { datasets, manual })?);
    Ok(())
}

/// A manual evidence file whose bytes differ from the sha256 its record holds.
#[derive(Debug)]
pub struct Mismatch {
    pub file: String,
    pub record: String,
    pub recorded: String,
    pub actual: String,
}

/// Check every manual evidence file of `controls` against the sha256 its
/// record holds, before anything is packed. A file the boundary refuses
/// (a link out of the repo) is left to the plan, which skips it.
pub fn manual_mismatches(root: &std::path::Path, repo: &Repo, controls: &[&ControlResult]) -> Vec<Mismatch> {
    let canonical = crate::files::boundary::canonical_root(root);
    let mut out = Vec::new();
    for r in repo.manual.iter().filter(|r| controls.iter().any(|c| c.id == r.control)) {
        let (Some(name), Some(recorded)) = (&r.def.file, &r.def.sha256) else { continue };
        let file = sibling(&r.path, name);
        let Ok(real) = crate::files::boundary::resolve(&canonical, &root.join(&file)) else { continue };
        let actual = match crate::hash::file_sha256(&real) {
            Ok(Some(sha)) => sha,
            Ok(None) | Err(_) => continue,
        };
        if !actual.eq_ignore_ascii_case(recorded) {
            out.push(Mismatch { file, record: r.path.clone(), recorded: recorded.clone(), actual });
        }
    }
    out
}

/// The repo paths whose history matters for these controls: their files,
/// their policies' files, their datasets and their manual evidence.
pub fn related_paths(repo: &Repo, controls: &[&ControlResult]) -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    for c in controls {
        paths.insert(c.path.clone());
        paths.insert(format!("{}/{}/", crate::repo::record::MANUAL_DIR, c.id));
        for e in c.evidence.iter().filter(|e| e.path.is_some()) {
            paths.extend(e.path.clone());
            paths.insert(meta_path(&e.collector, &e.dataset));
        }
        for p in c.policies.iter().filter_map(|id| repo.policy(id)) {
            paths.insert(p.path.clone());
        }
    }
    paths
}

/// Whether `path` is one of `paths` or under one of its `dir/` entries.
pub fn is_related(paths: &BTreeSet<String>, path: &str) -> bool {
    paths.contains(path) || paths.iter().any(|p| p.ends_with('/') && path.starts_with(p.as_str()))
}

/// Add `policies/<id>.md`, its PDF when given, and `policies/<id>.history.json`.
pub fn add_policy(
    plan: &mut Plan,
    repo: &Repo,
    policy: &Policy,
    status: Option<&PolicyStatus>,
    changes: &[Change],
    pdf: Option<Vec<u8>>,
) -> Result<(), String> {
    let id = &policy.meta.id;
    plan.add_repo_file_as(&format!("policies/{id}.md"), &policy.path);
    if let Some(pdf) = pdf {
        plan.add_bytes(format!("policies/{id}.pdf"), pdf);
    }
    let reviews: Vec<ReviewUse> = repo
        .reviews
        .iter()
        .filter(|r| r.def.subject == Subject::Policy && r.def.id == *id)
        .map(|r| ReviewUse {
            path: &r.path,
            def: &r.def,
            approves_current_text: r.def.approved && r.def.sha256.as_deref() == Some(&policy.sha256),
        })
        .collect();
    let commits: Vec<&Change> = changes.iter().filter(|c| c.path == policy.path).collect();
    let history = PolicyHistory {
        id,
        title: &policy.meta.title,
        version: &policy.meta.version,
        sha256: &policy.sha256,
        status,
        reviews,
        commits,
    };
    plan.add_bytes(format!("policies/{id}.history.json"), json(&history)?);
    Ok(())
}

/// Add `history/changes.csv` and `.json`: the changes committed within
/// `period` (inclusive dates; all when `None`) that `keep` accepts.
pub fn add_history(
    plan: &mut Plan,
    changes: &[Change],
    period: Option<(NaiveDate, NaiveDate)>,
    keep: impl Fn(&str) -> bool,
) -> Result<(), String> {
    let in_period = |t: DateTime<Utc>| period.is_none_or(|(start, end)| (start..=end).contains(&t.date_naive()));
    let selected: Vec<&Change> = changes.iter().filter(|c| in_period(c.time) && keep(&c.path)).collect();
    plan.add_bytes("history/changes.csv", trail::to_csv(&selected).map_err(|e| e.to_string())?);
    plan.add_bytes("history/changes.json", json(&selected)?);
    Ok(())
}

/// Add `requests/requests.json` and `.csv` (each auditor request with its
/// status and answers) and the request and answer files at their repo paths.
pub fn add_requests(plan: &mut Plan, requests: &[&Request]) -> Result<(), String> {
    if requests.is_empty() {
        return Ok(());
    }
    for r in requests {
        plan.add_repo_file(&r.path);
        for f in &r.files {
            plan.add_repo_file(f);
        }
    }
    plan.add_bytes("requests/requests.json", json(&requests)?);
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| e.to_string();
    w.write_record(["id", "request", "references", "due", "status", "controls", "files"]).map_err(err)?;
    for r in requests {
        w.write_record([
            r.id.as_str(),
            &r.request,
            &r.references.join("; "),
            r.due.as_deref().unwrap_or(""),
            r.status.as_str(),
            &r.controls.join("; "),
            &r.files.join("; "),
        ])
        .map_err(err)?;
    }
    plan.add_bytes("requests/requests.csv", w.into_inner().map_err(|e| e.to_string())?);
    Ok(())
}

/// Pretty JSON with a final newline.
pub fn json(value: &impl Serialize) -> Result<Vec<u8>, String> {
    crate::json::pretty(value).map(String::into_bytes).map_err(|e| e.to_string())
}

/// A query's result rows as CSV: text as is, numbers as written, null empty,
/// nested values as JSON.
fn rows_csv(q: &QueryOutcome) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| e.to_string();
    w.write_record(&q.columns).map_err(err)?;
    for row in &q.result_rows {
        w.write_record(row.iter().map(cell)).map_err(err)?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `evidence/manual/AC-01/x.yaml` + `scan.pdf` → `evidence/manual/AC-01/scan.pdf`.
fn sibling(path: &str, name: &str) -> String {
    match path.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{name}"),
        None => name.to_owned(),
    }
}

#[derive(Serialize)]
struct EvidenceIndex<'a> {
    datasets: Vec<DatasetUse<'a>>,
    manual: Vec<ManualUse<'a>>,
}

#[derive(Serialize)]
struct DatasetUse<'a> {
    #[serde(flatten)]
    evidence: &'a EvidenceUse,
    /// The data file and its meta, at these paths in the package.
    files: Vec<String>,
}

#[derive(Serialize)]
struct ManualUse<'a> {
    record: &'a str,
    /// Where the recorded file is in the package.
    #[serde(skip_serializing_if = "Option::is_none")]
    file_path: Option<String>,
    #[serde(flatten)]
    def: &'a ManualRecordDef,
}

#[derive(Serialize)]
struct PolicyHistory<'a> {
    id: &'a str,
    title: &'a str,
    version: &'a str,
    /// sha256 of the exported text: approvals of other text do not approve it.
    sha256: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a PolicyStatus>,
    reviews: Vec<ReviewUse<'a>>,
    commits: Vec<&'a Change>,
}

#[derive(Serialize)]
struct ReviewUse<'a> {
    path: &'a str,
    #[serde(flatten)]
    def: &'a ReviewRecordDef,
    approves_current_text: bool,
}
