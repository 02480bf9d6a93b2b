//! `format = "ocsf"` (alias `prowler`): OCSF Detection Findings as Prowler
//! writes them (`prowler aws --output-formats json-ocsf`), one row per
//! finding and resource.
//!
//! The document is a JSON array of findings (Prowler's file), or findings
//! one after another (newline-delimited OCSF). It is read one finding at a
//! time, so a 500 MB scan costs the memory of its rows, not of its text.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::io::BufRead;

use serde::Deserialize;
use serde::de::{self, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::adapter::{Column, InputError, Sink, peek_start, row, text};

/// The columns of a table read with `format = "ocsf"`, every row has each (null when absent).
pub const COLUMNS: &[Column] = &[
    ("account_name", "TEXT", "The cloud account's name (`cloud.account.name`)."),
    ("account_uid", "TEXT", "The account, subscription or project id (`cloud.account.uid`)."),
    (
        "check_id",
        "TEXT",
        "The check that produced the finding (`metadata.event_code`), e.g. `s3_bucket_default_encryption`.",
    ),
    ("check_title", "TEXT", "What the check verifies (`finding_info.title`)."),
    (
        "compliance",
        "TEXT (JSON object)",
        "The tool's own compliance mapping (`unmapped.compliance`): framework → requirement ids, e.g. `{\"SOC2\": [\"cc_6_1\"]}`.",
    ),
    ("finding_uid", "TEXT", "The finding's unique id (`finding_info.uid`)."),
    ("message", "TEXT", "What was found on this resource (`message`, else `status_detail`)."),
    ("muted", "INTEGER (bool)", "1 when the finding is muted (OCSF `status` `Suppressed`, Prowler's mutelist)."),
    ("product", "TEXT", "The tool (`metadata.product.name`), e.g. `Prowler`."),
    ("provider", "TEXT", "The cloud or platform (`cloud.provider`): `aws`, `azure`, `gcp`, `kubernetes`, `m365`, …"),
    ("region", "TEXT", "The resource's region (`resources[].region`, else `cloud.region`)."),
    ("remediation", "TEXT", "How to fix it (`remediation.desc`)."),
    ("resource_name", "TEXT", "The resource's name (`resources[].name`)."),
    ("resource_type", "TEXT", "The resource's type (`resources[].type`), e.g. `AwsS3Bucket`."),
    ("resource_uid", "TEXT", "The resource's id, an ARN on AWS (`resources[].uid`)."),
    ("service", "TEXT", "The service the check belongs to (`resources[].group.name`), e.g. `s3`."),
    ("severity", "TEXT", "`Critical`, `High`, `Medium`, `Low` or `Informational` (`severity`)."),
    ("status", "TEXT", "`PASS`, `FAIL` or `MANUAL` (`status_code`)."),
    ("time", "TEXT", "When the scan ran, ISO 8601 (`time_dt`)."),
];

#[derive(Deserialize)]
struct Finding {
    metadata: Metadata,
    status_code: String,
    status: Option<String>,
    severity: Option<String>,
    message: Option<String>,
    status_detail: Option<String>,
    unmapped: Option<Unmapped>,
    finding_info: Option<FindingInfo>,
    resources: Option<Vec<Resource>>,
    cloud: Option<Cloud>,
    remediation: Option<Remediation>,
    time_dt: Option<String>,
}

#[derive(Deserialize)]
struct Metadata {
    event_code: String,
    product: Option<Named>,
}

#[derive(Deserialize)]
struct Named {
    name: Option<String>,
}

#[derive(Deserialize)]
struct Unmapped {
    compliance: Option<BTreeMap<String, Value>>,
}

#[derive(Deserialize)]
struct FindingInfo {
    title: Option<String>,
    uid: Option<String>,
}

#[derive(Deserialize)]
struct Resource {
    uid: Option<String>,
    name: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    region: Option<String>,
    group: Option<Named>,
}

#[derive(Deserialize)]
struct Cloud {
    account: Option<Account>,
    provider: Option<String>,
    region: Option<String>,
}

#[derive(Deserialize)]
struct Account {
    uid: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
struct Remediation {
    desc: Option<String>,
}

/// Read an OCSF document from `reader`, handing each row to `sink`.
pub fn read(mut reader: impl BufRead, sink: &mut Sink<'_>) -> Result<(), InputError> {
    let io = |e: std::io::Error| InputError::new(format!("cannot read: {e}"));
    let seen = Cell::new(0usize);
    let context = |seen: &Cell<usize>| Some(format!("finding {}", seen.get() + 1));
    match peek_start(&mut reader).map_err(io)? {
        None => Err(InputError::new("empty document; expected a JSON array of OCSF findings")),
        Some(b'[') => {
            let mut de = serde_json::Deserializer::from_reader(reader);
            de::Deserializer::deserialize_seq(&mut de, Findings { sink, seen: &seen })
                .map_err(|e| with_hint(InputError::json(&e, context(&seen))))?;
            de.end().map_err(|e| InputError::json(&e, Some("after the array".into())))
        }
        Some(b'{') => {
            for finding in serde_json::Deserializer::from_reader(reader).into_iter::<Finding>() {
                let finding = finding.map_err(|e| with_hint(InputError::json(&e, context(&seen))))?;
                seen.set(seen.get() + 1);
                for r in rows(finding) {
                    sink(r).map_err(|e| InputError::new(format!("finding {}: {e:#}", seen.get())))?;
                }
            }
            Ok(())
        }
        Some(other) => Err(InputError {
            line: 1,
            column: 1,
            message: format!("expected a JSON array of OCSF findings, found `{}`", char::from(other).escape_default()),
        }),
    }
}

/// Missing OCSF fields usually mean another of Prowler's formats was given.
fn with_hint(mut e: InputError) -> InputError {
    if e.message.contains("missing field") {
        e.message.push_str(" (is this Prowler's OCSF output, `--output-formats json-ocsf`?)");
    }
    e
}

struct Findings<'s, 'a> {
    sink: &'s mut Sink<'a>,
    seen: &'s Cell<usize>,
}

impl<'de> Visitor<'de> for Findings<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of OCSF findings")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(finding) = seq.next_element::<Finding>()? {
            for r in rows(finding) {
                (self.sink)(r).map_err(|e| de::Error::custom(format!("{e:#}")))?;
            }
            self.seen.set(self.seen.get() + 1);
        }
        Ok(())
    }
}

