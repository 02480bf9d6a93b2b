//! `soc2 framework import`: turn a framework spec that a team already has (a
//! CSV, a JupiterOne-style JSON, an OSCAL catalog, or our own YAML) into our
//! framework YAML.
//!
//! Every reader produces a [`Draft`] (sections of requirements in document
//! order); [`Draft::into_framework`] and [`to_yaml`] make the file. Readers
//! report every bad row at once, located at `file:line:col`.

mod csv;
mod json;
mod oscal;

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::repo::framework::{Category, Criterion, Framework, Series};

/// The category every requirement of an imported framework is in: imported
/// frameworks are mapped to, not scoped by category.
pub const IMPORTED_CATEGORY: &str = "all";

/// The formats `framework import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Our own framework YAML (or the same as JSON).
    Yaml,
    /// `{standard, version, domains: [{title, controls: [{ref, title, summary}]}]}`.
    Json,
    /// Columns `Section,ID,Title,Requirement`.
    Csv,
    /// An OSCAL catalog, JSON or YAML.
    Oscal,
}

impl Format {
    pub fn describe(self) -> &'static str {
        match self {
            Format::Yaml => "soc2 framework YAML",
            Format::Json => "JSON (standard, domains, controls)",
            Format::Csv => "CSV (Section, ID, Title, Requirement)",
            Format::Oscal => "OSCAL catalog",
        }
    }
}

/// A framework read from a spec, before it becomes our YAML.
#[derive(Debug, Default)]
pub struct Draft {
    /// An id derived from the source (the caller may override it).
    pub suggested_id: String,
    pub title: String,
    /// In document order; a section with an empty id holds requirements outside any section.
    pub sections: Vec<Section>,
    /// Things worth telling the user, e.g. withdrawn controls left out.
    pub notes: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub requirements: Vec<Requirement>,
}

#[derive(Debug, Clone)]
pub struct Requirement {
    pub id: String,
    pub title: String,
    pub description: String,
}

impl Draft {
    pub fn requirement_count(&self) -> usize {
        self.sections.iter().map(|s| s.requirements.len()).sum()
    }

    /// Add a requirement to a section named by one text, e.g. `A.5 Organizational
    /// controls` (id `A.5`) or `Technical Safeguards` (id and title alike).
    pub fn push_named(&mut self, section: &str, req: Requirement) {
        let (id, title) = split_section(section);
        self.push(id, title, req);
    }

    /// Add a requirement to the section `section_id`, creating it at the end
    /// when it is new (so sections keep the order of their first appearance).
    pub fn push(&mut self, section_id: &str, section_title: &str, req: Requirement) {
        match self.sections.iter_mut().find(|s| s.id == section_id) {
            Some(s) => s.requirements.push(req),
            None => self.sections.push(Section {
                id: section_id.to_owned(),
                title: section_title.to_owned(),
                requirements: vec![req],
            }),
        }
    }

    /// Our framework model: one category, a series per section, criteria in document order.
    pub fn into_framework(self, id: &str) -> Framework {
        let series = self
            .sections
            .iter()
            .filter(|s| !s.id.is_empty())
            .map(|s| Series {
                id: s.id.clone(),
                category: IMPORTED_CATEGORY.to_owned(),
                title: if s.title.is_empty() { s.id.clone() } else { s.title.clone() },
            })
            .collect();
        let criteria = self
            .sections
            .into_iter()
            .flat_map(|s| {
                let series = (!s.id.is_empty()).then(|| s.id.clone());
                s.requirements.into_iter().map(move |r| Criterion {
                    id: r.id,
                    category: if series.is_some() { String::new() } else { IMPORTED_CATEGORY.to_owned() },
                    series: series.clone(),
                    title: r.title,
                    description: r.description,
                })
            })
            .collect();
        Framework {
            id: id.to_owned(),
            title: self.title.clone(),
            categories: vec![Category { id: IMPORTED_CATEGORY.to_owned(), title: "All requirements".to_owned() }],
            series,
            criteria,
        }
    }
}

/// `A.5 Organizational controls` → (`A.5`, `Organizational controls`): a
/// leading token with a digit is the section's id; otherwise the text is both.
fn split_section(text: &str) -> (&str, &str) {
    match text.split_once(char::is_whitespace) {
        Some((id, title)) if id.chars().any(|c| c.is_ascii_digit()) && !title.trim().is_empty() => (id, title.trim()),
        _ => (text, text),
    }
}

/// Whether `text` is XML (an OSCAL XML catalog, say), which soc2 does not read.
pub fn is_xml(text: &str) -> bool {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    trimmed.starts_with("<?xml") || trimmed.starts_with('<')
}

/// The one-line refusal of an XML spec, and what to use instead.
pub const XML_REFUSED: &str = "an XML file: soc2 imports OSCAL catalogs as JSON (or YAML), not XML";
pub const XML_HINT: &str = "NIST publishes every OSCAL catalog as JSON too, e.g. NIST_SP-800-53_rev5_catalog.json in github.com/usnistgov/oscal-content";

