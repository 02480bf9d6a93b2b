//! Which controls a change touches, and so which owners and reviewers
//! should look at it. A control is touched when the change edits
//!
//! - in the compliance repo: its file, a query it runs, a policy it names,
//!   evidence it reads, its manual evidence, review or workflow records, or
//!   one of its exceptions;
//! - anywhere in the git repository (or in a product repository of
//!   `[repositories]`): a file one of its `paths:` globs matches, or a file
//!   carrying a marker comment naming it (`# soc2: AC-02`).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use serde::Serialize;

use super::obligations::review_plan;
use crate::files::changes::{ChangedFile, Changes, FileStatus, MAX_SCANNED_BYTES};
use crate::repo::Repo;
use crate::repo::control::{Control, path_matches, path_patterns};
use crate::repo::record::Subject;

/// `soc2: AC-02` or `soc2: AC-02, AC-03`, in any comment syntax.
static MARKER: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
    regex::Regex::new(r"(?i)\bsoc2:[ \t]*([A-Za-z0-9][A-Za-z0-9._-]*(?:[ \t]*,[ \t]*[A-Za-z0-9][A-Za-z0-9._-]*)*)").ok()
});

/// Why a change touches a control.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Why {
    /// The changed file, relative to the root of its git repository.
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub reason: String,
}

/// A control the change touches.
#[derive(Clone, Debug, Serialize)]
pub struct Touched {
    pub id: String,
    pub title: String,
    pub owner: String,
    /// Who reviews the control (its `review:` or a `[[reviews]]` group), when that is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    /// The control's file, relative to the compliance repo.
    pub path: String,
    pub why: Vec<Why>,
}

/// A person and the touched controls they own or review.
#[derive(Clone, Debug, Serialize)]
pub struct Person {
    pub who: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub owns: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<String>,
}

/// A marker naming no control.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct UnknownMarker {
    pub file: String,
    pub line: usize,
    pub id: String,
}

/// The controls a change touches.
#[derive(Clone, Debug, Serialize)]
pub struct Impact {
    /// The `[repositories.NAME]` the change is in; absent for the compliance repo's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    pub files_changed: usize,
    pub controls: Vec<Touched>,
    pub people: Vec<Person>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_markers: Vec<UnknownMarker>,
}

/// The controls `changes` touches. `head` is the compliance repo after the
/// change, `base` before it (for controls the change deletes), `repository`
/// the `[repositories]` name the change is in (`None`: the compliance repo's
/// own git repository).
pub fn impact(head: &Repo, base: Option<&Repo>, changes: &Changes, repository: Option<&str>) -> Impact {
    // Controls by id: the head's, then those only the base has (deleted by the change).
    let mut controls: BTreeMap<&str, (&Repo, &Control)> = BTreeMap::new();
    for repo in base.into_iter().chain(std::iter::once(head)) {
        for c in &repo.controls {
            controls.insert(c.id(), (repo, c));
        }
    }
    let mut why: BTreeMap<String, BTreeSet<Why>> = BTreeMap::new();
    let mut unknown = BTreeSet::new();
    let lower: BTreeMap<String, &str> = controls.keys().map(|id| (id.to_ascii_lowercase(), *id)).collect();
    for f in &changes.files {
        let names: Vec<&str> = std::iter::once(f.path.as_str()).chain(f.old_path.as_deref()).collect();
        if repository.is_none() {
            for (id, reason) in
                names.iter().filter_map(|p| changes.in_root(p)).flat_map(|rel| relations(head, base, rel, f))
            {
                why.entry(id).or_default().insert(Why { file: f.path.clone(), line: None, reason });
            }
        }
        for (id, (_, c)) in &controls {
            for (entry, pattern) in path_patterns(&c.def, repository) {
                if names.iter().any(|p| path_matches(&pattern, p)) {
                    let reason = format!("matches `paths:` {entry}");
                    why.entry((*id).to_owned()).or_default().insert(Why { file: f.path.clone(), line: None, reason });
                }
            }
        }
        let evidence_data = changes.in_root(&f.path).is_some_and(|p| p.starts_with("evidence/"));
        if evidence_data {
            continue;
        }
        let text = match f.status {
            FileStatus::Deleted => changes.read_base(&f.path),
            _ => changes.read_head(&f.path),
        };
        let Some(text) = text.filter(|t| t.len() <= MAX_SCANNED_BYTES && !t.contains(&0)) else { continue };
        for (line, id) in markers(&String::from_utf8_lossy(&text)) {
            match lower.get(&id.to_ascii_lowercase()) {
                Some(known) => {
                    let reason = format!("marker `soc2: {known}`");
                    why.entry((*known).to_owned()).or_default().insert(Why {
                        file: f.path.clone(),
                        line: Some(line),
                        reason,
                    });
                }
                // Prose such as "soc2: the tool" is no marker: only id-like words are reported.
                None if id.contains('-') && id.chars().any(|c| c.is_ascii_digit()) => {
                    unknown.insert(UnknownMarker { file: f.path.clone(), line, id });
                }
                None => {}
            }
        }
    }
    let touched: Vec<Touched> = why
        .into_iter()
        .filter_map(|(id, reasons)| {
            // One line per reason: a dataset's data and meta files changing is one change.
            let mut seen = BTreeSet::new();
            let reasons: Vec<Why> =
                reasons.into_iter().filter(|w| w.line.is_some() || seen.insert(w.reason.clone())).collect();
            let (repo, c) = controls.get(id.as_str())?;
            let reviewer =
                review_plan(repo, c).map(|p| repo.config.resolve_owner(&p.reviewer)).filter(|r| !r.is_empty());
            Some(Touched {
                title: c.def.title.clone(),
                owner: repo.config.resolve_owner(&c.def.owner),
                reviewer,
                path: c.path.clone(),
                id,
                why: reasons,
            })
        })
        .collect();
    let mut people: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for t in &touched {
        people.entry(t.owner.clone()).or_default().0.push(t.id.clone());
        if let Some(r) = &t.reviewer {
            people.entry(r.clone()).or_default().1.push(t.id.clone());
        }
    }
    Impact {
        repository: repository.map(str::to_owned),
        files_changed: changes.files.len(),
        controls: touched,
        people: people.into_iter().map(|(who, (owns, reviews))| Person { who, owns, reviews }).collect(),
        unknown_markers: unknown.into_iter().collect(),
    }
}

