//! strongdm/comply projects (no longer maintained) into a soc2 repo.
//!
//! comply keeps `standards/*.yml` (a map of criterion id → `family`, `name`,
//! `description`, beside the standard's `name`), and Markdown documents whose
//! YAML header ends at a `---` line: `policies/` and `narratives/` (`name`,
//! `acronym`, `satisfies: {STANDARD: [ids]}`, `majorRevisions: [{date,
//! comment}]`) and `procedures/` (`id`, `name`, `cron` with six fields,
//! seconds first, `satisfies`).
//!
//! comply reads YAML 1.1 (`acronym: ON` would be a boolean there); we read
//! every scalar as the text written, through `marked_yaml`, which also keeps
//! positions so every problem is reported at its line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode};
use marked_yaml::{LoadError, Node, Span};
use serde::Serialize;

use super::{Plan, PlannedFile};
use crate::diagnostic::Hinted;
use crate::diagnostic::{Diagnostic, Position, did_you_mean};
use crate::import::framework::{Draft, Requirement, slug, to_yaml_from};
use crate::repo::framework::{BUILTIN_ID, Framework};

/// What the import needs to know about the repo it writes into.
pub struct Target<'a> {
    /// The audit's framework: `satisfies` ids it knows become `criteria`.
    pub audit: &'a Framework,
    /// Framework ids the repo already has, with the file defining each.
    pub frameworks: BTreeMap<String, String>,
    /// Owner of every imported policy and control (comply has none).
    pub owner: &'a str,
}

/// A comply standard: the framework it becomes and the ids it defines.
struct Standard {
    framework_id: String,
    ids: BTreeSet<String>,
    file: String,
}

/// Read the comply project at `dir` (shown as `shown` in messages).
pub fn plan(dir: &Path, shown: &str, target: &Target<'_>) -> Result<Plan, Hinted> {
    let folders = ["standards", "policies", "narratives", "procedures"];
    if !folders.iter().any(|f| dir.join(f).is_dir()) {
        let list = folders.map(|f| format!("{f}/")).join(", ");
        return Err(Hinted::new(
            format!("{shown} is not a comply project: it has none of {list}"),
            "give the folder that holds comply.yml",
        ));
    }
    let mut plan = Plan::default();
    let mut cx = Cx { shown: shown.trim_end_matches('/'), plan: &mut plan, target, standards: BTreeMap::new() };
    for (rel, text) in cx.files(dir, "standards", &["yml", "yaml"]) {
        cx.standard(&rel, &text);
    }
    for (rel, text) in cx.files(dir, "policies", &["md"]) {
        cx.document(&rel, &text, "");
    }
    for (rel, text) in cx.files(dir, "narratives", &["md"]) {
        cx.document(&rel, &text, "-narrative");
    }
    let mut control_ids = BTreeSet::new();
    for (rel, text) in cx.files(dir, "procedures", &["md"]) {
        cx.procedure(&rel, &text, &mut control_ids);
    }
    Ok(plan)
}

struct Cx<'a> {
    shown: &'a str,
    plan: &'a mut Plan,
    target: &'a Target<'a>,
    /// By the standard's `name`, which `satisfies` keys use.
    standards: BTreeMap<String, Standard>,
}

/// A comply document: its YAML header and the Markdown after it.
struct Doc {
    meta: MarkedMappingNode,
    body: String,
    /// Lines of the file before the YAML starts.
    offset: usize,
}

