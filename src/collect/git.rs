//! `kind = "git"`: a repository's history as evidence of change management.
//!
//! Datasets `commits`, `merges`, `tags`, `branches`, `files`; columns as in
//! docs/datasets.md. Read with libgit2 from the committed state, never the
//! work tree, so the result depends on history alone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use anyhow::{Context as _, Result, anyhow};
use chrono::{DateTime, TimeZone, Utc};
use git2::{BranchType, ObjectType, Oid, Repository, Sort};
use regex::Regex;
use serde_json::{Value, json};

use super::{Collector, Cx, Dataset, DatasetResult, Settings};
use crate::dates::parse_timestamp;
use crate::repo::collector::GitOptions;

pub struct Git {
    path: String,
    dir: PathBuf,
    since: Option<DateTime<Utc>>,
    branch: Option<String>,
}

impl Git {
    pub fn new(o: &GitOptions, settings: &Settings) -> Self {
        let dir = settings.root.join(&o.path);
        let branch = o.branch.clone().filter(|b| !b.trim().is_empty());
        Git { path: o.path.clone(), dir, since: o.since.as_deref().and_then(|s| parse_timestamp(s).ok()), branch }
    }

    fn open(&self) -> Result<Repository> {
        Repository::discover(&self.dir).map_err(|e| anyhow!("{}: not a git repository ({})", self.path, e.message()))
    }

    fn tip<'r>(&self, repo: &'r Repository) -> Result<git2::Commit<'r>> {
        match &self.branch {
            None => {
                repo.head().and_then(|h| h.peel_to_commit()).map_err(|e| anyhow!("cannot read HEAD: {}", e.message()))
            }
            Some(b) => {
                let candidates = [format!("refs/heads/{b}"), format!("refs/remotes/origin/{b}"), b.clone()];
                candidates
                    .iter()
                    .find_map(|name| repo.revparse_single(name).ok().and_then(|o| o.peel_to_commit().ok()))
                    .ok_or_else(|| anyhow!("branch `{b}` not found"))
            }
        }
    }
}

impl Collector for Git {
    fn source(&self) -> String {
        match &self.branch {
            Some(b) => format!("{} (branch {b})", self.path),
            None => format!("{} (HEAD)", self.path),
        }
    }

    fn collect(&self, cx: &Cx<'_>) -> Result<Vec<DatasetResult>> {
        let repo = self.open()?;
        let tip = self.tip(&repo)?;
        let mut commits = Dataset::new("commits");
        let mut merges = Dataset::new("merges");
        cx.progress.step("commits");
        let mut walk = repo.revwalk()?;
        walk.set_sorting(Sort::TIME)?;
        walk.push(tip.id())?;
        for oid in walk {
            let oid = oid?;
            let commit = repo.find_commit(oid)?;
            let committed = commit.committer().when().seconds();
            if self.since.is_some_and(|s| committed < s.timestamp()) {
                continue;
            }
            let key = format!("{:020}{oid}", i128::from(i64::MAX) - i128::from(committed));
            let (row, message) = commit_row(&commit);
            if commit.parent_count() > 1 {
                let mut merge = row.clone();
                let (pr, branch) = merge_info(&message);
                if let Value::Object(m) = &mut merge {
                    m.insert("pr_number".into(), pr.map_or(Value::Null, Value::from));
                    m.insert("merged_branch".into(), branch.map_or(Value::Null, Value::from));
                }
                merges.push_sorted(cx, key.clone(), merge)?;
            }
            commits.push_sorted(cx, key, row)?;
        }
        cx.progress.step("tags");
        let tags = tags(&repo, cx)?;
        cx.progress.step("branches");
        let branches = branches(&repo, cx)?;
        cx.progress.step("files");
        let files = files(&repo, &tip, cx)?;
        Ok(vec![Ok(commits), Ok(merges), Ok(tags), Ok(branches), Ok(files)])
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn at(seconds: i64) -> Value {
    Utc.timestamp_opt(seconds, 0).single().map_or(Value::Null, |t| Value::String(crate::dates::format_timestamp(t)))
}

/// The `commits` row of a commit, and its message.
fn commit_row(commit: &git2::Commit<'_>) -> (Value, String) {
    let author = commit.author();
    let committer = commit.committer();
    let message = text(commit.message_bytes());
    let subject = message.lines().next().unwrap_or_default().trim().to_owned();
    let parents: Vec<String> = commit.parent_ids().map(|p| p.to_string()).collect();
    let signed = commit.header_field_bytes("gpgsig").is_ok() || commit.header_field_bytes("gpgsig-sha256").is_ok();
    let mut trailers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let Ok(found) = git2::message_trailers_strs(&message) {
        for (k, v) in found.iter() {
            trailers.entry(k.to_owned()).or_default().push(v.trim().to_owned());
        }
    }
    let named = |name: &str| -> Vec<String> {
        trailers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).flat_map(|(_, v)| v.iter().cloned()).collect()
    };
    let row = json!({
        "sha": commit.id().to_string(),
        "author_name": text(author.name_bytes()),
        "author_email": text(author.email_bytes()),
        "authored_at": at(author.when().seconds()),
        "committer_name": text(committer.name_bytes()),
        "committer_email": text(committer.email_bytes()),
        "committed_at": at(committer.when().seconds()),
        "subject": subject,
        "parent_count": parents.len(),
        "is_merge": parents.len() > 1,
        "parents": parents,
        "signed": signed,
        "reviewed_by": named("Reviewed-by"),
        "approved_by": named("Approved-by"),
        "co_authored_by": named("Co-authored-by"),
        "trailers": trailers,
    });
    (row, message)
}

static MERGE_PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"^Merge pull request #(?P<pr>\d+) from (?P<branch>\S+)",
        r"^Merge (?:remote-tracking )?branch '(?P<branch>[^']+)'",
        r"(?m)^See merge request \S+!(?P<pr>\d+)",
    ]
    .iter()
    .filter_map(|p| Regex::new(p).ok())
    .collect()
});

