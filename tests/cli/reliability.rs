//! Regression tests for the reliability and security probe (2026-11): one
//! test per defect (D1–D31), each built from the probe's reproducer.

use std::io::{Read, Write};
use std::path::Path;

use crate::support::Fixture;

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

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

// D2: an in-repo link to .git/config was packed, and the manual file's sha256 never checked.
#[cfg(unix)]
#[test]
fn d2_export_never_packs_git_internals_through_a_link() {
    let fx = collected();
    std::fs::create_dir_all(fx.join(".git")).unwrap();
    std::fs::write(fx.join(".git/config"), "[http]\n\textraheader = AUTHORIZATION: basic SECRET-HEADER\n").unwrap();
    std::fs::remove_file(fx.join("evidence/manual/AC-01/mfa-screenshot.png")).unwrap();
    symlink("../../../.git/config", fx.join("evidence/manual/AC-01/mfa-screenshot.png"));
    let run = fx.soc2(&["export", "--output", "g.zip"]);
    run.code(0)
        .no_panic()
        .stderr_has("warning: evidence/manual/AC-01/mfa-screenshot.png: is a symbolic link that leaves the repo");
    for (name, bytes) in entries(&fx.join("g.zip")) {
        assert!(!bytes.windows(13).any(|w| w == b"SECRET-HEADER"), "{name} holds .git/config");
    }
}

// D2: a manual file whose bytes differ from its record's sha256 is refused, naming it.
#[test]
fn d2_export_refuses_manual_evidence_that_differs_from_its_recorded_sha256() {
    let fx = collected();
    std::fs::write(fx.join("evidence/manual/AC-01/mfa-screenshot.png"), "swapped after recording").unwrap();
    let run = fx.soc2(&["export", "--output", "m.zip"]);
    run.code(1)
        .no_panic()
        .stderr_has("error: evidence/manual/AC-01/mfa-screenshot.png: sha256 ")
        .stderr_has("recorded in evidence/manual/AC-01/2026-06-01-file.yaml")
        .stderr_has("no package written");
    assert!(!fx.join("m.zip").exists());
}

// D3: loaders followed links out of the repo and quoted the target in diagnostics.
#[cfg(unix)]
#[test]
fn d3_loaders_refuse_links_out_of_the_repo_without_quoting_them() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("env"), "CI_SECRET_TOKEN=s3cr3t-value-XYZ\n").unwrap();
    std::fs::write(
        outside.path().join("ZZ-09.yaml"),
        "id: ZZ-09\ntitle: OUTSIDE-CONTROL\ncriteria: [CC6.1]\nowner: a@b.c\n",
    )
    .unwrap();
    let fx = collected();
    symlink(outside.path().join("env"), fx.join("controls/ZZ-07.yaml"));
    let run = fx.soc2(&["validate"]);
    run.code(2).no_panic().stderr_has("controls/ZZ-07.yaml:1:1: error: is a symbolic link that leaves the repo");
    assert!(!run.stderr.contains("s3cr3t-value-XYZ"), "{}", run.stderr);
    std::fs::remove_file(fx.join("controls/ZZ-07.yaml")).unwrap();

    symlink(outside.path().join("ZZ-09.yaml"), fx.join("controls/ZZ-09.yaml"));
    let run = fx.soc2(&["check"]);
    run.code(2).stderr_has("controls/ZZ-09.yaml:1:1: error: is a symbolic link that leaves the repo");
    assert!(!run.stdout.contains("OUTSIDE-CONTROL"));
    std::fs::remove_file(fx.join("controls/ZZ-09.yaml")).unwrap();

    // Evidence and policies too, and a linked folder as a whole.
    std::fs::write(outside.path().join("rows.jsonl"), "{\"email\":\"OUTSIDE-SECRET-LOGIN\",\"mfa\":\"0\"}\n").unwrap();
    std::fs::remove_file(fx.join("evidence/idp_users/idp_users.jsonl")).unwrap();
    symlink(outside.path().join("rows.jsonl"), fx.join("evidence/idp_users/idp_users.jsonl"));
    let run = fx.soc2(&["check", "--format", "json"]);
    assert!(!run.stdout.contains("OUTSIDE-SECRET-LOGIN"), "{}", run.stdout);
    assert!(run.stdout.contains("is a symbolic link that leaves the repo"), "{}", run.stdout);

    let moved = outside.path().join("queries");
    std::fs::rename(fx.join("queries"), &moved).unwrap();
    symlink(&moved, fx.join("queries"));
    fx.soc2(&["validate"]).code(2).stderr_has("queries:1:1: error: is a symbolic link that leaves the repo");
}

