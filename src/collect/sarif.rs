//! `format = "sarif"`: SARIF 2.1.0 logs (Trivy, Grype, Checkov, CodeQL,
//! Semgrep, tfsec, KICS, …), one row per result.
//!
//! The log is read as a stream: `runs[].results[]` one result at a time, so
//! memory is bounded by one result (plus the run's rules), not by the file.
//! A result takes its level, severity and description from its rule in
//! `tool.driver.rules` (or an extension's); when a run lists its results
//! before its `tool` (Semgrep sorts keys), that run's results are held
//! until the rules are read.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::BufRead;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::adapter::{Column, InputError, Sink, peek_start, row, text};

/// The columns of a table read with `format = "sarif"`, every row has each (null when absent).
pub const COLUMNS: &[Column] = &[
    (
        "baseline_state",
        "TEXT",
        "`new`, `unchanged`, `updated` or `absent` against a baseline, when the tool compares (`baselineState`).",
    ),
    ("column", "INTEGER", "The first location's start column (`region.startColumn`)."),
    (
        "fingerprint",
        "TEXT",
        "One stable identity for the result: the first of `fingerprints`, else of `partialFingerprints`, by key.",
    ),
    (
        "fingerprints",
        "TEXT (JSON object)",
        "`fingerprints` and `partialFingerprints` merged, e.g. `{\"primaryLocationLineHash\": \"…\"}`.",
    ),
    (
        "first_detected",
        "TEXT",
        "When the result was first seen, if the tool records it (`provenance.firstDetectionTimeUtc`).",
    ),
    ("help_uri", "TEXT", "The rule's documentation (`helpUri`)."),
    ("kind", "TEXT", "`fail` (a finding; the default), `pass`, `open`, `review`, `notApplicable` or `informational`."),
    ("level", "TEXT", "`error`, `warning`, `note` or `none`: the result's, else its rule's default, else `warning`."),
    ("line", "INTEGER", "The first location's start line (`region.startLine`)."),
    ("message", "TEXT", "What was found (`message.text`)."),
    ("rule_description", "TEXT", "The rule's short description."),
    ("rule_id", "TEXT", "The rule (`ruleId`), e.g. `CVE-2024-45337` or `js/sql-injection`."),
    (
        "security_severity",
        "REAL",
        "The CVSS-like score 0.0–10.0 (`properties.security-severity` of the result, else its rule).",
    ),
    (
        "severity",
        "TEXT",
        "From `security_severity` as GitHub ranks it: `critical` (≥ 9.0), `high` (≥ 7.0), `medium` (≥ 4.0), `low` (> 0), `none`; null without a score.",
    ),
    ("suppressed", "INTEGER (bool)", "1 when the result carries a suppression that is not under review or rejected."),
    ("tags", "TEXT (JSON array)", "The rule's `properties.tags` (CWE ids, `security`, …)."),
    ("tool", "TEXT", "The tool (`tool.driver.name`), e.g. `Trivy`, `CodeQL`, `Semgrep OSS`."),
    ("tool_version", "TEXT", "The tool's `semanticVersion`, else `version`."),
    ("uri", "TEXT", "The first location's file (`artifactLocation.uri`)."),
];

