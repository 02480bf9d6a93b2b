//! The HTML readiness and gap report: one self-contained file rendered from a
//! minijinja template (the built-in `templates/report/report.html.j2`, or the
//! repo's own copy). Auto-escaping is always on: everything from the repo or
//! the evidence shows as text.

use minijinja::{AutoEscape, Environment, Value, context};

use crate::eval::readiness::Report;
use crate::render::{format_percent, summary_line};

/// Where the template lives, in the built-in library and in a repo that overrides it.
pub const TEMPLATE: &str = "report/report.html.j2";

/// Render `report` with `template` (the template's source text); `name` is used in errors.
pub fn render(report: &Report<'_>, name: &str, template: &str) -> Result<String, String> {
    render_with_period(report, name, template, None)
}

/// Like [`render`], with the Type II period section (from
/// [`period::html_section`](crate::render::period::html_section)) placed where the template puts `period_section`.
pub fn render_with_period(
    report: &Report<'_>,
    name: &str,
    template: &str,
    period_section: Option<String>,
) -> Result<String, String> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    env.add_filter("percent", |p: f64| format_percent(p));
    env.add_template(name, template).map_err(|e| describe(name, &e))?;
    let tmpl = env.get_template(name).map_err(|e| describe(name, &e))?;
    let lists: Vec<Value> = report
        .evaluation
        .coverage
        .labelled()
        .iter()
        .map(|(label, items)| context! { label => *label, items => Value::from_serialize(items) })
        .collect();
    let mut html = tmpl
        .render(context! {
            r => Value::from_serialize(report),
            coverage_lists => lists,
            summary_line => summary_line(report.evaluation),
            readiness => format_percent(report.evaluation.summary.readiness),
            period_section => period_section.map(Value::from_safe_string),
        })
        .map_err(|e| describe(name, &e))?;
    if !html.ends_with('\n') {
        html.push('\n');
    }
    Ok(html)
}

fn describe(name: &str, e: &minijinja::Error) -> String {
    let mut msg = format!("report template {name}: {e}");
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!(": {s}"));
        source = s.source();
    }
    msg
}
