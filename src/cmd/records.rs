//! `soc2 evidence add`, `soc2 attest`, `soc2 review`: record what people did
//! as small YAML files, never rewriting the hand-written control or policy.

use std::path::Path;

use anyhow::{Context as _, Result, bail};

use super::Context;
use crate::cli::{AttestArgs, EvidenceAddArgs, ReviewArgs};
use crate::dates::{format_timestamp, parse_timestamp};
use crate::diagnostic::{Hinted, did_you_mean_hint, hinted};
use crate::eval::obligations::is_owner;
use crate::evidence::commit::EvidenceRepo;
use crate::evidence::store::write_atomic;
use crate::hash::sha256_hex;
use crate::output::Outcome;
use crate::output::Output;
use crate::repo::Repo;
use crate::repo::config::Separation;
use crate::repo::control::{Control, EvidenceRequirement};
use crate::repo::framework::criterion_matches;
use crate::repo::record::{MANUAL_DIR, ManualKind, ManualRecordDef, REVIEWS_DIR, ReviewRecordDef, Subject};

pub fn evidence_add(ctx: &Context, args: EvidenceAddArgs, out: &mut Output) -> Result<Outcome> {
    let (root, repo) = ctx.load(out)?;
    let control = control_id(&repo, &args.control)?;
    let by = args.by.as_deref().map(|b| signer(&repo, b, args.external)).transpose()?;
    let expires = expires(ctx, args.expires.as_deref())?;
    let dir = format!("{MANUAL_DIR}/{control}");
    let mut written = Vec::new();
    let mut record = ManualRecordDef {
        kind: ManualKind::Note,
        date: format_timestamp(ctx.now),
        by,
        external: args.external,
        note: args.note.clone(),
        expires,
        file: None,
        sha256: None,
        url: None,
        not_occurring: false,
    };
    let slug = if let Some(file) = &args.file {
        let (bytes, name) = upload(file)?;
        let target = format!("{dir}/{name}");
        match std::fs::read(root.join(&target)) {
            Ok(existing) if existing != bytes => {
                return Err(hinted(
                    "rename the file before adding it",
                    format!("{target} already exists with other content"),
                ));
            }
            Ok(_) => {}
            Err(_) => {
                write_atomic(&root.join(&target), &bytes).with_context(|| format!("cannot write {target}"))?;
                written.push(target);
            }
        }
        record.kind = ManualKind::File;
        record.sha256 = Some(sha256_hex(&bytes));
        record.file = Some(name.clone());
        name
    } else if let Some(url) = &args.link {
        record.kind = ManualKind::Link;
        record.url = Some(url.clone());
        "link".to_owned()
    } else {
        "note".to_owned()
    };
    let path = record_path(&root, &dir, ctx, record.kind.as_str(), &slug);
    write_yaml(&root, &path, &record)?;
    written.push(path);
    finish(ctx, &root, written, &format!("soc2 evidence add: {control} ({})", record.kind.as_str()), args.commit, out)
}

pub fn attest(ctx: &Context, args: AttestArgs, out: &mut Output) -> Result<Outcome> {
    let (root, repo) = ctx.load(out)?;
    let control = control_id(&repo, &args.control)?;
    let expires = expires(ctx, args.expires.as_deref())?;
    if args.not_occurring
        && repo.control(&control).is_some_and(|c| c.def.when_empty != crate::repo::control::WhenEmpty::NotOccurring)
    {
        return Err(hinted(
            format!("add `when_empty: not-occurring` to {control} if \"nothing happened\" is a valid answer for it"),
            format!("{control} does not accept \"not occurring\": empty evidence is missing evidence for it"),
        ));
    }
    if !args.not_occurring
        && let Some(c) = repo.control(&control)
        && !c.def.evidence.iter().any(|e| matches!(e, EvidenceRequirement::Attestation(_)))
    {
        return Err(hinted(what_it_asks(&repo, c), format!("{control} asks for no attestation")));
    }
    let by = signer(&repo, &args.by, args.external)?;
    let record = ManualRecordDef {
        kind: ManualKind::Attestation,
        date: format_timestamp(ctx.now),
        by: Some(by),
        external: args.external,
        note: args.note,
        expires,
        file: None,
        sha256: None,
        url: None,
        not_occurring: args.not_occurring,
    };
    let path = record_path(&root, &format!("{MANUAL_DIR}/{control}"), ctx, "attestation", "");
    write_yaml(&root, &path, &record)?;
    finish(ctx, &root, vec![path], &format!("soc2 attest: {control}"), args.commit, out)
}