// D4: the file collector read a register through a linked folder out of the repo.
#[cfg(unix)]
#[test]
fn d4_file_collector_refuses_links_out_of_the_repo() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("creds.csv"), "user,secret\nroot,hunter2-outside\n").unwrap();
    let fx = collected();
    symlink(outside.path(), fx.join("registers/ext"));
    let fx = fx.file("soc2.toml", TOML.replace("registers/idp.csv", "registers/ext/*.csv"));
    let run = fx.soc2(&["collect", "idp_users"]);
    run.code(1).no_panic().stderr_has("registers/ext/creds.csv: is a symbolic link that leaves the repo");
    assert!(!fx.read("evidence/idp_users/idp_users.jsonl").contains("hunter2"));

    std::fs::remove_file(fx.join("registers/idp.csv")).unwrap();
    symlink("/etc/passwd", fx.join("registers/idp.csv"));
    let fx = fx.file("soc2.toml", TOML);
    fx.soc2(&["collect", "idp_users"])
        .code(1)
        .stderr_has("registers/idp.csv: is a symbolic link that leaves the repo (to /etc/passwd)");
}

// D15: `export --output` replaced a device or a FIFO with a zip.
#[cfg(unix)]
#[test]
fn d15_export_refuses_to_replace_a_fifo_or_a_device() {
    let fx = collected();
    mkfifo(&fx.join("f.zip"));
    fx.soc2(&["export", "--output", "f.zip"])
        .code(2)
        .no_panic()
        .stderr_has("--output f.zip: is a FIFO (named pipe), not a regular file");
    let meta = std::fs::symlink_metadata(fx.join("f.zip")).unwrap();
    assert!(!meta.is_file(), "the FIFO was replaced");
    fx.soc2(&["export", "--output", "/dev/null"]).code(2).stderr_has("is a device, not a regular file");
}

// D25: a FIFO among the controls hung `validate` forever; `--file /dev/zero` too.
#[cfg(unix)]
#[test]
fn d25_fifos_and_devices_are_refused_not_read() {
    let fx = collected();
    mkfifo(&fx.join("controls/ZZ-04.yaml"));
    let started = std::time::Instant::now();
    fx.soc2(&["validate"])
        .code(2)
        .no_panic()
        .stderr_has("controls/ZZ-04.yaml:1:1: error: is a FIFO (named pipe), not a regular file");
    std::fs::remove_file(fx.join("controls/ZZ-04.yaml")).unwrap();
    fx.soc2(&["evidence", "add", "AC-01", "--file", "/dev/zero", "--by", "a@test.example", "--external"])
        .code(2)
        .stderr_has("--file /dev/zero: cannot read: is a device, not a regular file");
    assert!(started.elapsed().as_secs() < 20);
}

// D26: `init` wrote through a pre-existing linked folder.
#[cfg(unix)]
#[test]
fn d26_init_never_writes_through_a_linked_folder() {
    let outside = tempfile::tempdir().unwrap();
    let fx = Fixture::empty();
    symlink(outside.path(), fx.join("controls"));
    fx.soc2(&["init"]).code(2).no_panic().stderr_has("controls: is a symbolic link (to ");
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0, "files were written outside");
}

// D31: a policy id with `..` made export write zip-slip entries.
#[test]
fn d31_policy_ids_are_validated_like_control_ids() {
    let fx = collected();
    let text = fx.read("policies/access-control.md").replace("id: access-control", "id: ../../../../tmp/pol_pwned");
    let fx = fx.file("policies/access-control.md", text);
    fx.soc2(&["validate"]).code(2).no_panic().stderr_has(
        "policies/access-control.md:2:5: error: policy id `../../../../tmp/pol_pwned` is not usable as a file name",
    );
    fx.soc2(&["export", "--output", "e.zip"]).code(2);
    assert!(!fx.join("e.zip").exists());
}