/// Control ids named by markers in `text`, with their 1-based line.
pub fn markers(text: &str) -> Vec<(usize, String)> {
    let Some(re) = MARKER.as_ref() else { return Vec::new() };
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for cap in re.captures_iter(line) {
            if let Some(ids) = cap.get(1) {
                out.extend(ids.as_str().split(',').map(|s| (i + 1, s.trim().trim_end_matches('.').to_owned())));
            }
        }
    }
    out.retain(|(_, id)| !id.is_empty());
    out
}

/// The controls a changed compliance-repo file (`rel`, relative to the
/// compliance root) belongs to, with why, on either side of the change.
fn relations(head: &Repo, base: Option<&Repo>, rel: &str, f: &ChangedFile) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let verb = match f.status {
        FileStatus::Added => "added",
        FileStatus::Deleted => "deleted",
        FileStatus::Modified => "changed",
        FileStatus::Renamed => "renamed",
    };
    let renamed = match (&f.old_path, f.status) {
        (Some(old), FileStatus::Renamed) => format!(" (from {old})"),
        _ => String::new(),
    };
    for repo in base.into_iter().chain(std::iter::once(head)) {
        for c in &repo.controls {
            let def = &c.def;
            if c.path == rel {
                out.push((def.id.clone(), format!("control file {verb}{renamed}")));
            }
            if let Some(q) = rel.strip_prefix("queries/").and_then(|q| q.strip_suffix(".sql"))
                && def.queries.iter().any(|r| r.query == q)
            {
                out.push((def.id.clone(), format!("query {q} {verb}")));
            }
            if let Some(p) = repo.policies.iter().find(|p| p.path == rel)
                && def.policies.contains(&p.meta.id)
            {
                out.push((def.id.clone(), format!("policy {} {verb}", p.meta.id)));
            }
            if let Some(table) = evidence_table(rel)
                && def
                    .queries
                    .iter()
                    .filter_map(|r| repo.queries.get(&r.query))
                    .any(|q| q.identifiers().any(|i| i.eq_ignore_ascii_case(&table)))
            {
                out.push((def.id.clone(), format!("evidence {table} {verb}")));
            }
            for (dir, what) in [("evidence/manual/", "manual evidence"), ("evidence/workflow/", "workflow record")] {
                if rel.strip_prefix(dir).and_then(|r| r.split_once('/')).is_some_and(|(id, _)| id == def.id) {
                    out.push((def.id.clone(), format!("{what} {verb}")));
                }
            }
        }
        for r in repo.reviews.iter().filter(|r| r.path == rel) {
            match r.def.subject {
                Subject::Control => out.push((r.def.id.clone(), format!("review record {verb}"))),
                Subject::Policy => {
                    for c in repo.controls.iter().filter(|c| c.def.policies.contains(&r.def.id)) {
                        out.push((c.def.id.clone(), format!("review of policy {} {verb}", r.def.id)));
                    }
                }
            }
        }
        for x in repo.exceptions.iter().filter(|x| x.path == rel) {
            out.push((x.def.control.clone(), format!("exception {} {verb}", x.def.id)));
        }
    }
    out
}

/// The table of a dataset snapshot file (`evidence/<collector>/<dataset>.jsonl` or `.meta.json`).
fn evidence_table(rel: &str) -> Option<String> {
    let rest = rel.strip_prefix("evidence/")?;
    let (collector, file) = rest.split_once('/')?;
    if crate::evidence::RECORD_DIRS.contains(&collector) || collector == "workflow" || file.contains('/') {
        return None;
    }
    let dataset = file.strip_suffix(".jsonl").or_else(|| file.strip_suffix(".meta.json"))?;
    Some(crate::evidence::table_name(collector, dataset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_in_any_comment_syntax() {
        let text = "#!/bin/sh\n# soc2: AC-02\nfoo // SOC2: ac-03, HR-01.\n<!-- soc2:OPS-9 -->\nsoc2 check\n";
        assert_eq!(markers(text), [(2, "AC-02".into()), (3, "ac-03".into()), (3, "HR-01".into()), (4, "OPS-9".into())]);
        assert!(markers("mysoc2: AC-01\nsoc2 : x\n").is_empty());
    }
}
