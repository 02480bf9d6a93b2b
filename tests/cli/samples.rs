//! Type II testing an auditor can re-perform: `soc2 population`, `soc2 sample`,
//! the period report's populations, export + verify re-deriving a sample, and
//! requests answered with one — on generated repos with a year of dated
//! history (one evidence commit a day, written with `git fast-import`).

use std::collections::BTreeMap;
use std::io::Write as _;
use std::process::{Command, Stdio};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use serde_json::{Value, json};

use crate::export::{entries, write_zip};
use crate::support::{Fixture, POLICY, Run};

/// Every command runs after the period's end, so the whole year is read.
const LATER: &str = "2027-01-15T00:00:00Z";
const PERIOD: &str = "2026-01-01..2026-12-31";
const RECORD: &str = "evidence/samples/CHG-01/2026-01-01..2026-12-31.json";

const TOML: &str = r#"[organization]
name = "Test Co"

[audit]
type = "type2"
period = "2026-01-01..2026-12-31"
categories = ["security"]

[evidence]
max_age = "3d"

[collectors.github]
kind = "github"
org = "test"

[collectors.git]
kind = "git"
path = "."

[[people]]
name = "Dana Lee"
email = "dana@test.example"
roles = ["security-officer"]
"#;

const CONTROL: &str = r#"id: CHG-01
title: Code changes are reviewed and approved before merge
criteria: [CC8.1]
owner: dana@test.example
policies: [access-control]
queries:
  - query: github_pr_merged_without_approval
population:
  query: population_merged_prs
  key: [repo, number]
  date: merged_at
  frequency: many-times-a-day
  deviation: "approvals < 1"
  reconcile: { query: default_branch_merges, key: [sha], on: [merge_commit_sha], date: committed_at }
"#;

const MERGES: &str = "-- Every merge commit on the default branch.\n-- tables: git_merges\nSELECT sha, pr_number, committed_at, _first_seen, _first_commit FROM git_merges\n";

