//! Auditor requests (a "PBC" list: provided by client): what the auditor
//! asked for, by when, and what answers each request. One YAML file per
//! request under `audit/requests/<id>.yaml`, written by `soc2 requests
//! import` from the auditor's CSV and extended by `soc2 requests answer` and
//! `soc2 requests accept`; answer files are copied under
//! `audit/requests/files/<id>/` with their sha256.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::dates::{parse_date, parse_timestamp};
use crate::diagnostic::{Diagnostic, Diagnostics, InvalidRepo, Position};
use crate::files::RepoFiles;
use crate::repo::yaml::{self, Seg};

pub const REQUESTS_DIR: &str = "audit/requests";
pub const FILES_DIR: &str = "audit/requests/files";

/// A request file as stored.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RequestDef {
    pub id: String,
    pub request: String,
    /// Criteria (`CC6.2`, `CC6`) or control ids (`AC-03`), as the auditor wrote them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Where the request was imported from: `pbc.csv:4`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<Answer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Acceptance>,
}

/// One thing that answers a request: a control (its results and evidence) or a file.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// `by` is an outside party, not a person of soc2.toml.
    #[serde(default, skip_serializing_if = "crate::repo::record::is_false")]
    pub external: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
    /// Repo-relative path of the answer file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Repo-relative path of a sample record (`evidence/samples/<control>/<period>.json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<String>,
}

/// The auditor's acceptance of what was provided.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    pub date: String,
    pub by: String,
    /// `by` is an outside party (the auditor's staff), not a person of soc2.toml.
    #[serde(default, skip_serializing_if = "crate::repo::record::is_false")]
    pub external: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum RequestStatus {
    /// Nothing answers it yet.
    Open,
    /// Answered, waiting for the auditor.
    Provided,
    /// The auditor accepted the answers (none came after the acceptance).
    Accepted,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::Provided => "provided",
            RequestStatus::Accepted => "accepted",
        }
    }
}

/// A loaded request with its status and what answers it.
#[derive(Clone, Debug, Serialize)]
pub struct Request {
    pub id: String,
    pub request: String,
    pub references: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    pub status: RequestStatus,
    pub answers: Vec<Answer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Acceptance>,
    /// Controls that answer it, sorted.
    pub controls: Vec<String>,
    /// Repo-relative files that answer it, sorted: what an export packs.
    pub files: Vec<String>,
    /// The request's own file.
    pub path: String,
    #[serde(skip)]
    pub def: RequestDef,
    #[serde(skip)]
    pub position: Position,
    #[serde(skip)]
    pub due_date: Option<NaiveDate>,
}

impl Request {
    /// Open past its due date at `now`.
    pub fn overdue(&self, now: DateTime<Utc>) -> bool {
        self.status == RequestStatus::Open && self.due_date.is_some_and(|d| d < now.date_naive())
    }
}

