//! An OSCAL catalog (JSON or YAML), as NIST publishes SP 800-53 rev5:
//! `catalog.metadata.title`, `catalog.groups[]` (nested groups allowed) holding
//! `controls[]`, each with `id`, `title`, `props` (`label` is the id people
//! use, e.g. `AC-2(1)`; `status: withdrawn` marks a withdrawn control),
//! `params` and `parts`; the `statement` part's prose (with its nested items
//! and `{{ insert: param, … }}` placeholders filled in) is the requirement
//! text. Control enhancements are the `controls` nested in a control.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Draft, Requirement, Seen, error_at, slug};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};

#[derive(Deserialize)]
struct Document {
    catalog: Catalog,
}

#[derive(Deserialize)]
struct Catalog {
    metadata: Metadata,
    #[serde(default)]
    params: Vec<Param>,
    #[serde(default)]
    controls: Vec<Control>,
    #[serde(default)]
    groups: Vec<Group>,
}

#[derive(Deserialize)]
struct Metadata {
    title: String,
    #[serde(default)]
    version: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Group {
    #[serde(default)]
    id: Option<String>,
    title: String,
    #[serde(default)]
    props: Vec<Prop>,
    #[serde(default)]
    params: Vec<Param>,
    #[serde(default)]
    controls: Vec<Control>,
    #[serde(default)]
    groups: Vec<Group>,
}

#[derive(Deserialize)]
struct Control {
    id: String,
    title: String,
    #[serde(default)]
    params: Vec<Param>,
    #[serde(default)]
    props: Vec<Prop>,
    #[serde(default)]
    parts: Vec<Part>,
    #[serde(default)]
    controls: Vec<Control>,
}

#[derive(Deserialize)]
struct Part {
    name: String,
    #[serde(default)]
    prose: Option<String>,
    #[serde(default)]
    props: Vec<Prop>,
    #[serde(default)]
    parts: Vec<Part>,
}

#[derive(Deserialize)]
struct Prop {
    name: String,
    value: String,
    #[serde(default)]
    class: Option<String>,
}

#[derive(Deserialize, Clone)]
struct Param {
    id: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    select: Option<Select>,
}

#[derive(Deserialize, Clone)]
struct Select {
    #[serde(default, rename = "how-many")]
    how_many: Option<String>,
    #[serde(default)]
    choice: Vec<String>,
}

pub fn read(path: &str, text: &str) -> Result<Draft, Diagnostics> {
    let mut diags = Diagnostics::new();
    let trimmed = text.trim_start();
    if super::is_xml(text) {
        diags.push(error_at(path, Some(Position::new(1, 1)), super::XML_REFUSED).with_hint(super::XML_HINT));
        return Err(diags);
    }
    let doc: Document = if trimmed.starts_with('{') {
        serde_json::from_str(text).map_err(|e| {
            let mut d = Diagnostics::new();
            d.push(super::json::json_error(path, text, &e).with_hint(SHAPE_HINT));
            d
        })?
    } else {
        serde_yaml::from_str(text).map_err(|e| {
            let mut d = Diagnostics::new();
            let pos = e.location().map(|l| Position::new(l.line(), l.column()));
            d.push(error_at(path, pos, format!("not an OSCAL catalog: {e}")).with_hint(SHAPE_HINT).with_source(text));
            d
        })?
    };
    let catalog = doc.catalog;
    let version = match &catalog.metadata.version {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let stem = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let title = if version.is_empty() {
        catalog.metadata.title.trim().to_owned()
    } else {
        format!("{} (version {version})", catalog.metadata.title.trim())
    };
    let mut walk = Walk {
        path,
        draft: Draft { suggested_id: slug(stem), title, ..Draft::default() },
        seen: Seen::new(),
        withdrawn: 0,
        diags: &mut diags,
    };
    let params: BTreeMap<String, Param> = catalog.params.iter().map(|p| (p.id.clone(), p.clone())).collect();
    for c in &catalog.controls {
        walk.control(c, "", "", None, &params);
    }
    for g in &catalog.groups {
        walk.group(g, &params);
    }
    let withdrawn = walk.withdrawn;
    let mut draft = walk.draft;
    if withdrawn > 0 {
        draft.notes.push(format!("{withdrawn} withdrawn control(s) left out"));
    }
    if diags.has_errors() {
        return Err(diags);
    }
    if draft.requirement_count() == 0 {
        diags.push(error_at(path, Some(Position::new(1, 1)), "the catalog has no controls").with_hint(SHAPE_HINT));
        return Err(diags);
    }
    Ok(draft)
}

const SHAPE_HINT: &str = "an OSCAL catalog is {\"catalog\": {\"metadata\": {\"title\"}, \"groups\": [{\"id\", \"title\", \"controls\": [{\"id\", \"title\", \"parts\"}]}]}}";

struct Walk<'a> {
    path: &'a str,
    draft: Draft,
    seen: Seen,
    withdrawn: usize,
    diags: &'a mut Diagnostics,
}

impl Walk<'_> {
    fn group(&mut self, g: &Group, inherited: &BTreeMap<String, Param>) {
        let mut params = inherited.clone();
        params.extend(g.params.iter().map(|p| (p.id.clone(), p.clone())));
        // NIST labels controls `AC-1` in the group `ac`: show the group as `AC` too.
        let first_label = g.controls.first().and_then(|c| label(&c.props));
        let id = label(&g.props)
            .or_else(|| {
                g.id.as_ref().map(|id| match &first_label {
                    Some(l) if l.starts_with(&id.to_uppercase()) => id.to_uppercase(),
                    _ => id.clone(),
                })
            })
            .unwrap_or_else(|| slug(&g.title));
        for c in &g.controls {
            self.control(c, &id, g.title.trim(), None, &params);
        }
        for sub in &g.groups {
            self.group(sub, &params);
        }
    }

