//! `soc2 export`: evaluate, plan the package, stream it into a zip.

use anyhow::{Context as _, Result};

use super::Context;
use crate::cli::ExportArgs;
use crate::eval::period::PeriodReport;
use crate::eval::session::Session;
use crate::eval::{Evaluation, Selection, Status};
use crate::export as package;
use crate::export::manifest::{self, AuditScope, Library, Manifest, RepoState, Scope};
use crate::export::plan::Plan;
use crate::export::trail::{self, Change};
use crate::files::RepoFiles;
use crate::files::git::HistoryError;
use crate::output::Outcome;
use crate::output::{Bar, Output, Progress as _};
use crate::render::{self, report::Format};
use crate::repo::Repo;
use crate::repo::config::AuditType;

pub fn run(ctx: &Context, args: ExportArgs, out: &mut Output) -> Result<Outcome> {
    let session = super::open_session(ctx, None, args.no_cache, out)?;
    let selection = Selection { controls: args.controls.clone(), ..Selection::default() };
    let evaluation = session.evaluate(&selection)?;
    let (root, repo) = (session.root(), &session.repo);
    let git = crate::files::git::open(root).ok();
    let repo_state = match &git {
        Some(g) => trail::repo_state(g).context("cannot read the git status")?,
        None => {
            out.status("warning: not a git repository: the package has no history/ and no HEAD in its manifest");
            RepoState::default()
        }
    };
    if repo_state.dirty == Some(true) {
        out.status(format!(
            "warning: {} uncommitted change(s) under the repo's inputs; the manifest records the worktree as dirty",
            repo_state.dirty_paths.len()
        ));
    }

    // A manual file changed after it was recorded is not packed as if it were the one recorded.
    let exported: Vec<_> = evaluation.controls.iter().filter(|c| c.status != Status::OutOfScope).collect();
    let mismatches = if args.summary_only { Vec::new() } else { package::manual_mismatches(root, repo, &exported) };
    if !mismatches.is_empty() {
        for m in &mismatches {
            out.status(format!(
                "error: {}: sha256 {} differs from {} recorded in {}\n  hint: the file changed after it was recorded; restore it, or record it again with `soc2 evidence add`",
                m.file, m.actual, m.recorded, m.record
            ));
        }
        out.status(format!(
            "export refused: {} manual evidence file(s) do not match their records; no package written",
            mismatches.len()
        ));
        return Ok(Outcome::Findings);
    }

    let mut period = operating_period(ctx, &session, &selection, out)?;
    if let Some(p) = period.as_mut() {
        super::period_populations(ctx, &session, &evaluation, p, args.no_cache)?;
    }
    let mut plan = Plan::new(root).with_context(|| format!("cannot resolve {}", root.display()))?;
    add_summary(&mut plan, session.files(), repo, &evaluation, period.as_ref())?;
    if args.oscal {
        let document = package::oscal::assessment_results(repo, &evaluation);
        plan.add_bytes(package::oscal::PATH, package::json(&document).map_err(anyhow::Error::msg)?);
    }
    if !args.summary_only {
        // The git log is read only for what uses it: history/ and the policies' commits.
        let changes = match &git {
            Some(g) => trail::changes(g, ctx.now).context("cannot read the git history")?,
            None => Vec::new(),
        };
        add_details(&mut plan, repo, &evaluation, &changes, !selection.is_all())?;
        add_samples(&mut plan, root, repo, &exported, out)?;
    }
    for (path, reason) in &plan.skipped {
        out.status(format!("warning: {path}: {reason}; left out of the package"));
    }

    // By default under .soc2/, which soc2 init has git ignore: a package is a
    // deliverable, not a repo file.
    let dest = args.output.clone().unwrap_or_else(|| root.join(".soc2").join(default_name(repo, &evaluation)));
    crate::files::boundary::check_writable_target(&dest).map_err(|e| {
        crate::diagnostic::hinted(
            "the package replaces its target; name a regular file, e.g. `--output audit.zip`",
            format!("--output {}: {e}", dest.display()),
        )
    })?;
    let header = Manifest {
        format: manifest::FORMAT.to_owned(),
        soc2_version: env!("CARGO_PKG_VERSION").to_owned(),
        generated_at: evaluation.evaluated_at.clone(),
        organization: evaluation.organization.clone(),
        audit: AuditScope {
            framework: evaluation.framework.clone(),
            kind: evaluation.audit_type.clone(),
            period: evaluation.period.clone(),
            categories: evaluation.categories.clone(),
        },
        library: Library {
            version: crate::files::LIBRARY_VERSION.to_owned(),
            builtin: repo.config.builtin_library.as_ref().map(|(v, _)| v.clone()),
        },
        repo: repo_state,
        scope: Scope { controls: selected_ids(&evaluation, &selection), summary_only: args.summary_only },
        files: Vec::new(),
        skipped: Vec::new(),
    };
    let bar = Bar::new("exporting {wide_bar} {bytes}/{total_bytes} {eta}");
    bar.start(plan.total_size());
    let written = package::package::write(plan, header, &dest, &bar)?;
    bar.finish();
    let bytes: u64 = written.files.iter().map(|f| f.size).sum();
    out.status(format!(
        "wrote {} ({} files, {} uncompressed, {} controls)",
        dest.strip_prefix(root).unwrap_or(&dest).display(),
        written.files.len() + 1,
        indicatif::HumanBytes(bytes),
        evaluation.controls.iter().filter(|c| c.status != Status::OutOfScope).count()
    ));
    Ok(Outcome::Clean)
}