/// The pull request number and merged branch a merge commit's message names.
fn merge_info(message: &str) -> (Option<u64>, Option<String>) {
    let mut pr = None;
    let mut branch = None;
    for re in MERGE_PATTERNS.iter() {
        if let Some(c) = re.captures(message) {
            pr = pr.or_else(|| c.name("pr").and_then(|m| m.as_str().parse().ok()));
            branch = branch.or_else(|| c.name("branch").map(|m| m.as_str().to_owned()));
        }
    }
    (pr, branch)
}

const SIGNATURE_MARKERS: [&str; 3] =
    ["-----BEGIN PGP SIGNATURE-----", "-----BEGIN SSH SIGNATURE-----", "-----BEGIN SIGNED MESSAGE-----"];

fn tags(repo: &Repository, cx: &Cx<'_>) -> Result<Dataset> {
    let mut ds = Dataset::new("tags");
    for reference in repo.references_glob("refs/tags/*")? {
        let reference = reference?;
        let name = text(reference.name_bytes());
        let name = name.strip_prefix("refs/tags/").unwrap_or(&name).to_owned();
        let Some(oid) = reference.target() else { continue };
        let target = reference.peel(ObjectType::Any).map(|o| o.id()).unwrap_or(oid);
        let target = reference.peel_to_commit().map(|c| c.id()).unwrap_or(target);
        let row = match repo.find_tag(oid) {
            Ok(tag) => {
                let full = text(tag.message_bytes().unwrap_or_default());
                let sig_at = SIGNATURE_MARKERS.iter().filter_map(|m| full.find(m)).min();
                let message = sig_at.map_or(full.as_str(), |i| full.get(..i).unwrap_or_default()).trim().to_owned();
                let tagger = tag.tagger();
                json!({
                    "name": name,
                    "target": target.to_string(),
                    "annotated": true,
                    "signed": sig_at.is_some(),
                    "tagger_name": tagger.as_ref().map(|t| text(t.name_bytes())),
                    "tagger_email": tagger.as_ref().map(|t| text(t.email_bytes())),
                    "tagged_at": tagger.as_ref().map_or(Value::Null, |t| at(t.when().seconds())),
                    "message": message,
                })
            }
            Err(_) => json!({
                "name": name,
                "target": target.to_string(),
                "annotated": false,
                "signed": false,
                "tagger_name": null,
                "tagger_email": null,
                "tagged_at": null,
                "message": null,
            }),
        };
        ds.push_sorted(cx, name, row)?;
    }
    Ok(ds)
}

/// The default branch: what `origin/HEAD` points to, else the checked-out branch.
fn default_branch(repo: &Repository) -> Option<String> {
    if let Ok(r) = repo.find_reference("refs/remotes/origin/HEAD")
        && let Ok(Some(target)) = r.symbolic_target()
        && let Some(name) = target.strip_prefix("refs/remotes/origin/")
    {
        return Some(name.to_owned());
    }
    let head = repo.find_reference("HEAD").ok()?;
    head.symbolic_target().ok()??.strip_prefix("refs/heads/").map(str::to_owned)
}

