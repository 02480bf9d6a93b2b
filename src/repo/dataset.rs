//! Dataset schemas: the declared columns of every register and built-in
//! dataset (`datasets.yaml`, embedded). A query may name a declared column
//! even when its dataset has no rows, collectors write every declared
//! column, and a register is checked against its schema where it is
//! written (`registers/hr_roster.csv:LINE:COL`) before it becomes evidence.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use serde::Deserialize;

use super::collector::{CollectorKind, CollectorSpec};
use crate::diagnostic::{Diagnostic, Position, did_you_mean};

const DATASETS_YAML: &str = include_str!("datasets.yaml");

/// What a column holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnType {
    Text,
    /// `YYYY-MM-DD`, or an RFC 3339 time.
    Date,
    /// `yes` or `no`.
    YesNo,
    /// One of these values.
    Enum(Vec<String>),
    Email,
    /// An email address or a name.
    Person,
    /// An email address or a URL.
    Contact,
    Url,
    Integer,
    Number,
    Bool,
    Json,
}

impl<'de> Deserialize<'de> for ColumnType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Name(String),
            Values(Vec<String>),
        }
        Ok(match Raw::deserialize(d)? {
            Raw::Values(v) => ColumnType::Enum(v),
            Raw::Name(n) => match n.as_str() {
                "text" => ColumnType::Text,
                "date" => ColumnType::Date,
                "yesno" => ColumnType::YesNo,
                "email" => ColumnType::Email,
                "person" => ColumnType::Person,
                "contact" => ColumnType::Contact,
                "url" => ColumnType::Url,
                "integer" => ColumnType::Integer,
                "number" => ColumnType::Number,
                "bool" => ColumnType::Bool,
                "json" => ColumnType::Json,
                other => return Err(serde::de::Error::custom(format!("unknown column type `{other}`"))),
            },
        })
    }
}

/// One dataset's declared shape.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetSchema {
    pub description: String,
    /// A column every row fills in with a value no other row has.
    #[serde(default)]
    pub key: Option<String>,
    pub columns: BTreeMap<String, ColumnType>,
}

impl DatasetSchema {
    pub fn column_names(&self) -> Vec<String> {
        self.columns.keys().cloned().collect()
    }
}

/// Every declared schema.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schemas {
    /// Registers by name: `registers/<name>.csv`, read by the file collector `<name>`.
    pub registers: BTreeMap<String, DatasetSchema>,
    /// Built-in collector datasets by kind (`git`, `github`), then dataset.
    pub collectors: BTreeMap<String, BTreeMap<String, DatasetSchema>>,
    /// The `soc2_*` meta tables.
    pub meta: BTreeMap<String, DatasetSchema>,
    /// Tables of the example collectors of soc2.toml (AWS scripts, scanner
    /// adapters, command, http and steampipe examples), by table name: what
    /// the library's queries may name. Not applied when collecting: these
    /// rows keep the shape the tool prints.
    #[serde(default)]
    pub examples: BTreeMap<String, DatasetSchema>,
}

static BUILTIN: LazyLock<Result<Schemas, String>> =
    LazyLock::new(|| serde_yaml::from_str(DATASETS_YAML).map_err(|e| format!("datasets.yaml: {e}")));

