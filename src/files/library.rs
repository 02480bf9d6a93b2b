//! The default content library embedded in the binary: the project's own
//! `controls/`, `queries/` and `templates/`, written out by `soc2 init`.

use include_dir::{Dir, include_dir};

static CONTROLS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/controls");
static QUERIES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/queries");
static TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// One embedded file: its path relative to the repo root, and its bytes.
pub struct LibraryFile {
    pub path: String,
    pub contents: &'static [u8],
}

/// Every file of an embedded folder, as `prefix/relative/path`, sorted.
fn files_of(dir: &'static Dir<'static>, prefix: &str) -> Vec<LibraryFile> {
    let mut out = Vec::new();
    collect(dir, prefix, &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn collect(dir: &'static Dir<'static>, prefix: &str, out: &mut Vec<LibraryFile>) {
    for f in dir.files() {
        let hidden = f.path().file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        out.push(LibraryFile {
            path: format!("{prefix}/{}", f.path().to_string_lossy().replace('\\', "/")),
            contents: f.contents(),
        });
    }
    for d in dir.dirs() {
        collect(d, prefix, out);
    }
}

pub fn controls() -> Vec<LibraryFile> {
    files_of(&CONTROLS, "controls")
}

pub fn queries() -> Vec<LibraryFile> {
    files_of(&QUERIES, "queries")
}

/// Built-in templates (`templates/...`).
pub fn templates() -> Vec<LibraryFile> {
    files_of(&TEMPLATES, "templates")
}

/// The bytes of one built-in file by its repo path (`controls/AC-01.yaml`, `templates/…`).
pub fn file(path: &str) -> Option<&'static [u8]> {
    let (dir, rest) = path.split_once('/')?;
    let dir = match dir {
        "controls" => &CONTROLS,
        "queries" => &QUERIES,
        "templates" => &TEMPLATES,
        _ => return None,
    };
    dir.get_file(rest).map(|f| f.contents())
}

/// One built-in template by its path under `templates/`.
pub fn template(path: &str) -> Option<&'static str> {
    TEMPLATES.get_file(path).and_then(|f| f.contents_utf8())
}

/// Ids of the built-in policy templates (`templates/policies/<id>.md.j2`).
pub fn policy_template_ids() -> Vec<String> {
    let mut ids: Vec<String> = TEMPLATES
        .get_dir("policies")
        .into_iter()
        .flat_map(|d| d.files())
        .filter_map(|f| f.path().file_name()?.to_str()?.strip_suffix(".md.j2").map(str::to_owned))
        .collect();
    ids.sort();
    ids
}
