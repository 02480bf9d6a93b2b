//! `soc2 init [DIR]`: a new compliance repo from the embedded content library.

use std::collections::BTreeMap;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::Context;
use crate::cli::{CiSystem, InitArgs};
use crate::files::library;
use crate::output::Outcome;
use crate::output::Output;

/// Where each generated file went: written new, or left alone because it existed.
#[derive(Default)]
struct Written {
    created: Vec<String>,
    kept: Vec<String>,
    /// `.soc2/` was added to a `.gitignore` that was already there.
    ignore_added: bool,
}

pub fn run(_ctx: &Context, cwd: &Path, args: InitArgs, out: &mut Output) -> Result<Outcome> {
    let dir = args.dir.map_or_else(|| cwd.to_path_buf(), |d| if d.is_absolute() { d } else { cwd.join(d) });
    let product = args.product_repo.as_deref().map(|p| product_repo(cwd, p)).transpose()?;
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let product = product.map(|p| relative_path(&dir, &p)).transpose()?;
    let mut written = Written::default();
    for (path, contents) in plan(args.ci, args.builtin_library, product.as_deref())? {
        write_new(&dir, &path, &contents, &mut written)?;
    }
    ignore_cache(&dir, &mut written)?;
    fs::create_dir_all(dir.join("evidence")).with_context(|| format!("cannot create {}/evidence", dir.display()))?;
    let git = ensure_git(&dir)?;
    report(&dir, &written, git, out)?;
    Ok(Outcome::Clean)
}

/// Every file `init` writes, repo-relative, with its contents.
fn plan(ci: Option<CiSystem>, builtin_library: bool, product_repo: Option<&str>) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = vec![
        ("soc2.toml".to_owned(), soc2_toml(builtin_library, product_repo)?.into_bytes()),
        (".gitignore".to_owned(), b"# soc2 cache and local reports\n.soc2/\n".to_vec()),
        (
            "evidence/README.md".to_owned(),
            b"# Evidence\n\nSnapshots written by `soc2 collect` (one folder per collector) and manual evidence\nunder `manual/<control-id>/`. Commit this folder: its git history is the audit trail.\n".to_vec(),
        ),
    ];
    if !builtin_library {
        for f in library::controls().into_iter().chain(library::queries()) {
            files.push((f.path, f.contents.to_vec()));
        }
    }
    for f in library::templates() {
        // The registers (header-only CSVs) and the README documenting their columns.
        if let Some(name) = f.path.strip_prefix("templates/registers/") {
            files.push((format!("registers/{name}"), f.contents.to_vec()));
        }
        // The scripts the example collectors of soc2.toml run (`sh scripts/aws_*.sh`).
        if let Some(name) = f.path.strip_prefix("templates/scripts/") {
            files.push((format!("scripts/{name}"), f.contents.to_vec()));
        }
    }
    match ci {
        Some(CiSystem::Github) => files.push((".github/workflows/soc2.yml".into(), ci_file("ci/github.yml")?)),
        Some(CiSystem::Gitlab) => files.push((".gitlab-ci.yml".into(), ci_file("ci/gitlab.yml")?)),
        None => {}
    }
    Ok(files)
}

/// A built-in pipeline, pinned to this binary: its version, and for GitHub the
/// action of this project's repository at the commit the binary was built from.
fn ci_file(template: &str) -> Result<Vec<u8>> {
    let text = library::template(template)
        .with_context(|| format!("built-in template {template} is missing from this build"))?;
    let repository = env!("CARGO_PKG_REPOSITORY");
    let version = env!("CARGO_PKG_VERSION");
    let slug = repository.trim_start_matches("https://github.com/");
    let action = match env!("SOC2_SOURCE_COMMIT") {
        "" => format!("{slug}@v{version}"),
        commit => format!("{slug}@{commit} # v{version}"),
    };
    Ok(text
        .replace("__SOC2_ACTION__", &action)
        .replace("__SOC2_VERSION__", version)
        .replace("__SOC2_REPOSITORY__", repository)
        .into_bytes())
}