impl Schemas {
    /// The schemas built into soc2 (a test proves they parse; an unparsable
    /// file would leave every dataset undeclared, never stop a run).
    pub fn builtin() -> &'static Schemas {
        static EMPTY: LazyLock<Schemas> = LazyLock::new(Schemas::default);
        BUILTIN.as_ref().unwrap_or(&EMPTY)
    }

    /// Why the built-in schemas do not parse, if they do not.
    pub fn builtin_error() -> Option<&'static str> {
        BUILTIN.as_ref().err().map(String::as_str)
    }

    /// The schema of `dataset` written by the collector `spec`: a built-in
    /// kind's dataset, or the register a file collector of that name reads.
    pub fn of(&self, spec: &CollectorSpec, dataset: &str) -> Option<&DatasetSchema> {
        match spec.kind() {
            CollectorKind::Git | CollectorKind::Github => self.collectors.get(spec.kind().as_str())?.get(dataset),
            CollectorKind::File => self.registers.get(&spec.name),
            _ => None,
        }
    }

    /// Every table the collectors of soc2.toml write, lowercased, with its
    /// collector, dataset and declared columns (none for an undeclared dataset).
    pub fn configured<'a>(
        &'a self,
        collectors: &'a [CollectorSpec],
    ) -> impl Iterator<Item = (String, &'a CollectorSpec, String, Vec<String>)> + 'a {
        collectors.iter().flat_map(move |spec| {
            spec.tables().into_iter().map(move |(dataset, table)| {
                let columns = self.of(spec, &dataset).map(DatasetSchema::column_names).unwrap_or_default();
                (table.to_ascii_lowercase(), spec, dataset, columns)
            })
        })
    }
}

/// At most this many value problems are listed per register; the rest are counted.
const MAX_VALUE_PROBLEMS: usize = 25;

/// Check a register's CSV `text` (file `path`) against `schema`: the header
/// names every column, keys are filled in and unique, and each value has
/// its column's type. Every problem is located at its line and column.
pub fn check_register(path: &str, text: &str, schema: &DatasetSchema) -> Vec<Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => {
            return vec![
                Diagnostic::error(path, "the register has no header row")
                    .at(Position::new(1, 1))
                    .with_hint(format!("the first line names the columns: {}", schema.column_names().join(","))),
            ];
        }
        Some(Err(e)) => return vec![csv_error(path, &e)],
        Some(Ok(h)) => h,
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_owned()).collect();
    let mut out = check_header(path, lines.first().copied().unwrap_or(""), &header, schema);
    if !out.is_empty() {
        return with_snippets(out, &lines);
    }
    let index: BTreeMap<&str, usize> = header.iter().enumerate().map(|(i, h)| (h.as_str(), i)).collect();
    let mut keys: BTreeMap<String, usize> = BTreeMap::new();
    let mut problems = 0usize;
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                out.push(csv_error(path, &e));
                break;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let starts = field_columns(lines.get(line.saturating_sub(1)).copied().unwrap_or(""));
        let at = |i: usize| Position::new(line, starts.get(i).copied().unwrap_or(1));
        if record.len() != header.len() {
            out.push(
                Diagnostic::error(path, format!("{} cells, the header has {}", record.len(), header.len()))
                    .at(Position::new(line, 1))
                    .with_hint("every row has one cell per header column (quote cells that contain commas)"),
            );
            problems += 1;
            continue;
        }
        for (column, ty) in &schema.columns {
            let Some(&i) = index.get(column.as_str()) else { continue };
            let value = record.get(i).unwrap_or("").trim();
            let is_key = schema.key.as_deref() == Some(column.as_str());
            let problem = if value.is_empty() {
                is_key.then(|| (format!("`{column}` is empty; it identifies the row"), None))
            } else if let Some(first) = keys.get(&value.to_ascii_lowercase()).filter(|_| is_key) {
                Some((format!("`{column}` `{value}` is also on line {first}; it must be unique"), None))
            } else {
                check_value(column, value, ty)
            };
            if let Some((message, hint)) = problem {
                problems += 1;
                if problems <= MAX_VALUE_PROBLEMS {
                    out.push(Diagnostic::error(path, message).at(at(i)).with_hint_opt(hint));
                }
            }
            if is_key && !value.is_empty() {
                keys.entry(value.to_ascii_lowercase()).or_insert(line);
            }
        }
    }
    if problems > MAX_VALUE_PROBLEMS {
        out.push(Diagnostic::error(path, format!("… and {} more problems", problems - MAX_VALUE_PROBLEMS)));
    }
    with_snippets(out, &lines)
}

fn with_snippets(mut diags: Vec<Diagnostic>, lines: &[&str]) -> Vec<Diagnostic> {
    for d in &mut diags {
        if d.line > 0 {
            d.snippet = lines.get(d.line - 1).map(|l| (*l).to_owned());
        }
    }
    diags
}

