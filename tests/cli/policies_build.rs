//! `soc2 policies build`: the HTML policy handbook.

use crate::support::{Fixture, POLICY};

const TABLES: &str = r#"---
id: backup
title: Backup <b>Policy</b>
owner: Sam Patel
version: "2.1"
review_every: 365d
---
# Backup Policy

| system | frequency | retention |
|---|---|---|
| Postgres | hourly | 35 days |

~~Tapes~~ are no longer used. See https://backup.example/runbook.

<script>alert(1)</script>
<img src=x onerror=alert(2)>
"#;

fn repo() -> Fixture {
    Fixture::minimal().file("policies/backup.md", TABLES).file(
        "evidence/reviews/2026-02-01-access-control.yaml",
        format!(
            "subject: policy\nid: access-control\ndate: 2026-02-01\nby: jo@test.example\napproved: true\nsha256: {}\n",
            sha256(POLICY)
        ),
    )
}

fn sha256(text: &str) -> String {
    use std::fmt::Write as _;
    let digest = <sha2::Sha256 as sha2::Digest>::digest(text.as_bytes());
    digest.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[test]
fn writes_an_index_and_one_page_per_policy() {
    let fx = repo();
    fx.soc2(&["policies", "build"])
        .code(0)
        .no_panic()
        .stderr_has("wrote 2 policies, index.html")
        .stderr_has(" to .soc2/policies");
    let index = fx.read(".soc2/policies/index.html");
    assert!(index.contains("Test Co — policy handbook"));
    assert!(index.contains(r#"<a href="access-control.html">Access Control Policy</a>"#), "{index}");
    assert!(index.contains(r#"<a href="backup.html">Backup &lt;b&gt;Policy&lt;&#x2f;b&gt;</a>"#), "{index}");
    assert!(index.contains("Dana Lee") && index.contains("Sam Patel") && index.contains("2.1"));
    let page = fx.read(".soc2/policies/access-control.html");
    assert!(page.contains("<h1>Access Control Policy</h1>"), "{page}");
    assert!(page.contains("owner: Dana Lee"));
}

#[test]
fn index_shows_approval_and_next_review() {
    let fx = repo();
    fx.soc2(&["policies", "build"]).code(0);
    let index = fx.read(".soc2/policies/index.html");
    let check = fx.soc2(&["check", "--format", "json"]).json();
    let status =
        check["coverage"]["policies"].as_array().unwrap().iter().find(|p| p["id"] == "access-control").unwrap().clone();
    assert_eq!(status["approval"], "approved", "{status}");
    assert!(index.contains("approved 2026-02-01 by jo@test.example"), "{index}");
    let next = status["next_review_due"].as_str().unwrap();
    assert!(index.contains(&next[..10]), "{index}");
    assert!(index.contains("not approved"), "backup has no approval: {index}");
}

#[test]
fn markdown_tables_become_html_tables() {
    let fx = repo();
    fx.soc2(&["policies", "build"]).code(0);
    let page = fx.read(".soc2/policies/backup.html");
    assert!(page.contains("<table>") && page.contains("<td>Postgres</td>"), "{page}");
    assert!(page.contains("<del>Tapes</del>"), "{page}");
    assert!(page.contains(r#"<a href="https://backup.example/runbook">"#), "{page}");
    assert!(!page.contains("id: backup"), "front matter is not part of the page");
}

#[test]
fn raw_html_in_policies_is_left_out() {
    let fx = repo();
    fx.soc2(&["policies", "build"]).code(0);
    let page = fx.read(".soc2/policies/backup.html");
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<img"), "{page}");
    assert!(page.contains("raw HTML omitted"), "{page}");
    assert!(page.contains("Backup &lt;b&gt;Policy"), "the title is escaped: {page}");
}

#[test]
fn output_folder() {
    let fx = repo();
    fx.soc2(&["policies", "build", "--output", "site/handbook"]).code(0).stderr_has("site/handbook");
    assert!(fx.join("site/handbook/index.html").is_file());
    assert!(fx.join("site/handbook/backup.html").is_file());
}

#[test]
fn no_policies_is_an_error_with_a_hint() {
    Fixture::minimal()
        .remove("policies/access-control.md")
        .soc2(&["policies", "build"])
        .code(2)
        .stderr_has("soc2 policies init");
}
