//! `soc2 requests`: the auditor's request list (PBC) — import it, list what
//! answers each request, record answers and the auditor's acceptance.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::{Context as _, Result, bail};
use serde::Serialize;

use super::Context;
use super::records::{control_id, finish, signer, write_yaml};
use crate::cli::{
    ListFormat, RequestsAcceptArgs, RequestsAnswerArgs, RequestsArgs, RequestsCommand, RequestsImportArgs,
};
use crate::dates::format_timestamp;
use crate::diagnostic::{Diagnostic, Hinted, InvalidRepo, Position, did_you_mean, did_you_mean_hint, hinted};
use crate::evidence::store::write_atomic;
use crate::hash::sha256_hex;
use crate::output::Outcome;
use crate::output::Output;
use crate::repo::Repo;
use crate::repo::request::{
    Acceptance, Answer, FILES_DIR, REQUESTS_DIR, Request, RequestDef, RequestStatus, parse_csv,
};

pub fn run(ctx: &Context, args: RequestsArgs, out: &mut Output) -> Result<Outcome> {
    match args.command {
        Some(RequestsCommand::Import(a)) => import(ctx, a, out),
        Some(RequestsCommand::Answer(a)) => answer(ctx, a, out),
        Some(RequestsCommand::Accept(a)) => accept(ctx, a, out),
        None => list(ctx, &args.status, args.format, out),
    }
}

fn import(ctx: &Context, args: RequestsImportArgs, out: &mut Output) -> Result<Outcome> {
    let (root, repo) = ctx.load(out)?;
    let shown = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).with_context(|| format!("{shown}: cannot read the request list"))?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (rows, ignored) = parse_csv(&shown, &bytes).map_err(|mut d| {
        d.fill_snippets(|_| Some(text.clone()));
        InvalidRepo(d)
    })?;
    if !ignored.is_empty() {
        out.status(format!("{shown}: ignored column(s): {}", ignored.join(", ")));
    }
    let source_name = args.file.file_name().map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    let mut written = Vec::new();
    let (mut added, mut updated, mut unchanged) = (0, 0, 0);
    for row in &rows {
        let references: Vec<String> = row.references.iter().map(|r| reference(&repo, r)).collect();
        for (r, raw) in references.iter().zip(&row.references) {
            if r.is_empty() {
                out.status(unknown_reference(&repo, &shown, row.line, raw, &text).to_string());
            }
        }
        let references: Vec<String> = references
            .into_iter()
            .zip(&row.references)
            .map(|(r, raw)| if r.is_empty() { raw.clone() } else { r })
            .collect();
        let due = row.due.map(|d| d.to_string());
        let source = Some(format!("{source_name}:{}", row.line));
        let path = format!("{REQUESTS_DIR}/{}.yaml", row.id);
        let def = match repo.requests.iter().find(|r| r.id == row.id) {
            None => {
                added += 1;
                out.line(format!("added {}", row.id))?;
                RequestDef {
                    id: row.id.clone(),
                    request: row.request.clone(),
                    references,
                    due,
                    source,
                    answers: Vec::new(),
                    accepted: None,
                }
            }
            Some(existing) => {
                let old = &existing.def;
                let mut changes = Vec::new();
                if old.request != row.request {
                    changes.push("request text".to_owned());
                }
                if old.references != references {
                    changes.push(format!("references [{}] → [{}]", old.references.join(", "), references.join(", ")));
                }
                if old.due != due {
                    let show = |d: &Option<String>| d.clone().unwrap_or_else(|| "none".into());
                    changes.push(format!("due {} → {}", show(&old.due), show(&due)));
                }
                if changes.is_empty() {
                    unchanged += 1;
                    continue;
                }
                updated += 1;
                out.line(format!("updated {}: {} (answers kept)", row.id, changes.join("; ")))?;
                RequestDef { request: row.request.clone(), references, due, source, ..old.clone() }
            }
        };
        write_yaml(&root, &path, &def)?;
        written.push(path);
    }
    let listed: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let kept: Vec<&str> = repo.requests.iter().map(|r| r.id.as_str()).filter(|id| !listed.contains(id)).collect();
    if !kept.is_empty() {
        out.status(format!("kept {} request(s) not in {shown}: {}", kept.len(), kept.join(", ")));
    }
    out.status(format!("{} request(s): {added} added, {updated} updated, {unchanged} unchanged", rows.len()));
    finish(ctx, &root, written, &format!("soc2 requests import: {source_name}"), args.commit, out)
}