#[derive(Deserialize)]
struct Tool {
    driver: Component,
    extensions: Option<Vec<Component>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Component {
    name: Option<String>,
    version: Option<String>,
    semantic_version: Option<String>,
    rules: Option<Vec<Rule>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: Option<String>,
    short_description: Option<Message>,
    default_configuration: Option<Configuration>,
    help_uri: Option<String>,
    properties: Option<Properties>,
}

#[derive(Deserialize)]
struct Configuration {
    level: Option<String>,
}

#[derive(Deserialize)]
struct Message {
    text: Option<String>,
    markdown: Option<String>,
}

#[derive(Deserialize)]
struct Properties {
    #[serde(rename = "security-severity")]
    security_severity: Option<Value>,
    tags: Option<Vec<Value>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: Option<String>,
    rule_index: Option<i64>,
    rule: Option<RuleRef>,
    kind: Option<String>,
    level: Option<String>,
    message: Option<Message>,
    locations: Option<Vec<Location>>,
    fingerprints: Option<BTreeMap<String, Value>>,
    partial_fingerprints: Option<BTreeMap<String, Value>>,
    suppressions: Option<Vec<Suppression>>,
    baseline_state: Option<String>,
    provenance: Option<Provenance>,
    properties: Option<Properties>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RuleRef {
    id: Option<String>,
    index: Option<i64>,
    tool_component: Option<ComponentRef>,
}

#[derive(Deserialize)]
struct ComponentRef {
    index: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: Option<PhysicalLocation>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: Option<ArtifactLocation>,
    region: Option<Region>,
}

#[derive(Deserialize)]
struct ArtifactLocation {
    uri: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: Option<i64>,
    start_column: Option<i64>,
}

#[derive(Deserialize)]
struct Suppression {
    status: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Provenance {
    first_detection_time_utc: Option<String>,
}

/// Read a SARIF log from `reader`, handing each result's row to `sink`.
pub fn read(mut reader: impl BufRead, sink: &mut Sink<'_>) -> Result<(), InputError> {
    match peek_start(&mut reader).map_err(|e| InputError::new(format!("cannot read: {e}")))? {
        None => return Err(InputError::new("empty document; expected a SARIF 2.1.0 log")),
        Some(b'{') => {}
        Some(other) => {
            return Err(InputError {
                line: 1,
                column: 1,
                message: format!(
                    "expected a SARIF 2.1.0 log (a JSON object), found `{}`",
                    char::from(other).escape_default()
                ),
            });
        }
    }
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut place = Place::default();
    let found_runs = de::Deserializer::deserialize_map(&mut de, LogVisitor { sink, place: &mut place })
        .map_err(|e| InputError::json(&e, place.describe()))?;
    de.end().map_err(|e| InputError::json(&e, Some("after the log".into())))?;
    if !found_runs {
        return Err(InputError::new("not a SARIF log: it has no `runs`"));
    }
    Ok(())
}

/// Where the reader is, for messages: run and result numbers (1-based; 0 = not inside one).
#[derive(Default)]
struct Place {
    run: usize,
    result: usize,
}

impl Place {
    fn describe(&self) -> Option<String> {
        match (self.run, self.result) {
            (0, _) => None,
            (r, 0) => Some(format!("runs[{}]", r - 1)),
            (r, i) => Some(format!("runs[{}].results[{}]", r - 1, i - 1)),
        }
    }
}

struct LogVisitor<'s, 'a> {
    sink: &'s mut Sink<'a>,
    place: &'s mut Place,
}

impl<'de> Visitor<'de> for LogVisitor<'_, '_> {
    /// Whether the log had `runs`.
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a SARIF log")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<bool, M::Error> {
        let mut runs = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "version" => {
                    let version: Option<String> = map.next_value()?;
                    if let Some(v) = version.filter(|v| !v.starts_with("2.1")) {
                        return Err(de::Error::custom(format!("SARIF version `{v}` is not supported; expected 2.1.0")));
                    }
                }
                "runs" => {
                    map.next_value_seed(RunsSeed { sink: &mut *self.sink, place: &mut *self.place })?;
                    runs = true;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(runs)
    }
}

struct RunsSeed<'s, 'a> {
    sink: &'s mut Sink<'a>,
    place: &'s mut Place,
}

impl<'de> DeserializeSeed<'de> for RunsSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RunsSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of runs")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            self.place.run += 1;
            self.place.result = 0;
            let seed = RunSeed { sink: &mut *self.sink, place: &mut *self.place };
            if seq.next_element_seed(seed)?.is_none() {
                self.place.run = 0;
                return Ok(());
            }
        }
    }
}

