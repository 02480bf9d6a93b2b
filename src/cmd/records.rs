//! `soc2 evidence add`, `soc2 attest`, `soc2 review`: record what people did
//! as small YAML files, never rewriting the hand-written control or policy.

use std::path::Path;

use anyhow::{Context as _, Result, bail};

use super::Context;
use crate::cli::{AttestArgs, EvidenceAddArgs, ReviewArgs};
use crate::dates::{format_timestamp, parse_timestamp};
use crate::diagnostic::{Hinted, did_you_mean_hint, hinted};
use crate::evidence::commit::EvidenceRepo;
use crate::evidence::store::write_atomic;
use crate::hash::sha256_hex;
use crate::output::Outcome;
use crate::output::Output;
use crate::repo::Repo;
use crate::repo::record::{MANUAL_DIR, ManualKind, ManualRecordDef, REVIEWS_DIR, ReviewRecordDef, Subject};

pub fn evidence_add(ctx: &Context, args: EvidenceAddArgs, out: &mut Output) -> Result<Outcome> {
    let (root, repo) = ctx.load(out)?;
    let control = control_id(&repo, &args.control)?;
    let dir = format!("{MANUAL_DIR}/{control}");
    let mut written = Vec::new();
    let mut record = ManualRecordDef {
        kind: ManualKind::Note,
        date: format_timestamp(ctx.now),
        by: args.by,
        note: args.note.clone(),
        expires: expires(args.expires.as_deref())?,
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
    if args.not_occurring
        && repo.control(&control).is_some_and(|c| c.def.when_empty != crate::repo::control::WhenEmpty::NotOccurring)
    {
        return Err(hinted(
            format!("add `when_empty: not-occurring` to {control} if \"nothing happened\" is a valid answer for it"),
            format!("{control} does not accept \"not occurring\": empty evidence is missing evidence for it"),
        ));
    }
    let record = ManualRecordDef {
        kind: ManualKind::Attestation,
        date: format_timestamp(ctx.now),
        by: Some(args.by),
        note: args.note,
        expires: expires(args.expires.as_deref())?,
        file: None,
        sha256: None,
        url: None,
        not_occurring: args.not_occurring,
    };
    let path = record_path(&root, &format!("{MANUAL_DIR}/{control}"), ctx, "attestation", "");
    write_yaml(&root, &path, &record)?;
    finish(ctx, &root, vec![path], &format!("soc2 attest: {control}"), args.commit, out)
}

pub fn review(ctx: &Context, args: ReviewArgs, out: &mut Output) -> Result<Outcome> {
    let (root, repo) = ctx.load(out)?;
    let is_control = repo.controls.iter().any(|c| c.id() == args.id);
    let policy = repo.policy(&args.id);
    let (subject, sha256, version) = match (is_control, policy) {
        (true, Some(_)) => bail!("`{}` is both a control and a policy id; rename one of them", args.id),
        (true, None) if args.approve => {
            bail!("--approve is for policies; `{}` is a control (a control review needs no approval)", args.id)
        }
        (true, None) => (Subject::Control, None, None),
        (false, Some(p)) => (Subject::Policy, args.approve.then(|| p.sha256.clone()), Some(p.meta.version.clone())),
        (false, None) => {
            let known = repo.controls.iter().map(|c| c.id()).chain(repo.policies.iter().map(|p| p.meta.id.as_str()));
            let hint = did_you_mean_hint(&args.id, known);
            return Err(Hinted::maybe(format!("no control or policy `{}`", args.id), hint).into());
        }
    };
    let record = ReviewRecordDef {
        subject,
        id: args.id.clone(),
        date: format_timestamp(ctx.now),
        by: args.by,
        note: args.note,
        approved: args.approve,
        sha256,
        version: version.filter(|_| args.approve),
    };
    let kind = if args.approve { "approval" } else { "review" };
    let path = record_path(&root, REVIEWS_DIR, ctx, &args.id, kind);
    write_yaml(&root, &path, &record)?;
    finish(ctx, &root, vec![path], &format!("soc2 review: {} ({kind})", args.id), args.commit, out)
}

pub(super) fn control_id(repo: &Repo, id: &str) -> Result<String> {
    if let Some(c) = repo.controls.iter().find(|c| c.id() == id) {
        return Ok(c.id().to_owned());
    }
    let hint = did_you_mean_hint(id, repo.controls.iter().map(|c| c.id()));
    Err(Hinted::maybe(format!("no control `{id}`"), hint).into())
}

fn expires(value: Option<&str>) -> Result<Option<String>> {
    value
        .map(|v| parse_timestamp(v).map(format_timestamp).map_err(|e| hinted(e.hint, format!("--expires: {e}"))))
        .transpose()
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