// D19: an empty soc2.toml passed validate and dropped the audit's scope.
#[test]
fn d19_an_empty_soc2_toml_is_an_error() {
    let fx = repo().file("soc2.toml", "  \n");
    fx.soc2(&["validate"])
        .code(2)
        .no_panic()
        .stderr_has("soc2.toml:1:1: error: `organization.name` is missing")
        .stderr_has("soc2.toml:1:1: error: `[audit]` is missing");
}

// D20: an exception with `id: ''` waived findings.
#[test]
fn d20_exception_ids_are_validated() {
    for bad in ["''", "../../x"] {
        let fx = repo().file(
            "exceptions/EX-1.yaml",
            format!("id: {bad}\ncontrol: AC-01\nresources: [b@test.example]\nowner: a@test.example\njustification: j\napproved_by: c@test.example\nexpires: 2026-12-31\n"),
        );
        fx.soc2(&["validate"]).code(2).no_panic().stderr_has("exceptions/EX-1.yaml:1:5: error: exception id");
    }
}

// D21: a UTF-8 BOM gave "more than one document".
#[test]
fn d21_a_byte_order_mark_is_not_content() {
    let control = format!("\u{feff}{}", crate::support::CONTROL);
    let policy = format!("\u{feff}{}", crate::support::POLICY);
    let fx = collected().file("controls/AC-01.yaml", control).file("policies/access-control.md", policy);
    let run = fx.soc2(&["validate"]);
    run.code(0).no_panic();
}

// D27: data parse errors of a file collector read `path:line:col: message`.
#[test]
fn d27_file_collector_errors_are_located() {
    let fx = repo().file("registers/idp.csv", "email,mfa\na@test.example,1\nb@test.example,0,extra\n");
    fx.soc2(&["collect"]).code(1).stderr_has("registers/idp.csv:3:1: this row has 3 cells, the header has 2");
    let toml = TOML.replace("registers/idp.csv", "registers/idp.jsonl");
    let fx = repo().file("soc2.toml", &toml).file("registers/idp.jsonl", "{\"email\":\"a\"}\n{email:1}\n");
    fx.soc2(&["collect"]).code(1).stderr_has("registers/idp.jsonl:2:2: invalid JSON: key must be a string");
    let toml = TOML.replace("registers/idp.csv", "registers/idp.json");
    let fx =
        repo().file("soc2.toml", &toml).file("registers/idp.json", "[\n  {\"email\": \"a\"},\n  {\"email\": }\n]\n");
    fx.soc2(&["collect"]).code(1).stderr_has("registers/idp.json:3:13: invalid JSON: expected value");
}

// D29: a 100,000-column CSV took 17 s: the header check was quadratic.
#[test]
fn d29_csv_width_costs_linear_time() {
    let n = 100_000;
    let header: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
    let row: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    let fx = repo().file("registers/idp.csv", format!("{}\n{}\n", header.join(","), row.join(",")));
    let started = std::time::Instant::now();
    fx.soc2(&["collect"]).code(0).no_panic();
    let took = started.elapsed();
    assert!(took.as_secs() < 8, "collect of a 100,000-column CSV took {took:?}");
}

// D5: a cache file committed with `git add -f` falsified a result in a fresh clone.
#[test]
fn d5_a_cache_file_not_built_here_is_rebuilt_not_trusted() {
    let fx = collected();
    fx.soc2(&["check", "--format", "json"]).code(1);
    let sha = sha256(&std::fs::read(fx.join("evidence/idp_users/idp_users.jsonl")).unwrap());
    let cache = fx.join(&format!(".soc2/cache/v1/{sha}.sqlite"));
    assert!(cache.is_file());
    // Forge the cache, then make it look like a fresh checkout: a new inode and mtime.
    {
        let conn = rusqlite::Connection::open(&cache).unwrap();
        conn.execute("update data set mfa = '1'", []).unwrap();
    }
    let forged = std::fs::read(&cache).unwrap();
    std::fs::remove_file(&cache).unwrap();
    std::fs::write(&cache, forged).unwrap();
    let run = fx.soc2(&["check", "--format", "json"]);
    run.code(1);
    let json = run.json();
    assert_eq!(json["controls"][0]["status"], "fail", "{}", run.stdout);
}