/// Work out the format from the file name and its first bytes.
pub fn detect(file_name: &str, text: &str) -> Result<Format, String> {
    let lower = file_name.to_ascii_lowercase();
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if lower.ends_with(".csv") {
        return Ok(Format::Csv);
    }
    let looks_json = trimmed.starts_with('{') || lower.ends_with(".json");
    if looks_json {
        let head: String = trimmed.chars().take(4096).collect();
        let has_key = |k: &str| head.contains(&format!("\"{k}\""));
        if has_key("catalog") {
            return Ok(Format::Oscal);
        }
        if has_key("domains") || has_key("standard") {
            return Ok(Format::Json);
        }
        if has_key("criteria") || has_key("categories") {
            return Ok(Format::Yaml);
        }
        return Err("cannot tell which JSON shape this is: expected an OSCAL catalog (`catalog`), `standard` and `domains`, or soc2's own `criteria`".into());
    }
    if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        let top_level_catalog = text.lines().any(|l| l.trim_end() == "catalog:" || l.starts_with("catalog:"));
        return Ok(if top_level_catalog { Format::Oscal } else { Format::Yaml });
    }
    Err("cannot tell the format from the file name".into())
}

/// A framework read from a file, ready to be written.
#[derive(Debug)]
pub struct Imported {
    /// Its id is the one derived from the source; the caller may replace it.
    pub framework: Framework,
    /// Sections (series) it has.
    pub sections: usize,
    pub notes: Vec<String>,
    /// The source is our own YAML: written as it is unless the id or title changes.
    pub verbatim: bool,
}

/// Read `text` (the file `path`, as shown in messages) in `format`.
pub fn read(format: Format, path: &str, text: &str) -> Result<Imported, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let draft = match format {
        Format::Csv => csv::read(path, text)?,
        Format::Json => json::read(path, text)?,
        Format::Oscal => oscal::read(path, text)?,
        Format::Yaml => {
            let framework = Framework::parse(path, text)?;
            let sections = framework.series.len();
            return Ok(Imported { framework, sections, notes: Vec::new(), verbatim: true });
        }
    };
    let sections = draft.sections.iter().filter(|s| !s.id.is_empty()).count();
    let notes = draft.notes.clone();
    let id = draft.suggested_id.clone();
    Ok(Imported { framework: draft.into_framework(&id), sections, notes, verbatim: false })
}

/// A usable framework id: lowercase letters, digits, `.` and `-`, from any text.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches(|c| c == '-' || c == '.').to_owned()
}

/// The framework as YAML, with a header saying where it came from.
pub fn to_yaml(fw: &Framework, source: &str, format: Format) -> Result<String, String> {
    to_yaml_from(fw, &format!("`soc2 framework import` from {source} ({})", format.describe()))
}

/// The framework as YAML under a header `# Imported by {origin}.`.
pub fn to_yaml_from(fw: &Framework, origin: &str) -> Result<String, String> {
    let body = serde_yaml::to_string(fw).map_err(|e| format!("cannot write the framework as YAML: {e}"))?;
    Ok(format!(
        "# Imported by {origin}.\n# Controls map to it with `mappings: {{ {}: [...] }}`; see docs/frameworks.md.\n{body}",
        fw.id
    ))
}

/// Diagnostics that name the same thing twice: `what` ids already seen, by first line.
pub(crate) struct Seen {
    first: BTreeMap<String, usize>,
}

impl Seen {
    pub fn new() -> Self {
        Seen { first: BTreeMap::new() }
    }

    /// Record `id` at `line`; the line it was first seen at if it is a repeat.
    pub fn repeat(&mut self, id: &str, line: usize) -> Option<usize> {
        match self.first.get(id) {
            Some(l) => Some(*l),
            None => {
                self.first.insert(id.to_owned(), line);
                None
            }
        }
    }
}

pub(crate) fn error_at(path: &str, pos: Option<Position>, message: impl Into<String>) -> Diagnostic {
    let d = Diagnostic::error(path, message);
    match pos {
        Some(p) => d.at(p),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_file_names() {
        assert_eq!(slug("NIST_SP-800-53_rev5_catalog"), "nist-sp-800-53-rev5-catalog");
        assert_eq!(slug("ISO 27001 2022"), "iso-27001-2022");
        assert_eq!(slug("  --x--  "), "x");
    }

    #[test]
    fn sections_split_their_id() {
        assert_eq!(split_section("A.5 Organizational controls"), ("A.5", "Organizational controls"));
        assert_eq!(split_section("Technical Safeguards"), ("Technical Safeguards", "Technical Safeguards"));
        assert_eq!(split_section(""), ("", ""));
    }

    #[test]
    fn detects_by_name_and_content() {
        assert_eq!(detect("a.csv", "Section,ID"), Ok(Format::Csv));
        assert_eq!(detect("a.json", "{\"catalog\": {}}"), Ok(Format::Oscal));
        assert_eq!(detect("a.json", "{\"standard\": \"X\", \"domains\": []}"), Ok(Format::Json));
        assert_eq!(detect("a.yaml", "id: x\n"), Ok(Format::Yaml));
        assert_eq!(detect("a.yaml", "catalog:\n  uuid: x\n"), Ok(Format::Oscal));
        assert!(detect("a.txt", "hello").is_err());
        assert!(is_xml("\u{feff}  <?xml version=\"1.0\"?><catalog/>") && !is_xml("{\"catalog\": 1}"));
    }
}