struct RunSeed<'s, 'a> {
    sink: &'s mut Sink<'a>,
    place: &'s mut Place,
}

impl<'de> DeserializeSeed<'de> for RunSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RunSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a SARIF run object")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<(), M::Error> {
        let mut rules: Option<Rules> = None;
        let mut pending: Vec<SarifResult> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "tool" => {
                    let tool: Tool = map.next_value()?;
                    let known = Rules::new(tool);
                    for r in pending.drain(..) {
                        (self.sink)(known.row(r)).map_err(|e| de::Error::custom(format!("{e:#}")))?;
                    }
                    rules = Some(known);
                }
                "results" => {
                    let seed = ResultsSeed {
                        sink: &mut *self.sink,
                        place: &mut *self.place,
                        rules: rules.as_ref(),
                        pending: &mut pending,
                    };
                    map.next_value_seed(seed)?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        self.place.result = 0;
        if !pending.is_empty() {
            // A run without `tool` is not valid SARIF; keep its results with what they say themselves.
            let known = Rules::default();
            for r in pending {
                (self.sink)(known.row(r)).map_err(|e| de::Error::custom(format!("{e:#}")))?;
            }
        }
        Ok(())
    }
}

struct ResultsSeed<'s, 'a> {
    sink: &'s mut Sink<'a>,
    place: &'s mut Place,
    rules: Option<&'s Rules>,
    pending: &'s mut Vec<SarifResult>,
}

impl<'de> DeserializeSeed<'de> for ResultsSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for ResultsSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of results, or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            self.place.result += 1;
            let Some(result) = seq.next_element::<SarifResult>()? else { break };
            match self.rules {
                Some(rules) => (self.sink)(rules.row(result)).map_err(|e| de::Error::custom(format!("{e:#}")))?,
                None => self.pending.push(result),
            }
        }
        self.place.result = 0;
        Ok(())
    }
}

/// A run's tool and rules, for looking results' rules up.
#[derive(Default)]
struct Rules {
    tool: Option<String>,
    tool_version: Option<String>,
    /// The driver's rules, then each extension's.
    components: Vec<Vec<Rule>>,
    /// Rule id → (component, index), first occurrence.
    by_id: HashMap<String, (usize, usize)>,
}

impl Rules {
    fn new(tool: Tool) -> Self {
        let Tool { driver, extensions } = tool;
        let mut rules = Rules {
            tool: driver.name.clone(),
            tool_version: driver.semantic_version.clone().or_else(|| driver.version.clone()),
            ..Rules::default()
        };
        let all = std::iter::once(driver).chain(extensions.unwrap_or_default());
        for (c, component) in all.enumerate() {
            let list = component.rules.unwrap_or_default();
            for (i, rule) in list.iter().enumerate() {
                if let Some(id) = &rule.id {
                    rules.by_id.entry(id.clone()).or_insert((c, i));
                }
            }
            rules.components.push(list);
        }
        rules
    }

    fn rule(&self, r: &SarifResult) -> Option<&Rule> {
        let rule_ref = r.rule.as_ref();
        // Extension rules are numbered from 1 here: the driver is component 0.
        let component = rule_ref
            .and_then(|x| x.tool_component.as_ref())
            .and_then(|t| t.index)
            .and_then(|i| usize::try_from(i).ok())
            .map_or(0, |i| i + 1);
        let index = r.rule_index.or_else(|| rule_ref.and_then(|x| x.index)).and_then(|i| usize::try_from(i).ok());
        let id = r.rule_id.as_deref().or_else(|| rule_ref.and_then(|x| x.id.as_deref()));
        let by_index = index.and_then(|i| self.components.get(component).and_then(|c| c.get(i)));
        // An index must agree with the id when both are given.
        match (by_index, id) {
            (Some(rule), Some(id)) if rule.id.as_deref().is_none_or(|r| r == id) => Some(rule),
            (Some(rule), None) => Some(rule),
            (_, Some(id)) => self.by_id.get(id).and_then(|&(c, i)| self.components.get(c).and_then(|l| l.get(i))),
            (None, None) => None,
        }
    }

