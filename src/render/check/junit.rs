//! `--format junit`: one test case per control, for GitLab and Jenkins test reports.

use std::fmt::Write as _;

use crate::eval::{Evaluation, Status};

fn xml(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .flat_map(|c| match c {
            '&' => "&amp;".chars().collect::<Vec<_>>(),
            '<' => "&lt;".chars().collect(),
            '>' => "&gt;".chars().collect(),
            '"' => "&quot;".chars().collect(),
            '\'' => "&apos;".chars().collect(),
            c => vec![c],
        })
        .collect()
}

pub fn render(e: &Evaluation) -> String {
    let failures = e
        .controls
        .iter()
        .filter(|c| matches!(c.status, Status::Fail | Status::Stale | Status::Missing | Status::ReviewDue))
        .count();
    let errors = e.controls.iter().filter(|c| c.status == Status::Error).count();
    let skipped = e.controls.iter().filter(|c| matches!(c.status, Status::OutOfScope | Status::NotOccurring)).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"soc2\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">",
        e.controls.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" timestamp=\"{}\">",
        xml(&e.framework),
        e.controls.len(),
        xml(&e.evaluated_at)
    );
    if let Some(c) = &e.commit {
        let _ = writeln!(
            out,
            "    <properties>\n      <property name=\"commit\" value=\"{}\"/>\n      <property name=\"commit_time\" value=\"{}\"/>\n    </properties>",
            xml(&c.id),
            xml(&c.time)
        );
    }
    for c in &e.controls {
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}: {}\" file=\"{}\"",
            xml(&c.criteria.join(" ")),
            xml(&c.id),
            xml(&c.title),
            xml(&c.path)
        );
        let mut body = c.reasons.join("\n");
        for f in c.problem_findings() {
            let _ = write!(body, "\n{}", f.line());
        }
        match c.status {
            Status::Pass => out.push_str("/>\n"),
            Status::OutOfScope => {
                let why =
                    c.not_applicable.as_deref().map_or_else(String::new, |r| format!(": not applicable: {}", xml(r)));
                let _ = write!(out, ">\n      <skipped message=\"out of scope{why}\"/>\n    </testcase>\n");
            }
            Status::NotOccurring => {
                let _ = write!(
                    out,
                    ">\n      <skipped message=\"not occurring: {}\"/>\n    </testcase>\n",
                    xml(body.trim())
                );
            }
            Status::Error => {
                let _ = write!(
                    out,
                    ">\n      <error message=\"{}\">{}</error>\n    </testcase>\n",
                    c.status.as_str(),
                    xml(body.trim())
                );
            }
            s => {
                let _ = write!(
                    out,
                    ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                    s.as_str(),
                    s.as_str(),
                    xml(body.trim())
                );
            }
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