/// What a control asks people for, with the command that records each, for a hint.
fn what_it_asks(repo: &Repo, c: &Control) -> String {
    let id = c.id();
    let mut asks: Vec<String> = c
        .def
        .evidence
        .iter()
        .map(|e| {
            let spec = e.spec();
            let note = spec.note.as_deref().map(|n| format!(" \"{n}\"")).unwrap_or_default();
            let every = spec.every.map(|d| format!(" every {d}")).unwrap_or_default();
            let command = match e.kind() {
                "file" => format!("soc2 evidence add {id} --file FILE"),
                "link" => format!("soc2 evidence add {id} --link URL"),
                _ => format!("soc2 evidence add {id} --note TEXT"),
            };
            format!("a {}{note}{every} (`{command}`)", e.kind())
        })
        .collect();
    if c.def.when_empty == crate::repo::control::WhenEmpty::NotOccurring {
        asks.push(format!(
            "when nothing happened, an attestation of that (`soc2 attest {id} --not-occurring --by WHO`)"
        ));
    }
    if let Some(plan) = crate::eval::obligations::review_plan(repo, c) {
        asks.push(format!("a review every {} (`soc2 review {id} --by WHO`)", plan.every));
    }
    if !c.def.queries.is_empty() {
        let names: Vec<&str> = c.def.queries.iter().map(|q| q.query.as_str()).collect();
        asks.push(format!("the results of its queries ({})", names.join(", ")));
    }
    if asks.is_empty() {
        return format!(
            "{id} asks for no manual evidence; add `evidence: - attestation: {{ every: 90d }}` to ask for one"
        );
    }
    format!("{id} asks for {}", asks.join("; "))
}

pub fn review(ctx: &Context, args: ReviewArgs, out: &mut Output) -> Result<Outcome> {
    let (root, repo) = ctx.load(out)?;
    let Some(id) = args.id.clone() else {
        let by = signer(&repo, &args.by, args.external)?;
        if args.approve {
            return Err(hinted(
                "soc2 review access-control --by WHO --approve",
                "--approve approves one policy: give its id",
            ));
        }
        return review_many(ctx, &root, &repo, &args, &by, out);
    };
    let is_control = repo.controls.iter().any(|c| c.id() == id);
    let policy = repo.policy(&id);
    let (subject, sha256, version, owner) = match (is_control, policy) {
        (true, Some(_)) => bail!("`{id}` is both a control and a policy id; rename one of them"),
        (true, None) if args.approve => {
            bail!("--approve is for policies; `{id}` is a control (a control review needs no approval)")
        }
        (true, None) => (Subject::Control, None, None, repo.control(&id).map(|c| c.def.owner.clone())),
        (false, Some(p)) => (
            Subject::Policy,
            args.approve.then(|| p.sha256.clone()),
            Some(p.meta.version.clone()),
            Some(p.meta.owner.clone()),
        ),
        (false, None) => {
            let known = repo.controls.iter().map(|c| c.id()).chain(repo.policies.iter().map(|p| p.meta.id.as_str()));
            let hint = did_you_mean_hint(&id, known);
            return Err(Hinted::maybe(format!("no control or policy `{id}`"), hint).into());
        }
    };
    let by = signer(&repo, &args.by, args.external)?;
    let what = if args.approve { "approve" } else { "review" };
    if let Some(owner) = owner.filter(|o| !args.external && is_owner(&repo, o, &by)) {
        separation(&repo, out, &id, &owner, what)?;
    }
    let record = ReviewRecordDef {
        subject,
        id: id.clone(),
        date: format_timestamp(ctx.now),
        by,
        external: args.external,
        note: args.note,
        approved: args.approve,
        sha256,
        version: version.filter(|_| args.approve),
    };
    let kind = if args.approve { "approval" } else { "review" };
    let path = record_path(&root, REVIEWS_DIR, ctx, &id, kind);
    write_yaml(&root, &path, &record)?;
    finish(ctx, &root, vec![path], &format!("soc2 review: {id} ({kind})"), args.commit, out)
}

/// A review by the owner of what is reviewed: refused or warned about, as soc2.toml says.
fn separation(repo: &Repo, out: &mut Output, id: &str, owner: &str, what: &str) -> Result<()> {
    let who = repo.config.resolve_owner(owner);
    match repo.config.signoff.separation_of_duties {
        Separation::Refuse => {
            return Err(hinted(
                format!("have another person {what} it"),
                format!(
                    "{who} owns {id} and cannot {what} it (separation of duties; soc2.toml sets `[signoff] separation_of_duties = \"refuse\"`)"
                ),
            ));
        }
        Separation::Warn => out.status(format!(
            "warning: {who} owns {id}: {} by its owner is flagged (separation of duties)\n  hint: have another person {what} it; `[signoff] separation_of_duties = \"refuse\"` in soc2.toml refuses this",
            if what == "approve" { "an approval" } else { "a review" }
        )),
        Separation::Off => {}
    }
    Ok(())
}