/// For a Type II audit, operating effectiveness over `audit.period` from
/// the git history; `None` for Type I, or outside git (with a warning).
fn operating_period(
    ctx: &Context,
    session: &Session,
    selection: &Selection,
    out: &mut Output,
) -> Result<Option<PeriodReport>> {
    let repo = &session.repo;
    let Some(period) = repo.config.audit.period.filter(|_| repo.config.audit.kind == AuditType::Type2) else {
        return Ok(None);
    };
    match session.period(&period, selection, ctx.now, &super::period_bar()) {
        Ok((report, stats)) => {
            out.status(format!("period {period}: {}", stats.line()));
            Ok(Some(report))
        }
        Err(e @ (HistoryError::NotGit { .. } | HistoryError::NoCommits)) => {
            let why = e.to_string();
            let first = why.lines().next().unwrap_or_default();
            out.status(format!("warning: no operating-effectiveness section (period.json): {first}"));
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// Every sample record of the exported controls (and any answering a
/// request) at its repo path, with the population it was drawn from,
/// re-derived from the git history, as `populations/<control>/<period>.jsonl`:
/// what `soc2 verify` recomputes the selection from. A record the evidence
/// no longer gives is refused: the package would not verify.
fn add_samples(
    plan: &mut Plan,
    root: &std::path::Path,
    repo: &Repo,
    controls: &[&crate::eval::ControlResult],
    out: &mut Output,
) -> Result<()> {
    use crate::population::sample::{self, SampleRecord};
    let mut paths: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let files = crate::files::Worktree::new(root);
    for c in controls {
        for path in files.list(&format!("{}/{}", sample::DIR, c.id)).into_iter().flatten() {
            if path.ends_with(".json") {
                paths.insert(path);
            }
        }
    }
    let prefix = format!("{}/", sample::DIR);
    for r in &repo.requests {
        paths.extend(r.files.iter().filter(|f| f.starts_with(&prefix) && f.ends_with(".json")).cloned());
    }
    for path in paths {
        let bytes = files.read(&path).map_err(|e| anyhow::anyhow!("{path}: cannot read: {e}"))?;
        let record: SampleRecord = serde_json::from_slice(&bytes).map_err(|e| {
            crate::diagnostic::hinted(
                "draw it again with `soc2 sample CONTROL --force`, or remove it",
                format!("{path}:{}:{}: not a sample record: {e}", e.line(), e.column()),
            )
        })?;
        let population = crate::population::rederive(root, repo, &record).map_err(|e| {
            anyhow::Error::new(crate::diagnostic::Hinted::from(e))
                .context(format!("{path}: cannot re-derive its population"))
        })?;
        if population.sha256 != record.population.sha256 {
            return Err(crate::diagnostic::hinted(
                format!(
                    "draw the sample again (`soc2 sample {} --period {} --force`) or remove the record",
                    record.control, record.period
                ),
                format!(
                    "{path}: drawn from a population with sha256 {}, the evidence through commit {} now gives {} (the population query or its evidence changed)",
                    record.population.sha256,
                    record.population.through_commit.as_deref().unwrap_or("(none)"),
                    population.sha256
                ),
            ));
        }
        plan.add_repo_file(&path);
        plan.add_bytes(record.population.file.clone(), population.canonical());
        out.status(format!(
            "sample {path}: {} of {} items, population re-derived",
            record.selected.len(),
            population.items.len()
        ));
    }
    Ok(())
}

/// `summary.html` (with the period's timelines for Type II), `summary.json`,
/// `period.json` for Type II, and (with PDF support) `summary.pdf`.
fn add_summary(
    plan: &mut Plan,
    files: &dyn RepoFiles,
    repo: &Repo,
    evaluation: &Evaluation,
    period: Option<&PeriodReport>,
) -> Result<()> {
    let report = crate::eval::readiness::build(evaluation, &repo.framework);
    plan.add_bytes("summary.html", render::report::render(files, &report, period, Format::Html)?);
    plan.add_bytes("summary.json", render::report::render(files, &report, None, Format::Json)?);
    if let Some(p) = period {
        plan.add_bytes("period.json", render::report::render(files, &report, Some(p), Format::Json)?);
    }
    if cfg!(feature = "pdf") {
        plan.add_bytes("summary.pdf", render::report::render(files, &report, period, Format::Pdf)?);
    }
    Ok(())
}

/// The in-scope controls, the policies (all, or those of the chosen
/// controls) and the git trail of what they are made of.
fn add_details(
    plan: &mut Plan,
    repo: &Repo,
    evaluation: &Evaluation,
    changes: &[Change],
    narrowed: bool,
) -> Result<()> {
    let controls: Vec<_> = evaluation.controls.iter().filter(|c| c.status != Status::OutOfScope).collect();
    for c in &controls {
        package::add_control(plan, repo, c).map_err(anyhow::Error::msg)?;
    }
    let related = package::related_paths(repo, &controls);
    let statuses = &evaluation.coverage.policies;
    for p in repo.policies.iter().filter(|p| !narrowed || related.contains(&p.path)) {
        let status = statuses.iter().find(|s| s.id == p.meta.id);
        let pdf = policy_pdf(&evaluation.organization, p, statuses)?;
        package::add_policy(plan, repo, p, status, changes, pdf).map_err(anyhow::Error::msg)?;
    }
    let requests: Vec<_> = repo
        .requests
        .iter()
        .filter(|r| !narrowed || r.controls.iter().any(|c| related_control(&controls, c)))
        .collect();
    package::add_requests(plan, &requests).map_err(anyhow::Error::msg)?;
    let period = repo.config.audit.period.map(|p| (p.start, p.end));
    let keep = |path: &str| !narrowed || package::is_related(&related, path);
    package::add_history(plan, changes, period, keep).map_err(anyhow::Error::msg)
}

fn related_control(controls: &[&crate::eval::ControlResult], id: &str) -> bool {
    controls.iter().any(|c| c.id.eq_ignore_ascii_case(id))
}

#[cfg(feature = "pdf")]
fn policy_pdf(
    organization: &str,
    p: &crate::repo::policy::Policy,
    statuses: &[crate::eval::PolicyStatus],
) -> Result<Option<Vec<u8>>> {
    crate::render::handbook::pdf::policy(organization, p, statuses)
        .map(Some)
        .map_err(|e| anyhow::anyhow!("cannot render {} as PDF: {e}", p.path))
}

#[cfg(not(feature = "pdf"))]
fn policy_pdf(_: &str, _: &crate::repo::policy::Policy, _: &[crate::eval::PolicyStatus]) -> Result<Option<Vec<u8>>> {
    Ok(None)
}

fn selected_ids(evaluation: &Evaluation, selection: &Selection) -> Vec<String> {
    if selection.is_all() { Vec::new() } else { evaluation.controls.iter().map(|c| c.id.clone()).collect() }
}

/// `soc2-audit-<organization>-<date>.zip`.
fn default_name(repo: &Repo, evaluation: &Evaluation) -> String {
    let org =
        repo.config.organization.get("short_name").and_then(toml::Value::as_str).unwrap_or(&evaluation.organization);
    let date = crate::dates::day(&evaluation.evaluated_at);
    let slug = super::records::slug(org);
    if slug.is_empty() { format!("soc2-audit-{date}.zip") } else { format!("soc2-audit-{slug}-{date}.zip") }
}
