//! Templates: one lookup (the repo's own `templates/<name>`, else the one
//! built into soc2, through the layered [`RepoFiles`]) and one minijinja
//! set-up for the HTML documents.

use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use crate::files::RepoFiles;
use crate::render::format_percent;

/// A template's text and where it came from (`templates/…` or `builtin:templates/…`).
pub struct Template {
    pub name: String,
    pub text: String,
}

/// A template that does not load or render, named with its line when known.
#[derive(Debug, thiserror::Error)]
#[error("template {name}: {message}")]
pub struct TemplateError {
    pub name: String,
    pub message: String,
}

impl TemplateError {
    pub fn new(name: &str, e: &minijinja::Error) -> Self {
        let mut message = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            message.push_str(&format!(": {s}"));
            source = s.source();
        }
        TemplateError { name: name.to_owned(), message }
    }
}

/// The template `templates/<name>`: the repo's own copy, else the built-in one.
pub fn load(files: &dyn RepoFiles, name: &str) -> Result<Template, TemplateError> {
    let path = format!("templates/{name}");
    let missing = |message: &str| TemplateError { name: path.clone(), message: message.to_owned() };
    let origin = files.origin(&path).ok_or_else(|| missing("missing from the repo and from this build"))?;
    let bytes = files.read(&origin).map_err(|e| missing(&e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|_| missing("not valid UTF-8"))?;
    Ok(Template { name: origin, text })
}

/// The environment every HTML document renders in: escaping always on, so
/// everything from the repo or the evidence shows as text; a missing field
/// reads as empty; `percent` formats readiness figures.
pub fn html_environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_undefined_behavior(UndefinedBehavior::Chainable);
    env.add_filter("percent", |p: f64| format_percent(p));
    env
}
