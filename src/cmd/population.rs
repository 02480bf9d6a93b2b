//! `soc2 population CONTROL`: every occurrence of a control over an audit
//! period, from the evidence as committed during it. Exit 0 whatever the
//! deviations (the period report weighs them); 2 on invalid input.

use anyhow::Result;

use super::Context;
use crate::cli::{PopulationArgs, PopulationFormat};
use crate::dates::Period;
use crate::diagnostic::{Hinted, hinted};
use crate::output::{Outcome, Output};
use crate::population::{Item, Options, PeriodData, Population, attested_not_occurring, value_text};
use crate::render::plural;
use crate::repo::Repo;
use crate::repo::control::Control;

pub fn run(ctx: &Context, args: PopulationArgs, out: &mut Output) -> Result<Outcome> {
    let (root, repo) = ctx.load(out)?;
    let control = find_control(&repo, &args.control)?;
    let period = period(&repo, args.period.as_deref())?;
    let mut data =
        PeriodData::open(&root, period, ctx.now, None, Options { no_cache: args.no_cache }).map_err(Hinted::from)?;
    // The process ends right after: freeing a large population item by item costs more than it saves.
    let population = std::mem::ManuallyDrop::new(data.population(&repo, control).map_err(Hinted::from)?);
    match args.format {
        PopulationFormat::Json => crate::json::write_pretty(out.stdout(), &*population)?,
        PopulationFormat::Csv => out.stdout().write_all(&csv(&population)?)?,
        PopulationFormat::Human => {
            let attested = attested_not_occurring(&repo, control, &period);
            human(&population, attested.as_deref(), out)?;
        }
    }
    Ok(Outcome::Clean)
}

/// The control `id` names, which must declare a population.
pub(super) fn find_control<'r>(repo: &'r Repo, id: &str) -> Result<&'r Control> {
    let id = super::records::control_id(repo, id)?;
    let Some(control) = repo.controls.iter().find(|c| c.id() == id) else {
        return Err(anyhow::anyhow!("no control `{id}`"));
    };
    if control.def.population.is_none() {
        let with: Vec<&str> = repo.controls.iter().filter(|c| c.def.population.is_some()).map(|c| c.id()).collect();
        let hint = if with.is_empty() {
            "add `population:` to its YAML (query, key, frequency; see the README's \"Populations and samples\")"
                .to_owned()
        } else {
            format!("controls with one: {}; or add `population:` to {}", with.join(", "), control.path)
        };
        return Err(hinted(hint, format!("control {id} declares no population")));
    }
    Ok(control)
}

/// `--period`, else `audit.period` of soc2.toml.
pub(super) fn period(repo: &Repo, arg: Option<&str>) -> Result<Period> {
    match arg {
        Some(text) => text.parse().map_err(|e: crate::dates::ParseError| hinted(e.hint, format!("--period: {e}"))),
        None => repo.config.audit.period.ok_or_else(|| {
            hinted(
                "pass one, e.g. `--period 2026-01-01..2026-12-31`, or set `period` under [audit]",
                "no period: soc2.toml has no `audit.period`",
            )
        }),
    }
}

/// `42 items · 3 deviations (7.14%, above the tolerable 5%)`.
pub(super) fn headline(p: &Population) -> String {
    let c = &p.counts;
    let rate = match c.deviation_rate {
        Some(r) => format!(
            " ({}%, {} the tolerable {}%)",
            crate::render::format_percent(r),
            if c.exceeds_tolerable { "above" } else { "within" },
            crate::render::format_percent(c.tolerable_rate)
        ),
        None => String::new(),
    };
    format!("{} · {}{rate}", plural(c.items, "item"), plural(c.deviations, "deviation"))
}

fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

fn day(t: &str) -> &str {
    t.get(..10).unwrap_or(t)
}

/// `svc-01 / 42`.
pub(super) fn key_shown(key: &[serde_json::Value]) -> String {
    key.iter().map(value_text).collect::<Vec<_>>().join(" / ")
}

