//! The policy handbook: `policies/*.md` (GitHub-flavoured Markdown, by comrak)
//! as self-contained HTML pages, one per policy plus an index with each
//! policy's owner, version, approval and next review. Raw HTML in a policy is
//! omitted (comrak's default), and every value from the repo is escaped.

use minijinja::{AutoEscape, Environment, Value, context};
use serde::Serialize;

use crate::eval::PolicyStatus;
use crate::repo::policy::Policy;

/// One written page: its file name in the output folder and its text.
pub struct Page {
    pub file: String,
    pub html: String,
}

#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    title: &'a str,
    owner: &'a str,
    version: &'a str,
    file: String,
    effective: Option<&'a str>,
    criteria: &'a [String],
    approval: &'a str,
    approved_at: Option<String>,
    approved_by: Option<&'a str>,
    next_review_due: Option<String>,
    past_review: bool,
}

const CSS: &str = r#"
body { font: 15px/1.55 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; max-width: 860px; margin: 0 auto; padding: 28px 32px 56px; }
h1 { font-size: 28px; margin: 0 0 6px; } h2 { font-size: 21px; margin-top: 30px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; } h3 { font-size: 17px; }
a { color: #0969da; }
table { border-collapse: collapse; margin: 12px 0; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: 6px 10px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
code { font: 13px ui-monospace, Menlo, monospace; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; }
pre { background: #f6f8fa; padding: 12px; overflow-x: auto; } pre code { padding: 0; }
blockquote { margin: 0; padding: 0 14px; color: #57606a; border-left: 4px solid #d0d7de; }
.meta { color: #57606a; font-size: 13.5px; margin-bottom: 18px; }
.meta span { margin-right: 14px; white-space: nowrap; }
.ok { color: #2e7d32; } .warn { color: #c62828; font-weight: 600; }
nav { font-size: 13px; margin-bottom: 18px; }
@media print { body { max-width: none; padding: 0; font-size: 11pt; } nav { display: none; } a { color: inherit; text-decoration: none; } h1, h2, h3 { break-after: avoid; } tr { break-inside: avoid; } }
"#;

const APPROVAL: &str = r#"{%- macro approval(p) -%}
{%- if p.approval == "approved" %}<span class="ok">approved {{ p.approved_at }}{% if p.approved_by %} by {{ p.approved_by }}{% endif %}</span>
{%- elif p.approval == "changed" %}<span class="warn">changed since approval{% if p.approved_at %} of {{ p.approved_at }}{% endif %}</span>
{%- else %}<span class="warn">not approved</span>{% endif -%}
{%- endmacro -%}
{%- macro review(p) -%}
{%- if p.next_review_due %}{% if p.past_review %}<span class="warn">overdue since {{ p.next_review_due }}</span>{% else %}{{ p.next_review_due }}{% endif %}{% else %}–{% endif -%}
{%- endmacro -%}"#;

const INDEX: &str = r#"{% import "approval" as a -%}
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ organization or "Policy" }} — policy handbook</title>
<style>{{ css | safe }}</style></head>
<body>
<h1>{{ organization or "Policy" }} — policy handbook</h1>
<div class="meta">{{ policies | length }} policies · as of {{ as_of }}</div>
<table>
<thead><tr><th>policy</th><th>owner</th><th>version</th><th>approval</th><th>next review</th></tr></thead>
<tbody>
{%- for p in policies %}
<tr><td><a href="{{ p.file }}">{{ p.title }}</a><br><code>{{ p.id }}</code></td><td>{{ p.owner }}</td><td>{{ p.version }}</td><td>{{ a.approval(p) }}</td><td style="white-space:nowrap">{{ a.review(p) }}</td></tr>
{%- endfor %}
</tbody>
</table>
</body>
</html>
"#;

const POLICY: &str = r#"{% import "approval" as a -%}
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ p.title }} — {{ organization or "Policy handbook" }}</title>
<style>{{ css | safe }}</style></head>
<body>
<nav><a href="index.html">← {{ organization or "Policy" }} policy handbook</a></nav>
<div class="meta">
<span>owner: {{ p.owner }}</span><span>version {{ p.version }}</span>{% if p.effective %}<span>effective {{ p.effective }}</span>{% endif %}
<span>{{ a.approval(p) }}</span><span>next review: {{ a.review(p) }}</span>{% if p.criteria %}<span>criteria: {{ p.criteria | join(", ") }}</span>{% endif %}
</div>
{{ body | safe }}
</body>
</html>
"#;

/// GitHub-flavoured Markdown to HTML; raw HTML in the source is omitted.
pub fn markdown(body: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    options.extension.tagfilter = true;
    options.extension.front_matter_delimiter = Some("---".to_owned());
    options.render.unsafe_ = false;
    comrak::markdown_to_html(body, &options)
}

/// A file name for a policy's page: its Markdown file's name with `.html`.
fn page_name(policy: &Policy) -> String {
    let stem = policy.path.rsplit('/').next().unwrap_or(&policy.path);
    let stem = stem.strip_suffix(".md").unwrap_or(stem);
    let safe: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    format!("{safe}.html")
}

fn date(ts: &Option<String>) -> Option<String> {
    ts.as_deref().map(|t| crate::dates::day(t).to_owned())
}

/// Every page of the handbook: `index.html` first, then one per policy (sorted by file).
pub fn render(
    organization: &str,
    as_of: &str,
    policies: &[Policy],
    statuses: &[PolicyStatus],
) -> Result<Vec<Page>, String> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    for (name, text) in [("approval", APPROVAL), ("index", INDEX), ("policy", POLICY)] {
        env.add_template(name, text).map_err(|e| format!("handbook template {name}: {e}"))?;
    }
    let entries: Vec<Entry<'_>> = policies
        .iter()
        .map(|p| {
            let st = statuses.iter().find(|s| s.id == p.meta.id);
            Entry {
                id: &p.meta.id,
                title: &p.meta.title,
                owner: &p.meta.owner,
                version: &p.meta.version,
                file: page_name(p),
                effective: p.meta.effective.as_deref(),
                criteria: &p.meta.criteria,
                approval: st.map_or("not-approved", |s| s.approval.as_str()),
                approved_at: st.and_then(|s| date(&s.approved_at)),
                approved_by: st.and_then(|s| s.approved_by.as_deref()),
                next_review_due: st.and_then(|s| date(&s.next_review_due)),
                past_review: st.is_some_and(|s| s.past_review),
            }
        })
        .collect();
    let render = |name: &str, ctx: Value| -> Result<String, String> {
        env.get_template(name).and_then(|t| t.render(ctx)).map_err(|e| format!("handbook template {name}: {e}"))
    };
    let mut pages = vec![Page {
        file: "index.html".to_owned(),
        html: render(
            "index",
            context! { organization, as_of, css => CSS, policies => Value::from_serialize(&entries) },
        )?,
    }];
    for (p, entry) in policies.iter().zip(&entries) {
        let body = markdown(&p.body);
        pages.push(Page {
            file: entry.file.clone(),
            html: render("policy", context! { organization, css => CSS, p => Value::from_serialize(entry), body })?,
        });
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gfm_tables_strikethrough_autolinks_and_no_raw_html() {
        let html =
            markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ see https://example.com\n\n<script>x()</script>\n");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains(r#"<a href="https://example.com">"#), "{html}");
        assert!(!html.contains("<script>"), "{html}");
    }
}
