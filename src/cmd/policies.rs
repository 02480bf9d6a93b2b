//! `soc2 policies init`: the policy builder.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use anyhow::{Context as _, Result};

use super::Context;
use crate::cli::PoliciesInitArgs;
use crate::diagnostic::{Hinted, InvalidRepo, did_you_mean_hint, hinted};
use crate::files::library;
use crate::files::{Layered, RepoFiles, Worktree};
use crate::output::Outcome;
use crate::output::Output;
use crate::repo::config::{self, CONFIG_FILE};
use crate::repo::policy_builder::{self, Action, GENERATED_FILE, Generated, Variable};

pub fn init(ctx: &Context, args: PoliciesInitArgs, out: &mut Output) -> Result<Outcome> {
    let root = ctx.root()?;
    let config_path = root.join(CONFIG_FILE);
    let text = crate::repo::read_text_file(&crate::files::Worktree::new(&root), CONFIG_FILE)?;
    let config = config::parse(&text).map_err(InvalidRepo)?;
    let variables = variables(&root)?;

    let mut values: BTreeMap<String, toml::Value> = config.organization.clone();
    // Values already in soc2.toml go into front matter too: one line each.
    for (key, value) in &values {
        if value.as_str().is_some_and(|v| v.trim().chars().any(char::is_control)) {
            return Err(hinted(
                "policy variables are one line; a line break would end a policy's front matter",
                format!("soc2.toml: `organization.{key}` holds a line break or a control character"),
            ));
        }
    }
    let mut answered: BTreeMap<String, toml::Value> = BTreeMap::new();
    for pair in &args.set {
        let (key, value) = pair.split_once('=').with_context(|| format!("--set {pair}: expected KEY=VALUE"))?;
        let Some(var) = variables.iter().find(|v| v.name == key) else {
            let hint = did_you_mean_hint(key, variables.iter().map(|v| v.name.as_str()));
            return Err(Hinted::maybe(format!("--set {key}: no policy template uses this variable"), hint).into());
        };
        let parsed = var.parse_answer(value).map_err(anyhow::Error::msg)?;
        values.insert(key.to_owned(), parsed.clone());
        answered.insert(key.to_owned(), parsed);
    }

    let mut missing = Vec::new();
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let unset: Vec<&Variable> = variables.iter().filter(|v| !values.contains_key(&v.name)).collect();
    for var in unset {
        let answer = if args.no_input { None } else { ask(var, &mut lines, out)? };
        match answer.or_else(|| var.default_value()) {
            Some(v) => {
                values.insert(var.name.clone(), v.clone());
                answered.insert(var.name.clone(), v);
            }
            None => missing.push(var),
        }
    }
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(|v| format!("  {} — {}", v.name, v.prompt)).collect();
        return Err(hinted(
            "add them under [organization] in soc2.toml, or pass --set NAME=VALUE",
            format!("{} policy variable(s) have no value:\n{}", missing.len(), list.join("\n")),
        ));
    }
    if !answered.is_empty() {
        save_answers(&config_path, &text, &answered)?;
        out.status(format!("saved {} answer(s) to soc2.toml [organization]", answered.len()));
    }

    let mut vars: BTreeMap<String, minijinja::Value> =
        values.iter().map(|(k, v)| (k.clone(), policy_builder::to_template_value(v))).collect();
    vars.insert("categories".into(), minijinja::Value::from(config.audit.categories.clone()));
    let mut generated: Generated =
        std::fs::read(root.join(GENERATED_FILE)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
    let mut counts = BTreeMap::<&str, usize>::new();
    for (id, source) in templates(&root)? {
        if !args.only.is_empty() && !args.only.contains(&id) {
            continue;
        }
        let rendered = policy_builder::render(&format!("{id}.md.j2"), &source, &vars).map_err(anyhow::Error::msg)?;
        let rel = format!("policies/{id}.md");
        let path = root.join(&rel);
        let existing = std::fs::read(&path).ok();
        let action = policy_builder::decide(
            existing.as_deref(),
            &rendered,
            generated.policies.get(&id).map(String::as_str),
            args.force,
        );
        let (verb, line) = match action {
            Action::Wrote => {
                write_atomic(&path, rendered.as_bytes())?;
                generated.policies.insert(id.clone(), crate::hash::sha256_hex(rendered.as_bytes()));
                ("written", format!("wrote     {rel}"))
            }
            Action::Unchanged => {
                generated.policies.insert(id.clone(), crate::hash::sha256_hex(rendered.as_bytes()));
                ("unchanged", format!("unchanged {rel}"))
            }
            Action::KeptEdited => {
                ("kept", format!("kept      {rel} (edited since it was generated; --force overwrites)"))
            }
        };
        *counts.entry(verb).or_default() += 1;
        out.line(line)?;
    }
    let json = crate::json::pretty(&generated)?;
    write_atomic(&root.join(GENERATED_FILE), json.as_bytes())?;
    let summary: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
    out.line(format!("policies: {}", summary.join(", ")))?;
    Ok(Outcome::Clean)
}