impl Cx<'_> {
    fn path(&self, rel: &str) -> String {
        format!("{}/{rel}", self.shown)
    }

    fn warn(&mut self, rel: &str, pos: Option<Position>, message: impl Into<String>) {
        self.warn_hint(rel, pos, message, None);
    }

    fn warn_hint(&mut self, rel: &str, pos: Option<Position>, message: impl Into<String>, hint: Option<String>) {
        let mut d = Diagnostic::warning(self.path(rel), message).with_hint_opt(hint);
        if let Some(p) = pos {
            d = d.at(p);
        }
        self.plan.notes.push(d);
    }

    /// `folder/*.ext` files of the project, sorted, read as UTF-8.
    fn files(&mut self, dir: &Path, folder: &str, exts: &[&str]) -> Vec<(String, String)> {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else { return Vec::new() };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .filter_map(|e| e.file_name().to_str().map(str::to_owned))
            .filter(|n| n.rsplit_once('.').is_some_and(|(_, ext)| exts.contains(&ext.to_ascii_lowercase().as_str())))
            .filter(|n| !n.eq_ignore_ascii_case("README.md"))
            .collect();
        names.sort();
        let mut out = Vec::new();
        for name in names {
            let rel = format!("{folder}/{name}");
            match std::fs::read(dir.join(&rel)).map(String::from_utf8) {
                Ok(Ok(text)) => out.push((rel, text)),
                Ok(Err(_)) => {
                    self.warn(&rel, None, "file is not valid UTF-8; not imported");
                }
                Err(e) => {
                    self.warn(&rel, None, format!("cannot read: {e}; not imported"));
                }
            }
        }
        out
    }

    fn standard(&mut self, rel: &str, text: &str) {
        let Some(map) = self.yaml(rel, text, 0) else { return };
        let stem = stem(rel);
        let name = scalar(&map, "name").map_or_else(|| stem.to_owned(), |s| s.as_str().trim().to_owned());
        let mut id = slug(stem);
        // Another file already defines this id: import under a distinct one. The
        // same file (a second run) keeps the id; the write is then skipped.
        let taken = self.target.frameworks.get(&id).is_some_and(|file| *file != format!("frameworks/{id}.yaml"));
        if id == BUILTIN_ID || taken {
            id = format!("comply-{id}");
        }
        let mut draft = Draft { suggested_id: id.clone(), title: name.clone(), ..Draft::default() };
        let mut ids = BTreeSet::new();
        for (key, value) in map.iter() {
            let key_text = key.as_str().trim();
            if key_text == "name" {
                continue;
            }
            let Some(fields) = value.as_mapping() else {
                self.warn(
                    rel,
                    at(key.span(), 0),
                    format!("criterion `{key_text}` is not a mapping of family, name and description; not imported"),
                );
                continue;
            };
            let family = scalar(fields, "family").map(|s| s.as_str().trim().to_owned()).unwrap_or_default();
            let description = scalar(fields, "description").map(|s| s.as_str().trim().to_owned()).unwrap_or_default();
            let title = scalar(fields, "name")
                .map(|s| s.as_str().trim().to_owned())
                .filter(|s| !is_null(s))
                .unwrap_or_else(|| short_title(&description, key_text));
            ids.insert(key_text.to_owned());
            draft.push(&family, &family, Requirement { id: key_text.to_owned(), title, description });
        }
        if ids.is_empty() {
            self.warn(rel, Some(Position::new(1, 1)), "standard defines no criteria; not imported");
            return;
        }
        let count = ids.len();
        if let Some(other) = self.standards.get(&name) {
            let first = other.file.clone();
            self.warn_hint(
                rel,
                Some(Position::new(1, 1)),
                format!("a second standard named `{name}`; not imported"),
                Some(format!("{first} is already standard `{name}`")),
            );
            return;
        }
        let fw = draft.into_framework(&id);
        match to_yaml_from(&fw, &format!("`soc2 import comply` from {rel} (comply standard `{name}`)")) {
            Ok(contents) => self.plan.files.push(PlannedFile {
                path: format!("frameworks/{id}.yaml"),
                contents,
                source: format!("{rel} ({count} criteria)"),
                kind: "framework",
            }),
            Err(e) => {
                self.warn(rel, None, e);
            }
        }
        self.standards.insert(name, Standard { framework_id: id, ids, file: rel.to_owned() });
    }

    /// A policy or narrative becomes `policies/<stem><suffix>.md`, its body kept byte for byte.
    fn document(&mut self, rel: &str, text: &str, suffix: &str) {
        let Some(doc) = self.split(rel, text) else { return };
        let known = ["name", "acronym", "satisfies", "majorRevisions"];
        self.unknown_fields(rel, &doc, &known);
        let stem = stem(rel);
        let id = format!("{}{suffix}", slug(stem));
        let title = scalar(&doc.meta, "name").map(|s| s.as_str().trim().to_owned()).filter(|s| !s.is_empty());
        let title = title.unwrap_or_else(|| {
            self.warn(rel, Some(Position::new(doc.offset + 1, 1)), format!("no `name`; the title is `{stem}`"));
            stem.to_owned()
        });
        let acronym = scalar(&doc.meta, "acronym").map(|s| s.as_str().trim().to_owned()).filter(|s| !s.is_empty());
        let (criteria, _) = self.satisfies(rel, &doc, false);
        let revisions = self.revisions(rel, &doc);
        let effective = revisions.iter().filter_map(|r| r.date).max().map(|d| d.format("%Y-%m-%d").to_string());
        let front = PolicyFront {
            id: &id,
            title: &title,
            owner: self.target.owner,
            version: format!("{}.0", revisions.len().max(1)),
            acronym,
            effective,
            criteria,
        };
        let mut header = format!("# Imported by `soc2 import comply` from {rel}.\n");
        if !revisions.is_empty() {
            header.push_str("# majorRevisions in comply:\n");
            for r in &revisions {
                header.push_str(&format!("#   {}: {}\n", one_line(&r.date_text), one_line(&r.comment)));
            }
        }
        let acronym = front.acronym.clone();
        match serde_yaml::to_string(&front).map(|y| quote_acronym(y, acronym.as_deref())) {
            Ok(yaml) => self.plan.files.push(PlannedFile {
                path: format!("policies/{id}.md"),
                contents: format!("---\n{header}{yaml}---\n{}", doc.body),
                source: rel.to_owned(),
                kind: "policy",
            }),
            Err(e) => {
                self.warn(rel, None, format!("cannot write the front matter: {e}"));
            }
        }
    }

    /// A procedure becomes `controls/<id>.yaml`, reviewed as often as its cron ran it.
    fn procedure(&mut self, rel: &str, text: &str, seen: &mut BTreeSet<String>) {
        let Some(doc) = self.split(rel, text) else { return };
        self.unknown_fields(rel, &doc, &["id", "name", "cron", "satisfies", "majorRevisions"]);
        let stem = stem(rel);
        let raw_id = scalar(&doc.meta, "id").map(|s| s.as_str().trim().to_owned()).filter(|s| !s.is_empty());
        let id_pos = scalar(&doc.meta, "id").and_then(|s| at(s.span(), doc.offset));
        let mut id = raw_id.clone().unwrap_or_else(|| stem.to_owned());
        if !crate::repo::control::is_valid_id(&id) {
            let fixed = slug(&id);
            if !crate::repo::control::is_valid_id(&fixed) {
                self.warn(rel, id_pos, format!("procedure id `{id}` cannot be a control id; not imported"));
                return;
            }
            self.warn(rel, id_pos, format!("procedure id `{id}` is imported as control `{fixed}`"));
            id = fixed;
        }
        if !seen.insert(id.clone()) {
            self.warn(rel, id_pos, format!("a second procedure with id `{id}`; not imported"));
            return;
        }
        let title = scalar(&doc.meta, "name").map(|s| s.as_str().trim().to_owned()).filter(|s| !s.is_empty());
        let title = title.unwrap_or_else(|| id.clone());
        let (criteria, mappings) = self.satisfies(rel, &doc, true);
        let mut header = format!("# Imported by `soc2 import comply` from {rel}.\n");
        let mut review = None;
        if let Some(cron) = scalar(&doc.meta, "cron") {
            let expr = cron.as_str().trim();
            match cadence(expr) {
                Ok((days, why)) => {
                    header.push_str(&format!("# comply ran it on cron `{expr}` ({why}): reviewed every {days}d.\n"));
                    review = Some(ReviewOut { every: format!("{days}d") });
                }
                Err(why) => {
                    header.push_str(&format!("# comply ran it on cron `{expr}`, which has no review cadence here.\n"));
                    self.warn_hint(
                        rel,
                        at(cron.span(), doc.offset),
                        format!("cron `{expr}` cannot be mapped to a review cadence: {why}"),
                        Some("add `review: { every: 30d }` to the control by hand".to_owned()),
                    );
                }
            }
        }
        if criteria.is_empty() && mappings.is_empty() {
            self.warn(
                rel,
                Some(Position::new(doc.offset + 1, 1)),
                "procedure satisfies no criteria; the control maps to none",
            );
        }
        let control = ControlOut {
            id: &id,
            title: &title,
            owner: self.target.owner,
            criteria,
            mappings,
            description: doc.body.trim().to_owned(),
            review,
        };
        match serde_yaml::to_string(&control) {
            Ok(yaml) => self.plan.files.push(PlannedFile {
                path: format!("controls/{id}.yaml"),
                contents: format!("{header}{yaml}"),
                source: rel.to_owned(),
                kind: "control",
            }),
            Err(e) => {
                self.warn(rel, None, format!("cannot write the control: {e}"));
            }
        }
    }

    /// `satisfies: {STANDARD: [ids]}` → criteria of the audit framework, and
    /// (for controls) mappings to the imported standards; every id that fits
    /// neither is reported.
    fn satisfies(
        &mut self,
        rel: &str,
        doc: &Doc,
        mappings_allowed: bool,
    ) -> (Vec<String>, BTreeMap<String, Vec<String>>) {
        let mut criteria: Vec<String> = Vec::new();
        let mut mappings: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let Some(node) = doc.meta.get_node("satisfies") else { return (criteria, mappings) };
        let Some(map) = node.as_mapping() else {
            self.warn(rel, at(node.span(), doc.offset), "`satisfies` is not a mapping of standard → ids; not imported");
            return (criteria, mappings);
        };
        let audit = self.target.audit;
        for (key, value) in map.iter() {
            let standard_name = key.as_str().trim().to_owned();
            let items: Vec<&MarkedScalarNode> = match value {
                Node::Sequence(seq) => seq.iter().filter_map(Node::as_scalar).collect(),
                Node::Scalar(s) => vec![s],
                Node::Mapping(_) => Vec::new(),
            };
            for item in items {
                let id = item.as_str().trim();
                let pos = at(item.span(), doc.offset);
                let standard = self.standards.get(&standard_name);
                if audit.criterion(id).is_some() {
                    if !criteria.iter().any(|c| c == id) {
                        criteria.push(id.to_owned());
                    }
                } else if let Some(std) = standard.filter(|s| s.ids.contains(id)) {
                    if mappings_allowed {
                        let list = mappings.entry(std.framework_id.clone()).or_default();
                        if !list.iter().any(|c| c == id) {
                            list.push(id.to_owned());
                        }
                    } else {
                        let fw = std.framework_id.clone();
                        self.warn_hint(rel, pos, format!("`{id}` (standard `{standard_name}`) is not a criterion of {}; a policy maps to the audit's criteria only", audit.id), Some(format!("map a control to it instead: `mappings: {{ {fw}: [{id}] }}`")));
                    }
                } else {
                    let hint = match standard {
                        None if !self.standards.contains_key(&standard_name) && audit.criterion(id).is_none() => {
                            let known: Vec<&str> = self.standards.keys().map(String::as_str).collect();
                            if known.is_empty() {
                                format!(
                                    "no standard named `{standard_name}` under standards/, and `{id}` is not a {} criterion",
                                    audit.id
                                )
                            } else {
                                format!(
                                    "no standard named `{standard_name}` under standards/ (known: {})",
                                    known.join(", ")
                                )
                            }
                        }
                        _ => {
                            let known = standard
                                .map(|s| s.ids.iter().map(String::as_str).collect::<Vec<_>>())
                                .unwrap_or_default();
                            let all = known.into_iter().chain(audit.criteria.iter().map(|c| c.id.as_str()));
                            match did_you_mean(id, all) {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => format!("neither standard `{standard_name}` nor {} defines it", audit.id),
                            }
                        }
                    };
                    self.warn_hint(
                        rel,
                        pos,
                        format!("unknown criterion `{id}` in `satisfies.{standard_name}`; not imported"),
                        Some(hint),
                    );
                }
            }
        }
        (criteria, mappings)
    }

    fn revisions(&mut self, rel: &str, doc: &Doc) -> Vec<Revision> {
        let Some(node) = doc.meta.get_node("majorRevisions") else { return Vec::new() };
        let Some(seq) = node.as_sequence() else {
            self.warn(rel, at(node.span(), doc.offset), "`majorRevisions` is not a list; not imported");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in seq.iter() {
            let Some(m) = item.as_mapping() else { continue };
            let date_node = scalar(m, "date");
            let date_text = date_node.map(|s| s.as_str().trim().to_owned()).unwrap_or_default();
            let comment = scalar(m, "comment").map(|s| s.as_str().trim().to_owned()).unwrap_or_default();
            let date = parse_date(&date_text);
            if date.is_none() && !date_text.is_empty() {
                let pos = date_node.and_then(|s| at(s.span(), doc.offset));
                self.warn_hint(
                    rel,
                    pos,
                    format!("revision date `{date_text}` is not a date soc2 understands; kept in a comment only"),
                    Some("comply dates look like `Jun 1 2018`; ISO `2018-06-01` works too".to_owned()),
                );
            }
            out.push(Revision { date, date_text, comment });
        }
        out
    }

    fn unknown_fields(&mut self, rel: &str, doc: &Doc, known: &[&str]) {
        for (key, _) in doc.meta.iter() {
            let k = key.as_str();
            if !known.contains(&k) {
                let pos = at(key.span(), doc.offset);
                self.warn(rel, pos, format!("field `{k}` is not imported"));
            }
        }
    }

    /// Split `YAML\n---\nMarkdown` (comply's layout) or `---\nYAML\n---\nMarkdown`.
    fn split(&mut self, rel: &str, text: &str) -> Option<Doc> {
        let (offset, rest) = match text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) {
            Some(rest) => (1, rest),
            None => (0, text),
        };
        let mut at_byte = 0;
        let mut split = None;
        for line in rest.split_inclusive('\n') {
            if line.trim_end() == "---" {
                split = Some((at_byte, at_byte + line.len()));
                break;
            }
            at_byte += line.len();
        }
        let Some((yaml_end, body_start)) = split else {
            self.warn_hint(
                rel,
                Some(Position::new(1, 1)),
                "no `---` line after the YAML header; not imported",
                Some("comply documents are `YAML`, a `---` line, then Markdown".to_owned()),
            );
            return None;
        };
        let meta = self.yaml(rel, &rest[..yaml_end], offset)?;
        Some(Doc { meta, body: rest[body_start..].to_owned(), offset })
    }

    fn yaml(&mut self, rel: &str, text: &str, offset: usize) -> Option<MarkedMappingNode> {
        if text.trim().is_empty() {
            self.warn(rel, Some(Position::new(offset + 1, 1)), "the YAML header is empty; not imported");
            return None;
        }
        match marked_yaml::parse_yaml(0, text) {
            Ok(Node::Mapping(m)) => Some(m),
            Ok(_) => {
                self.warn(rel, Some(Position::new(offset + 1, 1)), "the YAML header is not a mapping; not imported");
                None
            }
            Err(e) => {
                let (pos, message) = describe(&e);
                let pos = pos.map(|p| Position::new(p.line + offset, p.column));
                self.warn(rel, pos, format!("invalid YAML: {message}; not imported"));
                None
            }
        }
    }
}