    fn row(&self, r: SarifResult) -> Value {
        let rule = self.rule(&r);
        let mut v = Map::new();
        let rule_id = r.rule_id.clone().or_else(|| r.rule.as_ref().and_then(|x| x.id.clone()));
        let rule_id = rule_id.or_else(|| rule.and_then(|x| x.id.clone()));
        let kind = r.kind.clone().unwrap_or_else(|| "fail".to_owned());
        let level = r
            .level
            .clone()
            .or_else(|| rule.and_then(|x| x.default_configuration.as_ref()).and_then(|c| c.level.clone()))
            .unwrap_or_else(|| if kind == "fail" { "warning".to_owned() } else { "none".to_owned() });
        let score = r
            .properties
            .as_ref()
            .and_then(|p| p.security_severity.as_ref())
            .or_else(|| rule.and_then(|x| x.properties.as_ref()).and_then(|p| p.security_severity.as_ref()))
            .and_then(score);
        let location = r.locations.into_iter().flatten().find_map(|l| l.physical_location);
        let (uri, region) = match location {
            Some(p) => (p.artifact_location.and_then(|a| a.uri), p.region),
            None => (None, None),
        };
        let mut prints: BTreeMap<String, Value> = r.partial_fingerprints.unwrap_or_default();
        let first_full = r.fingerprints.as_ref().and_then(|f| f.values().next().cloned());
        let first_partial = prints.values().next().cloned();
        prints.extend(r.fingerprints.unwrap_or_default());
        let suppressed = r
            .suppressions
            .iter()
            .flatten()
            .any(|s| !matches!(s.status.as_deref(), Some("underReview") | Some("rejected")));
        let message = r.message.and_then(|m| m.text.or(m.markdown));
        v.insert("baseline_state".into(), text(r.baseline_state));
        v.insert("column".into(), region.as_ref().and_then(|x| x.start_column).map_or(Value::Null, Value::from));
        v.insert("fingerprint".into(), first_full.or(first_partial).map_or(Value::Null, |f| scalar_text(&f)));
        v.insert(
            "fingerprints".into(),
            if prints.is_empty() { Value::Null } else { Value::Object(prints.into_iter().collect()) },
        );
        v.insert("first_detected".into(), text(r.provenance.and_then(|p| p.first_detection_time_utc)));
        v.insert("help_uri".into(), text(rule.and_then(|x| x.help_uri.clone())));
        v.insert("kind".into(), Value::String(kind));
        v.insert("level".into(), Value::String(level));
        v.insert("line".into(), region.as_ref().and_then(|x| x.start_line).map_or(Value::Null, Value::from));
        v.insert("message".into(), text(message));
        let description = rule.and_then(|x| x.short_description.as_ref()).and_then(|m| m.text.clone());
        v.insert("rule_description".into(), text(description));
        v.insert("rule_id".into(), text(rule_id));
        v.insert("security_severity".into(), score.map_or(Value::Null, Value::from));
        v.insert("severity".into(), score.map_or(Value::Null, |s| Value::from(severity(s))));
        v.insert("suppressed".into(), Value::Bool(suppressed));
        let tags = rule.and_then(|x| x.properties.as_ref()).and_then(|p| p.tags.clone());
        v.insert("tags".into(), tags.map_or(Value::Null, Value::Array));
        v.insert("tool".into(), text(self.tool.clone()));
        v.insert("tool_version".into(), text(self.tool_version.clone()));
        v.insert("uri".into(), text(uri));
        row(COLUMNS, v)
    }
}

/// A `security-severity` (a string like "7.5", or a number) as a score.
fn score(v: &Value) -> Option<f64> {
    let s = match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }?;
    (s.is_finite() && (0.0..=10.0).contains(&s)).then_some(s)
}

