//! `soc2 import comply DIR`: migrate a strongdm/comply project into this repo,
//! writing new files only.

use std::io::Write as _;

use anyhow::{Context as _, Result};

use super::Context;
use crate::cli::ImportComplyArgs;
use crate::diagnostic::InvalidRepo;
use crate::diagnostic::hinted;
use crate::files::Worktree;
use crate::import::comply::{self, Target};
use crate::output::Outcome;
use crate::output::Output;
use crate::repo::Repo;
use crate::repo::config::{self, CONFIG_FILE};
use crate::repo::framework::Framework;

pub fn comply(ctx: &Context, args: ImportComplyArgs, out: &mut Output) -> Result<Outcome> {
    let root = ctx.root()?;
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let dir = if args.dir.is_absolute() { args.dir.clone() } else { cwd.join(&args.dir) };
    let shown = args.dir.display().to_string();
    if !dir.is_dir() {
        return Err(hinted(
            "give the folder of the comply project (with standards/, policies/, procedures/)",
            format!("{shown}: no such directory"),
        ));
    }
    // The audit framework decides which `satisfies` ids become `criteria`.
    let config_text =
        crate::files::boundary::read_to_string(&root, CONFIG_FILE).map_err(|e| anyhow::anyhow!("soc2.toml: {e}"))?;
    let config = config::parse(&config_text).map_err(InvalidRepo)?;
    let frameworks = known_frameworks(&root);
    let audit = match frameworks.iter().find(|(f, _)| f.id == config.audit.framework) {
        Some((f, _)) => f.clone(),
        None => Framework::builtin().map_err(InvalidRepo)?,
    };
    let target = Target {
        audit: &audit,
        frameworks: frameworks.iter().map(|(f, file)| (f.id.clone(), file.clone())).collect(),
        owner: &args.owner,
    };
    let plan = comply::plan(&dir, &shown, &target)?;

    let mut written: Vec<String> = Vec::new();
    let mut skipped: Vec<String> = Vec::new();
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for f in &plan.files {
        let path = root.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        // create_new: an existing file (hand-written or imported before) is never replaced.
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                file.write_all(f.contents.as_bytes()).with_context(|| format!("cannot write {}", f.path))?;
                written.push(f.path.clone());
                *counts.entry(f.kind).or_default() += 1;
                out.line(format!("wrote   {}  (from {})", f.path, f.source))?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                skipped.push(f.path.clone());
                out.line(format!("skipped {}  (exists; from {})", f.path, f.source))?;
            }
            Err(e) => return Err(e).with_context(|| format!("cannot create {}", f.path)),
        }
    }
    for d in plan.notes.iter() {
        out.status(d.to_string());
    }
    let n = |k: &str| counts.get(k).copied().unwrap_or(0);
    let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    out.line(format!(
        "imported {}, {}, {}; {} skipped; {}",
        count(n("framework"), "framework", "frameworks"),
        count(n("policy"), "policy", "policies"),
        count(n("control"), "control", "controls"),
        skipped.len(),
        count(plan.notes.iter().count(), "warning", "warnings"),
    ))?;
    if let Err(InvalidRepo(diags)) = Repo::load(&Worktree::new(&root)) {
        out.status(format!(
            "note: the repo has {} problem(s) after the import; run `soc2 validate` to see them",
            diags.error_count()
        ));
        return Ok(Outcome::Findings);
    }
    Ok(if skipped.is_empty() && plan.notes.is_empty() { Outcome::Clean } else { Outcome::Findings })
}

/// The built-in framework and those under frameworks/ that parse, with their file.
fn known_frameworks(root: &std::path::Path) -> Vec<(Framework, String)> {
    let mut all: Vec<(Framework, String)> =
        Framework::builtin().into_iter().map(|f| (f, "<built-in>".to_owned())).collect();
    let Ok(entries) = std::fs::read_dir(root.join("frameworks")) else { return all };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = format!("frameworks/{}", p.file_name().map(|n| n.to_string_lossy()).unwrap_or_default());
        if let Ok(text) = std::fs::read_to_string(&p)
            && let Ok(f) = Framework::parse(&name, &text)
        {
            all.push((f, name));
        }
    }
    all
}
