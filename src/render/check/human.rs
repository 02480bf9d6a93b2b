//! `--format human`: controls grouped by status, the first failing rows of each.

use std::fmt::Write as _;

use crate::diagnostic::{paint, style};
use crate::eval::{CoverageState, Evaluation, Status, WorkflowState};
use crate::render::{STATUS_ORDER, one_line, summary_line};
use crate::repo::exception::ExceptionState;

/// Findings shown per control before "… and N more".
const SHOWN_FINDINGS: usize = 5;

/// The controls by status; `verbose` names the query behind each finding.
pub fn render(e: &Evaluation, color: bool, verbose: bool) -> String {
    let paint = |s: &str, style: anstyle::Style| paint(s, style, color);
    let mut out = String::new();
    for status in STATUS_ORDER {
        let group: Vec<_> = e.controls.iter().filter(|c| c.status == status).collect();
        if group.is_empty() {
            continue;
        }
        let look = match status {
            Status::Pass => style::GOOD,
            Status::OutOfScope => style::DIM,
            Status::NotOccurring => style::BOLD,
            Status::Stale | Status::ReviewDue => style::WARNING,
            _ => style::ERROR,
        };
        let _ = writeln!(out, "{} ({})", paint(status.as_str(), look), group.len());
        for c in group {
            let workflow = match c.workflow {
                WorkflowState::NotStarted => String::new(),
                w => format!(" · {}", w.as_str()),
            };
            let _ = writeln!(
                out,
                "  {:<10} {}  [{}] {}{workflow}",
                one_line(&c.id),
                one_line(&c.title),
                c.severity.as_str(),
                one_line(&c.owner)
            );
            if status == Status::Pass {
                continue;
            }
            for r in &c.reasons {
                let _ = writeln!(out, "             - {}", one_line(r));
            }
            if status == Status::OutOfScope {
                continue;
            }
            // The same finding from two queries (or two rows) is one line.
            let mut seen = std::collections::BTreeSet::new();
            let line = |f: &crate::eval::Finding| if verbose { f.line() } else { f.brief() };
            let problems: Vec<String> =
                c.problem_findings().chain(c.info_findings()).map(line).filter(|l| seen.insert(l.clone())).collect();
            for f in problems.iter().take(SHOWN_FINDINGS) {
                let _ = writeln!(out, "             {}", one_line(f));
            }
            if problems.len() > SHOWN_FINDINGS {
                let _ = writeln!(out, "             … and {} more", problems.len() - SHOWN_FINDINGS);
            }
            let excepted = c.findings.iter().filter(|f| f.excepted_by.is_some()).count();
            if excepted > 0 {
                let _ = writeln!(out, "             ({excepted} excepted)");
            }
        }
    }
    let lists = e.coverage.labelled();
    if lists.iter().any(|(_, l)| !l.is_empty()) {
        let _ = writeln!(out, "{}", paint("coverage", style::BOLD));
        for (what, list) in lists.iter().filter(|(_, l)| !l.is_empty()) {
            let _ = writeln!(out, "  {what} ({}): {}", list.len(), one_line(&list.join(", ")));
        }
    }
    if let Some(f) = &e.framework_coverage {
        let _ = writeln!(out, "{} {}", paint("framework", style::BOLD), f.line());
        for s in &f.sections {
            let name = if s.title == s.id { s.id.clone() } else { format!("{} {}", s.id, s.title) };
            let _ = writeln!(
                out,
                "  {}: {}/{} covered · {} failing · {} unmapped",
                one_line(&name),
                s.covered,
                s.requirements,
                s.failing,
                s.unmapped
            );
        }
        let failing: Vec<String> = f
            .rows
            .iter()
            .filter(|r| r.state == CoverageState::Failing)
            .map(|r| {
                let by: Vec<String> = r.controls.iter().map(|c| format!("{} {}", c.id, c.status.as_str())).collect();
                format!("{} ({})", r.id, by.join(", "))
            })
            .collect();
        if !failing.is_empty() {
            let _ = writeln!(out, "  only failing controls ({}): {}", failing.len(), failing.join(", "));
        }
        let unmapped = f.ids(CoverageState::Unmapped);
        if !unmapped.is_empty() {
            let _ = writeln!(out, "  unmapped ({}): {}", unmapped.len(), unmapped.join(", "));
        }
    }
    if !e.exceptions.is_empty() {
        let _ = writeln!(out, "{}", paint("exceptions", style::BOLD));
        for x in &e.exceptions {
            let date = crate::dates::day(&x.expires);
            let when = match x.state {
                ExceptionState::Active => format!("active until {date}"),
                ExceptionState::Expired => format!("expired on {date}"),
                ExceptionState::Unapproved => format!("not approved (would expire {date})"),
            };
            let _ = writeln!(
                out,
                "  {:<10} {} {when} · {} finding(s) excepted · {}",
                one_line(&x.id),
                one_line(&x.control),
                x.findings_excepted,
                one_line(&x.owner)
            );
        }
    }
    let _ = writeln!(out, "{}", summary_line(e));
    out
}