    fn control(
        &mut self,
        c: &Control,
        section: &str,
        section_title: &str,
        parent_title: Option<&str>,
        inherited: &BTreeMap<String, Param>,
    ) {
        let mut params = inherited.clone();
        params.extend(c.params.iter().map(|p| (p.id.clone(), p.clone())));
        let title = match parent_title {
            Some(parent) => format!("{parent} | {}", c.title.trim()),
            None => c.title.trim().to_owned(),
        };
        let withdrawn = c.props.iter().any(|p| p.name == "status" && p.value.eq_ignore_ascii_case("withdrawn"));
        if withdrawn {
            self.withdrawn += 1;
        } else {
            let id = label(&c.props).unwrap_or_else(|| c.id.clone());
            if id.trim().is_empty() {
                self.diags.push(Diagnostic::error(self.path, format!("control `{}` has an empty label", c.id)));
            } else if self.seen.repeat(&id, 0).is_some() {
                self.diags.push(
                    Diagnostic::error(self.path, format!("two controls are labelled `{id}`"))
                        .with_hint(format!("the second is the control with id `{}`", c.id)),
                );
            } else {
                let mut lines = Vec::new();
                for part in c.parts.iter().filter(|p| p.name == "statement") {
                    statement_lines(part, 0, &params, &mut lines);
                }
                self.draft.push(
                    section,
                    section_title,
                    Requirement { id, title: title.clone(), description: lines.join("\n") },
                );
            }
        }
        let base_title = parent_title.map_or_else(|| c.title.trim().to_owned(), str::to_owned);
        for e in &c.controls {
            self.control(e, section, section_title, Some(&base_title), &params);
        }
    }
}

/// The `label` prop people cite (the one without a class, as NIST marks its zero-padded and 53A variants).
fn label(props: &[Prop]) -> Option<String> {
    let labels: Vec<&Prop> = props.iter().filter(|p| p.name == "label").collect();
    labels.iter().find(|p| p.class.is_none()).or(labels.first()).map(|p| p.value.trim().to_owned())
}

/// The statement as indented lines: `a. Develop … [Assignment: …]`.
fn statement_lines(part: &Part, depth: usize, params: &BTreeMap<String, Param>, out: &mut Vec<String>) {
    let prose = part.prose.as_deref().map(|p| fill_params(p, params, 0)).unwrap_or_default();
    let prose = prose.split_whitespace().collect::<Vec<_>>().join(" ");
    let item_label = label(&part.props);
    let line = match (item_label, prose.is_empty()) {
        (Some(l), false) => format!("{l} {prose}"),
        (None, false) => prose,
        (Some(l), true) => l,
        (None, true) => String::new(),
    };
    let child_depth = if line.is_empty() {
        depth
    } else {
        out.push(format!("{}{line}", "  ".repeat(depth)));
        depth + 1
    };
    for sub in &part.parts {
        statement_lines(sub, child_depth, params, out);
    }
}

/// Replace `{{ insert: param, ID }}` with the parameter as SP 800-53 prints it.
fn fill_params(prose: &str, params: &BTreeMap<String, Param>, depth: usize) -> String {
    let mut out = String::new();
    let mut rest = prose;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else { break };
        let inner = &rest[start + 2..start + len];
        out.push_str(&rest[..start]);
        let id = inner.trim().strip_prefix("insert:").and_then(|r| r.trim().strip_prefix("param,")).map(str::trim);
        match id {
            Some(id) => out.push_str(&describe_param(id, params, depth)),
            None => out.push_str(&rest[start..start + len + 2]),
        }
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

fn describe_param(id: &str, params: &BTreeMap<String, Param>, depth: usize) -> String {
    let Some(p) = params.get(id) else { return format!("[Assignment: {id}]") };
    if let Some(select) = &p.select {
        let choices: Vec<String> = select
            .choice
            .iter()
            .map(|c| if depth < 3 { fill_params(c, params, depth + 1) } else { c.clone() })
            .collect();
        let how = match select.how_many.as_deref() {
            Some("one-or-more") => " (one or more)",
            _ => "",
        };
        return format!("[Selection{how}: {}]", choices.join("; "));
    }
    match &p.label {
        Some(l) => format!("[Assignment: {}]", l.trim()),
        None => format!("[Assignment: {id}]"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_filled_as_published() {
        let mut params = BTreeMap::new();
        params.insert(
            "p1".to_owned(),
            Param { id: "p1".into(), label: Some("organization-defined frequency".into()), select: None },
        );
        params.insert(
            "p2".to_owned(),
            Param {
                id: "p2".into(),
                label: None,
                select: Some(Select {
                    how_many: Some("one-or-more".into()),
                    choice: vec!["a".into(), "b {{ insert: param, p1 }}".into()],
                }),
            },
        );
        assert_eq!(
            fill_params(
                "Review {{ insert: param, p1 }} and {{ insert: param, p2 }}; {{ insert: param, zz }}",
                &params,
                0
            ),
            "Review [Assignment: organization-defined frequency] and [Selection (one or more): a; b [Assignment: organization-defined frequency]]; [Assignment: zz]"
        );
    }
}
