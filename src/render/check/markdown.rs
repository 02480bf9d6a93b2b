//! `--format markdown`: a summary for CI job summaries and pull-request comments.

use std::fmt::Write as _;

use crate::render::markdown_text as cell;

use crate::eval::readiness::by_priority;
use crate::eval::{CoverageState, Evaluation, FrameworkCoverage, Status, WorkflowState};
use crate::render::{format_percent, summary_line};

pub fn render(e: &Evaluation) -> String {
    let s = &e.summary;
    let mut out = String::new();
    let org =
        if e.organization.is_empty() { "SOC 2".to_owned() } else { format!("{} — SOC 2", cell(&e.organization)) };
    let _ = writeln!(out, "## {org} readiness: {}%\n", format_percent(s.readiness));
    let _ = writeln!(out, "{}\n", summary_line(e));
    let _ = writeln!(out, "| status | controls |\n|---|---:|");
    for (status, n) in s.by_status.iter().filter(|(_, n)| **n > 0) {
        let _ = writeln!(out, "| {status} | {n} |");
    }
    let gaps: Vec<_> = by_priority(e).into_iter().filter(|c| c.status.is_gap()).collect();
    if !gaps.is_empty() {
        // The workflow column appears once anyone has moved a control.
        let workflow = e.controls.iter().any(|c| c.workflow != WorkflowState::NotStarted);
        let (head, rule) = if workflow { (" workflow |", "---|") } else { ("", "") };
        let _ = writeln!(
            out,
            "\n### Gaps\n\n| control | status |{head} severity | owner | why |\n|---|---|{rule}---|---|---|"
        );
        for c in gaps {
            let mut why: Vec<String> = c.reasons.iter().take(2).map(|r| cell(r)).collect();
            let problems = c.problem_findings().count();
            if problems > 0 {
                let first = c.problem_findings().next().and_then(|f| f.resource.clone()).unwrap_or_default();
                why.push(format!("{problems} finding(s), e.g. {}", crate::render::markdown_code(&first)));
            }
            let state = if workflow { format!(" {} |", c.workflow.as_str()) } else { String::new() };
            let _ = writeln!(
                out,
                "| `{}` {} | {} |{state} {} | {} | {} |",
                cell(&c.id),
                cell(&c.title),
                c.status.as_str(),
                c.severity.as_str(),
                cell(&c.owner),
                why.join("; ")
            );
        }
    }
    let lists = e.coverage.labelled();
    if lists.iter().any(|(_, l)| !l.is_empty()) {
        let _ = writeln!(out, "\n### Coverage\n");
        for (what, list) in lists.iter().filter(|(_, l)| !l.is_empty()) {
            let mut label = (*what).to_owned();
            label[..1].make_ascii_uppercase();
            let _ = writeln!(out, "- {label} ({}): {}", list.len(), cell(&list.join(", ")));
        }
    }
    if let Some(f) = &e.framework_coverage {
        framework_section(&mut out, f, "###");
    }
    if !e.exceptions.is_empty() {
        let _ =
            writeln!(out, "\n### Exceptions\n\n| id | control | state | expires | excepted |\n|---|---|---|---|---:|");
        for x in &e.exceptions {
            let state =
                serde_json::to_value(x.state).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
            let _ = writeln!(
                out,
                "| {} | {} | {state} | {} | {} |",
                cell(&x.id),
                cell(&x.control),
                &x.expires[..10.min(x.expires.len())],
                x.findings_excepted
            );
        }
    }
    let not_occurring: Vec<_> = e.controls.iter().filter(|c| c.status == Status::NotOccurring).collect();
    if !not_occurring.is_empty() {
        let _ = writeln!(out, "\n### Not occurring (attested)\n");
        for c in not_occurring {
            let _ = writeln!(out, "- `{}` {}: {}", cell(&c.id), cell(&c.title), cell(&c.reasons.join("; ")));
        }
    }
    let passing = e.controls.iter().filter(|c| c.status == Status::Pass).count();
    if passing > 0 {
        let _ = writeln!(out, "\n<details><summary>{passing} passing controls</summary>\n");
        for c in e.controls.iter().filter(|c| c.status == Status::Pass) {
            let _ = writeln!(out, "- `{}` {}", cell(&c.id), cell(&c.title));
        }
        let _ = writeln!(out, "\n</details>");
    }
    out
}

/// The `--framework` coverage as Markdown: per section, then every requirement not covered.
pub fn framework_section(out: &mut String, f: &FrameworkCoverage, level: &str) {
    let _ = writeln!(out, "\n{level} Framework coverage: {}\n", cell(&f.title));
    let _ = writeln!(out, "{}\n", cell(&f.line()));
    let _ = writeln!(out, "| section | requirements | covered | only failing | unmapped |\n|---|---:|---:|---:|---:|");
    for s in &f.sections {
        let name = if s.title == s.id { cell(&s.id) } else { format!("{} {}", cell(&s.id), cell(&s.title)) };
        let _ = writeln!(out, "| {name} | {} | {} | {} | {} |", s.requirements, s.covered, s.failing, s.unmapped);
    }
    let open: Vec<_> = f.rows.iter().filter(|r| r.state != CoverageState::Covered).collect();
    if !open.is_empty() {
        let _ = writeln!(out, "\n| requirement | state | controls |\n|---|---|---|");
        for r in open {
            let by: Vec<String> =
                r.controls.iter().map(|c| format!("`{}` {}", cell(&c.id), c.status.as_str())).collect();
            let by = if by.is_empty() { "–".to_owned() } else { by.join(", ") };
            let _ = writeln!(out, "| **{}** {} | {} | {by} |", cell(&r.id), cell(&r.title), r.state.as_str());
        }
    }
}