/// [`collected`] plus controls ZZ-1.. each running one of `queries`.
fn with_queries(queries: &[&str]) -> Fixture {
    let mut fx = collected();
    for (i, sql) in queries.iter().enumerate() {
        fx = fx.file(&format!("queries/zz_{i}.sql"), *sql).file(
            &format!("controls/ZZ-{i}.yaml"),
            format!(
                "id: ZZ-{i}\ntitle: Probe {i}\ncriteria: [CC6.1]\nowner: a@test.example\nqueries:\n  - query: zz_{i}\n"
            ),
        );
    }
    fx
}

fn control<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    json["controls"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap()
}

// D7: results and values had no bound: a self-join reached 11 GB, zeroblob 8.8 GB.
#[test]
fn d7_query_results_and_values_are_bounded() {
    let fx = with_queries(&[
        // Five-way self-join of 100 rows: 10^10 rows.
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100)\nSELECT a.x AS resource FROM n a, n b, n c, n d, n e, idp_users\n",
        "SELECT zeroblob(900000000) AS resource FROM idp_users\n",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 10000000)\nSELECT x AS resource FROM c, idp_users\n",
        "SELECT hex(randomblob(400000000)) AS resource FROM idp_users\n",
    ]);
    let started = std::time::Instant::now();
    let run = fx.soc2(&["check", "--format", "json"]);
    run.code(1).no_panic();
    assert!(started.elapsed().as_secs() < 30, "took {:?}", started.elapsed());
    let json = run.json();
    for (id, message) in [
        ("ZZ-0", "queries/zz_0.sql:1:1: query returned more than 100000 rows; soc2 stopped reading (hint: "),
        ("ZZ-1", "queries/zz_1.sql:1:1: string or blob too big: a value may be at most 16 MiB (hint: "),
        ("ZZ-2", "queries/zz_2.sql:1:1: query returned more than 100000 rows"),
        ("ZZ-3", "queries/zz_3.sql:1:1: string or blob too big"),
    ] {
        let c = control(&json, id);
        assert_eq!(c["status"], "error", "{id}: {c}");
        let error = c["queries"][0]["error"].as_str().unwrap();
        assert!(error.starts_with(message), "{id}: {error}");
    }
}

// D8: never-ending queries ran one after the other, 30 s each, with no total budget.
#[test]
fn d8_a_check_has_a_total_query_time_budget() {
    let forever =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)\nSELECT count(*) AS n FROM c, idp_users\n";
    let fx = with_queries(&[forever, forever, forever, forever]);
    let started = std::time::Instant::now();
    let run = fx.soc2_env(&["check", "--format", "json"], &[("SOC2_QUERY_BUDGET", "3")]);
    let took = started.elapsed();
    run.code(1).no_panic();
    assert!(took.as_secs() < 15, "four runaway queries took {took:?}");
    let json = run.json();
    let errors: Vec<String> = (0..4)
        .map(|i| control(&json, &format!("ZZ-{i}"))["queries"][0]["error"].as_str().unwrap().to_owned())
        .collect();
    assert!(errors.iter().all(|e| e.contains("time budget (3s)")), "{errors:#?}");
    assert!(errors.iter().all(|e| e.starts_with("queries/zz_")), "{errors:#?}");
}

// D6: flipping a value in a data file changed a verdict, and nothing noticed the sha256.
#[test]
fn d6_evidence_that_differs_from_its_meta_sha256_is_an_error() {
    let fx = collected();
    fx.soc2(&["check"]).code(1).stdout_has("fail");
    let path = "evidence/idp_users/idp_users.jsonl";
    let edited = fx.read(path).replace("\"mfa\":\"0\"", "\"mfa\":\"1\"");
    assert_ne!(edited, fx.read(path));
    let fx = fx.file(path, edited);
    let run = fx.soc2(&["check", "--format", "json"]);
    run.code(1).no_panic();
    let c = control(&run.json(), "AC-01").clone();
    assert_eq!(c["status"], "error", "{c}");
    let error = c["queries"][0]["error"].as_str().unwrap();
    assert!(
        error.starts_with("cannot load idp_users: evidence/idp_users/idp_users.jsonl: sha256 ")
            && error.contains("differs from the sha256 its meta file records")
            && error.contains("(hint: collect it again with `soc2 collect idp_users`"),
        "{error}"
    );
    // Collecting again heals it.
    fx.soc2(&["collect"]).code(0);
    fx.soc2(&["check"]).code(1).stdout_has("fail");
}

