//! The HTML readiness and gap report: one self-contained file rendered from a
//! minijinja template (the built-in `templates/report/report.html.j2`, or the
//! repo's own copy). Auto-escaping is always on: everything from the repo or
//! the evidence shows as text.

use minijinja::{Value, context};

use crate::eval::readiness::{Report, heading};
use crate::render::templates::{Template, TemplateError, html_environment};
use crate::render::{format_percent, summary_line};

/// The template, under `templates/` of the built-in library or of a repo that overrides it.
pub const TEMPLATE: &str = "report/report.html.j2";

/// Render `report` with `template`, with the Type II period section (from
/// [`period::html_section`](crate::render::period::html_section)) placed where the template puts `period_section`.
pub fn render(
    report: &Report<'_>,
    template: &Template,
    period_section: Option<String>,
) -> Result<String, TemplateError> {
    let mut env = html_environment();
    let name = template.name.as_str();
    env.add_template(name, &template.text).map_err(|e| TemplateError::new(name, &e))?;
    let tmpl = env.get_template(name).map_err(|e| TemplateError::new(name, &e))?;
    let lists: Vec<Value> = report
        .evaluation
        .coverage
        .labelled()
        .iter()
        .map(|(label, items)| context! { label => *label, items => Value::from_serialize(items) })
        .collect();
    let (title, framework_view) = heading(report.evaluation);
    let mut html = tmpl
        .render(context! {
            title => title,
            framework_view => framework_view,
            r => Value::from_serialize(report),
            coverage_lists => lists,
            summary_line => summary_line(report.evaluation),
            readiness => format_percent(report.evaluation.summary.readiness),
            period_section => period_section.map(Value::from_safe_string),
        })
        .map_err(|e| TemplateError::new(name, &e))?;
    if !html.ends_with('\n') {
        html.push('\n');
    }
    Ok(html)
}