/// Parse `audit/requests/<id>.yaml`.
pub fn parse(path: &str, text: &str) -> Result<Request, Diagnostic> {
    let (def, index) = yaml::parse::<RequestDef>(path, text, 0)?;
    let located = |seg: &[Seg<'_>], field: &str, e: crate::dates::ParseError| {
        Diagnostic::error(path, format!("`{field}`: {}", e.message)).at(index.value(seg)).with_hint(e.hint)
    };
    let due_date = def.due.as_deref().map(parse_date).transpose().map_err(|e| located(&[Seg::Key("due")], "due", e))?;
    let mut last_answer: Option<DateTime<Utc>> = None;
    for (i, a) in def.answers.iter().enumerate() {
        let at = [Seg::Key("answers"), Seg::Index(i), Seg::Key("date")];
        let date = parse_timestamp(&a.date).map_err(|e| located(&at, "answers.date", e))?;
        last_answer = last_answer.max(Some(date));
        if a.control.is_none() && a.file.is_none() && a.sample.is_none() {
            return Err(Diagnostic::error(path, "an answer names neither a `control`, a `file` nor a `sample`")
                .at(index.value(&[Seg::Key("answers"), Seg::Index(i)]))
                .with_hint("record answers with `soc2 requests answer ID --control X`, `--file F` or `--sample X`"));
        }
    }
    let accepted_at = match &def.accepted {
        Some(a) => Some(
            parse_timestamp(&a.date)
                .map_err(|e| located(&[Seg::Key("accepted"), Seg::Key("date")], "accepted.date", e))?,
        ),
        None => None,
    };
    let status = match (accepted_at, last_answer) {
        (Some(acc), Some(ans)) if ans > acc => RequestStatus::Provided,
        (Some(_), _) => RequestStatus::Accepted,
        (None, Some(_)) => RequestStatus::Provided,
        (None, None) => RequestStatus::Open,
    };
    let mut controls: Vec<String> = def.answers.iter().filter_map(|a| a.control.clone()).collect();
    controls.sort();
    controls.dedup();
    let mut files: Vec<String> =
        def.answers.iter().flat_map(|a| a.file.iter().chain(a.sample.iter())).cloned().collect();
    files.sort();
    files.dedup();
    Ok(Request {
        id: def.id.clone(),
        request: def.request.clone(),
        references: def.references.clone(),
        due: def.due.clone(),
        status,
        answers: def.answers.clone(),
        accepted: def.accepted.clone(),
        controls,
        files,
        path: path.to_owned(),
        position: index.value(&[Seg::Key("id")]),
        due_date,
        def,
    })
}

/// Every request of the repo, sorted by id, or every problem found.
/// `Repo::load` reads them too (as `repo.requests`); this is for callers that
/// need only the requests, such as an export.
pub fn load(files: &dyn RepoFiles) -> Result<Vec<Request>, InvalidRepo> {
    let mut diags = Diagnostics::new();
    let requests = load_into(files, &mut diags);
    if diags.has_errors() {
        diags.sort();
        return Err(InvalidRepo(diags));
    }
    Ok(requests)
}

