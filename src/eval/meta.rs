//! The `soc2_*` meta tables: the repo itself as data, so a query can ask
//! "which policies are past review" or "which collectors failed".

use serde_json::{Value, json};

use super::TableInfo;
use super::model::PolicyStatus;
use crate::query::engine::{Engine, LoadError, Row};
use crate::repo::Repo;
use crate::repo::dataset::Schemas;

fn rows(values: Vec<Value>) -> Vec<Row> {
    values.into_iter().filter_map(|v| v.as_object().cloned()).collect()
}

/// The meta tables' rows, built once and loaded into every engine of a run.
pub(super) type MetaTables = Vec<(&'static str, Vec<Row>)>;

/// Load the meta tables, each with its declared columns even when it has no rows.
pub(super) fn load(engine: &mut Engine, tables: &MetaTables) -> Result<(), LoadError> {
    let schemas = Schemas::builtin();
    for (table, rows) in tables {
        let columns = schemas.meta.get(*table).map(|s| s.column_names()).unwrap_or_default();
        engine.load_table(table, &columns, || Box::new(rows.iter().cloned().map(Ok)))?;
    }
    Ok(())
}

pub(super) fn build(repo: &Repo, policies: &[PolicyStatus], tables: &[(String, &TableInfo)]) -> MetaTables {
    let mut out: MetaTables = Vec::new();
    let mut load = |table: &'static str, values: Vec<Value>| -> Result<(), String> {
        out.push((table, rows(values)));
        Ok(())
    };
    let _ = build_into(&mut load, repo, policies, tables);
    out
}

fn build_into(
    load: &mut impl FnMut(&'static str, Vec<Value>) -> Result<(), String>,
    repo: &Repo,
    policies: &[PolicyStatus],
    tables: &[(String, &TableInfo)],
) -> Result<(), String> {
    load(
        "soc2_controls",
        repo.controls
            .iter()
            .map(|c| {
                json!({
                    "id": c.def.id, "title": c.def.title, "owner": repo.config.resolve_owner(&c.def.owner),
                    "severity": c.def.severity.as_str(), "criteria": c.def.criteria, "policies": c.def.policies,
                    "path": c.path,
                })
            })
            .collect(),
    )?;
    load(
        "soc2_policies",
        policies
            .iter()
            .map(|p| {
                let review_days = repo.policy(&p.id).map(|x| x.meta.review_every.days().round() as i64);
                let sha = repo.policy(&p.id).map(|x| x.sha256.clone());
                json!({
                    "id": p.id, "title": p.title, "owner": p.owner, "version": p.version,
                    "review_every_days": review_days, "path": p.path, "sha256": sha,
                    "approved_at": p.approved_at, "approved_by": p.approved_by,
                    "approved_current": p.approval == "approved",
                    "last_reviewed_at": p.last_reviewed_at, "next_review_due": p.next_review_due,
                })
            })
            .collect(),
    )?;
    load(
        "soc2_evidence",
        tables
            .iter()
            .map(|(table, info)| {
                let m = info.meta.as_ref();
                json!({
                    "collector": info.collector, "dataset": info.dataset, "table_name": table,
                    "kind": m.map(|m| m.kind.clone()), "collected_at": m.and_then(|m| m.collected_at.clone()),
                    "rows": m.map(|m| m.rows), "sha256": m.and_then(|m| m.sha256.clone()),
                    "last_error": m.and_then(|m| m.last_error.clone()).or_else(|| info.meta_error.clone()),
                })
            })
            .collect(),
    )?;
    load(
        "soc2_people",
        repo.config
            .people
            .persons
            .iter()
            .map(|p| json!({ "name": p.name, "email": p.email, "github": p.github, "roles": p.roles }))
            .collect(),
    )?;
    load(
        "soc2_organization",
        repo.config
            .organization
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    toml::Value::String(s) => Value::String(s.clone()),
                    toml::Value::Integer(i) => Value::from(*i),
                    toml::Value::Float(f) => Value::from(*f),
                    toml::Value::Boolean(b) => Value::from(*b),
                    other => Value::String(other.to_string()),
                };
                json!({ "key": k, "value": value })
            })
            .collect(),
    )?;
    load(
        "soc2_criteria",
        repo.framework
            .criteria
            .iter()
            .map(|k| {
                json!({
                    "id": k.id, "category": k.category, "series": repo.framework.series_of(k),
                    "title": k.title, "in_scope": repo.category_in_scope(&k.category),
                })
            })
            .collect(),
    )
}
