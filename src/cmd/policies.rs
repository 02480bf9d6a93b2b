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
use crate::repo::people::ROLE_VARIABLES;
use crate::repo::policy_builder::{
    self, Action, GENERATED_FILE, Generated, GeneratedPolicy, PersonAnswer, VarType, Variable, show_value,
};

pub fn init(ctx: &Context, args: PoliciesInitArgs, out: &mut Output) -> Result<Outcome> {
    let root = ctx.root()?;
    let config_path = root.join(CONFIG_FILE);
    let text = crate::repo::read_text_file(&crate::files::Worktree::new(&root), CONFIG_FILE)?;
    let config = config::parse(&text).map_err(InvalidRepo)?;
    let variables = variables(&root)?;
    // A repo that names people the older way ([roles], [organization] role variables) keeps doing so.
    let people_table = config.people.declared
        || (config.roles.is_empty()
            && !ROLE_VARIABLES.iter().any(|(v, _)| config.organization.get(*v).is_some_and(|x| x.as_str().is_some())));

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
    for (variable, role) in ROLE_VARIABLES {
        if let Some(name) = config.people.holder(role).and_then(|p| p.name.clone()) {
            values.insert(variable.to_owned(), toml::Value::String(name));
        }
    }
    let mut answers = Answers::default();
    for pair in &args.set {
        let (key, value) = pair.split_once('=').with_context(|| format!("--set {pair}: expected KEY=VALUE"))?;
        let Some(var) = variables.iter().find(|v| v.name == key) else {
            let hint = did_you_mean_hint(key, variables.iter().map(|v| v.name.as_str()));
            return Err(Hinted::maybe(format!("--set {key}: no policy template uses this variable"), hint).into());
        };
        match (&var.role, people_table) {
            (Some(role), true) if var.kind == VarType::Person => {
                let person = var.parse_person(value).map_err(|e| anyhow::anyhow!("--set {e}"))?;
                values.insert(var.name.clone(), toml::Value::String(person.name.clone()));
                answers.give_role(&config, role, person);
            }
            _ => {
                let parsed = var.parse_answer(value).map_err(|e| anyhow::anyhow!("--set {e}"))?;
                values.insert(key.to_owned(), parsed.clone());
                answers.organization.insert(key.to_owned(), parsed);
            }
        }
    }

    let interactive = !args.no_input && !args.update;
    let mut missing = Vec::new();
    let mut ended = !interactive;
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let unset: Vec<&Variable> = variables.iter().filter(|v| !values.contains_key(&v.name)).collect();
    for var in unset {
        let answer = if ended { None } else { ask(var, &mut lines, out)? };
        if answer.is_none() {
            ended = true;
        }
        match (answer, &var.role) {
            (Some(Answer::Person(mut person)), Some(role)) if people_table => {
                if person.email.is_none() && !answers.knows(&config, &person.name) {
                    match ask_email(&person.name, &mut lines, out)? {
                        Some(email) => person.email = Some(email),
                        None => {
                            ended = true;
                            missing.push(var);
                            continue;
                        }
                    }
                }
                values.insert(var.name.clone(), toml::Value::String(person.name.clone()));
                answers.give_role(&config, role, person);
            }
            (Some(Answer::Person(person)), _) => {
                let v = toml::Value::String(person.name);
                values.insert(var.name.clone(), v.clone());
                answers.organization.insert(var.name.clone(), v);
            }
            (Some(Answer::Value(v)), _) => {
                values.insert(var.name.clone(), v.clone());
                answers.organization.insert(var.name.clone(), v);
            }
            (None, _) => match var.default_value() {
                Some(v) if var.kind != VarType::Person => {
                    values.insert(var.name.clone(), v.clone());
                    answers.organization.insert(var.name.clone(), v);
                    answers.defaults += 1;
                }
                _ => missing.push(var),
            },
        }
    }
    // Answers are saved before anything can fail, so none is ever lost.
    let text = if answers.is_empty() {
        text
    } else {
        let saved = save_answers(&config_path, &text, &answers)?;
        let given = answers.count() - answers.defaults;
        let defaults = match answers.defaults {
            0 => String::new(),
            n => format!(" and {n} default(s)"),
        };
        out.status(format!("saved {given} answer(s){defaults} to soc2.toml"));
        saved
    };
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(|v| format!("  {} — {}", v.name, v.prompt)).collect();
        let kept = if answers.is_empty() { String::new() } else { "; the answers given are saved".to_owned() };
        return Err(hinted(
            "run `soc2 policies init` again to answer them, add them under [organization] in soc2.toml, or pass --set NAME=VALUE (a person: --set ceo=\"Jo Park <jo@acme.example>\")",
            format!("{} policy variable(s) have no value{kept}:\n{}", missing.len(), list.join("\n")),
        ));
    }
    let config = config::parse(&text).map_err(InvalidRepo)?;
    render_all(&root, &config, &args, out)
}