/// A reference as the repo knows it: a control id (its own spelling) or a
/// criterion prefix of the audit framework; empty when neither.
fn reference(repo: &Repo, r: &str) -> String {
    if let Some(c) = repo.controls.iter().find(|c| c.id().eq_ignore_ascii_case(r)) {
        return c.id().to_owned();
    }
    if repo.framework.criteria.iter().any(|c| crate::repo::framework::criterion_matches(&c.id, r)) {
        return r.to_ascii_uppercase();
    }
    String::new()
}

fn unknown_reference(repo: &Repo, file: &str, line: usize, raw: &str, text: &str) -> Diagnostic {
    let known = repo.controls.iter().map(|c| c.id()).chain(repo.framework.criteria.iter().map(|c| c.id.as_str()));
    let hint = match did_you_mean(raw, known) {
        Some(s) => format!("did you mean `{s}`? kept as written"),
        None => "kept as written; references are criteria such as CC6.2 or control ids".to_owned(),
    };
    Diagnostic::warning(
        file,
        format!("reference `{raw}` is neither a criterion of {} nor a control", repo.framework.id),
    )
    .at(Position::new(line, 0))
    .with_hint(hint)
    .with_source(text)
}

fn find<'r>(repo: &'r Repo, id: &str) -> Result<&'r Request> {
    if let Some(r) = repo.requests.iter().find(|r| r.id == id || r.id.eq_ignore_ascii_case(id)) {
        return Ok(r);
    }
    if repo.requests.is_empty() {
        return Err(hinted("soc2 requests import LIST.csv", format!("no request `{id}`: no requests imported yet")));
    }
    let hint = did_you_mean_hint(id, repo.requests.iter().map(|r| r.id.as_str()));
    Err(Hinted::maybe(format!("no request `{id}`"), hint).into())
}

fn answer(ctx: &Context, args: RequestsAnswerArgs, out: &mut Output) -> Result<Outcome> {
    let (root, repo) = ctx.load(out)?;
    let request = find(&repo, &args.id)?;
    let controls = args.controls.iter().map(|c| control_id(&repo, c)).collect::<Result<Vec<_>>>()?;
    let date = format_timestamp(ctx.now);
    let by = args.by.as_deref().map(|b| signer(&repo, b, args.external)).transpose()?;
    let base = Answer {
        date,
        by,
        external: args.external,
        note: args.note.clone(),
        control: None,
        file: None,
        sha256: None,
        sample: None,
    };
    let mut def = request.def.clone();
    for control in controls {
        def.answers.push(Answer { control: Some(control), ..base.clone() });
    }
    if !args.samples.is_empty() {
        let period = super::population::period(&repo, args.period.as_deref())?;
        for id in &args.samples {
            let control = super::population::find_control(&repo, id)?;
            let path = crate::population::sample::record_path(control.id(), &period.to_string());
            let bytes = std::fs::read(root.join(&path)).map_err(|_| {
                hinted(
                    format!("draw it first: soc2 sample {} --period {period}", control.id()),
                    format!("--sample {id}: no sample recorded for {period} ({path})"),
                )
            })?;
            def.answers.push(Answer { sample: Some(path), sha256: Some(sha256_hex(&bytes)), ..base.clone() });
        }
    }
    // Read every file before writing anything, so a missing one leaves no trace.
    let mut copies = Vec::new();
    for file in &args.files {
        let (bytes, name) = super::records::upload(file)?;
        let target = format!("{FILES_DIR}/{}/{name}", request.id);
        if let Ok(existing) = std::fs::read(root.join(&target))
            && existing != bytes
        {
            return Err(hinted(
                "rename the file before adding it",
                format!("{target} already exists with other content"),
            ));
        }
        copies.push((target, bytes));
    }
    let mut written = Vec::new();
    for (target, bytes) in copies {
        if !root.join(&target).exists() {
            write_atomic(&root.join(&target), &bytes).with_context(|| format!("cannot write {target}"))?;
            written.push(target.clone());
        }
        def.answers.push(Answer { file: Some(target), sha256: Some(sha256_hex(&bytes)), ..base.clone() });
    }
    write_yaml(&root, &request.path, &def)?;
    written.push(request.path.clone());
    out.line(format!("{}: provided ({} answer(s) in all)", request.id, def.answers.len()))?;
    finish(ctx, &root, written, &format!("soc2 requests answer: {}", request.id), args.commit, out)
}

