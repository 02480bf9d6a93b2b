//! `soc2 framework import FILE`: a framework spec becomes frameworks/<id>.yaml.

use std::path::Path;

use anyhow::{Context as _, Result, bail};

use super::Context;
use crate::cli::{FrameworkImportArgs, ImportFormat};
use crate::diagnostic::hinted;
use crate::diagnostic::{InvalidRepo, display_path};
use crate::files::Worktree;
use crate::import::framework::{self as import, Format};
use crate::output::Outcome;
use crate::output::Output;
use crate::repo::Repo;
use crate::repo::framework::{BUILTIN_ID, Framework};

/// Largest spec read; the full NIST SP 800-53 rev5 catalog with 53A is about 10 MiB.
const MAX_SPEC_BYTES: u64 = 64 * 1024 * 1024;

pub fn import(ctx: &Context, args: FrameworkImportArgs, out: &mut Output) -> Result<Outcome> {
    let root = ctx.root()?;
    let shown = args.file.display().to_string();
    let text = read_spec(&args.file, &shown)?;
    let file_name = args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| shown.clone());
    if import::is_xml(&text) {
        return Err(crate::diagnostic::hinted(import::XML_HINT, format!("{shown}: {}", import::XML_REFUSED)));
    }
    let format = match args.format {
        ImportFormat::Auto => import::detect(&file_name, &text)
            .map_err(|e| hinted("name the format with --format csv|json|oscal|yaml", format!("{shown}: {e}")))?,
        ImportFormat::Yaml => Format::Yaml,
        ImportFormat::Json => Format::Json,
        ImportFormat::Csv => Format::Csv,
        ImportFormat::Oscal => Format::Oscal,
    };
    let mut imported = import::read(format, &shown, &text).map_err(InvalidRepo)?;
    let fw = &mut imported.framework;
    if let Some(id) = &args.id {
        imported.verbatim &= *id == fw.id;
        fw.id = id.clone();
    }
    if let Some(title) = &args.title {
        imported.verbatim &= *title == fw.title;
        fw.title = title.clone();
    }
    let id = fw.id.clone();
    if !valid_id(&id) {
        return Err(hinted(
            "pass --id with letters, digits, `-` and `.`, e.g. --id iso27001-2022",
            format!("framework id `{id}` is not usable as a file name"),
        ));
    }
    if id == BUILTIN_ID {
        return Err(hinted(
            "pass another id with --id",
            format!("framework id `{id}` is the built-in SOC 2 framework"),
        ));
    }
    let rel = format!("frameworks/{id}.yaml");
    check_other_files(&root, &id, &rel)?;
    let target = root.join(&rel);
    if target.exists() && !args.force {
        return Err(hinted("pass --force to replace it with the imported framework", format!("{rel} already exists")));
    }
    let yaml = if imported.verbatim {
        text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned()
    } else {
        import::to_yaml(fw, &file_name, format).map_err(anyhow::Error::msg)?
    };
    // What is written must load: parse it as the repo will.
    let reread = Framework::parse(&rel, &yaml).map_err(InvalidRepo)?;
    crate::evidence::store::write_atomic(&target, yaml.as_bytes()).with_context(|| format!("cannot write {rel}"))?;
    let mut summary = format!(
        "wrote {rel}: {} requirement{} in {} section{} ({})",
        reread.criteria.len(),
        plural(reread.criteria.len()),
        imported.sections,
        plural(imported.sections),
        format.describe()
    );
    for note in &imported.notes {
        summary.push_str(&format!("; {note}"));
    }
    out.line(summary)?;
    out.line(format!("map controls to it with `mappings: {{ {id}: [{}] }}`", example_ids(&reread)))?;
    match Repo::load(&Worktree::new(&root)) {
        Ok(repo) => {
            let mapped = repo.controls.iter().filter(|c| c.def.mappings.contains_key(&id)).count();
            if mapped > 0 {
                out.line(format!(
                    "{mapped} control{} already map to it; `soc2 check --framework {id}` shows its coverage",
                    plural(mapped)
                ))?;
            }
        }
        Err(InvalidRepo(diags)) => out.status(format!(
            "note: the framework loads, but the repo has {} other problem(s); run `soc2 validate`",
            diags.error_count()
        )),
    }
    Ok(Outcome::Clean)
}

fn read_spec(path: &Path, shown: &str) -> Result<String> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            hinted("give the path of a CSV, JSON, OSCAL or YAML framework spec", format!("{shown}: no such file"))
        }
        _ => anyhow::anyhow!("{shown}: {e}"),
    })?;
    if meta.is_dir() {
        return Err(hinted("give the path of a framework spec file", format!("{shown} is a directory")));
    }
    if meta.len() > MAX_SPEC_BYTES {
        bail!("{shown} is {} MiB; soc2 reads framework specs up to {} MiB", meta.len() >> 20, MAX_SPEC_BYTES >> 20);
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {shown}"))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes());
        let pos = crate::diagnostic::Position::of_offset(&text, valid);
        hinted("save it as UTF-8", format!("{shown}:{}:{}: file is not valid UTF-8", pos.line, pos.column))
    })
}

/// Another file under frameworks/ must not already define `id`.
fn check_other_files(root: &Path, id: &str, rel: &str) -> Result<()> {
    let dir = root.join("frameworks");
    let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(()) };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = display_path(root, &path);
        if name == rel || !(name.ends_with(".yaml") || name.ends_with(".yml")) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        if let Ok(other) = Framework::parse(&name, &text)
            && other.id == id
        {
            return Err(hinted(
                format!("pass another id with --id, or remove {name}"),
                format!("{name} already defines framework `{id}`"),
            ));
        }
    }
    Ok(())
}

/// A framework id is a file name: letters, digits, `-`, `_` and `.`, starting with a letter or digit.
fn valid_id(id: &str) -> bool {
    crate::repo::control::is_valid_id(id)
}

fn example_ids(fw: &Framework) -> String {
    fw.criteria.iter().take(2).map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