/// `soc2 review --owner WHO | --criteria P | --all`: one review record per selected control.
fn review_many(
    ctx: &Context,
    root: &Path,
    repo: &Repo,
    args: &ReviewArgs,
    by: &str,
    out: &mut Output,
) -> Result<Outcome> {
    for p in &args.criteria {
        if !repo.framework.criteria.iter().any(|c| criterion_matches(&c.id, p)) {
            let hint = did_you_mean_hint(p, repo.framework.criteria.iter().map(|c| c.id.as_str()));
            return Err(
                Hinted::maybe(format!("--criteria {p}: no criterion of {} matches", repo.framework.id), hint).into()
            );
        }
    }
    let owner = match &args.owner {
        None => None,
        Some(who) => Some(match repo.config.person(who) {
            Some(p) => p.id().to_owned(),
            None => {
                let hint = repo.config.people.suggest(who).map_or_else(
                    || format!("people: {}", repo.config.people.listing()),
                    |s| format!("did you mean `{s}`?"),
                );
                return Err(hinted(hint, format!("--owner {who}: no such person in soc2.toml")));
            }
        }),
    };
    let selected: Vec<&Control> = repo
        .controls
        .iter()
        .filter(|c| crate::eval::in_scope(repo, c))
        .filter(|c| {
            args.criteria.is_empty()
                || c.def.criteria.iter().any(|k| args.criteria.iter().any(|p| criterion_matches(k, p)))
        })
        .filter(|c| match &owner {
            None => true,
            Some(o) => crate::eval::obligations::review_plan(repo, c)
                .is_some_and(|plan| repo.config.people.same(&plan.reviewer, o)),
        })
        .collect();
    if selected.is_empty() {
        let what = match (&args.owner, args.criteria.is_empty()) {
            (Some(o), _) => format!("no control's review is owed by {o}"),
            (None, false) => format!("no in-scope control maps to {}", args.criteria.join(", ")),
            _ => "no control is in scope".to_owned(),
        };
        return Err(hinted(
            "`soc2 reviews` lists the reviews due and who owes them",
            format!("{what}: nothing recorded"),
        ));
    }
    let separation_mode = repo.config.signoff.separation_of_duties;
    let (own, rest): (Vec<&Control>, Vec<&Control>) = selected
        .into_iter()
        .partition(|c| !args.external && separation_mode != Separation::Off && is_owner(repo, &c.def.owner, by));
    let who = repo.config.resolve_owner(by);
    let ids = |cs: &[&Control]| cs.iter().map(|c| c.id()).collect::<Vec<_>>().join(", ");
    let to_write: Vec<&Control> = match separation_mode {
        Separation::Refuse => {
            if !own.is_empty() {
                out.status(format!(
                    "skipped {} control(s) {who} owns (separation of duties; `[signoff] separation_of_duties = \"refuse\"`): {}",
                    own.len(),
                    ids(&own)
                ));
            }
            if rest.is_empty() {
                return Err(hinted(
                    "have another person review them",
                    format!("{who} owns every selected control: nothing recorded"),
                ));
            }
            rest
        }
        _ => {
            if !own.is_empty() {
                out.status(format!(
                    "warning: {who} owns {} of these controls: a review by its owner is flagged (separation of duties): {}",
                    own.len(),
                    ids(&own)
                ));
            }
            let mut all: Vec<&Control> = own.into_iter().chain(rest).collect();
            all.sort_by(|a, b| a.id().cmp(b.id()));
            all
        }
    };
    let mut written = Vec::new();
    for c in &to_write {
        let record = ReviewRecordDef {
            subject: Subject::Control,
            id: c.id().to_owned(),
            date: format_timestamp(ctx.now),
            by: by.to_owned(),
            external: args.external,
            note: args.note.clone(),
            approved: false,
            sha256: None,
            version: None,
        };
        let path = record_path(root, REVIEWS_DIR, ctx, c.id(), "review");
        write_yaml(root, &path, &record)?;
        written.push(path);
    }
    let message = format!("soc2 review: {} controls by {who}", to_write.len());
    out.status(format!("reviewed {} control(s): {}", to_write.len(), ids(&to_write)));
    finish(ctx, root, written, &message, args.commit, out)
}