#[derive(Serialize)]
struct PolicyFront<'a> {
    id: &'a str,
    title: &'a str,
    owner: &'a str,
    version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    acronym: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    effective: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    criteria: Vec<String>,
}

#[derive(Serialize)]
struct ControlOut<'a> {
    id: &'a str,
    title: &'a str,
    owner: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    criteria: Vec<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    mappings: BTreeMap<String, Vec<String>>,
    #[serde(skip_serializing_if = "String::is_empty")]
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    review: Option<ReviewOut>,
}

#[derive(Serialize)]
struct ReviewOut {
    every: String,
}

struct Revision {
    date: Option<chrono::NaiveDate>,
    date_text: String,
    comment: String,
}

/// Write the acronym double-quoted: `ON`, `NO` or `Y` read as booleans in YAML 1.1 tools.
fn quote_acronym(yaml: String, acronym: Option<&str>) -> String {
    let Some(a) = acronym else { return yaml };
    let plain = format!("\nacronym: {a}\n");
    match serde_json::to_string(a) {
        Ok(quoted) if yaml.contains(&plain) => yaml.replacen(&plain, &format!("\nacronym: {quoted}\n"), 1),
        _ => yaml,
    }
}

fn scalar<'m>(map: &'m MarkedMappingNode, key: &str) -> Option<&'m MarkedScalarNode> {
    map.get_scalar(key)
}