/// Render every template (or with `--update`, the generated policies whose
/// variables changed), keeping policies edited by hand, and remember what was written.
fn render_all(root: &Path, config: &config::Config, args: &PoliciesInitArgs, out: &mut Output) -> Result<Outcome> {
    let current = policy_builder::template_values(config);
    let vars: BTreeMap<String, minijinja::Value> =
        current.iter().map(|(k, v)| (k.clone(), minijinja::Value::from_serialize(v))).collect();
    let mut generated: Generated =
        std::fs::read(root.join(GENERATED_FILE)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
    let mut counts = BTreeMap::<&str, usize>::new();
    for (id, source) in templates(root)? {
        if !args.only.is_empty() && !args.only.contains(&id) {
            continue;
        }
        let rel = format!("policies/{id}.md");
        let path = root.join(&rel);
        let existing = std::fs::read(&path).ok();
        let recorded = generated.policies.get(&id).cloned();
        let mut changed: Vec<String> = Vec::new();
        if args.update {
            // Only policies the builder wrote, and only when a variable they use changed.
            let Some(rec) = &recorded else { continue };
            changed = rec
                .changed(&current)
                .into_iter()
                .map(|(k, then, now)| format!("{k}: {} → {}", show_value(Some(&then)), show_value(now.as_ref())))
                .collect();
            if changed.is_empty() && !rec.variables.is_empty() {
                continue;
            }
        }
        let rendered = policy_builder::render(&format!("{id}.md.j2"), &source, &vars).map_err(anyhow::Error::msg)?;
        let used: BTreeMap<String, serde_json::Value> =
            rendered.used.iter().filter_map(|k| current.get(k).map(|v| (k.clone(), v.clone()))).collect();
        let record = GeneratedPolicy::new(crate::hash::sha256_hex(rendered.text.as_bytes()), used);
        let action = policy_builder::decide(
            existing.as_deref(),
            &rendered.text,
            recorded.as_ref().map(|r| r.sha256.as_str()),
            args.force,
        );
        let why = if changed.is_empty() { String::new() } else { format!(" ({})", changed.join(", ")) };
        let (verb, line) = match action {
            Action::Wrote => {
                write_atomic(&path, rendered.text.as_bytes())?;
                generated.policies.insert(id.clone(), record);
                if args.update {
                    ("updated", format!("updated   {rel}{why}"))
                } else {
                    ("written", format!("wrote     {rel}"))
                }
            }
            Action::Unchanged => {
                generated.policies.insert(id.clone(), record);
                ("unchanged", format!("unchanged {rel}"))
            }
            Action::KeptEdited => (
                "kept",
                format!(
                    "kept      {rel} (edited since it was generated; --force overwrites){}",
                    if args.update { format!(": it uses changed variables{why}") } else { String::new() }
                ),
            ),
        };
        *counts.entry(verb).or_default() += 1;
        out.line(line)?;
    }
    let json = crate::json::pretty(&generated)?;
    write_atomic(&root.join(GENERATED_FILE), json.as_bytes())?;
    let summary: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
    if summary.is_empty() {
        out.line("policies: nothing to update (no variable they use changed)")?;
    } else {
        out.line(format!("policies: {}", summary.join(", ")))?;
    }
    Ok(Outcome::Clean)
}

/// What `policies init` was told, to be saved to soc2.toml.
#[derive(Default)]
struct Answers {
    /// Values for `[organization]`.
    organization: BTreeMap<String, toml::Value>,
    /// Roles given to people: (role, person). The person is matched by name or
    /// email against `[[people]]`; a new one gets an entry.
    roles: Vec<(String, PersonAnswer)>,
    /// How many of `organization` are defaults nobody typed.
    defaults: usize,
}

impl Answers {
    fn is_empty(&self) -> bool {
        self.organization.is_empty() && self.roles.is_empty()
    }

    fn count(&self) -> usize {
        self.organization.len() + self.roles.len()
    }

    fn give_role(&mut self, config: &config::Config, role: &str, mut person: PersonAnswer) {
        // An earlier answer (or the people table) may already know this person's email.
        if person.email.is_none() {
            person.email = self
                .roles
                .iter()
                .find(|(_, p)| p.name.eq_ignore_ascii_case(&person.name))
                .and_then(|(_, p)| p.email.clone())
                .or_else(|| config.people.resolve(&person.name).and_then(|p| p.email.clone()));
        }
        self.roles.retain(|(r, _)| r != role);
        self.roles.push((role.to_owned(), person));
    }

    /// Whether `name` is someone soc2.toml or an earlier answer already knows.
    fn knows(&self, config: &config::Config, name: &str) -> bool {
        config.people.resolve(name).is_some()
            || self.roles.iter().any(|(_, p)| p.name.eq_ignore_ascii_case(name) && p.email.is_some())
    }
}

/// One answer: a value, or for a `person` variable the person named.
enum Answer {
    Value(toml::Value),
    Person(PersonAnswer),
}

/// How many times a question is asked again before the builder gives up on it.
const MAX_TRIES: usize = 5;

/// Ask one question until the answer fits; `None` when input ended (or after
/// [`MAX_TRIES`] answers that did not fit).
fn ask(
    var: &Variable,
    lines: &mut impl Iterator<Item = std::io::Result<String>>,
    out: &mut Output,
) -> Result<Option<Answer>> {
    let default = var.default_value().map(|d| match d {
        toml::Value::String(s) => s,
        other => other.to_string(),
    });
    let example = var.example.as_ref().and_then(|e| serde_yaml::to_string(e).ok()).map(|s| s.trim().to_owned());
    if !var.help.is_empty() {
        out.status(format!("  {}", var.help));
    }
    let suffix = match (&default, &example) {
        (Some(d), _) if d.is_empty() => " [none]".to_owned(),
        (Some(d), _) => format!(" [{d}]"),
        (None, Some(e)) => format!(" (e.g. {e})"),
        (None, None) => String::new(),
    };
    for _ in 0..MAX_TRIES {
        out.prompt(format!("{}{suffix}: ", var.prompt));
        let Some(line) = read_line(lines, out)? else { return Ok(None) };
        if line.trim().is_empty() {
            if let Some(d) = var.default_value() {
                return Ok(Some(Answer::Value(d)));
            }
            out.status("  an answer is needed");
            continue;
        }
        let parsed = if var.kind == VarType::Person {
            var.parse_person(&line).map(Answer::Person)
        } else {
            var.parse_answer(&line).map(Answer::Value)
        };
        match parsed {
            Ok(a) => return Ok(Some(a)),
            Err(e) => out.status(format!("  {e}")),
        }
    }
    Ok(None)
}

/// Ask for the email of a person named in an answer.
fn ask_email(
    name: &str,
    lines: &mut impl Iterator<Item = std::io::Result<String>>,
    out: &mut Output,
) -> Result<Option<String>> {
    for _ in 0..MAX_TRIES {
        out.prompt(format!("Email address of {name}: "));
        let Some(line) = read_line(lines, out)? else { return Ok(None) };
        let a = line.trim();
        if a.is_empty() {
            out.status("  an answer is needed: owners, reviewers and `--by` find people by their email");
        } else if crate::repo::people::is_email(a) {
            return Ok(Some(a.to_owned()));
        } else {
            out.status(format!("  `{a}` is not an email address; write it as name@domain.example"));
        }
    }
    Ok(None)
}

/// The next line typed (or piped); `None` when input ended.
fn read_line(lines: &mut impl Iterator<Item = std::io::Result<String>>, out: &mut Output) -> Result<Option<String>> {
    let Some(line) = lines.next().transpose().context("cannot read the answer")? else {
        out.status("");
        return Ok(None);
    };
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        // Piped answers are not echoed by a terminal; show them so the transcript reads.
        out.status(line.trim());
    }
    Ok(Some(line))
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

/// Save answers to soc2.toml, keeping its comments and layout: values under
/// `[organization]`, people under `[[people]]` (a role moves to the person
/// given it). Returns the new text.
fn save_answers(path: &Path, text: &str, answers: &Answers) -> Result<String> {
    let mut doc: toml_edit::DocumentMut = text.parse().context("cannot edit soc2.toml")?;
    if !answers.organization.is_empty() && !doc.contains_key("organization") {
        doc["organization"] = toml_edit::table();
    }
    for (k, v) in &answers.organization {
        let value: toml_edit::Value = match v {
            toml::Value::String(s) => s.as_str().into(),
            toml::Value::Integer(i) => (*i).into(),
            toml::Value::Boolean(b) => (*b).into(),
            other => other.to_string().as_str().into(),
        };
        doc["organization"][k.as_str()] = toml_edit::value(value);
    }
    if !answers.roles.is_empty() {
        if !doc.contains_key("people") {
            doc["people"] = toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new());
        }
        let people = doc["people"].as_array_of_tables_mut().context("soc2.toml: `people` is not a [[people]] table")?;
        for (role, person) in &answers.roles {
            let same = |t: &toml_edit::Table| {
                let field = |k: &str| t.get(k).and_then(toml_edit::Item::as_str).map(str::trim);
                field("name").is_some_and(|n| n.eq_ignore_ascii_case(&person.name))
                    || person
                        .email
                        .as_deref()
                        .is_some_and(|e| field("email").is_some_and(|x| x.eq_ignore_ascii_case(e)))
            };
            // The role leaves whoever held it.
            for t in people.iter_mut().filter(|t| !same(t)) {
                if let Some(roles) = t.get_mut("roles").and_then(toml_edit::Item::as_array_mut) {
                    roles.retain(|r| r.as_str() != Some(role.as_str()));
                }
            }
            let found = people.iter().position(same);
            match found.and_then(|i| people.get_mut(i)) {
                Some(t) => {
                    if t.get("name").is_none() {
                        t["name"] = toml_edit::value(person.name.as_str());
                    }
                    if t.get("email").is_none()
                        && let Some(e) = &person.email
                    {
                        t["email"] = toml_edit::value(e.as_str());
                    }
                    if !t.contains_key("roles") {
                        t["roles"] = toml_edit::value(toml_edit::Array::new());
                    }
                    if let Some(roles) = t.get_mut("roles").and_then(toml_edit::Item::as_array_mut)
                        && !roles.iter().any(|r| r.as_str() == Some(role.as_str()))
                    {
                        roles.push(role.as_str());
                    }
                }
                None => {
                    let mut t = toml_edit::Table::new();
                    t["name"] = toml_edit::value(person.name.as_str());
                    if let Some(e) = &person.email {
                        t["email"] = toml_edit::value(e.as_str());
                    }
                    let mut roles = toml_edit::Array::new();
                    roles.push(role.as_str());
                    t["roles"] = toml_edit::value(roles);
                    people.push(t);
                }
            }
        }
    }
    let text = doc.to_string();
    write_atomic(path, text.as_bytes())?;
    Ok(text)
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