/// What the generator made: the figures `soc2 population` must find.
#[derive(Debug, Default)]
struct Truth {
    /// Pull requests merged in the period.
    population: usize,
    /// Merged without an approval.
    failed: usize,
    /// Of those, approved later.
    remediated: usize,
    /// Merged in the period, merge commit absent from git_merges.
    unmatched: usize,
    /// Merge commits in the period without a pull request.
    unrecorded: usize,
    /// Items with any deviation.
    deviating: usize,
    /// A pull request merged without approval and approved on `fixed_on`.
    fixed: Option<(String, u64, String)>,
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A `git fast-import` stream of commits with inline files.
struct Stream {
    out: Vec<u8>,
    commits: usize,
}

impl Stream {
    fn commit(&mut self, when: i64, message: &str, files: &[(&str, Vec<u8>)]) {
        self.commits += 1;
        self.out.extend_from_slice(b"commit refs/heads/main\n");
        let _ = write!(
            self.out,
            "author Test <test@test.example> {when} +0000\ncommitter Test <test@test.example> {when} +0000\n"
        );
        let _ = write!(self.out, "data {}\n{message}\n", message.len());
        for (path, bytes) in files {
            let _ = write!(self.out, "M 100644 inline {path}\ndata {}\n", bytes.len());
            self.out.extend_from_slice(bytes);
            self.out.push(b'\n');
        }
        self.out.push(b'\n');
    }
}

fn git(dir: &std::path::Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn ts(t: chrono::DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn line(v: &Value) -> String {
    // serde_json's maps are sorted: one line with sorted keys, as collectors write.
    serde_json::to_string(v).unwrap()
}

fn meta(collector: &str, dataset: &str, kind: &str, at: &str, rows: usize) -> Vec<u8> {
    format!(
        r#"{{"collected_at":"{at}","collector":"{collector}","dataset":"{dataset}","kind":"{kind}","rows":{rows},"sha256":null,"soc2_version":"test","source":"test"}}"#
    )
    .into_bytes()
}

/// A repo with a year of daily evidence: `evidence/github/pulls.jsonl` (every
/// pull request merged since December 2025) and `evidence/git/merges.jsonl`
/// committed at 23:00 each day of 2026, after a first commit on 2025-12-31
/// and before one on 2027-01-02. `tweak` retitles one pull request.
fn year_repo(tweak: bool) -> (Fixture, Truth) {
    let fx = Fixture::empty();
    git(fx.path(), &["init", "-q"]);
    git(fx.path(), &["symbolic-ref", "HEAD", "refs/heads/main"]);
    let mut rng = Rng(0x5eed_2026);
    let mut truth = Truth::default();
    let start = NaiveDate::from_ymd_opt(2025, 12, 20).unwrap();
    let period = (NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
    let mut pulls: BTreeMap<(String, u64), Value> = BTreeMap::new();
    let mut merges: BTreeMap<String, Value> = BTreeMap::new();
    let mut fixes: BTreeMap<NaiveDate, Vec<(String, u64)>> = BTreeMap::new();
    let mut numbers: BTreeMap<&str, u64> = BTreeMap::new();
    let mut stream = Stream { out: Vec::new(), commits: 0 };
    let mut sha = 0u64;
    let mut retitled = false;
    let static_files = |files: &mut Vec<(&str, Vec<u8>)>| {
        files.push(("soc2.toml", TOML.as_bytes().to_vec()));
        files.push((".gitignore", b".soc2/\n".to_vec()));
        files.push(("controls/CHG-01.yaml", CONTROL.as_bytes().to_vec()));
        files.push(("policies/access-control.md", POLICY.as_bytes().to_vec()));
        files.push((
            "queries/population_merged_prs.sql",
            include_bytes!("../../queries/populations/population_merged_prs.sql").to_vec(),
        ));
        files.push((
            "queries/github_pr_merged_without_approval.sql",
            include_bytes!("../../queries/github_pr_merged_without_approval.sql").to_vec(),
        ));
        files.push(("queries/default_branch_merges.sql", MERGES.as_bytes().to_vec()));
    };
    let mut day = start;
    while day <= NaiveDate::from_ymd_opt(2027, 1, 2).unwrap() {
        let in_period = day >= period.0 && day <= period.1;
        let weekday = chrono::Datelike::weekday(&day).number_from_monday() <= 5;
        let count = if weekday { rng.below(4) } else { rng.below(2) };
        for k in 0..count {
            let repo = ["api", "web", "infra"][rng.below(3) as usize];
            let n = numbers.entry(repo).or_default();
            *n += 1;
            let number = *n;
            let merged = Utc.from_utc_datetime(&day.and_hms_opt(9 + k as u32, 15, 0).unwrap());
            sha += 1;
            let merge_sha = format!("{sha:040x}");
            let approved = rng.below(20) != 0;
            let mut title = format!("Change {number} to {repo}");
            if tweak && in_period && !retitled {
                title.push_str(" (retitled)");
                retitled = true;
            }
            let reviews = if approved {
                json!([{"state": "APPROVED", "submitted_at": ts(merged - Duration::minutes(30)), "user": "reviewer"}])
            } else {
                json!([])
            };
            pulls.insert(
                (repo.to_owned(), number),
                json!({
                    "approvals": if approved { 1 } else { 0 }, "author": "dev", "base_ref": "main",
                    "created_at": ts(merged - Duration::hours(5)), "head_ref": format!("feature/{repo}-{number}"),
                    "html_url": format!("https://github.com/test/{repo}/pull/{number}"), "merge_commit_sha": merge_sha,
                    "merged_at": ts(merged), "merged_by": "lead", "number": number, "repo": repo, "reviews": reviews,
                    "title": title,
                }),
            );
            // Every 40th merge commit is missing from the branch's history: unmatched.
            let missing = sha.is_multiple_of(40);
            if !missing {
                merges.insert(
                    merge_sha.clone(),
                    json!({"sha": merge_sha, "pr_number": number, "committed_at": ts(merged), "is_merge": true, "subject": format!("Merge pull request #{number}")}),
                );
            }
            if in_period {
                truth.population += 1;
                if !approved {
                    truth.failed += 1;
                }
                if missing {
                    truth.unmatched += 1;
                }
                if !approved || missing {
                    truth.deviating += 1;
                }
                let fix = day + Duration::days(3);
                if !approved && rng.below(2) == 0 && fix <= period.1 {
                    fixes.entry(fix).or_default().push((repo.to_owned(), number));
                    truth.remediated += 1;
                    if truth.fixed.is_none() {
                        truth.fixed = Some((repo.to_owned(), number, fix.to_string()));
                    }
                }
            }
        }
        // Three merges in the period that no pull request records.
        if in_period && [40, 150, 300].contains(&chrono::Datelike::ordinal(&day)) {
            let s = format!("ff{:038x}", chrono::Datelike::ordinal(&day));
            let at = ts(Utc.from_utc_datetime(&day.and_hms_opt(20, 0, 0).unwrap()));
            merges.insert(
                s.clone(),
                json!({"sha": s, "pr_number": null, "committed_at": at, "is_merge": true, "subject": "hotfix"}),
            );
            truth.unrecorded += 1;
            truth.deviating += 1;
        }
        for key in fixes.remove(&day).unwrap_or_default() {
            if let Some(row) = pulls.get_mut(&key) {
                let at = ts(Utc.from_utc_datetime(&day.and_hms_opt(8, 0, 0).unwrap()));
                row["approvals"] = json!(1);
                row["reviews"] = json!([{"state": "APPROVED", "submitted_at": at, "user": "reviewer"}]);
            }
        }
        // Evidence is committed on 2025-12-31, every day of the period and on 2027-01-02.
        let commit_day = day >= NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()
            && (day <= period.1 || day == NaiveDate::from_ymd_opt(2027, 1, 2).unwrap());
        if commit_day {
            let at = Utc.from_utc_datetime(&day.and_hms_opt(23, 0, 0).unwrap());
            let pull_lines: String = pulls.values().map(|v| line(v) + "\n").collect();
            let merge_lines: String = merges.values().map(|v| line(v) + "\n").collect();
            let mut files = Vec::new();
            if stream.commits == 0 {
                static_files(&mut files);
            }
            files.push(("evidence/github/pulls.jsonl", pull_lines.into_bytes()));
            files.push(("evidence/github/pulls.meta.json", meta("github", "pulls", "github", &ts(at), pulls.len())));
            files.push(("evidence/git/merges.jsonl", merge_lines.into_bytes()));
            files.push(("evidence/git/merges.meta.json", meta("git", "merges", "git", &ts(at), merges.len())));
            stream.commit(at.timestamp(), &format!("evidence {day}"), &files);
        }
        day += Duration::days(1);
    }
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(fx.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", fx.path())
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import");
    child.stdin.take().unwrap().write_all(&stream.out).unwrap();
    assert!(child.wait().unwrap().success(), "git fast-import failed");
    git(fx.path(), &["reset", "-q", "--hard", "main"]);
    (fx, truth)
}

fn soc2(fx: &Fixture, args: &[&str]) -> Run {
    fx.soc2_env(args, &[("SOC2_NOW", LATER)])
}

fn population(fx: &Fixture) -> Value {
    let run = soc2(fx, &["population", "CHG-01", "--format", "json"]);
    run.code(0).no_panic();
    run.json()
}

fn key_of(item: &Value) -> (String, u64) {
    (item["key"][0].as_str().unwrap().to_owned(), item["key"][1].as_u64().unwrap())
}

#[test]
fn a_population_over_a_year_of_history_equals_the_ground_truth() {
    let (fx, truth) = year_repo(false);
    let p = population(&fx);
    let c = &p["counts"];
    assert_eq!(c["items"], truth.population, "{c}");
    assert_eq!(c["failed"], truth.failed);
    assert_eq!(c["remediated"], truth.remediated);
    assert_eq!(c["unmatched"], truth.unmatched);
    assert_eq!(c["unrecorded"], truth.unrecorded);
    assert_eq!(c["deviations"], truth.deviating);
    assert_eq!(c["recorded_late"], 0, "evidence is committed every day");
    assert!(truth.population > 300 && truth.failed > 5 && truth.remediated > 2, "{truth:?}");
    // 2025-12-31 (in effect when the period starts) and every day of 2026; not 2027-01-02.
    assert_eq!(p["tables"][0], json!({"table": "github_pulls", "snapshots": 366, "rows": p["tables"][0]["rows"]}));
    assert_eq!(p["period"], PERIOD);
    assert_eq!(p["as_of"], "2026-12-31T23:59:59Z");
    let items = p["items"].as_array().unwrap();
    assert!(items.iter().all(|i| i["date"].as_str().unwrap().starts_with("2026-")), "dated in the period only");
    // Every item carries where it comes from.
    let first = &items[0];
    for field in ["first_commit", "first_seen", "last_commit", "last_seen"] {
        assert!(first[field].as_str().is_some_and(|s| !s.is_empty()), "{field}: {first}");
    }
    assert_eq!(first["last_seen"], "2026-12-31T23:00:00Z", "still in the last snapshot of the period");
    // Sorted by key, numbers by value.
    let keys: Vec<(String, u64)> = items.iter().map(key_of).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn a_deviation_fixed_later_stays_a_deviation_with_its_remediation_date() {
    let (fx, truth) = year_repo(false);
    let (repo, number, fixed_on) = truth.fixed.clone().unwrap();
    let p = population(&fx);
    let item = p["items"].as_array().unwrap().iter().find(|i| key_of(i) == (repo.clone(), number)).unwrap().clone();
    assert_eq!(item["deviations"][0]["kind"], "failed", "{item}");
    assert_eq!(item["deviations"][0]["reason"], "approvals < 1");
    assert_eq!(item["row"]["approvals"], 0, "the row as first seen, before the fix");
    assert!(item["remediated"]["seen"].as_str().unwrap().starts_with(&fixed_on), "{item}");
    assert_eq!(item["versions"], 2);
    // The check of the last day passes (the PR is approved now); the population still counts it.
    let human = soc2(&fx, &["population", "CHG-01"]);
    human.code(0).stdout_has(&format!("failed: approvals < 1 (remediated {fixed_on}, commit "));
    human.stdout_has(&format!(
        "{} failed when they occurred, {} of them remediated later",
        truth.failed, truth.remediated
    ));
    human.stdout_has("in default_branch_merges but not in the population (unrecorded):");
}

#[test]
fn csv_lists_one_row_per_item_then_the_unrecorded() {
    let (fx, truth) = year_repo(false);
    let run = soc2(&fx, &["population", "CHG-01", "--format", "csv"]);
    run.code(0);
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "repo,number,date,first_seen,first_commit,last_seen,last_commit,deviation,deviation_reason,remediated_at,remediated_commit,approvals,author,base_ref,head_ref,html_url,merge_commit_sha,merged_at,merged_by,title"
    );
    assert_eq!(run.stdout.lines().count(), 1 + truth.population + truth.unrecorded);
    assert_eq!(run.stdout.lines().filter(|l| l.contains(",unrecorded,")).count(), truth.unrecorded);
}

#[test]
fn the_same_evidence_gives_the_same_sample_on_every_run_and_machine() {
    let (fx, _) = year_repo(false);
    let run = soc2(&fx, &["sample", "CHG-01"]);
    run.code(0)
        .no_panic()
        .stdout_has("CHG-01 over 2026-01-01..2026-12-31: 25 of ")
        .stdout_has(&format!("wrote {RECORD}"));
    let record: Value = serde_json::from_str(&fx.read(RECORD)).unwrap();
    let p = population(&fx);
    assert_eq!(record["population"]["sha256"], p["sha256"]);
    assert_eq!(record["seed"]["value"], p["sha256"], "without --seed, the seed is the population's sha256");
    assert_eq!(record["size"]["n"], 25, "the guide's lower bound for many-times-a-day");
    assert_eq!(record["size"]["guide"], json!([25, 60]));
    let selected = record["selected"].as_array().unwrap();
    assert_eq!(selected.len(), 25);
    for s in selected {
        assert!(s["row"]["merged_at"].is_string() && s["first_commit"].as_str().unwrap().len() == 40, "{s}");
    }
    // Again: unchanged.
    soc2(&fx, &["sample", "CHG-01"]).code(0).stderr_has("is unchanged");
    // Another clone, another directory, no cache: the same bytes.
    let other = Fixture::empty();
    git(other.path(), &["clone", "-q", fx.path().to_str().unwrap(), "copy"]);
    let copy = other.join("copy");
    let run = crate::support::Run::new(
        crate::support::soc2_cmd(&copy)
            .env("SOC2_NOW", LATER)
            .args(["sample", "CHG-01", "--no-cache"])
            .output()
            .unwrap(),
    );
    run.code(0);
    assert_eq!(std::fs::read_to_string(copy.join(RECORD)).unwrap(), fx.read(RECORD));
    // An auditor's seed draws another sample, recorded with it; a different
    // sample is refused over the recorded one without --force.
    soc2(&fx, &["sample", "CHG-01", "--seed", "auditor 2027"])
        .code(2)
        .stderr_has("exists and differs: it was drawn with another size or seed")
        .stderr_has("--force");
    let run = soc2(&fx, &["sample", "CHG-01", "--seed", "auditor 2027", "--size", "40", "--force", "--format", "json"]);
    run.code(0);
    let seeded = run.json();
    assert_eq!(seeded["seed"]["auditor"], "auditor 2027");
    assert_ne!(seeded["seed"]["value"], p["sha256"]);
    assert_eq!(seeded["selected"].as_array().unwrap().len(), 40);
    assert_eq!(seeded["size"]["basis"], "requested (--size)");
    assert_ne!(seeded["selected"][0]["key"], record["selected"][0]["key"]);
}

#[test]
fn changing_one_item_of_the_population_changes_the_sample() {
    let (a, _) = year_repo(false);
    let (b, _) = year_repo(true);
    let draw = |fx: &Fixture| {
        let run = soc2(fx, &["sample", "CHG-01", "--format", "json"]);
        run.code(0);
        run.json()
    };
    let (x, y) = (draw(&a), draw(&b));
    assert_eq!(x["population"]["items"], y["population"]["items"], "the same items, one retitled");
    assert_ne!(x["population"]["sha256"], y["population"]["sha256"]);
    let keys = |v: &Value| v["selected"].as_array().unwrap().iter().map(|s| s["key"].clone()).collect::<Vec<_>>();
    assert_ne!(keys(&x), keys(&y));
}

#[test]
fn the_period_report_shows_population_tested_items_deviations_and_the_tolerable_rate() {
    let (fx, truth) = year_repo(false);
    soc2(&fx, &["sample", "CHG-01"]).code(0);
    let run = soc2(&fx, &["report", "--period", "--format", "json"]);
    run.code(0).no_panic();
    let r = run.json();
    let p = &r["populations"][0];
    assert_eq!(p["id"], "CHG-01");
    assert_eq!(p["counts"]["items"], truth.population);
    assert_eq!(p["counts"]["deviations"], truth.deviating);
    assert_eq!(p["counts"]["tolerable_rate"], 5.0);
    let rate = truth.deviating as f64 * 100.0 / (truth.population + truth.unrecorded) as f64;
    assert_eq!(p["counts"]["exceeds_tolerable"], rate > 5.0);
    assert_eq!(p["outcome"], if rate > 5.0 { "exceeds-tolerable-rate" } else { "effective" });
    assert_eq!(p["sample"]["tested"], 25);
    assert_eq!(p["sample"]["current"], true);
    let md = soc2(&fx, &["report", "--period", "--format", "markdown"]);
    md.code(0).stdout_has("### Populations and samples").stdout_has(&format!(
        "| **CHG-01** Code changes are reviewed and approved before merge | many-times-a-day | {} | 25 (",
        truth.population
    ));
    // A stricter tolerable rate in soc2.toml.
    let toml =
        TOML.replace("categories = [\"security\"]", "categories = [\"security\"]\ntolerable_deviation_rate = \"1%\"");
    std::fs::write(fx.join("soc2.toml"), toml).unwrap();
    let r = soc2(&fx, &["report", "--period", "--format", "json"]).json();
    assert_eq!(r["populations"][0]["counts"]["tolerable_rate"], 1.0);
    assert_eq!(r["populations"][0]["outcome"], "exceeds-tolerable-rate");
}

#[cfg(feature = "pdf")]
#[test]
fn the_pdf_report_shows_the_populations_too() {
    let (fx, truth) = year_repo(false);
    soc2(&fx, &["sample", "CHG-01"]).code(0);
    soc2(&fx, &["report", "--period", "--format", "pdf"]).code(0).no_panic();
    let (_, text) = crate::pdf::read(&std::fs::read(fx.join(".soc2/soc2-report.pdf")).unwrap());
    let text = crate::pdf::squash(&text);
    assert!(text.contains("Populationsandsamples"), "{text}");
    assert!(text.contains(&format!("many-times-a-day{}25(", truth.population)), "{text}");
    assert!(text.contains("5%"), "{text}");
}

/// Replace `name` in a package and fix its manifest entry, so only re-deriving can tell.
fn tamper(fx: &Fixture, from: &str, to: &str, name: &str, edit: impl Fn(Vec<u8>) -> Vec<u8>) {
    use sha2::Digest as _;
    let mut e = entries(&fx.join(from));
    let bytes = edit(e.remove(name).unwrap());
    let mut manifest: Value = serde_json::from_slice(&e["manifest.json"]).unwrap();
    for f in manifest["files"].as_array_mut().unwrap() {
        if f["path"] == name {
            f["size"] = json!(bytes.len());
            f["sha256"] = json!(hex::encode(sha2::Sha256::digest(&bytes)));
        }
    }
    e.insert(name.to_owned(), bytes);
    e.insert("manifest.json".to_owned(), serde_json::to_vec_pretty(&manifest).unwrap());
    let mut list: Vec<(String, Vec<u8>)> = e.into_iter().filter(|(n, _)| n != "manifest.json").collect();
    list.push(("manifest.json".to_owned(), serde_json::to_vec_pretty(&manifest).unwrap()));
    write_zip(&fx.join(to), &list);
}

#[test]
fn export_packs_the_sample_with_its_population_and_verify_re_derives_it() {
    let (fx, _) = year_repo(false);
    soc2(&fx, &["sample", "CHG-01"]).code(0);
    let run = soc2(&fx, &["export", "-o", "p.zip"]);
    run.code(0).no_panic().stderr_has(&format!("sample {RECORD}: 25 of "));
    let e = entries(&fx.join("p.zip"));
    let population = "populations/CHG-01/2026-01-01..2026-12-31.jsonl";
    assert!(e.contains_key(RECORD) && e.contains_key(population), "{:?}", e.keys().collect::<Vec<_>>());
    let period: Value = serde_json::from_slice(&e["period.json"]).unwrap();
    assert_eq!(period["populations"][0]["sample"]["tested"], 25);
    soc2(&fx, &["verify", "p.zip"]).code(0).stdout_has("1 sample re-derived from its population");

    // The record selects another item: the manifest agrees, the selection does not.
    tamper(&fx, "p.zip", "selected.zip", RECORD, |bytes| {
        let mut r: Value = serde_json::from_slice(&bytes).unwrap();
        r["selected"][0]["key"] = json!(["api", 1]);
        serde_json::to_vec_pretty(&r).unwrap()
    });
    let run = soc2(&fx, &["verify", "selected.zip"]);
    run.code(1).stdout_has(&format!("sample: {RECORD}: the selection differs from the one re-derived"));
    // One item dropped from the population: its hash no longer matches the record.
    tamper(&fx, "p.zip", "dropped.zip", population, |bytes| {
        let text = String::from_utf8(bytes).unwrap();
        text.lines().skip(1).map(|l| format!("{l}\n")).collect::<String>().into_bytes()
    });
    soc2(&fx, &["verify", "dropped.zip"])
        .code(1)
        .stdout_has(&format!("sample: {RECORD}: the population's sha256 is "))
        .stdout_has("the population has ");
    // Without its population, the record cannot be re-derived.
    let e = entries(&fx.join("p.zip"));
    let mut manifest: Value = serde_json::from_slice(&e["manifest.json"]).unwrap();
    manifest["files"].as_array_mut().unwrap().retain(|f| f["path"] != population);
    let mut list: Vec<(String, Vec<u8>)> =
        e.into_iter().filter(|(n, _)| n != "manifest.json" && n != population).collect();
    list.push(("manifest.json".to_owned(), serde_json::to_vec_pretty(&manifest).unwrap()));
    write_zip(&fx.join("bare.zip"), &list);
    soc2(&fx, &["verify", "bare.zip"]).code(1).stdout_has("is not in the package: the selection cannot be re-derived");
}

#[test]
fn export_refuses_a_sample_the_evidence_no_longer_gives() {
    let (fx, _) = year_repo(false);
    soc2(&fx, &["sample", "CHG-01"]).code(0);
    let mut r: Value = serde_json::from_str(&fx.read(RECORD)).unwrap();
    r["population"]["sha256"] = json!("0".repeat(64));
    std::fs::write(fx.join(RECORD), serde_json::to_string_pretty(&r).unwrap()).unwrap();
    soc2(&fx, &["export", "-o", "p.zip"])
        .code(2)
        .stderr_has(&format!("{RECORD}: drawn from a population with sha256 0000"))
        .stderr_has("soc2 sample CHG-01 --period 2026-01-01..2026-12-31 --force");
}

#[test]
fn a_request_is_answered_with_a_sample() {
    let (fx, _) = year_repo(false);
    std::fs::write(fx.join("pbc.csv"), "id,request,references\nPBC-01,Sample of changes for testing,CC8.1\n").unwrap();
    soc2(&fx, &["requests", "import", "pbc.csv"]).code(0);
    soc2(&fx, &["requests", "answer", "PBC-01", "--sample", "CHG-01"])
        .code(2)
        .stderr_has("--sample CHG-01: no sample recorded for 2026-01-01..2026-12-31")
        .stderr_has("soc2 sample CHG-01 --period 2026-01-01..2026-12-31");
    soc2(&fx, &["sample", "CHG-01"]).code(0);
    soc2(&fx, &["requests", "answer", "PBC-01", "--sample", "CHG-01", "--by", "dana@test.example"]).code(0);
    soc2(&fx, &["requests"]).code(0).stdout_has(&format!("answered by: sample {RECORD}"));
    let request = fx.read("audit/requests/PBC-01.yaml");
    assert!(request.contains(&format!("sample: {RECORD}")), "{request}");
    // The export packs it with its population: verify re-derives it.
    soc2(&fx, &["export", "-o", "p.zip"]).code(0);
    soc2(&fx, &["verify", "p.zip"]).code(0).stdout_has("1 sample re-derived");
}

#[test]
fn bad_input_is_named_and_exits_2() {
    let (fx, _) = year_repo(false);
    // A control without a population.
    let control = CONTROL.split("population:").next().unwrap().replace("CHG-01", "CHG-02");
    std::fs::write(fx.join("controls/CHG-02.yaml"), control).unwrap();
    soc2(&fx, &["population", "CHG-02"])
        .code(2)
        .stderr_has("control CHG-02 declares no population")
        .stderr_has("controls with one: CHG-01");
    soc2(&fx, &["population", "CHG-1"]).code(2).stderr_has("no control `CHG-1`");
    soc2(&fx, &["population", "CHG-01", "--period", "2026-13-01..2026-12-31"]).code(2).stderr_has("--period");
    soc2(&fx, &["sample", "CHG-01", "--size", "0"]).code(2).stderr_has("--size: a sample has at least 1 item");
    // A population whose key is not a column name, and a query that does not exist.
    let bad = CONTROL
        .replace("key: [repo, number]", "key: [repo, \"number of\"]")
        .replace("query: population_merged_prs", "query: population_merged_pr");
    std::fs::write(fx.join("controls/CHG-01.yaml"), bad).unwrap();
    let run = soc2(&fx, &["validate"]);
    run.code(2)
        .stderr_has("controls/CHG-01.yaml:9:10: error: unknown query `population_merged_pr`")
        .stderr_has("did you mean `population_merged_prs`?")
        .stderr_has("controls/CHG-01.yaml:10:15: error: `population.key`: `number of` is not a column name");
    // A query missing the provenance columns.
    std::fs::write(fx.join("controls/CHG-01.yaml"), CONTROL).unwrap();
    std::fs::write(
        fx.join("queries/population_merged_prs.sql"),
        "SELECT repo, number, merged_at, approvals FROM github_pulls\n",
    )
    .unwrap();
    soc2(&fx, &["population", "CHG-01"])
        .code(2)
        .stderr_has("population query `population_merged_prs` returns no column `_first_seen`");
    // A statement that writes, and a deviation naming a column the query lacks.
    std::fs::write(fx.join("queries/population_merged_prs.sql"), "CREATE TABLE copied AS SELECT * FROM github_pulls\n")
        .unwrap();
    soc2(&fx, &["population", "CHG-01"]).code(2).stderr_has("only SELECT queries are allowed");
    std::fs::write(
        fx.join("queries/population_merged_prs.sql"),
        include_str!("../../queries/populations/population_merged_prs.sql"),
    )
    .unwrap();
    std::fs::write(fx.join("controls/CHG-01.yaml"), CONTROL.replace("approvals < 1", "approvers < 1")).unwrap();
    soc2(&fx, &["population", "CHG-01"])
        .code(2)
        .stderr_has("population deviation `approvers < 1`: no such column: approvers")
        .stderr_has("the condition names columns the population query returns");
    // An unknown column of the query itself is located in its file.
    std::fs::write(
        fx.join("queries/population_merged_prs.sql"),
        "-- Merged pull requests.\nSELECT repo, number,\n  nosuch, _first_seen, _first_commit FROM github_pulls\n",
    )
    .unwrap();
    soc2(&fx, &["population", "CHG-01"])
        .code(2)
        .stderr_has("queries/population_merged_prs.sql:3:3: no such column: nosuch");
    // A query that ends in `;` and a comment is wrapped all the same.
    std::fs::write(fx.join("controls/CHG-01.yaml"), CONTROL).unwrap();
    let query =
        include_str!("../../queries/populations/population_merged_prs.sql").trim_end().to_owned() + ";\n-- the end\n";
    std::fs::write(fx.join("queries/population_merged_prs.sql"), query).unwrap();
    soc2(&fx, &["population", "CHG-01"]).code(0).stdout_has("population: ");
}

#[test]
fn an_empty_population_is_not_occurring_only_when_attested() {
    let (fx, _) = year_repo(false);
    let control = "id: CHG-06\ntitle: Emergency changes are reviewed after the fact\ncriteria: [CC8.1]\nowner: dana@test.example\npolicies: [access-control]\nwhen_empty: not-occurring\nqueries:\n  - query: github_pr_merged_without_approval\npopulation:\n  query: population_emergency_changes\n  key: [repo, number]\n  date: merged_at\n  frequency: many-times-a-day\n";
    std::fs::write(fx.join("controls/CHG-06.yaml"), control).unwrap();
    std::fs::write(
        fx.join("queries/population_emergency_changes.sql"),
        include_str!("../../queries/populations/population_emergency_changes.sql"),
    )
    .unwrap();
    soc2(&fx, &["population", "CHG-06"]).code(0).stdout_has("population: 0 items · no occurrence in the period");
    soc2(&fx, &["sample", "CHG-06"]).code(2).stderr_has("is empty: there is nothing to sample");
    let r = soc2(&fx, &["report", "--period", "--format", "json", "--control", "CHG-06"]).json();
    assert_eq!(r["populations"][0]["outcome"], "no-occurrences");
    soc2(
        &fx,
        &["attest", "CHG-06", "--not-occurring", "--by", "dana@test.example", "--note", "no emergency change in 2026"],
    )
    .code(0);
    soc2(&fx, &["population", "CHG-06"])
        .code(0)
        .stdout_has("population: 0 items · not occurring (attested by dana@test.example on 2027-01-15)");
    let r = soc2(&fx, &["report", "--period", "--format", "json", "--control", "CHG-06"]).json();
    assert_eq!(r["populations"][0]["outcome"], "not-occurring");
    let md = soc2(&fx, &["report", "--period", "--format", "markdown", "--control", "CHG-06"]);
    md.code(0).stdout_has("| not occurring (attested by dana@test.example on 2027-01-15) |");
}

/// Run `git` in `dir` with the author and committer date `when`.
fn git_at(dir: &std::path::Path, args: &[&str], when: &str) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@test.example")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@test.example")
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn every_library_population_runs_on_a_new_repo_and_finds_a_late_leaver() {
    let fx = Fixture::empty();
    fx.soc2(&["init"]).code(0);
    let toml = fx.read("soc2.toml") + "\n[collectors.github]\nkind = \"github\"\norg = \"test\"\n";
    std::fs::write(fx.join("soc2.toml"), toml).unwrap();
    git_at(fx.path(), &["init", "-q"], "2026-03-01T10:00:00Z");
    git_at(fx.path(), &["add", "-A"], "2026-03-01T10:00:00Z");
    git_at(fx.path(), &["commit", "-q", "-m", "init"], "2026-03-01T10:00:00Z");
    let library: Vec<String> = std::fs::read_dir(fx.join("controls"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .filter(|text| text.contains("\npopulation:"))
        .map(|text| text.lines().next().unwrap().trim_start_matches("id: ").to_owned())
        .collect();
    assert_eq!(library.len(), 10, "{library:?}");
    for id in &library {
        let run = fx.soc2(&["population", id, "--period", "2026-01-01..2026-06-30", "--format", "json"]);
        run.code(0).no_panic();
        assert_eq!(run.json()["counts"]["items"], 0, "{id}");
    }
    // A leaver whose access was removed 4 days late, committed 5 days after leaving; and one who
    // left in February, first committed in April: recorded late, so how it stood then is unknown.
    let rows = [
        r#"{"access_removed_date":"2026-02-20","email":"kim@test.example","end_date":"2026-02-20","name":"Kim","status":"terminated"}"#,
        r#"{"access_removed_date":"2026-04-14","email":"lee@test.example","end_date":"2026-04-10","name":"Lee","status":"terminated"}"#,
    ];
    let meta = meta("hr_roster", "hr_roster", "file", "2026-04-15T10:00:00Z", 2);
    let fx = fx
        .file("evidence/hr_roster/hr_roster.jsonl", format!("{}\n{}\n", rows[0], rows[1]))
        .file("evidence/hr_roster/hr_roster.meta.json", meta);
    git_at(fx.path(), &["add", "-A"], "2026-04-15T10:00:00Z");
    git_at(fx.path(), &["commit", "-q", "-m", "evidence"], "2026-04-15T10:00:00Z");
    let p = fx.soc2(&["population", "AC-02", "--period", "2026-01-01..2026-06-30", "--format", "json"]).json();
    assert_eq!(p["counts"]["items"], 2);
    assert_eq!(p["counts"]["recorded_late"], 1, "{}", p["counts"]);
    assert_eq!(p["items"][0]["key"], json!(["kim@test.example"]));
    assert_eq!(
        p["items"][1]["deviations"][0]["reason"],
        "access removed on 2026-04-14, 4 days after leaving on 2026-04-10"
    );
    fx.soc2(&["population", "AC-02", "--period", "2026-01-01..2026-06-30"]).code(0).stdout_has(
        "  1 item first recorded more than 7 days after their date: how they stood when they occurred is not on record",
    );
    let report =
        fx.soc2(&["report", "--period", "2026-01-01..2026-06-30", "--format", "markdown", "--control", "AC-02"]);
    report.code(0).no_panic().stdout_has("| 2 (1 recorded late) |");
}