/// Load every request file, pushing problems into `diags`.
pub(crate) fn load_into(files: &dyn RepoFiles, diags: &mut Diagnostics) -> Vec<Request> {
    let mut out: Vec<Request> = Vec::new();
    for listed in files.list(REQUESTS_DIR) {
        let path = match listed {
            Ok(p) => p,
            Err((p, e)) => {
                diags.push(Diagnostic::error(p, e.to_string()));
                continue;
            }
        };
        // Answer files live under files/; only the request files themselves are read.
        let rel = path.strip_prefix(REQUESTS_DIR).unwrap_or(&path).trim_start_matches('/');
        if rel.contains('/') || !(rel.ends_with(".yaml") || rel.ends_with(".yml")) {
            continue;
        }
        let text = match files.read(&path).map(String::from_utf8) {
            Ok(Ok(t)) => t,
            Ok(Err(_)) => {
                diags.push(Diagnostic::error(&path, "file is not valid UTF-8").with_hint("save the file as UTF-8"));
                continue;
            }
            Err(e) => {
                diags.push(Diagnostic::error(&path, e.to_string()));
                continue;
            }
        };
        match parse(&path, &text) {
            Ok(r) => {
                let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
                if stem != r.id {
                    diags.push(
                        Diagnostic::error(&path, format!("request `{}` is in a file named `{rel}`", r.id))
                            .at(r.position)
                            .with_hint(format!("name the file {REQUESTS_DIR}/{}.yaml", r.id)),
                    );
                    continue;
                }
                out.push(r);
            }
            Err(d) => diags.push(d.with_source(&text)),
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// One row of an imported request list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedRow {
    pub id: String,
    pub request: String,
    pub references: Vec<String>,
    pub due: Option<NaiveDate>,
    /// 1-based line of the row in the CSV file.
    pub line: usize,
    /// Columns of the row, for locating reference problems.
    pub references_column: Option<usize>,
}

/// Header spellings, normalized (lowercase, letters, digits and `#` only).
const ID_NAMES: [&str; 12] =
    ["id", "requestid", "reqid", "pbcid", "pbc", "pbc#", "request#", "requestno", "requestnumber", "no", "number", "#"];
const REQUEST_NAMES: [&str; 9] = [
    "request",
    "requesttext",
    "requestdescription",
    "description",
    "text",
    "details",
    "itemdescription",
    "evidencerequested",
    "documentrequested",
];
const REFERENCE_NAMES: [&str; 13] = [
    "references",
    "reference",
    "refs",
    "criteria",
    "criterion",
    "controls",
    "control",
    "tsc",
    "mapping",
    "mappings",
    "relatedcriteria",
    "relatedcontrols",
    "controlreferences",
];
const DUE_NAMES: [&str; 6] = ["due", "duedate", "deadline", "datedue", "dueby", "due(yyyymmdd)"];

fn normalize_header(h: &str) -> String {
    h.trim().to_lowercase().chars().filter(|c| c.is_alphanumeric() || *c == '#').collect()
}

/// Parse an auditor's request list: a header row naming at least the id and
/// request columns (common spellings, any case), then one request per row.
/// `name` is how the file is shown in messages. Every problem is reported,
/// each at its line; columns soc2 does not know are returned by name.
pub fn parse_csv(name: &str, bytes: &[u8]) -> Result<(Vec<ImportedRow>, Vec<String>), Diagnostics> {
    let mut diags = Diagnostics::new();
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let text = String::from_utf8_lossy(bytes);
        diags.push(
            Diagnostic::error(name, "file is not valid UTF-8")
                .at(Position::of_offset(&text, e.valid_up_to()))
                .with_hint("export the list as CSV UTF-8"),
        );
        return Err(diags);
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(bytes);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            diags.push(Diagnostic::error(name, format!("cannot read the header row: {e}")).at(Position::new(1, 1)));
            return Err(diags);
        }
    };
    // An exact spelling first; else a header containing a telling word
    // ("TSC references", "Requested due date") that no other column took.
    let normalized: Vec<String> = headers.iter().map(normalize_header).collect();
    let exact = |names: &[&str]| normalized.iter().position(|h| names.contains(&h.as_str()));
    let mut cols = [exact(&ID_NAMES), exact(&REQUEST_NAMES), exact(&REFERENCE_NAMES), exact(&DUE_NAMES)];
    let words: [&[&str]; 4] =
        [&[], &["request", "description"], &["reference", "criteri", "control", "tsc"], &["due", "deadline"]];
    for (i, words) in words.iter().enumerate() {
        if cols[i].is_none() {
            cols[i] = normalized
                .iter()
                .enumerate()
                .find(|(c, h)| !cols.contains(&Some(*c)) && words.iter().any(|w| h.contains(w)))
                .map(|(c, _)| c);
        }
    }
    let [id_col, request_col, references_col, due_col] = cols;
    if headers.iter().all(|h| h.trim().is_empty()) {
        diags.push(
            Diagnostic::error(name, "the request list is empty")
                .at(Position::new(1, 1))
                .with_hint("the first row names the columns: id,request,references,due"),
        );
        return Err(diags);
    }
    let also = [
        (id_col, "id", "`request id`, `req id`, `pbc id`, `pbc #`, `request #`, `request no`, `no`, `number`, `#`"),
        (request_col, "request", "`request text`, `description`, `text`, `details`, `evidence requested`"),
    ];
    for (col, what, names) in also {
        if col.is_none() {
            diags.push(
                Diagnostic::error(name, format!("the header row has no `{what}` column"))
                    .at(Position::new(1, 1))
                    .with_hint(format!(
                        "name it `{what}` (also accepted, in any case: {names}); the header is: {}",
                        headers.iter().collect::<Vec<_>>().join(",")
                    )),
            );
        }
    }
    let (Some(id_col), Some(request_col)) = (id_col, request_col) else {
        return Err(diags);
    };
    let known = [Some(id_col), Some(request_col), references_col, due_col];
    let ignored: Vec<String> = headers
        .iter()
        .enumerate()
        .filter(|(i, h)| !known.contains(&Some(*i)) && !h.trim().is_empty())
        .map(|(_, h)| h.trim().to_owned())
        .collect();
    let mut rows: Vec<ImportedRow> = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                diags.push(Diagnostic::error(name, format!("malformed CSV: {e}")).at(Position::new(line, 0)));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let err = |msg: String| Diagnostic::error(name, msg).at(Position::new(line, 0));
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() != headers.len() {
            diags.push(
                err(format!("row has {} fields, the header has {}", record.len(), headers.len()))
                    .with_hint("quote cells that contain commas: \"a, b\""),
            );
            continue;
        }
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).map(str::trim).unwrap_or("");
        let id = cell(Some(id_col)).to_owned();
        let request = cell(Some(request_col)).to_owned();
        let before = diags.error_count();
        if id.is_empty() {
            diags.push(err(format!("`{}` is empty", headers.get(id_col).unwrap_or("id").trim())));
        } else if !crate::repo::control::is_valid_id(&id) {
            diags.push(
                err(format!("request id `{id}` is not usable as a file name"))
                    .with_hint("use letters, digits, `-`, `_` and `.`, e.g. `PBC-001`"),
            );
        } else if let Some(first) = seen.get(&id.to_lowercase()) {
            diags.push(err(format!("duplicate request id `{id}`")).with_hint(format!("line {first} has the same id")));
        }
        if request.is_empty() {
            diags.push(err(format!("request `{id}` has no text")));
        }
        let due = match cell(due_col) {
            "" => None,
            d => match parse_date(d) {
                Ok(date) => Some(date),
                Err(e) => {
                    diags.push(err(format!("`due`: {}", e.message)).with_hint(e.hint));
                    None
                }
            },
        };
        if diags.error_count() > before {
            continue;
        }
        seen.insert(id.to_lowercase(), line);
        let references: Vec<String> = cell(references_col)
            .split(|c: char| c == ';' || c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        rows.push(ImportedRow { id, request, references, due, line, references_column: references_col });
    }
    if rows.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error(name, "the request list has a header but no requests")
                .at(Position::new(1, 1))
                .with_hint("add one row per request under the header"),
        );
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((rows, ignored))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_spellings_and_reference_splitting() {
        let csv = "Request ID,Description,TSC References,Due Date,Owner\nPBC-1,\"Population of terminations, Q1\",CC6.2; AC-03,2026-07-15,x\n";
        let (rows, ignored) = parse_csv("l.csv", csv.as_bytes()).unwrap();
        assert_eq!(ignored, ["Owner"]);
        assert_eq!(rows[0].id, "PBC-1");
        assert_eq!(rows[0].references, ["CC6.2", "AC-03"]);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].due, NaiveDate::from_ymd_opt(2026, 7, 15));
    }

    #[test]
    fn status_follows_answers_and_acceptance() {
        let open = parse("r.yaml", "id: A\nrequest: x\n").unwrap();
        assert_eq!(open.status, RequestStatus::Open);
        let provided = parse("r.yaml", "id: A\nrequest: x\nanswers:\n- date: 2026-01-02\n  control: AC-1\n").unwrap();
        assert_eq!(provided.status, RequestStatus::Provided);
        let accepted = parse(
            "r.yaml",
            "id: A\nrequest: x\nanswers:\n- date: 2026-01-02\n  control: AC-1\naccepted: {date: 2026-01-03, by: a}\n",
        )
        .unwrap();
        assert_eq!(accepted.status, RequestStatus::Accepted);
    }
}