// D18: a kill between the data rename and the meta rename left them mismatched.
#[test]
fn d18_a_collect_killed_between_the_renames_leaves_a_pending_meta_that_readers_use() {
    let fx = collected();
    let dir = "evidence/idp_users";
    let old_meta = fx.read(&format!("{dir}/idp_users.meta.json"));
    // What a collect killed right after the data rename leaves: new data, old meta, pending meta.
    let fx = fx.file("registers/idp.csv", "email,mfa\na@test.example,1\nb@test.example,1\n");
    fx.soc2(&["collect"]).code(0);
    let new_meta = fx.read(&format!("{dir}/idp_users.meta.json"));
    let fx = fx
        .file(&format!("{dir}/idp_users.meta.json"), &old_meta)
        .file(&format!("{dir}/.idp_users.meta.next"), &new_meta);
    let run = fx.soc2(&["check", "--format", "json"]);
    assert_eq!(control(&run.no_panic().json(), "AC-01")["status"], "pass", "{}", run.stdout);
    // The next collect finishes the replacement (or redoes it), and leaves no pending file.
    fx.soc2(&["collect"]).code(0);
    assert!(!fx.join(&format!("{dir}/.idp_users.meta.next")).exists());
    assert_eq!(fx.read(&format!("{dir}/idp_users.meta.json")), new_meta);
    // A pending meta that does not match the data is no excuse.
    let fx = fx
        .file(&format!("{dir}/.idp_users.meta.next"), &old_meta)
        .file(&format!("{dir}/idp_users.meta.json"), &old_meta);
    let run = fx.soc2(&["check", "--format", "json"]);
    assert_eq!(control(&run.json(), "AC-01")["status"], "error", "{}", run.stdout);
}

// D22: a collection time or a record date in the future kept evidence fresh and reviews done.
#[test]
fn d22_timestamps_in_the_future_are_errors() {
    let fx = collected();
    let meta = "evidence/idp_users/idp_users.meta.json";
    let text = fx.read(meta);
    let at = serde_json::from_str::<serde_json::Value>(&text).unwrap()["collected_at"].as_str().unwrap().to_owned();
    let fx = fx.file(meta, text.replace(&at, "2099-01-01T00:00:00Z"));
    let run = fx.soc2(&["check", "--format", "json"]);
    let c = control(&run.json(), "AC-01").clone();
    assert_eq!(c["status"], "error", "{c}");
    assert!(
        c["queries"][0]["error"]
            .as_str()
            .unwrap()
            .contains("`collected_at` 2099-01-01T00:00:00Z is later than the evaluation time"),
        "{c}"
    );

    let fx = repo().file(
        "evidence/reviews/2099-01-01-ac-01.yaml",
        "subject: control\nid: AC-01\ndate: 2099-01-01\nby: dana@test.example\n",
    );
    for cmd in [&["validate"][..], &["check"], &["reviews"]] {
        fx.soc2(cmd)
            .code(2)
            .no_panic()
            .stderr_has("evidence/reviews/2099-01-01-ac-01.yaml:3:7: error: `date` 2099-01-01T00:00:00Z is later than the evaluation time");
    }
}

/// Every file under the fixture (evidence, meta, .soc2) and what the runs printed, as one text.
fn everything(fx: &Fixture, runs: &[&crate::support::Run]) -> String {
    let mut all = String::new();
    for entry in walkdir::WalkDir::new(fx.path()).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        all.push_str(&String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap_or_default()));
    }
    for r in runs {
        all.push_str(&r.stdout);
        all.push_str(&r.stderr);
    }
    all
}

// D9: an inherited secret printed by a failing command collector leaked into meta, output and reports.
#[cfg(unix)]
#[test]
fn d9_inherited_secrets_in_a_failing_commands_stderr_are_redacted() {
    let secret = "Inh3rited-0therSecret-77";
    let toml = format!(
        "{TOML}\n[collectors.c_inherited]\nkind = \"command\"\nrun = [\"sh\", \"-c\", \"echo \\\"inherited: $OTHER_SECRET pw: $DB_PASSWORD\\\" >&2; exit 3\"]\nenv = {{ DB_PASSWORD = \"literal-db-passw0rd\" }}\n"
    );
    let fx = collected().file("soc2.toml", toml);
    let collect = fx.soc2_env(&["collect", "c_inherited"], &[("OTHER_SECRET", secret)]);
    collect.code(1).no_panic().stderr_has("inherited: [REDACTED] pw: [REDACTED]");
    let check = fx.soc2_env(&["check", "--format", "json"], &[("OTHER_SECRET", secret)]);
    let all = everything(&fx, &[&collect, &check]);
    assert!(!all.contains(secret), "the inherited secret leaked");
    assert!(!all.contains("literal-db-passw0rd") || fx.read("soc2.toml").contains("literal-db-passw0rd"));
    assert!(fx.read("evidence/c_inherited/c_inherited.meta.json").contains("inherited: [REDACTED]"));
}

