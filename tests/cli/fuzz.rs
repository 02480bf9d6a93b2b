//! Seeded mutation fuzzing of the repo's input files: controls, policies,
//! exceptions, a register and `soc2.toml`. Each case mutates one file of a
//! small valid repo and runs the real binary; whatever the input, soc2 must
//! not panic, must exit 0, 1 or 2, and every exit 2 must name the problem as
//! `path:line:col`.
//!
//! `cargo test` runs a few hundred cases in well under a minute. A longer run:
//!
//! ```sh
//! SOC2_FUZZ_CASES=20000 SOC2_FUZZ_SEED=7 cargo test --no-default-features --test cli fuzz -- --nocapture
//! ```

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::support::{CONTROL, NOW, POLICY, QUERY};

const CASES: usize = 300;
const SEED: u64 = 20_261_128;

const TOML: &str = r#"[organization]
name = "Fuzz Co"

[audit]
type = "type2"
period = "2026-01-01..2026-12-31"
categories = ["security", "availability"]

[evidence]
max_age = "7d"

[collectors.idp_users]
kind = "file"
path = "registers/idp.csv"

[[reviews]]
category = "availability"
every = "180d"
reviewer = "ops@fuzz.example"
"#;

const EXCEPTION: &str = "id: EX-2026-001\ncontrol: AC-01\nresources: [b@test.example, \"svc-*\"]\nowner: dana@test.example\njustification: Service account without MFA, tracked in JIRA-12\napproved_by: ciso@test.example\napproved_at: 2026-02-01\nexpires: 2026-12-31\n";

const REGISTER: &str = "email,mfa\na@test.example,1\nb@test.example,0\n";

const REVIEW: &str = "subject: control\nid: AC-01\ndate: 2026-03-01\nby: dana@test.example\nnote: quarterly review\n";

/// The files a case starts from; one of the first five is mutated.
const TARGETS: [(&str, &str); 5] = [
    ("controls/AC-01.yaml", CONTROL),
    ("policies/access-control.md", POLICY),
    ("exceptions/EX-2026-001.yaml", EXCEPTION),
    ("registers/idp.csv", REGISTER),
    ("soc2.toml", TOML),
];

/// splitmix64: small, seeded, the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const ODD: &[&str] = &[
    "\u{202e}", "\u{200b}", "\0", "\u{2028}", "\u{301}", "\x1b[31m", "\u{feff}", "\t", "\r", "💥", "\\", "\"", "'",
    "{{", "}}", "%", "${HOME}", "*", "[", "]", "{", "}", ":", "#", "&a", "*a", "!!binary", "!custom", "? ", "- ", "|",
    ">", "---", "...", "=", "[[x]]", "\"\"\"",
];

const VALUES: &[&str] = &[
    "",
    "~",
    "null",
    "[]",
    "{}",
    "[1, [2, [3]]]",
    "{a: {b: c}}",
    "-30d",
    "0d",
    "1e9d",
    "18446744073709551616d",
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "true",
    "-1",
    "1.5",
    "../../etc/passwd",
    "\"a\\nb\"",
    "'x'",
    "CC99.9",
    "role:nobody",
    "\"\"",
    "2099-01-01",
    "nan",
    ".inf",
];

