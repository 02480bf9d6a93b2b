//! Kill `soc2 collect` at random points and check every data/meta pair.
//!
//! Slow (it collects a large register dozens of times), so ignored by default:
//!
//! ```sh
//! cargo test --no-default-features --test cli kill -- --ignored --nocapture
//! SOC2_KILL_ROUNDS=200 SOC2_KILL_ROWS=1000000 cargo test --no-default-features --test cli kill -- --ignored --nocapture
//! ```
//!
//! After each kill, the data file and its meta must agree (the meta's sha256
//! is the data file's), or a pending meta left between the two renames must
//! agree with the data (readers use it); `check` must never see a mismatch;
//! and the next collect must succeed and leave no temp or pending file.

use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

use crate::support::NOW;

/// The real binary, as a std command (it can be spawned and killed).
fn soc2_cmd(root: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("soc2"));
    cmd.current_dir(root)
        .env("NO_COLOR", "1")
        .env("SOC2_NOW", NOW)
        .env_remove("CI")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    cmd
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(bytes))
}

fn meta_sha(path: &Path) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    v["sha256"].as_str().map(str::to_owned)
}

/// Whether the pair in `dir` is consistent, and how (for the tally).
fn pair_state(dir: &Path) -> Result<&'static str, String> {
    let Ok(data) = std::fs::read(dir.join("big.jsonl")) else { return Ok("no data yet") };
    if data.last().is_some_and(|b| *b != b'\n') {
        return Err("the data file is truncated".into());
    }
    let actual = sha256(&data);
    let meta = meta_sha(&dir.join("big.meta.json"));
    if meta.as_deref() == Some(actual.as_str()) {
        return Ok("consistent");
    }
    if meta_sha(&dir.join(".big.meta.next")).as_deref() == Some(actual.as_str()) {
        return Ok("pending meta matches");
    }
    Err(format!("data sha256 {actual} matches neither the meta ({meta:?}) nor a pending meta"))
}

fn data_inode(dir: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        std::fs::symlink_metadata(dir.join("big.jsonl")).ok().map(|m| m.ino())
    }
    #[cfg(not(unix))]
    {
        std::fs::symlink_metadata(dir.join("big.jsonl")).ok().map(|m| m.len())
    }
}

fn write_register(root: &Path, rows: usize, round: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(root.join("registers/big.csv")).unwrap());
    writeln!(f, "id,email,team,round").unwrap();
    for i in 0..rows {
        writeln!(f, "{i},user{i}@kill.example,team{},{round}", i % 17).unwrap();
    }
}

#[test]
#[ignore = "slow: collects a large register dozens of times"]
#[allow(clippy::print_stderr)] // the tally, for people running it longer
fn collect_killed_at_random_points_never_leaves_a_mismatched_pair() {
    let rounds: usize = std::env::var("SOC2_KILL_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(12);
    let rows: usize = std::env::var("SOC2_KILL_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("registers")).unwrap();
    std::fs::write(
        root.join("soc2.toml"),
        "[organization]\nname = \"Kill Co\"\n\n[audit]\ntype = \"type1\"\ncategories = [\"security\"]\n\n[collectors.big]\nkind = \"file\"\npath = \"registers/big.csv\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("controls")).unwrap();
    std::fs::create_dir_all(root.join("queries")).unwrap();
    std::fs::write(root.join("queries/big.sql"), "select email from big where team = 'none'\n").unwrap();
    std::fs::write(
        root.join("controls/K-01.yaml"),
        "id: K-01\ntitle: Kill probe\ncriteria: [CC6.1]\nowner: a@kill.example\nqueries:\n  - query: big\n",
    )
    .unwrap();
    let evidence = root.join("evidence/big");

    // How long one full collect takes, to spread the kills over it.
    write_register(root, rows, 0);
    let started = Instant::now();
    let first = soc2_cmd(root).args(["collect"]).status().unwrap();
    assert!(first.success());
    let full = started.elapsed();

    let mut rng = 0x2026_1128_u64;
    let mut tally = std::collections::BTreeMap::<&str, usize>::new();
    for round in 1..=rounds {
        write_register(root, rows, round);
        rng = rng.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let fraction = ((rng >> 33) % 1000) as f64 / 1000.0 * 1.1;
        let delay = full.mul_f64(fraction);
        let inode = data_inode(&evidence);
        let mut child = soc2_cmd(root).args(["collect"]).spawn().unwrap();
        if round % 2 == 0 {
            // Every other round: kill right after the data file is renamed into place.
            let give_up = Instant::now() + full * 3;
            while data_inode(&evidence) == inode && Instant::now() < give_up {
                std::hint::spin_loop();
            }
        } else {
            std::thread::sleep(delay);
        }
        let _ = child.kill();
        let _ = child.wait();
        let state = pair_state(&evidence).unwrap_or_else(|e| panic!("round {round}, killed after {delay:?}: {e}"));
        *tally.entry(state).or_default() += 1;
        // A reader never sees a mismatch.
        let check =
            soc2_cmd(root).args(["check", "--format", "json"]).stdout(std::process::Stdio::piped()).output().unwrap();
        let stdout = String::from_utf8_lossy(&check.stdout);
        assert!(!stdout.contains("differs from the sha256"), "round {round}: check saw a mismatch:\n{stdout}");
        // The next collect heals everything and leaves nothing behind.
        let next = soc2_cmd(root)
            .args(["collect"])
            .env("SOC2_LOCK_WAIT", "10")
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        assert!(next.status.success(), "round {round}: {}", String::from_utf8_lossy(&next.stderr));
        assert_eq!(pair_state(&evidence), Ok("consistent"), "round {round}");
        let leftovers: Vec<String> = std::fs::read_dir(&evidence)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: left {leftovers:?}");
    }
    eprintln!("kill: {rounds} rounds of {rows} rows (full collect {full:?}): {tally:?}");
}