/// One row per resource of the finding (one with null resource columns when it names none).
fn rows(f: Finding) -> Vec<Value> {
    let mut base = Map::new();
    let cloud = f.cloud.unwrap_or(Cloud { account: None, provider: None, region: None });
    let (account_uid, account_name) = match cloud.account {
        Some(a) => (a.uid, a.name),
        None => (None, None),
    };
    let (title, uid) = match f.finding_info {
        Some(i) => (i.title, i.uid),
        None => (None, None),
    };
    base.insert("account_name".into(), text(account_name));
    base.insert("account_uid".into(), text(account_uid));
    base.insert("check_id".into(), Value::String(f.metadata.event_code));
    base.insert("check_title".into(), text(title));
    let compliance = f.unmapped.and_then(|u| u.compliance).map(|c| Value::Object(c.into_iter().collect()));
    base.insert("compliance".into(), compliance.unwrap_or(Value::Null));
    base.insert("finding_uid".into(), text(uid));
    base.insert("message".into(), text(f.message.filter(|m| !m.is_empty()).or(f.status_detail)));
    base.insert("muted".into(), Value::Bool(f.status.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("suppressed"))));
    base.insert("product".into(), text(f.metadata.product.and_then(|p| p.name)));
    base.insert("provider".into(), text(cloud.provider));
    base.insert("remediation".into(), text(f.remediation.and_then(|r| r.desc)));
    base.insert("severity".into(), text(f.severity));
    base.insert("status".into(), Value::String(f.status_code.to_ascii_uppercase()));
    base.insert("time".into(), text(f.time_dt));
    let resources = f.resources.unwrap_or_default();
    if resources.is_empty() {
        base.insert("region".into(), text(cloud.region));
        return vec![row(COLUMNS, base)];
    }
    resources
        .into_iter()
        .map(|r| {
            let mut values = base.clone();
            values.insert("region".into(), text(r.region.filter(|s| !s.is_empty()).or(cloud.region.clone())));
            values.insert("resource_name".into(), text(r.name));
            values.insert("resource_type".into(), text(r.kind));
            values.insert("resource_uid".into(), text(r.uid));
            values.insert("service".into(), text(r.group.and_then(|g| g.name)));
            row(COLUMNS, values)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(doc: &str) -> Result<Vec<Value>, InputError> {
        crate::collect::adapter::rows_of(doc, |d, sink| read(d, sink))
    }

    const ONE: &str = r#"{"metadata": {"event_code": "s3_bucket_default_encryption", "product": {"name": "Prowler"}},
        "status_code": "FAIL", "status": "New", "severity": "Medium", "message": "Bucket x is not encrypted.",
        "unmapped": {"compliance": {"SOC2": ["cc_6_1"]}},
        "resources": [{"uid": "arn:aws:s3:::x", "name": "x", "type": "AwsS3Bucket", "region": "eu-west-1", "group": {"name": "s3"}}],
        "cloud": {"account": {"uid": "123456789012"}, "provider": "aws", "region": "eu-west-1"}}"#;

    #[test]
    fn an_array_a_stream_and_an_empty_array() {
        let rows = parse(&format!("[{ONE}, {ONE}]")).unwrap();
        assert_eq!(rows.len(), 2);
        let r = &rows[0];
        assert_eq!(r["check_id"], "s3_bucket_default_encryption");
        assert_eq!(r["status"], "FAIL");
        assert_eq!(r["resource_uid"], "arn:aws:s3:::x");
        assert_eq!(r["service"], "s3");
        assert_eq!(r["compliance"]["SOC2"][0], "cc_6_1");
        assert_eq!(r["muted"], false);
        assert_eq!(r.as_object().unwrap().len(), COLUMNS.len());
        assert_eq!(parse(&format!("{ONE}\n{ONE}\n")).unwrap().len(), 2);
        assert!(parse("[]").unwrap().is_empty());
    }

    #[test]
    fn malformed_input_is_located() {
        let e = parse("[\n{\"metadata\": {\"event_code\": \"x\"}}\n]").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.starts_with("finding 1: missing field `status_code`"), "{e}");
        let e = parse(&format!("[{ONE},\n{ONE}")).unwrap_err();
        assert!(e.message.contains("cut off"), "{e}");
        assert!(parse("").unwrap_err().message.starts_with("empty document"));
        assert_eq!(
            parse("\"x\"").unwrap_err().to_string(),
            "line 1 column 1: expected a JSON array of OCSF findings, found `\\\"`"
        );
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