// D10: the Basic-auth base64 and the percent-encoded form of a secret were kept in evidence.
#[cfg(unix)]
#[test]
fn d10_encoded_forms_of_a_secret_are_redacted() {
    let token = "Zq7Vx+2Lm9/Pt4Rk8W=secret!";
    let script = r#"b=$(printf 'svc:%s' "$T" | base64 | tr -d '\n'); p=$(printf '%s' "$T" | sed -e 's/+/%2B/g' -e 's/=/%3D/g' -e 's/!/%21/g' -e 's#/#%2F#g'); printf '[{"header":"Basic %s","url":"/landing?x=%s","raw":"%s"}]' "$b" "$p" "$b""#;
    let toml = format!(
        "{TOML}\n[collectors.echo]\nkind = \"command\"\nrun = [\"sh\", \"-c\", {}]\nenv = {{ T = \"${{TOKEN}}\" }}\n",
        toml_string(script)
    );
    let fx = collected().file("soc2.toml", toml);
    let run = fx.soc2_env(&["collect", "echo"], &[("TOKEN", token)]);
    run.code(0).no_panic();
    let rows = fx.read("evidence/echo/echo.jsonl");
    use base64::Engine as _;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("svc:{token}"));
    assert!(!rows.contains(&basic[4..]), "{rows}");
    assert!(rows.contains("\"header\":\"Basic [REDACTED]\""), "{rows}");
    assert!(rows.contains("\"url\":\"/landing?x=[REDACTED]\""), "{rows}");
    assert!(!rows.contains("Zq7Vx"), "{rows}");
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// Evidence rows and a control title carrying terminal, CI and HTML payloads.
fn hostile() -> Fixture {
    let csv = "email,mfa\n\"benign\n::error file=controls/AC-01.yaml,line=1::pwned-by-newline\",0\n\"\x1b]52;c;cHduZWQ=\x07osc\",0\n\"<details open><summary>x</summary><a href='javascript:alert(5)'>y</a></details>\",0\n";
    let control = crate::support::CONTROL.replace(
        "title: MFA is enforced for every workforce account",
        "title: \"<script>alert(10)</script>\\n::error::title-pwned\"",
    );
    let fx = repo().file("registers/idp.csv", csv).file("controls/AC-01.yaml", control);
    fx.soc2(&["collect"]).code(0);
    fx
}

// D11: newlines and control characters from evidence reached the terminal and CI logs verbatim.
#[test]
fn d11_human_output_neutralizes_newlines_and_control_characters() {
    let fx = hostile();
    for args in [
        &["check", "--color", "never"][..],
        &["check", "--format", "github"],
        &["check", "--format", "markdown"],
        &["report", "--format", "markdown"],
    ] {
        let run = fx.soc2(args);
        run.no_panic();
        for line in run.stdout.lines() {
            assert!(!line.starts_with("::error file=controls/AC-01.yaml,line=1::pwned"), "{args:?}: {line}");
            assert!(!line.starts_with("::error::title-pwned"), "{args:?}: {line}");
        }
        assert!(!run.stdout.contains('\x1b') && !run.stdout.contains('\x07'), "{args:?}: raw ESC or BEL");
    }
    fx.soc2(&["check", "--color", "never"])
        .stdout_has("benign\\n::error file=controls/AC-01.yaml,line=1::pwned-by-newline")
        .stdout_has("\\u{1b}]52;c;cHduZWQ=\\u{7}osc");
}