fn csv_error(path: &str, e: &csv::Error) -> Diagnostic {
    let line = e.position().map_or(0, |p| p.line() as usize);
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the file is not valid UTF-8".to_owned(),
        _ => e.to_string().split(": ").last().unwrap_or("cannot read the CSV").to_owned(),
    };
    Diagnostic::error(path, message).at(Position::new(line.max(1), 1))
}

/// Every declared column is in the header; a close unknown name is taken for a typo.
fn check_header(path: &str, line: &str, header: &[String], schema: &DatasetSchema) -> Vec<Diagnostic> {
    let starts = field_columns(line);
    let known: BTreeSet<&str> = schema.columns.keys().map(String::as_str).collect();
    let unknown: Vec<(usize, &str)> =
        header.iter().enumerate().filter(|(_, h)| !known.contains(h.as_str())).map(|(i, h)| (i, h.as_str())).collect();
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, h) in header.iter().enumerate() {
        if !seen.insert(h.as_str()) {
            out.push(
                Diagnostic::error(path, format!("column `{h}` appears twice in the header"))
                    .at(Position::new(1, starts.get(i).copied().unwrap_or(1))),
            );
        }
    }
    for column in schema.columns.keys().filter(|c| !header.contains(c)) {
        let typo = unknown.iter().find(|(_, h)| did_you_mean(h, [column.as_str()]).is_some());
        let d = match typo {
            Some((i, h)) => Diagnostic::error(path, format!("unknown column `{h}`; the register needs `{column}`"))
                .at(Position::new(1, starts.get(*i).copied().unwrap_or(1)))
                .with_hint(format!("did you mean `{column}`?")),
            None => Diagnostic::error(path, format!("missing column `{column}`")).at(Position::new(1, 1)).with_hint(
                format!("add `{column}` to the header; this register's columns are documented in registers/README.md"),
            ),
        };
        out.push(d);
    }
    out
}

/// Why `value` does not fit `ty`, with a hint; `None` when it fits.
pub fn check_value(column: &str, value: &str, ty: &ColumnType) -> Option<(String, Option<String>)> {
    let bad = |what: &str, hint: String| Some((format!("`{column}`: `{value}` is not {what}"), Some(hint)));
    match ty {
        ColumnType::Text | ColumnType::Json => None,
        ColumnType::Date => {
            if crate::dates::parse_timestamp(value).is_ok() {
                return None;
            }
            let hint = match us_date(value) {
                Some(iso) => format!("write dates as YYYY-MM-DD: `{iso}`"),
                None => crate::dates::DATE_HINT.to_owned(),
            };
            bad("a date", hint)
        }
        ColumnType::YesNo => match value {
            "yes" | "no" => None,
            _ => bad("yes or no", "write `yes` or `no`, in lower case".to_owned()),
        },
        ColumnType::Enum(values) => {
            if values.iter().any(|v| v == value) {
                return None;
            }
            let hint = match values.iter().find(|v| v.eq_ignore_ascii_case(value)) {
                Some(v) => format!("write `{v}`, in lower case"),
                None => match did_you_mean(value, values.iter().map(String::as_str)) {
                    Some(v) => format!("did you mean `{v}`? one of: {}", values.join(", ")),
                    None => format!("one of: {}", values.join(", ")),
                },
            };
            bad("a value of this column", hint)
        }
        ColumnType::Email => (!is_email(value)).then(|| {
            (
                format!("`{column}`: `{value}` is not an email address"),
                Some("write it like `dana@acme.example`".to_owned()),
            )
        }),
        ColumnType::Person => (value.contains('@') && !is_email(value)).then(|| {
            (
                format!("`{column}`: `{value}` is not an email address"),
                Some("write an email address or a name".to_owned()),
            )
        }),
        ColumnType::Contact => (!is_email(value) && !is_url(value))
            .then(|| (format!("`{column}`: `{value}` is neither an email address nor a URL"), None)),
        ColumnType::Url => (!is_url(value))
            .then(|| (format!("`{column}`: `{value}` is not a URL"), Some("write it like `https://…`".to_owned()))),
        ColumnType::Integer => {
            value.parse::<i64>().is_err().then(|| (format!("`{column}`: `{value}` is not a whole number"), None))
        }
        ColumnType::Number => {
            value.parse::<f64>().is_err().then(|| (format!("`{column}`: `{value}` is not a number"), None))
        }
        ColumnType::Bool => match value {
            "true" | "false" => None,
            _ => Some((format!("`{column}`: `{value}` is not true or false"), None)),
        },
    }
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
        && !domain.contains('@')
}

