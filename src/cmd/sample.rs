//! `soc2 sample CONTROL`: draw a reproducible sample of a control's
//! population and record it under `evidence/samples/<control>/<period>.json`.

use anyhow::{Context as _, Result};

use super::Context;
use super::population::{find_control, key_shown, period};
use crate::cli::{SampleArgs, SampleFormat};
use crate::diagnostic::{Hinted, hinted};
use crate::evidence::store::write_atomic;
use crate::output::{Outcome, Output};
use crate::population::sample::{self, SampleRecord};
use crate::population::{Options, PeriodData};

pub fn run(ctx: &Context, args: SampleArgs, out: &mut Output) -> Result<Outcome> {
    let (root, repo) = ctx.load(out)?;
    let control = find_control(&repo, &args.control)?;
    let period = period(&repo, args.period.as_deref())?;
    if args.size == Some(0) {
        return Err(hinted("leave --size out to take the guide's size", "--size: a sample has at least 1 item"));
    }
    if args.seed.as_deref().is_some_and(|s| s.trim().is_empty()) {
        return Err(hinted("leave --seed out, or give the auditor's text", "--seed is empty"));
    }
    let mut data =
        PeriodData::open(&root, period, ctx.now, None, Options { no_cache: args.no_cache }).map_err(Hinted::from)?;
    // The process ends right after: freeing a large population item by item costs more than it saves.
    let population = std::mem::ManuallyDrop::new(data.population(&repo, control).map_err(Hinted::from)?);
    if population.items.is_empty() {
        return Err(hinted(
            format!(
                "nothing occurred, or nothing was collected: check `soc2 population {}`; a control with `when_empty: not-occurring` needs `soc2 attest {} --not-occurring` instead",
                population.control, population.control
            ),
            format!("the population of {} over {period} is empty: there is nothing to sample", population.control),
        ));
    }
    let Some(def) = &control.def.population else {
        return Err(anyhow::anyhow!("control {} declares no population", control.id()));
    };
    let size = sample::size(def, args.size, population.items.len());
    let record = SampleRecord::draw(&population, size, args.seed.as_deref());
    let path = sample::record_path(&record.control, &record.period);
    let json = record.to_json()?;
    let full = root.join(&path);
    let existing = std::fs::read(&full).ok();
    let unchanged = existing.as_deref() == Some(json.as_bytes());
    if let Some(old) = existing.as_deref().filter(|_| !unchanged && !args.force) {
        let why = match serde_json::from_slice::<SampleRecord>(old) {
            Ok(o) if o.population.sha256 != record.population.sha256 => format!(
                "it was drawn from another population (sha256 {}…, now {}…): the evidence changed since",
                o.population.sha256.get(..12).unwrap_or(""),
                record.population.sha256.get(..12).unwrap_or("")
            ),
            Ok(_) => "it was drawn with another size or seed".to_owned(),
            Err(_) => "it is not a sample record this soc2 reads".to_owned(),
        };
        return Err(hinted(
            "pass --force to replace it (git keeps the one recorded), or --period for another period",
            format!("{path} exists and differs: {why}"),
        ));
    }
    match args.format {
        SampleFormat::Json => out.stdout().write_all(json.as_bytes())?,
        SampleFormat::Human => human(&record, out)?,
    }
    if unchanged {
        out.status(format!("{path} is unchanged"));
        return Ok(Outcome::Clean);
    }
    write_atomic(&full, json.as_bytes()).with_context(|| format!("cannot write {path}"))?;
    let message = format!("soc2 sample: {} {}", record.control, record.period);
    if args.format == SampleFormat::Human {
        return super::records::finish(ctx, &root, vec![path], &message, args.commit, out);
    }
    // JSON on stdout stays the record alone: what was written goes to stderr.
    out.status(format!("wrote {path}"));
    if args.commit {
        let repo = crate::evidence::commit::EvidenceRepo::open(&root)?;
        if let Some(c) = repo.commit_paths(std::slice::from_ref(&path), ctx.now, |_| message.clone())? {
            out.status(format!("committed {}", c.id.get(..12).unwrap_or(&c.id)));
        }
    }
    Ok(Outcome::Clean)
}

fn human(r: &SampleRecord, out: &mut Output) -> Result<()> {
    out.line(format!(
        "{} over {}: {} of {} items ({})",
        r.control, r.period, r.size.n, r.population.items, r.size.basis
    ))?;
    out.line(format!("population sha256 {}", r.population.sha256))?;
    match &r.seed.auditor {
        Some(s) => {
            out.line(format!("seed {} (the population's sha256 with the auditor's seed {s:?})", r.seed.value))?
        }
        None => out.line(format!("seed {} (the population's sha256)", r.seed.value))?,
    }
    let keys: Vec<String> = r.selected.iter().map(|s| key_shown(&s.key)).collect();
    let width = keys.iter().map(|k| k.chars().count()).max().unwrap_or(3).max(3);
    for (i, (s, key)) in r.selected.iter().zip(&keys).enumerate() {
        let deviation = if s.deviations.is_empty() {
            String::new()
        } else {
            format!("  deviation: {}", s.deviations.iter().map(|d| d.kind.as_str()).collect::<Vec<_>>().join(", "))
        };
        out.line(format!(
            "{:>3}. {key:<width$}  {}  first seen {} in {}{deviation}",
            i + 1,
            s.date.as_deref().and_then(|d| d.get(..10)).unwrap_or("          "),
            s.first_seen.get(..10).unwrap_or(&s.first_seen),
            s.first_commit.get(..12).unwrap_or(&s.first_commit),
        ))?;
    }
    let d = r.deviations();
    if d > 0 {
        out.line(format!("{d} of the selected items deviate"))?;
    }
    Ok(())
}