fn branches(repo: &Repository, cx: &Cx<'_>) -> Result<Dataset> {
    let mut ds = Dataset::new("branches");
    let default = default_branch(repo);
    for branch in repo.branches(Some(BranchType::Local))? {
        let (branch, _) = branch?;
        let name = text(branch.name_bytes()?);
        let reference = branch.get();
        let commit = reference.peel_to_commit().ok();
        let row = json!({
            "name": name,
            "head": commit.as_ref().map(|c| c.id().to_string()),
            "is_default": default.as_deref() == Some(name.as_str()),
            "last_commit_at": commit.as_ref().map_or(Value::Null, |c| at(c.committer().when().seconds())),
        });
        ds.push_sorted(cx, name, row)?;
    }
    Ok(ds)
}

/// Well-known files: (category, path or `dir/*.ext` pattern; `*.yml` also matches `.yaml`).
const WELL_KNOWN: &[(&str, &str)] = &[
    ("ci_workflow", ".github/workflows/*.yml"),
    ("ci_workflow", ".gitlab-ci.yml"),
    ("ci_workflow", ".circleci/config.yml"),
    ("ci_workflow", "Jenkinsfile"),
    ("ci_workflow", "azure-pipelines.yml"),
    ("ci_workflow", "bitbucket-pipelines.yml"),
    ("codeowners", "CODEOWNERS"),
    ("codeowners", ".github/CODEOWNERS"),
    ("codeowners", ".gitlab/CODEOWNERS"),
    ("codeowners", "docs/CODEOWNERS"),
    ("dependabot", ".github/dependabot.yml"),
    ("dependabot", ".github/dependabot.yaml"),
    ("license", "LICENSE"),
    ("license", "LICENSE.md"),
    ("license", "LICENSE.txt"),
    ("license", "COPYING"),
    ("lockfile", "Cargo.lock"),
    ("lockfile", "package-lock.json"),
    ("lockfile", "yarn.lock"),
    ("lockfile", "pnpm-lock.yaml"),
    ("lockfile", "Gemfile.lock"),
    ("lockfile", "poetry.lock"),
    ("lockfile", "uv.lock"),
    ("lockfile", "Pipfile.lock"),
    ("lockfile", "go.sum"),
    ("lockfile", "composer.lock"),
    ("readme", "README.md"),
    ("readme", "README"),
    ("readme", "README.rst"),
    ("security_policy", "SECURITY.md"),
    ("security_policy", ".github/SECURITY.md"),
    ("security_policy", "docs/SECURITY.md"),
];

fn files(repo: &Repository, tip: &git2::Commit<'_>, cx: &Cx<'_>) -> Result<Dataset> {
    let mut ds = Dataset::new("files");
    let tree = tip.tree().context("cannot read the tip commit's tree")?;
    let blob_row = |category: &str, path: &str, oid: Oid| -> Result<Value> {
        let blob = repo.find_blob(oid)?;
        Ok(json!({
            "path": path,
            "category": category,
            "present": true,
            "sha256": crate::hash::sha256_hex(blob.content()),
            "size": blob.size(),
        }))
    };
    let absent = |category: &str, path: &str| json!({"path": path, "category": category, "present": false, "sha256": null, "size": null});
    for (category, pattern) in WELL_KNOWN {
        let mut found = Vec::new();
        if let Some((dir, ext)) = pattern.split_once("/*") {
            if let Ok(entry) = tree.get_path(Path::new(dir))
                && let Ok(sub) = repo.find_tree(entry.id())
            {
                for e in sub.iter() {
                    let name = text(e.name_bytes());
                    let matches = name.ends_with(ext) || (ext == ".yml" && name.ends_with(".yaml"));
                    if e.kind() == Some(ObjectType::Blob) && matches {
                        found.push((format!("{dir}/{name}"), e.id()));
                    }
                }
            }
        } else if let Ok(entry) = tree.get_path(Path::new(pattern))
            && entry.kind() == Some(ObjectType::Blob)
        {
            found.push(((*pattern).to_owned(), entry.id()));
        }
        if found.is_empty() {
            ds.push_sorted(cx, format!("{category}\0{pattern}"), absent(category, pattern))?;
        }
        for (path, oid) in found {
            ds.push_sorted(cx, format!("{category}\0{path}"), blob_row(category, &path, oid)?)?;
        }
    }
    Ok(ds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_messages() {
        assert_eq!(
            merge_info("Merge pull request #42 from acme/fix-login\n\nFix"),
            (Some(42), Some("acme/fix-login".into()))
        );
        assert_eq!(merge_info("Merge branch 'feature/x' into main"), (None, Some("feature/x".into())));
        assert_eq!(
            merge_info("Merge branch 'f' into 'main'\n\nSee merge request acme/app!17"),
            (Some(17), Some("f".into()))
        );
        assert_eq!(merge_info("Merge remote-tracking branch 'origin/dev'"), (None, Some("origin/dev".into())));
        assert_eq!(merge_info("Squash things"), (None, None));
    }
}
