//! Frameworks: the criteria controls map to.
//!
//! SOC 2 (2017 TSC) is built in as data; teams add others under `frameworks/`
//! in the same YAML format (see `docs/frameworks.md`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::repo::yaml::{self, Seg};

/// `CC6` selects CC6.1 … CC6.8, `CC6.1` only itself (not CC6.10), `CC` every
/// common criterion (but `C` only the C series, not CC).
pub fn criterion_matches(id: &str, prefix: &str) -> bool {
    let (id, prefix) = (id.to_ascii_uppercase(), prefix.to_ascii_uppercase());
    let series = id.split('.').next().unwrap_or(&id);
    let letters = series.trim_end_matches(|c: char| c.is_ascii_digit());
    id == prefix
        || id.strip_prefix(&prefix).is_some_and(|rest| rest.starts_with('.'))
        || series == prefix
        || letters == prefix
}

/// The id of the built-in SOC 2 framework.
pub const BUILTIN_ID: &str = "soc2-2017";
const BUILTIN_YAML: &str = include_str!("soc2-2017.yaml");

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub title: String,
}

/// A group of criteria reported together (CC1 … CC9, A1, P1 …).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    pub id: String,
    pub category: String,
    pub title: String,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    /// Filled from the series when the file leaves it out.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub category: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub id: String,
    pub title: String,
    pub categories: Vec<Category>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<Series>,
    pub criteria: Vec<Criterion>,
}

impl Framework {
    /// The built-in SOC 2 framework.
    pub fn builtin() -> Result<Framework, Diagnostics> {
        Framework::parse("<built-in soc2-2017>", BUILTIN_YAML)
    }

    /// Parse and check a framework file: ids unique, every reference resolves.
    pub fn parse(path: &str, text: &str) -> Result<Framework, Diagnostics> {
        let (mut fw, index) = yaml::parse::<Framework>(path, text, 0).map_err(one)?;
        let mut diags = Diagnostics::new();
        let series: BTreeMap<&str, &Series> = fw.series.iter().map(|s| (s.id.as_str(), s)).collect();
        let categories: Vec<&str> = fw.categories.iter().map(|c| c.id.as_str()).collect();
        for (i, s) in fw.series.iter().enumerate() {
            if !categories.contains(&s.category.as_str()) {
                let at = index.value(&[Seg::Key("series"), Seg::Index(i), Seg::Key("category")]);
                diags.push(
                    Diagnostic::error(path, format!("series `{}` names unknown category `{}`", s.id, s.category))
                        .at(at),
                );
            }
        }
        let mut resolved = Vec::with_capacity(fw.criteria.len());
        let mut seen = BTreeMap::new();
        for (i, c) in fw.criteria.iter().enumerate() {
            let at = index.value(&[Seg::Key("criteria"), Seg::Index(i)]);
            if seen.insert(c.id.clone(), i).is_some() {
                diags.push(Diagnostic::error(path, format!("duplicate criterion `{}`", c.id)).at(at));
            }
            let category = match (&c.series, c.category.is_empty()) {
                (Some(s), true) => match series.get(s.as_str()) {
                    Some(s) => s.category.clone(),
                    None => {
                        diags.push(
                            Diagnostic::error(path, format!("criterion `{}` names unknown series `{s}`", c.id)).at(at),
                        );
                        continue;
                    }
                },
                (_, false) => c.category.clone(),
                (None, true) => {
                    diags.push(
                        Diagnostic::error(path, format!("criterion `{}` has neither `series` nor `category`", c.id))
                            .at(at)
                            .with_hint("add `category: <id>` naming one of the framework's categories"),
                    );
                    continue;
                }
            };
            if !categories.contains(&category.as_str()) {
                diags.push(
                    Diagnostic::error(path, format!("criterion `{}` is in unknown category `{category}`", c.id)).at(at),
                );
            }
            resolved.push(category);
        }
        if diags.has_errors() {
            return Err(diags);
        }
        for (c, category) in fw.criteria.iter_mut().zip(resolved) {
            c.category = category;
        }
        Ok(fw)
    }

    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    pub fn has_category(&self, id: &str) -> bool {
        self.categories.iter().any(|c| c.id == id)
    }

    /// The series a criterion is reported under: its `series`, else its id up to the dot.
    pub fn series_of<'a>(&self, c: &'a Criterion) -> &'a str {
        c.series.as_deref().unwrap_or_else(|| c.id.split('.').next().unwrap_or(&c.id))
    }
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::new();
    all.push(d);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_prefixes_respect_dots() {
        assert!(criterion_matches("CC6.1", "CC6"));
        assert!(criterion_matches("CC6.1", "cc6.1"));
        assert!(!criterion_matches("CC6.10", "CC6.1"));
        assert!(criterion_matches("CC1.1", "CC"));
        assert!(!criterion_matches("CC1.1", "C"));
        assert!(criterion_matches("C1.1", "C"));
        assert!(criterion_matches("PI1.2", "PI1"));
    }

    #[test]
    fn builtin_has_all_61_criteria() {
        let fw = Framework::builtin().unwrap();
        assert_eq!(fw.criteria.len(), 61);
        let count = |cat: &str| fw.criteria.iter().filter(|c| c.category == cat).count();
        assert_eq!(count("security"), 33);
        assert_eq!(count("availability"), 3);
        assert_eq!(count("confidentiality"), 2);
        assert_eq!(count("processing-integrity"), 5);
        assert_eq!(count("privacy"), 18);
        assert!(fw.criteria.iter().all(|c| !c.description.is_empty()));
    }
}
