//! Regression tests for the reliability and security probe (2026-11): one
//! test per defect (D1–D31), each built from the probe's reproducer.

use std::io::{Read, Write};
use std::path::Path;

use crate::support::{Fixture, QUERY};

const TOML: &str = r#"[organization]
name = "Test Co"

[audit]
type = "type1"
categories = ["security"]

[collectors.idp_users]
kind = "file"
path = "registers/idp.csv"
"#;

const IDP_CSV: &str = "email,mfa\na@test.example,1\nb@test.example,0\n";

/// A small repo with evidence collected from a register and a manual file.
fn repo() -> Fixture {
    let png = b"\x89PNG fake".as_slice();
    Fixture::minimal()
        .file("soc2.toml", TOML)
        .file("registers/idp.csv", IDP_CSV)
        .file(
            "evidence/manual/AC-01/2026-06-01-file.yaml",
            format!(
                "kind: file\ndate: 2026-06-01\nby: dana@test.example\nfile: mfa-screenshot.png\nsha256: {}\n",
                sha256(png)
            ),
        )
        .file("evidence/manual/AC-01/mfa-screenshot.png", png)
}

/// [`repo`] with its evidence collected.
fn collected() -> Fixture {
    let fx = repo();
    fx.soc2(&["collect"]).code(0);
    fx
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Every entry of a zip, in order: name → bytes.
fn entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        out.push((e.name().to_owned(), bytes));
    }
    out
}

/// Replace every occurrence of `from` by `to` (same length) in the file's bytes:
/// renames an entry in its local header and in the central directory alike.
fn patch(path: &Path, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let mut bytes = std::fs::read(path).unwrap();
    let mut n = 0;
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from.as_bytes() {
            bytes[i..i + from.len()].copy_from_slice(to.as_bytes());
            n += 1;
            i += from.len();
        } else {
            i += 1;
        }
    }
    assert!(n >= 2, "{from} not found in the zip");
    std::fs::write(path, bytes).unwrap();
}

/// An exported package of [`collected`], at `p.zip`.
fn exported() -> Fixture {
    let fx = collected();
    fx.soc2(&["export", "--output", "p.zip"]).code(0);
    fx.soc2(&["verify", "p.zip"]).code(0).stdout_has("intact");
    fx
}

/// Rewrite `p.zip` as `out` with the entries `edit` returns, manifest included as is.
fn rewrite(fx: &Fixture, out: &str, edit: impl Fn(Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)>) {
    let all = edit(entries(&fx.join("p.zip")));
    let mut w = zip::ZipWriter::new(std::fs::File::create(fx.join(out)).unwrap());
    for (name, bytes) in all {
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.finish().unwrap();
}

// D1: duplicate entries, with a forged copy first, made `verify` say intact.
#[test]
fn d1_verify_refuses_duplicate_entries_even_when_the_forged_copy_comes_first() {
    let fx = exported();
    let name = "controls/AC-01/result.json";
    let decoy = "controls/AC-01/result.jsoX";
    rewrite(&fx, "dup.zip", |all| {
        let mut out = Vec::new();
        for (n, bytes) in all {
            if n == name {
                let forged = String::from_utf8(bytes.clone()).unwrap().replace("\"fail\"", "\"pass\"");
                out.push((decoy.to_owned(), forged.into_bytes()));
            }
            out.push((n, bytes));
        }
        out
    });
    patch(&fx.join("dup.zip"), decoy, name);
    let run = fx.soc2(&["verify", "dup.zip"]);
    run.code(1).no_panic().stdout_has(&format!("duplicate: {name}: appears 2 times in the zip"));
    run.stdout_has("NOT intact");
}

// D1: names that differ only by case or Unicode normalization collide on macOS and Windows.
#[test]
fn d1_verify_refuses_names_that_collide_by_case_or_normalization() {
    let fx = exported();
    rewrite(&fx, "case.zip", |mut all| {
        let (_, bytes) = all.iter().find(|(n, _)| n == "controls/AC-01/result.json").unwrap().clone();
        all.insert(0, ("controls/ac-01/result.json".to_owned(), bytes));
        all
    });
    fx.soc2(&["verify", "case.zip"])
        .code(1)
        .stdout_has("duplicate: controls/ac-01/result.json: names `controls/AC-01/result.json` and `controls/ac-01/result.json` differ only by case");
    rewrite(&fx, "nfd.zip", |mut all| {
        all.insert(0, ("evidence/caf\u{e9}.txt".to_owned(), b"a".to_vec()));
        all.insert(0, ("evidence/cafe\u{301}.txt".to_owned(), b"b".to_vec()));
        all
    });
    fx.soc2(&["verify", "nfd.zip"]).code(1).stdout_has("differ only by case or Unicode normalization");
}

// D16: symlink entries passed as intact, and `unzip` then created the link.
#[test]
fn d16_verify_refuses_symlink_entries() {
    let fx = exported();
    let all = entries(&fx.join("p.zip"));
    let mut w = zip::ZipWriter::new(std::fs::File::create(fx.join("link.zip")).unwrap());
    w.add_symlink("evidence/linkdir", "/etc", zip::write::SimpleFileOptions::default()).unwrap();
    for (name, bytes) in all {
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.finish().unwrap();
    fx.soc2(&["verify", "link.zip"])
        .code(1)
        .no_panic()
        .stdout_has("unsafe path: evidence/linkdir: a symbolic link entry; soc2 packages hold only regular files");
}

// D17: a directory entry carrying data was ignored.
#[test]
fn d17_verify_refuses_directory_entries_with_data() {
    let fx = exported();
    rewrite(&fx, "dir.zip", |mut all| {
        all.insert(0, ("controls/AC-01/dirX".to_owned(), b"nineteen bytes here".to_vec()));
        all
    });
    patch(&fx.join("dir.zip"), "controls/AC-01/dirX", "controls/AC-01/dir/");
    fx.soc2(&["verify", "dir.zip"])
        .code(1)
        .no_panic()
        .stdout_has("extra: controls/AC-01/dir/: a directory entry that carries data");
}