/// Ask one question; `None` when the person gave no answer (or input ended).
fn ask(
    var: &Variable,
    lines: &mut impl Iterator<Item = std::io::Result<String>>,
    out: &mut Output,
) -> Result<Option<toml::Value>> {
    for _ in 0..3 {
        let default = var.default_value().map(|d| match d {
            toml::Value::String(s) => s,
            other => other.to_string(),
        });
        let example = var.example.as_ref().and_then(|e| serde_yaml::to_string(e).ok()).map(|s| s.trim().to_owned());
        if !var.help.is_empty() {
            out.status(format!("  {}", var.help));
        }
        let suffix = match (&default, &example) {
            (Some(d), _) => format!(" [{d}]"),
            (None, Some(e)) => format!(" (e.g. {e})"),
            (None, None) => String::new(),
        };
        out.prompt(format!("{}{suffix}: ", var.prompt));
        let Some(line) = lines.next().transpose().context("cannot read the answer")? else {
            out.status("");
            return Ok(None);
        };
        if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            // Piped answers are not echoed by a terminal; show them so the transcript reads.
            out.status(line.trim());
        }
        if line.trim().is_empty() {
            return Ok(None);
        }
        match var.parse_answer(&line) {
            Ok(v) => return Ok(Some(v)),
            Err(e) => out.status(format!("  {e}")),
        }
    }
    Ok(None)
}

/// Built-in variables, plus any a repo declares in `templates/policies/variables.yaml`.
fn variables(root: &Path) -> Result<Vec<Variable>> {
    let builtin = library::template("policies/variables.yaml").context("built-in policy variables are missing")?;
    let mut vars = policy_builder::parse_variables("templates/policies/variables.yaml (built-in)", builtin)
        .map_err(anyhow::Error::msg)?;
    let local = root.join("templates/policies/variables.yaml");
    if let Ok(text) = std::fs::read_to_string(&local) {
        for v in
            policy_builder::parse_variables("templates/policies/variables.yaml", &text).map_err(anyhow::Error::msg)?
        {
            if !vars.iter().any(|x| x.name == v.name) {
                vars.push(v);
            }
        }
    }
    Ok(vars)
}

/// Policy templates by id: the repo's own where it has one, else the built-in one.
fn templates(root: &Path) -> Result<BTreeMap<String, String>> {
    let files = Layered::new(Worktree::new(root));
    let mut all = BTreeMap::new();
    for path in files.list("templates/policies").into_iter().flatten() {
        let Some(id) = path.rsplit('/').next().and_then(|n| n.strip_suffix(".md.j2")) else { continue };
        let bytes = files.read(&path).with_context(|| format!("cannot read {path}"))?;
        all.insert(id.to_owned(), String::from_utf8(bytes).with_context(|| format!("{path} is not valid UTF-8"))?);
    }
    Ok(all)
}

/// Add answers under `[organization]`, keeping the file's comments and layout.
fn save_answers(path: &Path, text: &str, answers: &BTreeMap<String, toml::Value>) -> Result<()> {
    let mut doc: toml_edit::DocumentMut = text.parse().context("cannot edit soc2.toml")?;
    if !doc.contains_key("organization") {
        doc["organization"] = toml_edit::table();
    }
    for (k, v) in answers {
        let value: toml_edit::Value = match v {
            toml::Value::String(s) => s.as_str().into(),
            toml::Value::Integer(i) => (*i).into(),
            toml::Value::Boolean(b) => (*b).into(),
            other => other.to_string().as_str().into(),
        };
        doc["organization"][k.as_str()] = toml_edit::value(value);
    }
    write_atomic(path, doc.to_string().as_bytes())
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::evidence::store::write_atomic(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// `soc2 policies build`: the policy handbook as HTML (index plus one page per policy).
pub fn build(ctx: &Context, args: crate::cli::PoliciesBuildArgs, out: &mut Output) -> Result<Outcome> {
    let session = super::open_session(ctx, None, false, out)?;
    let (root, repo) = (session.root(), &session.repo);
    if repo.policies.is_empty() {
        return Err(hinted("write them with `soc2 policies init`", "no policies in policies/"));
    }
    let evaluation = session.evaluate(&crate::eval::Selection::default())?;
    let as_of = crate::dates::day(&evaluation.evaluated_at);
    let pages = crate::render::handbook::html::render(
        &evaluation.organization,
        as_of,
        &repo.policies,
        &evaluation.coverage.policies,
    )
    .map_err(anyhow::Error::msg)?;
    let dir = args.output.unwrap_or_else(|| root.join(".soc2/policies"));
    for page in &pages {
        write_atomic(&dir.join(&page.file), page.html.as_bytes())?;
    }
    #[cfg(feature = "pdf")]
    {
        let statuses = &evaluation.coverage.policies;
        for (p, page) in repo.policies.iter().zip(pages.iter().skip(1)) {
            let pdf = crate::render::handbook::pdf::policy(&evaluation.organization, p, statuses)
                .map_err(anyhow::Error::msg)?;
            write_atomic(&dir.join(format!("{}.pdf", page.file.trim_end_matches(".html"))), &pdf)?;
        }
        let all = crate::render::handbook::pdf::handbook(&evaluation.organization, as_of, &repo.policies, statuses)
            .map_err(anyhow::Error::msg)?;
        write_atomic(&dir.join("handbook.pdf"), &all)?;
    }
    let shown = dir.strip_prefix(root).unwrap_or(&dir).display().to_string();
    let what = if cfg!(feature = "pdf") { "index.html and handbook.pdf" } else { "index.html" };
    out.status(format!("wrote {} policies, {what} to {shown}", pages.len() - 1));
    Ok(Outcome::Clean)
}