fn is_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

fn at(span: &Span, offset: usize) -> Option<Position> {
    span.start().map(|m| Position::new(m.line() + offset, m.column()))
}

fn describe(e: &LoadError) -> (Option<Position>, String) {
    let marker = match e {
        LoadError::TopLevelMustBeMapping(m)
        | LoadError::TopLevelMustBeSequence(m)
        | LoadError::UnexpectedAnchor(m)
        | LoadError::MappingKeyMustBeScalar(m)
        | LoadError::UnexpectedTag(m)
        | LoadError::ScanError(m, _) => Some(Position::new(m.line(), m.column())),
        _ => None,
    };
    let text = e.to_string();
    // Drop the marker's own "line L column C: " prefix; the position is reported apart.
    let message = text.split_once(": ").map_or(text.clone(), |(_, m)| m.to_owned());
    (marker, message)
}

fn stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A title from a long description: its first words, up to about 60 characters.
fn short_title(description: &str, fallback: &str) -> String {
    let text = one_line(description);
    if text.is_empty() {
        return fallback.to_owned();
    }
    if text.chars().count() <= 60 {
        return text;
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() > 60 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    format!("{out}…")
}

/// Dates as comply's examples write them (`Jun 1 2018`), and ISO dates.
fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    let s = one_line(s);
    ["%b %d %Y", "%B %d %Y", "%b %d, %Y", "%B %d, %Y", "%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%m/%d/%Y"]
        .iter()
        .find_map(|f| chrono::NaiveDate::parse_from_str(&s, f).ok())
}

