//! Policy PDFs: one per policy, and the combined handbook with a table of contents.

use crate::eval::PolicyStatus;
use crate::render::typst::markup::{markdown, text};
use crate::render::typst::{compile, preamble};
use crate::repo::policy::Policy;

/// A policy's status line: approval and next review.
fn facts(p: &Policy, status: Option<&PolicyStatus>) -> String {
    let day = |t: &Option<String>| t.as_deref().map(|t| crate::dates::day(t).to_owned());
    let approval = match status {
        Some(s) if s.approval == "approved" => {
            let by = s.approved_by.as_deref().map(|b| format!(" by {b}")).unwrap_or_default();
            format!("approved {}{by}", day(&s.approved_at).unwrap_or_default())
        }
        Some(s) if s.approval == "changed" => "changed since its approval".to_owned(),
        _ => "not approved".to_owned(),
    };
    let review = match status.and_then(|s| day(&s.next_review_due).map(|d| (d, s.past_review))) {
        Some((d, true)) => format!("overdue since {d}"),
        Some((d, false)) => d,
        None => "–".to_owned(),
    };
    format!(
        "#block(inset: (y: 4pt), stroke: (y: 0.5pt + luma(180)), grid(columns: (auto, 1fr, auto, 1fr), gutter: 6pt, [*Owner*], [{}], [*Version*], [{}], [*Approval*], [{}], [*Next review*], [{}]))\n\n",
        text(&p.meta.owner),
        text(&p.meta.version),
        text(&approval),
        text(&review)
    )
}

/// The policy's title as a level-1 heading, its facts, then its text without its own leading `# Title`.
fn section(p: &Policy, status: Option<&PolicyStatus>) -> String {
    let body = p.body.trim_start();
    let body = match body.strip_prefix("# ") {
        Some(rest) => rest.split_once('\n').map_or("", |(_, after)| after),
        None => body,
    };
    format!("#heading(level: 1)[{}]\n\n{}{}", text(&p.meta.title), facts(p, status), markdown(body))
}

fn status_of<'a>(p: &Policy, statuses: &'a [PolicyStatus]) -> Option<&'a PolicyStatus> {
    statuses.iter().find(|s| s.id == p.meta.id)
}

/// One policy as a PDF.
pub fn policy(organization: &str, p: &Policy, statuses: &[PolicyStatus]) -> Result<Vec<u8>, String> {
    let mut src = preamble(&p.meta.title, organization);
    src.push_str(&section(p, status_of(p, statuses)));
    compile(&src).map_err(|e| format!("{}: {e}", p.path))
}

/// Every policy in one PDF: a title page with a table of contents, one policy per chapter.
pub fn handbook(
    organization: &str,
    as_of: &str,
    policies: &[Policy],
    statuses: &[PolicyStatus],
) -> Result<Vec<u8>, String> {
    let org = if organization.is_empty() { "Policy" } else { organization };
    let title = format!("{org} — Policy Handbook");
    let mut src = preamble(&title, org);
    src.push_str(&format!(
        "#align(center)[#v(4cm)#text(size: 26pt, weight: \"bold\")[{}]\n\n#text(size: 12pt)[{}]]\n\n#pagebreak()\n#outline(title: [Contents], depth: 1)\n",
        text(&title),
        text(&format!("{} policies · as of {as_of}", policies.len()))
    ));
    for p in policies {
        src.push_str("#pagebreak()\n");
        src.push_str(&section(p, status_of(p, statuses)));
    }
    compile(&src)
}