// D12: Markdown output inserted raw HTML from evidence and titles.
#[test]
fn d12_markdown_output_escapes_raw_html() {
    let fx = hostile();
    for args in [&["check", "--format", "markdown"][..], &["report", "--format", "markdown"]] {
        let run = fx.soc2(args);
        run.no_panic();
        assert!(!run.stdout.contains("<script>"), "{args:?}:\n{}", run.stdout);
        // Evidence shows only inside code spans, where Markdown renders it literally.
        for (i, _) in run.stdout.match_indices("<details open>") {
            assert!(run.stdout[..i].ends_with('`'), "{args:?}: raw HTML outside a code span:\n{}", run.stdout);
        }
        assert!(run.stdout.contains("&lt;script&gt;alert(10)&lt;/script&gt;"), "{args:?}:\n{}", run.stdout);
    }
}

// D23: a newline in `policies init --set` ended the front matter of every policy.
#[test]
fn d23_policy_variables_are_one_line() {
    let fx = Fixture::empty();
    fx.soc2(&["init", "."]).code(0);
    let run = fx.soc2(&["policies", "init", "--no-input", "--set", "security_officer=Dana\n---\n# injected heading"]);
    run.code(2)
        .no_panic()
        .stderr_has("`security_officer`: line breaks and control characters cannot appear in policy variables");
    assert!(!fx.join("policies").exists() || std::fs::read_dir(fx.join("policies")).unwrap().count() == 0);
}

// D24: rows whose keys differ only by case made the whole table unloadable.
#[test]
fn d24_keys_that_differ_only_by_case_are_kept_apart() {
    let fx = collected();
    let path = "evidence/idp_users/idp_users.jsonl";
    let data = format!("{}{{\"A\":3,\"a\":4,\"email\":\"c@test.example\",\"mfa\":\"1\"}}\n", fx.read(path));
    let meta_path = "evidence/idp_users/idp_users.meta.json";
    let meta = fx.read(meta_path);
    let old_sha = serde_json::from_str::<serde_json::Value>(&meta).unwrap()["sha256"].as_str().unwrap().to_owned();
    let fx = fx.file(path, &data).file(meta_path, meta.replace(&old_sha, &sha256(data.as_bytes())));
    let fx = fx.file("queries/users_without_mfa.sql", "select email, A, a_2 from idp_users where mfa = '0'\n");
    let run = fx.soc2(&["check", "--format", "json"]);
    let c = control(&run.no_panic().json(), "AC-01").clone();
    assert_eq!(c["status"], "fail", "{c}");
    assert_eq!(c["queries"][0]["error"], serde_json::Value::Null, "{c}");
}

// D30: a busy lock read like invalid input; a full disk printed Rust debug text.
#[test]
fn d30_a_busy_lock_says_retry() {
    let fx = collected();
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(fx.join(".soc2/collect.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    fx.soc2_env(&["collect"], &[("SOC2_LOCK_WAIT", "0.2")])
        .code(2)
        .no_panic()
        .stderr_has("busy, retry: waited 0.2s")
        .stderr_has("hint: nothing is wrong with the repo");
    drop(lock);
}

#[cfg(unix)]
#[test]
fn d30_a_write_error_during_export_prints_no_debug_text_and_leaves_nothing() {
    let fx = collected();
    let bin = assert_cmd::cargo::cargo_bin("soc2");
    // A file size limit makes writes fail like a full disk (EFBIG instead of ENOSPC).
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f 16; exec '{}' export --output p.zip", bin.display()))
        .current_dir(fx.path())
        .env("NO_COLOR", "1")
        .env("SOC2_NOW", crate::support::NOW)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("ZipWriter drop failed") && !stderr.contains("Os {"), "{stderr}");
    assert!(stderr.contains("error: cannot ") && stderr.contains("File too large"), "{stderr}");
    assert!(!fx.join("p.zip").exists());
    let left: Vec<_> = std::fs::read_dir(fx.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".soc2-export-"))
        .collect();
    assert!(left.is_empty(), "temp files left: {left:?}");
}