/// An http(s) URL with a host (spaces in the path are tolerated: people paste them).
fn is_url(s: &str) -> bool {
    s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")).is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !host.chars().any(char::is_whitespace)
    })
}

/// `10/15/2026` (M/D/YYYY) as `2026-10-15`, when it is a real date.
fn us_date(s: &str) -> Option<String> {
    let mut parts = s.split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    Some(date.format("%Y-%m-%d").to_string())
}

/// The 1-based character column where each field of a CSV line starts.
fn field_columns(line: &str) -> Vec<usize> {
    let mut starts = vec![1];
    let mut quoted = false;
    for (col, c) in line.chars().enumerate() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => starts.push(col + 2),
            _ => {}
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_schemas_parse() {
        assert_eq!(Schemas::builtin_error(), None);
        let s = Schemas::builtin();
        assert_eq!(s.registers.len(), 10);
        assert!(s.collectors["git"]["merges"].columns.contains_key("pr_number"));
        assert!(s.collectors["git"]["merges"].columns.contains_key("sha"), "merges inherit the commit columns");
        assert_eq!(s.meta.len(), 6);
    }

    fn check(rows: &str) -> Vec<String> {
        let schema = &Schemas::builtin().registers["hr_roster"];
        let header = schema.column_names().join(",");
        check_register("registers/hr_roster.csv", &format!("{header}\n{rows}"), schema)
            .iter()
            .map(|d| {
                format!(
                    "{}:{}: {}{}",
                    d.line,
                    d.column,
                    d.message,
                    d.hint.as_deref().map(|h| format!(" ({h})")).unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn values_are_checked_where_they_are_written() {
        // Columns sorted: access_removed_date, aws_username, confidentiality_agreement_date, department, email, ...
        let ok = "2026-01-02,,2025-01-01,Eng,a@x.example,employee,,,,Berlin,,Ann,2025-01-01,active,Engineer";
        assert_eq!(check(ok), Vec::<String>::new());
        let us = ok.replace("2025-01-01,Eng", "10/15/2026,Eng");
        assert_eq!(
            check(&us),
            [
                "2:13: `confidentiality_agreement_date`: `10/15/2026` is not a date (write dates as YYYY-MM-DD: `2026-10-15`)"
            ]
        );
        let bad = ok.replace("active,", "Terminated,");
        assert_eq!(
            check(&bad),
            ["2:75: `status`: `Terminated` is not a value of this column (write `terminated`, in lower case)"]
        );
        let feb = ok.replace("2026-01-02", "2026-02-30");
        assert_eq!(
            check(&feb)[0],
            "2:1: `access_removed_date`: `2026-02-30` is not a date (write dates as YYYY-MM-DD, e.g. `2026-01-31`, or RFC 3339 such as `2026-01-31T09:00:00Z`)"
        );
        let dup = format!("{ok}\n{}", ok.replace("a@x.example", "A@x.example"));
        assert_eq!(check(&dup), ["3:28: `email` `A@x.example` is also on line 2; it must be unique"]);
    }

    #[test]
    fn a_header_typo_is_named() {
        let schema = &Schemas::builtin().registers["hr_roster"];
        let header = schema.column_names().join(",").replace("end_date", "enddate");
        let d = check_register("r.csv", &format!("{header}\n"), schema);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "unknown column `enddate`; the register needs `end_date`");
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `end_date`?"));
    }

    #[test]
    fn quoted_commas_do_not_shift_columns() {
        assert_eq!(field_columns("a,\"b,c\",d"), [1, 3, 9]);
    }
}