fn accept(ctx: &Context, args: RequestsAcceptArgs, out: &mut Output) -> Result<Outcome> {
    let (root, repo) = ctx.load(out)?;
    let request = find(&repo, &args.id)?;
    let by = signer(&repo, &args.by, args.external)?;
    match request.status {
        RequestStatus::Open => {
            return Err(hinted(
                format!("soc2 requests answer {} --control ID | --file F", request.id),
                format!("{} has no answer yet; nothing to accept", request.id),
            ));
        }
        RequestStatus::Accepted => {
            let on = request.accepted.as_ref().map_or("", |a| a.date.as_str());
            bail!("{} was already accepted ({on}); nothing recorded", request.id)
        }
        RequestStatus::Provided => {}
    }
    let mut def = request.def.clone();
    def.accepted = Some(Acceptance { date: format_timestamp(ctx.now), by, external: args.external, note: args.note });
    write_yaml(&root, &request.path, &def)?;
    out.line(format!("{}: accepted", request.id))?;
    finish(ctx, &root, vec![request.path.clone()], &format!("soc2 requests accept: {}", request.id), args.commit, out)
}

#[derive(Serialize)]
struct Listing<'a> {
    as_of: String,
    summary: BTreeMap<&'static str, usize>,
    requests: Vec<&'a Request>,
}

fn list(ctx: &Context, status: &[RequestStatus], format: ListFormat, out: &mut Output) -> Result<Outcome> {
    let (_root, repo) = ctx.load(out)?;
    let shown: Vec<&Request> =
        repo.requests.iter().filter(|r| status.is_empty() || status.contains(&r.status)).collect();
    let mut summary: BTreeMap<&'static str, usize> =
        [("open", 0), ("provided", 0), ("accepted", 0), ("overdue", 0)].into_iter().collect();
    for r in &shown {
        *summary.entry(r.status.as_str()).or_default() += 1;
        if r.overdue(ctx.now) {
            *summary.entry("overdue").or_default() += 1;
        }
    }
    let text = match format {
        ListFormat::Json => {
            crate::json::pretty(&Listing { as_of: format_timestamp(ctx.now), summary, requests: shown })?
        }
        ListFormat::Human => human(ctx, &repo, &shown, &summary),
    };
    out.stdout().write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

fn human(ctx: &Context, repo: &Repo, shown: &[&Request], summary: &BTreeMap<&'static str, usize>) -> String {
    let mut out = String::new();
    if repo.requests.is_empty() {
        let _ = writeln!(out, "no requests yet; import the auditor's list with `soc2 requests import LIST.csv`");
        return out;
    }
    let width = shown.iter().map(|r| r.id.chars().count()).max().unwrap_or(0);
    for r in shown {
        let due = match (&r.due, r.overdue(ctx.now)) {
            (Some(d), true) => format!("due {d} (overdue)  "),
            (Some(d), false) => format!("due {d}  "),
            (None, _) => String::new(),
        };
        let text = r.request.lines().next().unwrap_or("");
        let _ = writeln!(out, "{:<width$}  {:<8}  {due}{text}", r.id, r.status.as_str());
        if !r.references.is_empty() {
            let _ = writeln!(out, "{:<width$}  references: {}", "", r.references.join(", "));
        }
        let mut by: Vec<String> = r.controls.iter().map(|c| format!("control {c}")).collect();
        let prefix = format!("{}/", crate::population::sample::DIR);
        by.extend(r.files.iter().map(
            |f| {
                if f.starts_with(&prefix) { format!("sample {f}") } else { format!("file {f}") }
            },
        ));
        if !by.is_empty() {
            let _ = writeln!(out, "{:<width$}  answered by: {}", "", by.join("; "));
        }
        if let Some(a) = &r.accepted {
            let _ = writeln!(out, "{:<width$}  accepted by {} on {}", "", a.by, crate::dates::day(&a.date));
        }
    }
    let _ = writeln!(
        out,
        "{} request(s): {} open ({} overdue), {} provided, {} accepted",
        shown.len(),
        summary.get("open").copied().unwrap_or(0),
        summary.get("overdue").copied().unwrap_or(0),
        summary.get("provided").copied().unwrap_or(0),
        summary.get("accepted").copied().unwrap_or(0)
    );
    out
}