/// The product repository `--product-repo` names (relative to the working directory), checked to be
/// a git repository.
fn product_repo(cwd: &Path, path: &Path) -> Result<PathBuf> {
    let full = if path.is_absolute() { path.to_path_buf() } else { cwd.join(path) };
    let hint = "name the root of the product's git repository, e.g. --product-repo ../platform";
    let repo = fs::canonicalize(&full)
        .map_err(|e| crate::diagnostic::hinted(hint, format!("--product-repo {}: {e}", path.display())))?;
    if git2::Repository::open(&repo).is_err() {
        return Err(crate::diagnostic::hinted(
            hint,
            format!("--product-repo {}: not a git repository", path.display()),
        ));
    }
    Ok(repo)
}

/// `repo` as the path the git collector of the compliance repo `dir` reads: relative to `dir` when
/// the two share an ancestor, with `/` separators.
fn relative_path(dir: &Path, repo: &Path) -> Result<String> {
    let base = fs::canonicalize(dir).with_context(|| format!("cannot resolve {}", dir.display()))?;
    let (repo_parts, base_parts): (Vec<_>, Vec<_>) = (repo.components().collect(), base.components().collect());
    let common = repo_parts.iter().zip(&base_parts).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return Ok(repo.to_string_lossy().replace('\\', "/"));
    }
    let mut parts: Vec<String> = base_parts[common..].iter().map(|_| "..".to_owned()).collect();
    parts.extend(repo_parts[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    Ok(if parts.is_empty() { ".".to_owned() } else { parts.join("/") })
}

/// The starting soc2.toml. The legal name is not guessed from the folder:
/// `soc2 policies init` asks for it. With a product repository, the git collector reads it.
fn soc2_toml(builtin_library: bool, product_repo: Option<&str>) -> Result<String> {
    let template = library::template("soc2.toml.j2").context("built-in soc2.toml template is missing")?;
    let example = library::template("soc2.toml.example-collectors").unwrap_or("");
    let collectors = match product_repo {
        Some(path) => example.replace(
            "# History of this repository (point path at your product repository instead,\n# or add one git collector per repository with its own name).\n[collectors.git]\nkind = \"git\"\npath = \".\"\n",
            &format!(
                "# History of the product repository (soc2 init --product-repo); add one git\n# collector per further repository, each with its own name.\n[collectors.git]\nkind = \"git\"\npath = \"{}\"\n",
                toml_escape(path)
            ),
        ),
        None => example.to_owned(),
    };
    if product_repo.is_some() && collectors == example {
        anyhow::bail!(
            "internal error: the built-in soc2.toml has no `[collectors.git]` to point at the product repository"
        );
    }
    let mut env = minijinja::Environment::new();
    env.set_keep_trailing_newline(true);
    let vars = minijinja::context! {
        collectors => collectors,
        builtin_library => builtin_library,
        library_version => crate::files::LIBRARY_VERSION,
    };
    env.render_str(template, vars).context("cannot render the built-in soc2.toml template")
}

/// Create `dir/path` unless something is already there.
fn write_new(dir: &Path, path: &str, contents: &[u8], written: &mut Written) -> Result<()> {
    // Never write through a linked folder (`controls -> /elsewhere`) or a linked file.
    crate::files::boundary::check_no_linked_dirs(dir, path).map_err(|e| {
        crate::diagnostic::hinted(
            "remove the link, or run `soc2 init` in a directory without it",
            format!("{}: {e}", link_in(dir, path).display()),
        )
    })?;
    let full = dir.join(path);
    if let Some(parent) = full.parent() {
        fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    match fs::OpenOptions::new().write(true).create_new(true).open(&full) {
        Ok(mut f) => {
            use std::io::Write;
            f.write_all(contents).with_context(|| format!("cannot write {}", full.display()))?;
            written.created.push(path.to_owned());
        }
        Err(e) if e.kind() == ErrorKind::AlreadyExists => written.kept.push(path.to_owned()),
        Err(e) => return Err(e).with_context(|| format!("cannot create {}", full.display())),
    }
    Ok(())
}

/// A `.gitignore` that was already there gets `.soc2/` (the cache, reports and
/// packages) when it does not ignore it yet.
fn ignore_cache(dir: &Path, written: &mut Written) -> Result<()> {
    let path = dir.join(".gitignore");
    if written.created.iter().any(|p| p == ".gitignore") {
        return Ok(());
    }
    let text = fs::read_to_string(&path).unwrap_or_default();
    if text.lines().any(|l| matches!(l.trim(), ".soc2" | ".soc2/" | "/.soc2" | "/.soc2/")) {
        return Ok(());
    }
    let sep = if text.is_empty() || text.ends_with('\n') { "" } else { "\n" };
    let appended = format!("{text}{sep}# soc2 cache, reports and packages\n.soc2/\n");
    fs::write(&path, appended).with_context(|| format!("cannot write {}", path.display()))?;
    written.ignore_added = true;
    Ok(())
}

/// Run `git init` unless `dir` is already inside a repository; says whether it did.
fn ensure_git(dir: &Path) -> Result<bool> {
    if git2::Repository::discover(dir).is_ok() {
        return Ok(false);
    }
    git2::Repository::init(dir).with_context(|| format!("cannot initialize a git repository in {}", dir.display()))?;
    Ok(true)
}

fn report(dir: &Path, w: &Written, git: bool, out: &mut Output) -> Result<()> {
    let mut by_folder: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (list, created) in [(&w.created, true), (&w.kept, false)] {
        for p in list.iter() {
            let key = match p.split_once('/') {
                Some((folder, _)) if !p.starts_with(".github/") && folder != "evidence" => folder,
                _ => p.as_str(),
            };
            let entry = by_folder.entry(key).or_default();
            if created { entry.0 += 1 } else { entry.1 += 1 }
        }
    }
    out.line(format!("soc2 init in {}", PathBuf::from(dir).display()))?;
    for (what, (created, kept)) in by_folder {
        let line = match (created, kept) {
            (1, 0) => format!("  created {what}"),
            (0, 1) => format!("  kept    {what} (already exists)"),
            (c, 0) => format!("  created {what}/ ({c} files)"),
            (0, k) => format!("  kept    {what}/ ({k} files already exist)"),
            (c, k) => format!("  created {what}/ ({c} files; kept {k} that already exist)"),
        };
        out.line(line)?;
    }
    if w.ignore_added {
        out.line("  added .soc2/ to .gitignore")?;
    }
    if git {
        out.line("  initialized a git repository")?;
    }
    for step in next_steps(dir, w) {
        out.line(step)?;
    }
    Ok(())
}

/// What to do next, for this repo: a new one is filled in; one that was
/// already configured gets only what this run added to it.
fn next_steps(dir: &Path, w: &Written) -> Vec<String> {
    let created = |p: &str| w.created.iter().any(|c| c == p);
    if created("soc2.toml") {
        return vec![
            "next: fill in soc2.toml, then `soc2 policies init` to write policies, and `soc2 check`".to_owned(),
        ];
    }
    let mut steps = Vec::new();
    for ci in [".github/workflows/soc2.yml", ".gitlab-ci.yml"].into_iter().filter(|p| created(p)) {
        steps.push(format!(
            "next: commit {ci} and push: it runs `soc2 check` on every push and collects evidence on a schedule"
        ));
    }
    let has_policies = std::fs::read_dir(dir.join("policies"))
        .is_ok_and(|d| d.flatten().any(|e| e.path().extension().is_some_and(|x| x == "md")));
    if !has_policies {
        steps.push("next: `soc2 policies init` writes the policies your controls refer to".to_owned());
    }
    if steps.is_empty() {
        steps.push("this repo was already set up; nothing else to do (`soc2 check` evaluates it)".to_owned());
    }
    steps
}

/// The first linked component of `path` under `dir`, for messages.
fn link_in(dir: &Path, path: &str) -> std::path::PathBuf {
    let mut at = dir.to_path_buf();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        at.push(part);
        if at.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
            return at;
        }
    }
    at
}

/// Escape a value for the inside of a TOML basic string.
fn toml_escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            c if c.is_control() => Vec::new(),
            c => vec![c],
        })
        .collect()
}