fn human(p: &Population, attested: Option<&str>, out: &mut Output) -> Result<()> {
    out.line(format!("{} {}", p.control, p.title))?;
    out.line(format!("period {} · query {} · key {} · {}", p.period, p.query, p.key.join(", "), p.frequency.as_str()))?;
    for t in &p.tables {
        out.line(format!(
            "  {}: {} in the period, {} distinct rows",
            t.table,
            plural(t.snapshots, "snapshot"),
            t.rows
        ))?;
    }
    match &p.through_commit {
        Some(c) => out.line(format!("  read through commit {} (as of {})", short(c), p.as_of))?,
        None => out.line(format!("  no commit in the period (as of {})", p.as_of))?,
    }
    if p.items.is_empty() && p.reconcile.as_ref().is_none_or(|r| r.unrecorded.is_empty()) {
        let status = match attested {
            Some(a) => format!("not occurring ({a})"),
            None => "no occurrence in the period: not evidence that the control operated (an attestation with `soc2 attest --not-occurring` is needed for a control with `when_empty: not-occurring`)".to_owned(),
        };
        out.line(format!("population: 0 items · {status}"))?;
        out.line(format!("sha256 {}", p.sha256))?;
        return Ok(());
    }
    let c = &p.counts;
    out.line(format!("population: {}", headline(p)))?;
    if c.failed > 0 {
        out.line(format!("  {} failed when they occurred, {} of them remediated later", c.failed, c.remediated))?;
    }
    if c.recorded_late > 0 {
        out.line(format!(
            "  {} first recorded more than {} days after their date: how they stood when they occurred is not on record",
            plural(c.recorded_late, "item"),
            crate::population::RECORDING_LAG_DAYS
        ))?;
    }
    if let Some(r) = &p.reconcile {
        out.line(format!(
            "  reconciled with {}: {} matched, {} not in it, {} not in the population",
            r.query,
            r.matched,
            r.unmatched,
            r.unrecorded.len()
        ))?;
    }
    out.line(format!("sha256 {}", p.sha256))?;
    out.line("")?;
    let keys: Vec<String> = p.items.iter().map(|i| key_shown(&i.key)).collect();
    let width = keys.iter().map(|k| k.chars().count()).max().unwrap_or(3).max(3);
    out.line(format!("{:<width$}  {:<10}  {:<10}  deviations", "key", "date", "first seen"))?;
    for (item, key) in p.items.iter().zip(&keys) {
        out.line(format!(
            "{key:<width$}  {:<10}  {:<10}  {}",
            item.date.as_deref().map_or("", day),
            day(&item.first_seen),
            deviations(item)
        ))?;
    }
    if let Some(r) = p.reconcile.as_ref().filter(|r| !r.unrecorded.is_empty()) {
        out.line("")?;
        out.line(format!("in {} but not in the population (unrecorded):", r.query))?;
        for u in &r.unrecorded {
            out.line(format!("  {}  first seen {}", key_shown(&u.key), u.first_seen.as_deref().map_or("?", day)))?;
        }
    }
    Ok(())
}

/// `failed: approvals_at_merge = 0 (remediated 2026-03-04, commit 1a2b3c4d5e6f)`.
fn deviations(item: &Item) -> String {
    item.deviations
        .iter()
        .map(|d| {
            let fixed = match (&item.remediated, d.kind) {
                (Some(r), crate::population::DeviationKind::Failed) => {
                    format!(" (remediated {}, commit {})", day(&r.seen), short(&r.commit))
                }
                _ => String::new(),
            };
            format!("{}: {}{fixed}", d.kind.as_str(), d.reason)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One row per item: the key's columns, date, provenance, deviations, then
/// the row's other columns; unrecorded occurrences last.
fn csv(p: &Population) -> Result<Vec<u8>> {
    let mut columns: Vec<String> = Vec::new();
    for item in &p.items {
        for (k, _) in item.row.iter() {
            if !columns.iter().any(|c| c == k) && !p.key.iter().any(|c| c.eq_ignore_ascii_case(k)) {
                columns.push(k.to_owned());
            }
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = p.key.clone();
    header.extend(
        [
            "date",
            "first_seen",
            "first_commit",
            "last_seen",
            "last_commit",
            "deviation",
            "deviation_reason",
            "remediated_at",
            "remediated_commit",
        ]
        .map(str::to_owned),
    );
    header.extend(columns.iter().cloned());
    w.write_record(&header)?;
    for item in &p.items {
        let mut record: Vec<String> = item.key.iter().map(value_text).collect();
        record.push(item.date.clone().unwrap_or_default());
        record.push(item.first_seen.clone());
        record.push(item.first_commit.clone());
        record.push(item.last_seen.clone());
        record.push(item.last_commit.clone());
        record.push(item.deviations.iter().map(|d| d.kind.as_str()).collect::<Vec<_>>().join("; "));
        record.push(item.deviations.iter().map(|d| d.reason.as_str()).collect::<Vec<_>>().join("; "));
        record.push(item.remediated.as_ref().map(|r| r.seen.clone()).unwrap_or_default());
        record.push(item.remediated.as_ref().map(|r| r.commit.clone()).unwrap_or_default());
        record.extend(columns.iter().map(|c| item.row.get(c).map(value_text).unwrap_or_default()));
        w.write_record(&record)?;
    }
    if let Some(r) = &p.reconcile {
        for u in &r.unrecorded {
            let mut record: Vec<String> = p
                .key
                .iter()
                .map(|k| match r.on.iter().position(|o| o.eq_ignore_ascii_case(k)) {
                    Some(i) => u.key.get(i).map(value_text).unwrap_or_default(),
                    None => String::new(),
                })
                .collect();
            record.push(String::new());
            record.push(u.first_seen.clone().unwrap_or_default());
            record.push(u.first_commit.clone().unwrap_or_default());
            record.extend([String::new(), String::new()]);
            record.push(u.deviation.kind.as_str().to_owned());
            record.push(u.deviation.reason.clone());
            record.extend([String::new(), String::new()]);
            record.extend(columns.iter().map(|_| String::new()));
            w.write_record(&record)?;
        }
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("cannot write CSV: {e}"))
}