/// A cron schedule (six fields, seconds first, as comply writes them; five
/// fields or `@daily`-style descriptors also work) as a review cadence in
/// days, with how it was read; `Err` says why it cannot be mapped.
pub fn cadence(cron: &str) -> Result<(u32, String), String> {
    let cron = cron.trim();
    if let Some(word) = cron.strip_prefix('@') {
        return match word.trim() {
            "yearly" | "annually" => Ok((365, "yearly".into())),
            "monthly" => Ok((30, "monthly".into())),
            "weekly" => Ok((7, "weekly".into())),
            "daily" | "midnight" => Ok((1, "daily".into())),
            "hourly" => Ok((1, "hourly, more often than daily".into())),
            other => match other.strip_prefix("every") {
                Some(d) => every(d.trim()),
                None => Err(format!("unknown descriptor `@{other}`")),
            },
        };
    }
    let fields: Vec<&str> = cron.split_whitespace().collect();
    let fields = match fields.len() {
        6 => &fields[1..],
        5 => &fields[..],
        n => {
            return Err(format!(
                "{n} fields; comply's cron has 6 (seconds minutes hours day-of-month month day-of-week)"
            ));
        }
    };
    let names = ["minutes", "hours", "day-of-month", "month", "day-of-week"];
    let maxima = [60, 24, 31, 12, 7];
    let mut counts = [None; 5];
    for (i, f) in fields.iter().enumerate() {
        counts[i] = runs_per_cycle(f, maxima[i]).map_err(|e| format!("{} field `{f}`: {e}", names[i]))?;
    }
    let [minutes, hours, dom, month, dow] = counts;
    Ok(match (month, dom, dow) {
        (Some(n), _, _) => {
            let days = (365 / n).max(1);
            let how = match n {
                1 => "yearly".to_owned(),
                2 => "twice a year".to_owned(),
                4 => "quarterly".to_owned(),
                12 => "monthly".to_owned(),
                n => format!("{n} times a year"),
            };
            (days, how)
        }
        (None, Some(n), _) => ((30 / n).max(1), if n == 1 { "monthly".into() } else { format!("{n} times a month") }),
        (None, None, Some(n)) => ((7 / n).max(1), if n == 1 { "weekly".into() } else { format!("{n} times a week") }),
        (None, None, None) if hours.is_none() || hours.is_some_and(|h| h > 1) || minutes.is_none() => {
            (1, "more often than daily".into())
        }
        (None, None, None) => (1, "daily".into()),
    })
}