/// GitHub code scanning's severity ranks of a score.
fn severity(score: f64) -> &'static str {
    if score >= 9.0 {
        "critical"
    } else if score >= 7.0 {
        "high"
    } else if score >= 4.0 {
        "medium"
    } else if score > 0.0 {
        "low"
    } else {
        "none"
    }
}

fn scalar_text(v: &Value) -> Value {
    match v {
        Value::String(_) => v.clone(),
        Value::Null => Value::Null,
        other => Value::String(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(doc: &str) -> Result<Vec<Value>, InputError> {
        crate::collect::adapter::rows_of(doc, |d, sink| read(d, sink))
    }

    const TOOL: &str = r#""tool": {"driver": {"name": "T", "version": "1.0", "rules": [
        {"id": "R1", "shortDescription": {"text": "Rule one"}, "defaultConfiguration": {"level": "error"},
         "properties": {"security-severity": "9.1", "tags": ["security"]}},
        {"id": "R2", "properties": {"security-severity": 5}}]}}"#;
    const RESULTS: &str = r#""results": [
        {"ruleId": "R1", "ruleIndex": 0, "message": {"text": "m1"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.go"}, "region": {"startLine": 3, "startColumn": 7}}}],
         "partialFingerprints": {"primaryLocationLineHash": "abc:1"}},
        {"ruleId": "R2", "level": "note", "message": {"text": "m2"}, "suppressions": [{"kind": "inSource"}]},
        {"ruleId": "R9", "message": {"text": "m3"}}]"#;

    #[test]
    fn results_take_their_rules_whichever_comes_first() {
        for doc in [
            format!(r#"{{"version": "2.1.0", "runs": [{{{TOOL}, {RESULTS}}}]}}"#),
            format!(r#"{{"runs": [{{{RESULTS}, {TOOL}}}], "version": "2.1.0"}}"#),
        ] {
            let rows = parse(&doc).unwrap();
            assert_eq!(rows.len(), 3);
            let r = &rows[0];
            assert_eq!(r.as_object().unwrap().len(), COLUMNS.len());
            assert_eq!((r["tool"].as_str(), r["tool_version"].as_str()), (Some("T"), Some("1.0")));
            assert_eq!((r["level"].as_str(), r["severity"].as_str()), (Some("error"), Some("critical")));
            assert_eq!(r["security_severity"], 9.1);
            assert_eq!((r["uri"].as_str(), r["line"].as_i64(), r["column"].as_i64()), (Some("a.go"), Some(3), Some(7)));
            assert_eq!(r["fingerprint"], "abc:1");
            assert_eq!(r["rule_description"], "Rule one");
            assert_eq!(r["suppressed"], false);
            assert_eq!((rows[1]["level"].as_str(), rows[1]["severity"].as_str()), (Some("note"), Some("medium")));
            assert_eq!(rows[1]["suppressed"], true);
            assert_eq!((rows[2]["level"].as_str(), rows[2]["severity"].clone()), (Some("warning"), Value::Null));
        }
    }

    #[test]
    fn malformed_logs_are_located() {
        let e = parse("{\"version\": \"2.1.0\", \"runs\": [{\"results\": [\n{\"ruleId\": 5}]}]}").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.starts_with("runs[0].results[0]: invalid type: integer `5`"), "{e}");
        assert_eq!(parse("{\"version\": \"2.1.0\"}").unwrap_err().message, "not a SARIF log: it has no `runs`");
        assert!(parse("{\"version\": \"1.0.0\", \"runs\": []}").unwrap_err().message.contains("not supported"));
        assert!(parse("[]").unwrap_err().message.starts_with("expected a SARIF 2.1.0 log"));
        assert!(parse("{\"runs\": [{\"results\": [").unwrap_err().message.contains("cut off"));
        assert!(parse("{\"runs\": [{\"results\": null}]}").unwrap().is_empty());
    }

    #[test]
    fn columns_are_sorted_and_unique() {
        let names: Vec<&str> = COLUMNS.iter().map(|c| c.0).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
    }
}