/// The signer `--by` names, as records store it: a person's email (else
/// name), or with `--external` the text as given. Blank is refused.
pub(super) fn signer(repo: &Repo, by: &str, external: bool) -> Result<String> {
    let by = by.trim();
    if by.is_empty() {
        return Err(hinted(
            "--by dana@acme.example (a person of soc2.toml), or --by NAME --external for an outside party",
            "--by is blank: say who did it",
        ));
    }
    if by.chars().any(char::is_control) {
        bail!("--by {by:?}: a name cannot hold line breaks or control characters");
    }
    let people = &repo.config.people;
    if external {
        if let Some(p) = people.resolve(by) {
            return Err(hinted(
                "drop --external",
                format!("--by {by} --external: {} is a person of soc2.toml, not an outside party", p.display()),
            ));
        }
        return Ok(by.to_owned());
    }
    if let Some(p) = people.resolve(by) {
        return Ok(p.id().to_owned());
    }
    let hint = match people.suggest(by) {
        Some(s) => format!("did you mean `{s}`?"),
        None if people.is_empty() => "soc2.toml lists no people yet: add them under [[people]] (`soc2 policies init` asks for them), or record an outside party with --external".to_owned(),
        None if by.starts_with("role:") => format!("roles held: {}", people.roles().join(", ")),
        None => format!("people: {}; an outside party (an auditor) is recorded with --external", people.listing()),
    };
    match by.strip_prefix("role:") {
        Some(role) => Err(hinted(hint, format!("--by {by}: nobody holds the role `{role}` in soc2.toml"))),
        None => Err(hinted(hint, format!("--by {by}: no such person in soc2.toml"))),
    }
}

pub(super) fn control_id(repo: &Repo, id: &str) -> Result<String> {
    if let Some(c) = repo.controls.iter().find(|c| c.id() == id) {
        return Ok(c.id().to_owned());
    }
    let hint = did_you_mean_hint(id, repo.controls.iter().map(|c| c.id()));
    Err(Hinted::maybe(format!("no control `{id}`"), hint).into())
}

/// `--expires`: a date or time after now.
fn expires(ctx: &Context, value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = value else { return Ok(None) };
    let at = parse_timestamp(v).map_err(|e| hinted(e.hint, format!("--expires: {e}")))?;
    if at <= ctx.now {
        return Err(hinted(
            format!(
                "give a date in the future, e.g. --expires {}",
                (ctx.now + chrono::TimeDelta::days(90)).format("%Y-%m-%d")
            ),
            format!(
                "--expires {v}: that is not after now ({}); the record would never count",
                format_timestamp(ctx.now)
            ),
        ));
    }
    Ok(Some(format_timestamp(at)))
}

/// `<dir>/<date>-<a>[-<b>].yaml`, numbered when that name is taken.
pub(super) fn record_path(root: &Path, dir: &str, ctx: &Context, a: &str, b: &str) -> String {
    let date = ctx.now.format("%Y-%m-%d");
    let stem: String =
        [date.to_string(), slug(a), slug(b)].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("-");
    let mut path = format!("{dir}/{stem}.yaml");
    let mut n = 2;
    while root.join(&path).exists() {
        path = format!("{dir}/{stem}-{n}.yaml");
        n += 1;
    }
    path
}

pub(super) fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').chars().take(40).collect()
}

pub(super) fn write_yaml<T: serde::Serialize>(root: &Path, path: &str, record: &T) -> Result<()> {
    let text = serde_yaml::to_string(record).context("cannot serialize the record")?;
    write_atomic(&root.join(path), text.as_bytes()).with_context(|| format!("cannot write {path}"))
}

pub(super) fn finish(
    ctx: &Context,
    root: &Path,
    written: Vec<String>,
    message: &str,
    commit: bool,
    out: &mut Output,
) -> Result<Outcome> {
    for p in &written {
        out.line(format!("wrote {p}"))?;
    }
    if commit {
        let repo = EvidenceRepo::open(root)?;
        let message = message.to_owned();
        match repo.commit_paths(&written, ctx.now, |_| message)? {
            Some(c) => out.line(format!("committed {} ({} file(s))", &c.id[..c.id.len().min(12)], c.paths.len()))?,
            None => out.line("nothing to commit")?,
        }
    }
    Ok(Outcome::Clean)
}

/// A `--file` to copy into the repo: its bytes (a regular file, read
/// whole) and its name.
pub(super) fn upload(file: &std::path::Path) -> Result<(Vec<u8>, String)> {
    let bytes = crate::files::boundary::read_regular(file)
        .map_err(|e| anyhow::anyhow!("--file {}: cannot read: {e}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .with_context(|| format!("--file {}: not a file name", file.display()))?;
    Ok((bytes, name))
}