/// How many times per cycle a field fires: `None` for every value (`*`).
fn runs_per_cycle(field: &str, max: u32) -> Result<Option<u32>, String> {
    if field == "*" || field == "?" {
        return Ok(None);
    }
    let mut total = 0;
    for part in field.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (r, Some(s.parse::<u32>().map_err(|_| format!("step `{s}` is not a number"))?)),
            None => (part, None),
        };
        if step == Some(0) {
            return Err("a step of 0".into());
        }
        let span = if range == "*" {
            max
        } else if let Some((a, b)) = range.split_once('-') {
            let (a, b) = (value(a)?, value(b)?);
            if b < a {
                return Err(format!("range `{range}` runs backwards"));
            }
            b - a + 1
        } else {
            value(range)?;
            if step.is_some() { max } else { 1 }
        };
        total += match step {
            Some(s) => span.div_ceil(s),
            None => span,
        };
    }
    if total >= max { Ok(None) } else { Ok(Some(total.max(1))) }
}

/// A field value: a number or a month / weekday name (JAN, MON).
fn value(s: &str) -> Result<u32, String> {
    if let Ok(n) = s.parse::<u32>() {
        return Ok(n);
    }
    const NAMES: [&str; 19] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC", "SUN", "MON", "TUE", "WED",
        "THU", "FRI", "SAT",
    ];
    NAMES
        .iter()
        .position(|n| n.eq_ignore_ascii_case(s))
        .map(|i| if i < 12 { i as u32 + 1 } else { i as u32 - 12 })
        .ok_or_else(|| format!("`{s}` is not a number or a month or weekday name"))
}