/// One mutation of `text`, described for the failure message.
fn mutate(rng: &mut Rng, text: &[u8]) -> (Vec<u8>, String) {
    let lines: Vec<&[u8]> = text.split(|b| *b == b'\n').collect();
    let line = rng.below(lines.len());
    let join = |ls: Vec<Vec<u8>>| ls.join(&b'\n');
    let owned = || lines.iter().map(|l| l.to_vec()).collect::<Vec<_>>();
    match rng.below(22) {
        0 => {
            let mut ls = owned();
            ls.remove(line);
            (join(ls), format!("delete line {}", line + 1))
        }
        1 => {
            let mut ls = owned();
            ls.insert(line, lines[line].to_vec());
            (join(ls), format!("duplicate line {}", line + 1))
        }
        2 => {
            let at = rng.below(text.len() + 1);
            (text[..at].to_vec(), format!("truncate at byte {at}"))
        }
        3 => {
            let mut v = text.to_vec();
            if !v.is_empty() {
                let at = rng.below(v.len());
                v[at] ^= 1 << rng.below(8);
                return (v, format!("flip a bit at byte {at}"));
            }
            (v, "flip nothing".into())
        }
        4 => {
            let odd = *rng.pick(ODD);
            let mut v = lines[line].to_vec();
            let at = rng.below(v.len() + 1);
            v.splice(at..at, odd.bytes());
            let mut ls = owned();
            ls[line] = v;
            (join(ls), format!("insert {odd:?} in line {}", line + 1))
        }
        5 => {
            // Replace the value of a `key: value` or `key = value` line.
            let value = *rng.pick(VALUES);
            let l = String::from_utf8_lossy(lines[line]).into_owned();
            let replaced = match l.split_once(": ").or_else(|| l.split_once(" = ")) {
                Some((k, _)) if l.contains(": ") => format!("{k}: {value}"),
                Some((k, _)) => format!("{k} = {value}"),
                None => format!("{l}{value}"),
            };
            let mut ls = owned();
            ls[line] = replaced.into_bytes();
            (join(ls), format!("set line {} to {value:?}", line + 1))
        }
        6 => {
            (text.iter().flat_map(|b| if *b == b'\n' { vec![b'\r', b'\n'] } else { vec![*b] }).collect(), "CRLF".into())
        }
        7 => ([b"\xef\xbb\xbf".as_slice(), text].concat(), "BOM".into()),
        8 => (Vec::new(), "empty file".into()),
        9 => (b"  \n\t\n# only a comment\n".to_vec(), "whitespace and comments".into()),
        10 => {
            let n = 1 + rng.below(3000);
            let deep = format!("{}1{}", "[".repeat(n), "]".repeat(n));
            let mut ls = owned();
            ls.insert(line, format!("deep: {deep}").into_bytes());
            (join(ls), format!("{n}-deep flow list at line {}", line + 1))
        }
        11 => {
            let n = rng.below(200_000);
            let mut ls = owned();
            ls.insert(line, format!("long: {}", "x".repeat(n)).into_bytes());
            (join(ls), format!("{n}-byte value at line {}", line + 1))
        }
        12 => {
            let bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n";
            ([text, b"\n", bomb.as_bytes()].concat(), "alias bomb".into())
        }
        13 => {
            let n = 1 + rng.below(64);
            let junk: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            let at = rng.below(text.len() + 1);
            ([&text[..at], &junk[..], &text[at..]].concat(), format!("{n} random bytes at {at}"))
        }
        14 => ([text, b"\n---\nid: second\n"].concat(), "second document".into()),
        15 => {
            let mut ls = owned();
            let other = rng.below(lines.len());
            ls.swap(line, other);
            (join(ls), format!("swap lines {} and {}", line + 1, other + 1))
        }
        16 => {
            let mut ls = owned();
            let mut v = b"\t".to_vec();
            v.extend_from_slice(lines[line]);
            ls[line] = v;
            (join(ls), format!("tab before line {}", line + 1))
        }
        17 => (String::from_utf8_lossy(text).encode_utf16().flat_map(u16::to_le_bytes).collect(), "UTF-16".into()),
        18 => {
            let n = 1 + rng.below(50_000);
            let mut ls = owned();
            ls.insert(line, format!("list: [{}]", vec!["1"; n].join(",")).into_bytes());
            (join(ls), format!("{n}-item list at line {}", line + 1))
        }
        19 => {
            let mut ls = owned();
            ls.insert(line, b"id: ../../etc".to_vec());
            (join(ls), format!("traversal id at line {}", line + 1))
        }
        20 => {
            let mut v = text.to_vec();
            v.retain(|b| *b != b'\n');
            (v, "one line".into())
        }
        _ => {
            let a = rng.below(text.len() + 1);
            let b = rng.below(text.len() + 1);
            let (a, b) = (a.min(b), a.max(b));
            ([&text[..a], &text[b..]].concat(), format!("cut bytes {a}..{b}"))
        }
    }
}

