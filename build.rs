use std::path::Path;
use std::process::Command;

// The default content library is embedded with include_dir, which cannot tell
// cargo about new files on stable Rust: rebuild when the library changes.
fn main() {
    for dir in ["controls", "queries", "templates", "src/repo/framework"] {
        println!("cargo:rerun-if-changed={dir}");
    }
    // The commit this binary is built from: `soc2 init --ci github` pins this
    // repository's action to it. The release workflow sets SOC2_SOURCE_COMMIT;
    // a crate package records it in .cargo_vcs_info.json; a git checkout (as
    // `cargo install --git` makes) answers `git rev-parse HEAD`. A later commit
    // in a development tree does not rerun this: only releases need it exact.
    println!("cargo:rerun-if-env-changed=SOC2_SOURCE_COMMIT");
    let commit = std::env::var("SOC2_SOURCE_COMMIT")
        .ok()
        .filter(|c| is_sha(c))
        .or_else(vcs_info_commit)
        .or_else(git_head)
        .unwrap_or_default();
    println!("cargo:rustc-env=SOC2_SOURCE_COMMIT={commit}");
}

fn is_sha(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `"sha1": "<40 hex>"` from the file `cargo package` writes.
fn vcs_info_commit() -> Option<String> {
    let text = std::fs::read_to_string(Path::new(".cargo_vcs_info.json")).ok()?;
    let after = text.split("\"sha1\"").nth(1)?;
    let sha = after.split('"').nth(1)?;
    is_sha(sha).then(|| sha.to_ascii_lowercase())
}

/// HEAD of the git repository whose root is this package (never of an enclosing one).
fn git_head() -> Option<String> {
    let out = Command::new("git").args(["rev-parse", "--show-toplevel", "HEAD"]).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let mut lines = text.lines();
    let top = std::fs::canonicalize(lines.next()?).ok()?;
    let sha = lines.next()?.trim().to_ascii_lowercase();
    (top == std::fs::canonicalize(".").ok()? && is_sha(&sha)).then_some(sha)
}
