//! Evaluation: run every control's queries over the evidence and decide its
//! status, then look at coverage and exceptions. Renderers read the result.

pub mod baseline;
pub mod compare;
mod control;
mod coverage;
pub mod due;
mod exceptions;
pub mod impact;
mod meta;
pub mod model;
pub mod obligations;
pub mod period;
pub mod readiness;
pub mod session;
mod tables;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::dates::format_timestamp;
use crate::diagnostic::{Hinted, did_you_mean_hint};
use crate::files::RepoFiles;
use crate::query::engine::{Engine, LoadError, QueryError, QueryResult};
use crate::query::loader::{TableLoader, TableSource};
use crate::repo::Repo;
use crate::repo::control::Control;
use crate::repo::exception::ExceptionState;
pub use control::interpret;
use control::{evaluate_control, run_in_parallel};
use exceptions::apply_exceptions;
pub use model::*;
use tables::{TableInfo, known_tables, needed_tables, tables_meta};

/// Which controls to evaluate.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub controls: Vec<String>,
    /// Criteria id prefixes, e.g. `CC6`.
    pub criteria: Vec<String>,
    pub categories: Vec<String>,
    /// Workflow states (`soc2 workflow`); a control in any of them is selected.
    pub workflow: Vec<WorkflowState>,
    /// Only controls mapped to this framework; its coverage is reported.
    pub framework: Option<String>,
}

impl Selection {
    pub fn is_all(&self) -> bool {
        !self.narrowed() && self.framework.is_none()
    }

    /// Whether filters other than `framework` leave controls out.
    pub fn narrowed(&self) -> bool {
        !(self.controls.is_empty()
            && self.criteria.is_empty()
            && self.categories.is_empty()
            && self.workflow.is_empty())
    }

    /// Whether `c` is one of the selected controls (workflow states as of `now`).
    pub fn selects(&self, repo: &Repo, c: &Control, now: DateTime<Utc>) -> bool {
        if let Some(fw) = &self.framework
            && !coverage::maps_to(repo, c, fw)
        {
            return false;
        }
        if !self.workflow.is_empty() && !self.workflow.contains(&repo.workflow_state(c.id(), now)) {
            return false;
        }
        let id_ok = self.controls.is_empty() || self.controls.iter().any(|id| id.eq_ignore_ascii_case(c.id()));
        let crit_ok = self.criteria.is_empty()
            || c.def
                .criteria
                .iter()
                .any(|cr| self.criteria.iter().any(|p| crate::repo::framework::criterion_matches(cr, p)));
        let cat_ok = self.categories.is_empty()
            || c.def
                .criteria
                .iter()
                .any(|cr| repo.framework.criterion(cr).is_some_and(|k| self.categories.contains(&k.category)));
        id_ok && crit_ok && cat_ok
    }

    /// Every `--control` names a control, `--criteria` a criterion,
    /// `--framework` a framework and every `--category` a category of the
    /// repo, and together they select at least one control (as of `now`,
    /// for workflow states): a filter that selects nothing is a mistake, not
    /// a green "0/0".
    pub fn check(&self, repo: &Repo, now: DateTime<Utc>) -> Result<(), Hinted> {
        for id in &self.controls {
            if repo.control(id).is_none() && !repo.controls.iter().any(|c| c.id().eq_ignore_ascii_case(id)) {
                let hint = did_you_mean_hint(id, repo.controls.iter().map(|c| c.id()));
                return Err(Hinted::maybe(format!("--control {id}: no such control"), hint));
            }
        }
        if let Some(fw) = &self.framework
            && !repo.frameworks.contains_key(fw)
        {
            let known: Vec<&str> = repo.frameworks.keys().map(String::as_str).collect();
            let hint = did_you_mean_hint(fw, known.iter().copied()).unwrap_or_else(|| {
                format!("frameworks: {} (import one with `soc2 framework import`)", known.join(", "))
            });
            return Err(Hinted::new(format!("--framework {fw}: unknown framework"), hint));
        }
        for cat in &self.categories {
            if !repo.framework.has_category(cat) {
                let known: Vec<&str> = repo.framework.categories.iter().map(|c| c.id.as_str()).collect();
                let hint = format!("categories: {}", known.join(", "));
                return Err(Hinted::new(format!("--category {cat}: unknown category"), hint));
            }
        }
        let criteria = &repo.framework.criteria;
        for prefix in &self.criteria {
            if !criteria.iter().any(|c| crate::repo::framework::criterion_matches(&c.id, prefix)) {
                let hint = did_you_mean_hint(prefix, criteria.iter().map(|c| c.id.as_str()))
                    .unwrap_or_else(|| "criteria look like `CC6`, `CC6.1` or `A1.2`".to_owned());
                return Err(Hinted::new(
                    format!("--criteria {prefix}: no criterion of {} matches", repo.framework.id),
                    hint,
                ));
            }
        }
        if self.narrowed() && !repo.controls.iter().any(|c| self.selects(repo, c, now)) {
            return Err(Hinted::new(
                format!("no control matches {}", self.describe()),
                "widen or drop a filter; `soc2 check` without filters lists every control",
            ));
        }
        Ok(())
    }