// D27: evidence read by `check` with misleading messages.
#[test]
fn d27_broken_meta_and_invalid_collection_times_say_so() {
    let meta = "evidence/idp_users/idp_users.meta.json";
    let fx = collected().file(meta, "{ not json");
    let run = fx.soc2(&["check", "--format", "json"]);
    let reasons = control(&run.no_panic().json(), "AC-01")["reasons"].to_string();
    assert!(
        reasons.contains("has no usable meta file: evidence/idp_users/idp_users.meta.json:1:3: invalid meta file"),
        "{reasons}"
    );

    let fx = collected();
    let text = fx.read(meta);
    let at = serde_json::from_str::<serde_json::Value>(&text).unwrap()["collected_at"].as_str().unwrap().to_owned();
    let fx = fx.file(meta, text.replace(&at, "2026-02-30T00:00:00Z"));
    let run = fx.soc2(&["check", "--format", "json"]);
    let c = control(&run.no_panic().json(), "AC-01").clone();
    assert_eq!(c["status"], "error", "{c}");
    assert!(c["queries"][0]["error"].as_str().unwrap().contains("`collected_at` 2026-02-30T00:00:00Z:"), "{c}");
}

// D27 and D25: a link to /dev/zero among the controls read "is a directory".
#[cfg(unix)]
#[test]
fn d27_a_link_to_a_device_is_named_as_such() {
    let fx = collected();
    symlink("/dev/zero", fx.join("controls/ZZ-05.yaml"));
    fx.soc2(&["validate"])
        .code(2)
        .stderr_has("controls/ZZ-05.yaml:1:1: error: is a symbolic link that leaves the repo (to /dev/zero)");
}

// D15: packages were written 0600 whatever the umask.
#[cfg(unix)]
#[test]
fn d15_packages_respect_the_umask() {
    use std::os::unix::fs::PermissionsExt as _;
    let fx = collected();
    fx.soc2(&["export", "--output", "p.zip"]).code(0);
    let mode = std::fs::metadata(fx.join("p.zip")).unwrap().permissions().mode() & 0o777;
    assert_ne!(mode, 0o600, "mode {mode:o}");
    assert_eq!(mode & 0o044, 0o044 & !umask(), "mode {mode:o}");
}

#[cfg(unix)]
fn umask() -> u32 {
    let out = std::process::Command::new("sh").args(["-c", "umask"]).output().unwrap();
    u32::from_str_radix(String::from_utf8_lossy(&out.stdout).trim(), 8).unwrap()
}

// D7: SQLite's own memory is bounded too (hard_heap_limit), reported with the query's path.
#[test]
fn d7_query_memory_is_bounded() {
    let fx = with_queries(&[
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 300000)\nSELECT x % 10 AS resource, group_concat(x || email) AS g FROM c, idp_users GROUP BY x % 10\n",
    ]);
    let run = fx.soc2_env(&["check", "--format", "json"], &[("SOC2_QUERY_MEMORY_MB", "1")]);
    let c = control(&run.no_panic().json(), "ZZ-0").clone();
    assert_eq!(c["status"], "error", "{c}");
    let error = c["queries"][0]["error"].as_str().unwrap();
    assert!(
        error.starts_with("queries/zz_0.sql:1:1: query needs more memory than SQLite may use (1 MiB) (hint: "),
        "{error}"
    );
}

// The messages people read for the defects above, as they print.
#[test]
fn messages_people_read() {
    let empty_toml = repo().file("soc2.toml", "\n");
    let policy = crate::support::POLICY.replace("id: access-control", "id: ../x");
    let bad_policy = collected().file("policies/access-control.md", policy);
    let future = repo().file(
        "evidence/reviews/2099-01-01-ac-01.yaml",
        "subject: control\nid: AC-01\ndate: 2099-01-01\nby: dana@test.example\n",
    );
    let edited = collected();
    let path = "evidence/idp_users/idp_users.jsonl";
    let edited = edited.file(path, "{\"email\":\"a@test.example\",\"mfa\":\"1\"}\n");
    let d6 = control(&edited.soc2(&["check", "--format", "json"]).json(), "AC-01")["queries"][0]["error"]
        .as_str()
        .unwrap()
        .to_owned();
    let lock_holder = collected();
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_holder.join(".soc2/collect.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let busy = lock_holder.soc2_env(&["collect"], &[("SOC2_LOCK_WAIT", "0")]).stderr;
    drop(lock);
    let all = [
        ("D19 validate", empty_toml.soc2(&["validate"]).stderr),
        ("D31 validate", bad_policy.soc2(&["validate"]).stderr),
        ("D22 check", future.soc2(&["check"]).stderr),
        ("D6 check, the control's error", d6),
        ("D30 collect", busy),
    ];
    let text: String = all.iter().map(|(what, out)| format!("--- {what}\n{out}\n")).collect();
    insta::assert_snapshot!("reliability_messages", text);
}