/// `@every 720h` (Go durations: h, m, s).
fn every(d: &str) -> Result<(u32, String), String> {
    let mut seconds: u64 = 0;
    let mut number = String::new();
    for c in d.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: u64 = number.parse().map_err(|_| format!("`@every {d}` is not a duration"))?;
        number.clear();
        seconds += n * match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return Err(format!("`@every {d}`: unknown unit `{c}` (h, m, s)")),
        };
    }
    if !number.is_empty() || seconds == 0 {
        return Err(format!("`@every {d}` is not a duration like `24h`"));
    }
    let days = seconds.div_ceil(86_400).max(1);
    Ok((u32::try_from(days).unwrap_or(u32::MAX), format!("every {d}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cron_cadences() {
        let days = |c: &str| cadence(c).map(|(d, _)| d);
        assert_eq!(days("0 0 0 1 * *"), Ok(30)); // comply: monthly
        assert_eq!(days("0 0 * * * *"), Ok(1)); // hourly
        assert_eq!(days("0 0 1 * * *"), Ok(1)); // daily at 01:00
        assert_eq!(days("0 0 9 * * MON"), Ok(7));
        assert_eq!(days("0 0 0 1 1,4,7,10 *"), Ok(91));
        assert_eq!(days("0 0 0 1 */3 *"), Ok(91));
        assert_eq!(days("0 0 0 1 1 *"), Ok(365));
        assert_eq!(days("0 0 1 * *"), Ok(30));
        assert_eq!(days("@weekly"), Ok(7));
        assert_eq!(days("@every 720h"), Ok(30));
        assert!(cadence("0 0 0 1").is_err());
        assert!(cadence("0 0 0 x * *").is_err());
        assert!(cadence("@sometimes").is_err());
    }

    #[test]
    fn comply_dates() {
        assert_eq!(parse_date("Jun 1 2018").map(|d| d.to_string()), Some("2018-06-01".into()));
        assert_eq!(parse_date("2018-06-01").map(|d| d.to_string()), Some("2018-06-01".into()));
        assert_eq!(parse_date("soon"), None);
    }
}
