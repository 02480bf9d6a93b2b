//! Commands about soc2 itself, generated from its own definitions:
//! `soc2 schema` (JSON Schemas of the files), `soc2 completions SHELL`
//! (clap_complete) and `soc2 man` (clap_mangen).

use std::path::Path;

use anyhow::{Context as _, Result};
use clap::CommandFactory as _;

use super::Outcome;
use crate::cli::{Cli, CompletionsArgs, ManArgs, SchemaArgs, SchemaKind};
use crate::output::Output;

pub fn schema(args: SchemaArgs, out: &mut Output) -> Result<Outcome> {
    let render = |v: &serde_json::Value| -> Result<String> { Ok(crate::json::pretty(v)?) };
    match &args.output {
        None => {
            let schema = match args.what {
                SchemaKind::Control => crate::repo::schema::control(),
                SchemaKind::Policy => crate::repo::schema::policy(),
                SchemaKind::Soc2Toml => crate::repo::schema::soc2_toml(),
            };
            out.stdout().write_all(render(&schema)?.as_bytes())?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            for (name, what, schema) in crate::repo::schema::all() {
                let path = dir.join(name);
                std::fs::write(&path, render(&schema)?).with_context(|| format!("cannot write {}", path.display()))?;
                out.line(format!("wrote {} ({what})", path.display()))?;
            }
        }
    }
    Ok(Outcome::Clean)
}

pub fn completions(args: CompletionsArgs, out: &mut Output) -> Result<Outcome> {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "soc2", out.stdout());
    Ok(Outcome::Clean)
}

pub fn man(args: ManArgs, out: &mut Output) -> Result<Outcome> {
    let cmd = Cli::command();
    match &args.output {
        None => {
            clap_mangen::Man::new(cmd).render(out.stdout())?;
        }
        Some(dir) => {
            let written = write_pages(cmd, dir)?;
            out.line(format!("wrote {written} man pages to {}", dir.display()))?;
        }
    }
    Ok(Outcome::Clean)
}

/// soc2.1 and one page per subcommand, nested ones named `soc2-policies-init.1`.
fn write_pages(cmd: clap::Command, dir: &Path) -> Result<usize> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut pages = vec![(cmd.get_name().to_owned(), cmd.clone())];
    collect(&cmd, cmd.get_name(), &mut pages);
    for (name, page) in &pages {
        let mut bytes = Vec::new();
        clap_mangen::Man::new(page.clone().name(name.clone())).render(&mut bytes)?;
        let path = dir.join(format!("{name}.1"));
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(pages.len())
}

fn collect(cmd: &clap::Command, prefix: &str, pages: &mut Vec<(String, clap::Command)>) {
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("{prefix}-{}", sub.get_name());
        pages.push((name.clone(), sub.clone()));
        collect(sub, &name, pages);
    }
}
