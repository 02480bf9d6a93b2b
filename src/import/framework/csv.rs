//! A framework as CSV: a header row naming the columns `Section`, `ID`,
//! `Title` and `Requirement` (any order, any case; `Section` may be left
//! out, and `Title` or `Requirement`), then one requirement per row. As in
//! JupiterOne's template the title is optional: an empty one is made from
//! the requirement's text.

use super::{Draft, Requirement, Seen, error_at, slug};
use crate::diagnostic::{Diagnostic, Diagnostics, Position, did_you_mean};

const COLUMNS: [&str; 4] = ["Section", "ID", "Title", "Requirement"];
const REQUIRED: [&str; 1] = ["ID"];

pub fn read(path: &str, text: &str) -> Result<Draft, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut reader = ::csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            diags.push(csv_error(path, &e));
            return Err(diags);
        }
    };
    // Column index of each known column.
    let mut index: [Option<usize>; 4] = [None; 4];
    for (i, raw) in headers.iter().enumerate() {
        let name = raw.trim().trim_start_matches('\u{feff}');
        let column = i + 1;
        match COLUMNS.iter().position(|c| c.eq_ignore_ascii_case(name)) {
            Some(k) if index[k].is_some() => {
                diags.push(header_error(path, column, format!("column `{name}` appears twice")));
            }
            Some(k) => index[k] = Some(i),
            None => {
                let hint = match did_you_mean(name, COLUMNS) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the columns are {}", COLUMNS.join(", ")),
                };
                diags.push(header_error(path, column, format!("unknown column `{name}`")).with_hint(hint));
            }
        }
    }
    for required in REQUIRED {
        let k = COLUMNS.iter().position(|c| *c == required).unwrap_or(0);
        if index[k].is_none() {
            diags.push(
                header_error(path, 0, format!("no `{required}` column"))
                    .with_hint(format!("the header row names the columns: {}", COLUMNS.join(","))),
            );
        }
    }
    if index[2].is_none() && index[3].is_none() {
        diags.push(
            header_error(path, 0, "no `Title` and no `Requirement` column".to_owned())
                .with_hint(format!("the header row names the columns: {}", COLUMNS.join(","))),
        );
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let stem = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let mut draft = Draft { suggested_id: slug(stem), title: stem.to_owned(), ..Draft::default() };
    let mut seen = Seen::new();
    let cell = |record: &::csv::StringRecord, k: usize| -> String {
        index[k].and_then(|i| record.get(i)).map(str::trim).unwrap_or("").to_owned()
    };
    for row in reader.records() {
        let record = match row {
            Ok(r) => r,
            Err(e) => {
                diags.push(csv_error(path, &e));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let (section, id, title, requirement) =
            (cell(&record, 0), cell(&record, 1), cell(&record, 2), cell(&record, 3));
        let column = |k: usize| index[k].map_or(1, |i| i + 1);
        if id.is_empty() {
            diags.push(
                error_at(path, Some(Position::new(line, column(1))), "row has no ID")
                    .with_hint("every requirement needs an id, e.g. `A.5.15`"),
            );
            continue;
        }
        if let Some(first) = seen.repeat(&id, line) {
            diags.push(
                error_at(path, Some(Position::new(line, column(1))), format!("duplicate ID `{id}`"))
                    .with_hint(format!("`{id}` is first defined on line {first}")),
            );
            continue;
        }
        let title = if title.is_empty() { title_from(&requirement) } else { title };
        if title.is_empty() {
            diags.push(
                error_at(
                    path,
                    Some(Position::new(line, column(2))),
                    format!("requirement `{id}` has no Title and no Requirement"),
                )
                .with_hint("give the requirement its text (the title is made from it) or a short title"),
            );
            continue;
        }
        draft.push_named(&section, Requirement { id, title, description: requirement });
    }
    if diags.has_errors() {
        return Err(diags);
    }
    if draft.requirement_count() == 0 {
        diags.push(
            error_at(path, Some(Position::new(1, 1)), "no requirements: the file has a header row only")
                .with_hint("add one row per requirement under the header"),
        );
        return Err(diags);
    }
    Ok(draft)
}

/// A title made from a requirement's text: its first sentence, at most 80
/// characters, cut at a word with `…`.
pub(crate) fn title_from(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let sentence = match text.find(". ") {
        Some(i) => &text[..i],
        None => text.trim_end_matches('.'),
    };
    const MAX: usize = 80;
    if sentence.chars().count() <= MAX {
        return sentence.to_owned();
    }
    let mut out = String::new();
    for word in sentence.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > MAX - 1 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let out = out.trim_end_matches([',', ';', ':']);
    format!("{out}…")
}

fn header_error(path: &str, column: usize, message: String) -> Diagnostic {
    Diagnostic::error(path, message).at(Position::new(1, column))
}

fn csv_error(path: &str, e: &::csv::Error) -> Diagnostic {
    let line = e.position().map_or(0, |p| p.line() as usize);
    let message = match e.kind() {
        ::csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("row has {len} field(s), the header has {expected_len}")
        }
        ::csv::ErrorKind::Utf8 { .. } => "row is not valid UTF-8".to_owned(),
        _ => e.to_string(),
    };
    let hint = match e.kind() {
        ::csv::ErrorKind::UnequalLengths { .. } => {
            Some("quote a cell that holds a comma: \"Access control, physical\"".to_owned())
        }
        ::csv::ErrorKind::Utf8 { .. } => Some("save the file as UTF-8".to_owned()),
        _ => None,
    };
    Diagnostic::error(path, message).at(Position::new(line, 0)).with_hint_opt(hint)
}

#[cfg(test)]
mod tests {
    use super::title_from;

    #[test]
    fn titles_are_made_from_the_requirement() {
        assert_eq!(title_from("Access is reviewed quarterly. Exceptions are tracked."), "Access is reviewed quarterly");
        assert_eq!(title_from("  Logs are kept.  "), "Logs are kept");
        let long = "The organization implements and maintains a documented process for managing the lifecycle of all cryptographic keys, including generation";
        let t = title_from(long);
        assert!(t.ends_with('…') && t.chars().count() <= 80, "{t}");
        assert_eq!(title_from(""), "");
    }
}