    /// The filters, as the command line gave them.
    fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        parts.extend(self.controls.iter().map(|c| format!("--control {c}")));
        parts.extend(self.criteria.iter().map(|c| format!("--criteria {c}")));
        parts.extend(self.categories.iter().map(|c| format!("--category {c}")));
        parts.extend(self.workflow.iter().map(|w| format!("--workflow {}", w.as_str())));
        parts.extend(self.framework.iter().map(|f| format!("--framework {f}")));
        parts.join(" ")
    }
}

/// Everything the per-control evaluation reads.
struct Context<'a> {
    repo: &'a Repo,
    now: DateTime<Utc>,
    tables: BTreeMap<String, TableInfo>,
    load_errors: BTreeMap<String, LoadError>,
    /// Results of queries already run on worker engines, by query name.
    precomputed: BTreeMap<String, Result<QueryResult, QueryError>>,
}

/// Evaluate the selected controls of `repo` at `now`.
pub fn evaluate(
    repo: &Repo,
    files: &dyn RepoFiles,
    now: DateTime<Utc>,
    loader: &mut dyn TableLoader,
    selection: &Selection,
) -> Result<Evaluation, LoadError> {
    let mut tables = known_tables(repo, files);
    let selected: Vec<&Control> = repo.controls.iter().filter(|c| selection.selects(repo, c, now)).collect();
    let policies = coverage::policy_statuses(repo, now);

    let mut engine = Engine::new(now)?;
    // One time budget for every query of this evaluation, on every engine.
    let deadline = std::time::Instant::now() + crate::query::engine::run_budget();
    engine.set_deadline(deadline);
    let meta_tables = meta::build(repo, &policies, &tables_meta(&tables));
    meta::load(&mut engine, &meta_tables)?;
    let needed = needed_tables(repo, &selected, &tables);
    let integrity = tables::verify_integrity(&mut tables, &needed, files, loader, now);
    let to_load: Vec<TableSource> = needed
        .iter()
        .filter(|t| !integrity.contains_key(*t))
        .filter_map(|t| {
            let info = tables.get(t)?;
            let has_data = info.meta.as_ref().is_none_or(|m| m.collected_at.is_some());
            let path = info.snapshot.as_ref()?.data_path.clone()?;
            has_data.then(|| TableSource { table: t.clone(), path, columns: info.columns.clone() })
        })
        .collect();
    let mut load_errors = loader.load(&mut engine, files, &to_load);
    load_errors.extend(integrity);

    let shared = loader.shared_files();
    let precomputed = run_in_parallel(repo, &selected, &tables, &shared, &meta_tables, now, deadline);
    let ctx = Context { repo, now, tables, load_errors, precomputed };
    let mut controls: Vec<ControlResult> = selected.iter().map(|c| evaluate_control(&ctx, &mut engine, c)).collect();
    let exceptions = apply_exceptions(repo, now, &mut controls);
    let coverage = coverage::coverage(repo, &controls, policies, selection.is_all());
    let summary = summarize(&controls, &coverage, &exceptions);
    let framework_coverage = selection
        .framework
        .as_ref()
        .and_then(|id| coverage::framework_coverage(repo, id, &controls, !selection.narrowed()));
    Ok(Evaluation {
        organization: repo.config.organization_name().unwrap_or("").to_owned(),
        framework: repo.framework.id.clone(),
        audit_type: match repo.config.audit.kind {
            crate::repo::config::AuditType::Type1 => "type1".into(),
            crate::repo::config::AuditType::Type2 => "type2".into(),
        },
        period: repo.config.audit.period.map(|p| p.to_string()),
        categories: repo.config.audit.categories.clone(),
        evaluated_at: format_timestamp(now),
        commit: None,
        summary,
        controls,
        framework_coverage,
        coverage,
        exceptions,
    })
}

/// `part` of `total` in percent with one decimal; `None` of nothing.
pub fn percent(part: usize, total: usize) -> Option<f64> {
    (total > 0).then(|| (part as f64 * 1000.0 / total as f64).round() / 10.0)
}

/// A control is out of scope when soc2.toml declares it not applicable, or
/// when every criterion it maps to is in an excluded category.
pub(crate) fn in_scope(repo: &Repo, c: &Control) -> bool {
    if repo.config.not_applicable.contains_key(c.id()) {
        return false;
    }
    let categories: Vec<&str> =
        c.def.criteria.iter().filter_map(|id| repo.framework.criterion(id)).map(|k| k.category.as_str()).collect();
    categories.is_empty() || categories.iter().any(|cat| repo.category_in_scope(cat))
}

fn summarize(controls: &[ControlResult], coverage: &Coverage, exceptions: &[ExceptionResult]) -> Summary {
    let mut by_status: BTreeMap<String, usize> = Status::ALL.iter().map(|s| (s.as_str().to_owned(), 0)).collect();
    for c in controls {
        *by_status.entry(c.status.as_str().to_owned()).or_default() += 1;
    }
    let in_scope = controls.iter().filter(|c| c.status != Status::OutOfScope).count();
    let pass = controls.iter().filter(|c| c.status == Status::Pass).count();
    let not_occurring = controls.iter().filter(|c| c.status == Status::NotOccurring).count();
    let ready = pass + not_occurring;
    let readiness = percent(ready, in_scope).unwrap_or(0.0);
    Summary {
        controls: in_scope,
        pass,
        not_occurring,
        gaps: in_scope - ready,
        readiness,
        by_status,
        coverage_gaps: coverage.gap_count(),
        exception_gaps: exceptions.iter().filter(|e| e.state != ExceptionState::Active).count(),
    }
}