fn write(root: &Path, path: &str, bytes: &[u8]) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, bytes).unwrap();
}

/// A located diagnostic: `path:line:col: error` at the start of a line.
fn has_location(stderr: &str) -> bool {
    stderr.lines().any(|l| {
        let mut parts = l.splitn(4, ':');
        let (Some(path), Some(line), Some(col), Some(rest)) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return false;
        };
        !path.is_empty()
            && !line.is_empty()
            && line.chars().all(|c| c.is_ascii_digit())
            && !col.is_empty()
            && col.chars().all(|c| c.is_ascii_digit())
            && rest.starts_with(" error")
    })
}

struct Case {
    index: usize,
    target: &'static str,
    mutation: String,
}

/// Run one case; `Err` says what went wrong.
fn run_case(bin: &Path, case: &Case, mutated: &[u8]) -> Result<Duration, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = dir.path();
    for (path, text) in TARGETS {
        write(root, path, text.as_bytes());
    }
    write(root, "queries/users_without_mfa.sql", QUERY.as_bytes());
    write(root, "evidence/reviews/2026-03-01-ac-01.yaml", REVIEW.as_bytes());
    write(root, case.target, mutated);
    let mut slowest = Duration::ZERO;
    // `collect` reads soc2.toml and the register; the other files only matter to the loader.
    let collect = matches!(case.target, "soc2.toml" | "registers/idp.csv");
    let runs: &[&[&str]] = if collect {
        &[&["collect"], &["validate"], &["check", "--format", "json"]]
    } else {
        &[&["validate"], &["check", "--format", "json"]]
    };
    for args in runs.iter().copied() {
        let started = Instant::now();
        let out = Command::new(bin)
            .args(args)
            .current_dir(root)
            .env("NO_COLOR", "1")
            .env("SOC2_NOW", NOW)
            .env("SOC2_LOCK_WAIT", "5")
            .env_remove("CI")
            .output()
            .map_err(|e| e.to_string())?;
        slowest = slowest.max(started.elapsed());
        let stderr = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code();
        let what = || format!("case {} ({}: {}), soc2 {}", case.index, case.target, case.mutation, args.join(" "));
        if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
            return Err(format!("{}: panic\n{stderr}", what()));
        }
        match code {
            Some(0 | 1) => {}
            Some(2) if has_location(&stderr) => {}
            Some(2) => return Err(format!("{}: exit 2 without path:line:col\n{stderr}", what())),
            other => return Err(format!("{}: exit {other:?}\n{stderr}", what())),
        }
    }
    Ok(slowest)
}

#[test]
#[allow(clippy::print_stderr)] // the figures of a run, for people running it longer
fn mutated_inputs_never_panic_and_every_exit_2_is_located() {
    let cases: usize = std::env::var("SOC2_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(CASES);
    let seed: u64 = std::env::var("SOC2_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(SEED);
    let bin = assert_cmd::cargo::cargo_bin("soc2");
    let mut rng = Rng(seed);
    let mut work = Vec::with_capacity(cases);
    for index in 0..cases {
        let (target, text) = *rng.pick(&TARGETS);
        let (mutated, mutation) = mutate(&mut rng, text.as_bytes());
        work.push((Case { index, target, mutation }, mutated));
    }
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 4);
    let results: Vec<(Vec<String>, Duration)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut failures = Vec::new();
                    let mut slowest = Duration::ZERO;
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((case, mutated)) = work.get(i) else { break };
                        match run_case(&bin, case, mutated) {
                            Ok(t) => slowest = slowest.max(t),
                            Err(e) => failures.push(e),
                        }
                    }
                    (failures, slowest)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let failures: Vec<&String> = results.iter().flat_map(|(f, _)| f).collect();
    let slowest = results.iter().map(|(_, t)| *t).max().unwrap_or_default();
    eprintln!(
        "fuzz: {cases} cases (seed {seed}) in {:.1}s, slowest run {:.2}s, {} failures",
        started.elapsed().as_secs_f64(),
        slowest.as_secs_f64(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.iter().take(10).map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
    );
}
