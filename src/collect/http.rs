//! `kind = "http"`: rows from any JSON API.
//!
//! ```toml
//! [collectors.idp_users]
//! kind = "http"
//! url = "https://idp.example/api/v1/users?limit=200"
//! headers = { Authorization = "SSWS ${OKTA_TOKEN}" }
//! select = "data.items"
//! paginate = "link"            # or "cursor" with cursor_field / cursor_param
//! timeout = "30s"
//! retries = 3
//! ```

use std::time::Duration;

use anyhow::{Result, bail};
use serde_json::Value;

use super::client::{self, Client, Request};
use super::{Collector, Cx, Dataset, DatasetResult, Env, Opts, push_selected};
use crate::diagnostic::Diagnostic;

/// At most this many pages are read from one API.
const MAX_PAGES: usize = 100_000;

#[derive(Debug)]
enum Paginate {
    None,
    Link,
    Cursor { field: String, param: String },
}

pub struct Http {
    url: String,
    method: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
    select: Option<String>,
    paginate: Paginate,
    timeout: Duration,
    retries: u32,
}

impl Http {
    pub fn from_options(opts: &Opts<'_>, env: &mut Env) -> Result<Self, Diagnostic> {
        let raw_url = opts.string("url")?.unwrap_or_default();
        let url = env.interpolate(&raw_url, &opts.field("url"));
        if !raw_url.contains("${") {
            client::origin(&url).map_err(|e| opts.error("url", e))?;
        }
        let method = opts.string("method")?.unwrap_or_else(|| "GET".to_owned()).to_ascii_uppercase();
        if !["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].contains(&method.as_str()) {
            return Err(opts.error("method", format!("unknown HTTP method `{method}`")));
        }
        let mut headers = Vec::new();
        for (k, v) in opts.string_table("headers")?.unwrap_or_default() {
            let value = env.interpolate(&v, &opts.field(&format!("headers.{k}")));
            headers.push((k, value));
        }
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("accept")) {
            headers.push(("Accept".to_owned(), "application/json".to_owned()));
        }
        let body = opts.string("body")?.map(|b| env.interpolate(&b, &opts.field("body")));
        if body.is_some() && !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-type")) {
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        let cursor_field = opts.string("cursor_field")?;
        let cursor_param = opts.string("cursor_param")?;
        let paginate = match opts.string("paginate")?.as_deref() {
            None | Some("none") => Paginate::None,
            Some("link") => Paginate::Link,
            Some("cursor") => match (cursor_field, cursor_param) {
                (Some(field), Some(param)) => Paginate::Cursor { field, param },
                _ => {
                    return Err(opts
                        .error("paginate", "`cursor` pagination needs `cursor_field` and `cursor_param`")
                        .with_hint("e.g. cursor_field = \"meta.next_cursor\", cursor_param = \"cursor\""));
                }
            },
            Some(other) => {
                return Err(opts
                    .error("paginate", format!("unknown pagination `{other}`"))
                    .with_hint("use \"link\" (Link: rel=\"next\" headers) or \"cursor\""));
            }
        };
        Ok(Http {
            url,
            method,
            headers,
            body,
            select: opts.select()?,
            paginate,
            timeout: opts.duration("timeout")?.unwrap_or(Duration::from_secs(30)),
            retries: opts.count("retries", 10)?.unwrap_or(3),
        })
    }
}

impl Collector for Http {
    fn source(&self) -> String {
        format!("{} {}", self.method, self.url)
    }

    fn collect(&self, cx: &Cx<'_>) -> Result<Vec<DatasetResult>> {
        let client = Client::new(self.timeout, self.retries, cx.settings.http_max_wait);
        let mut ds = Dataset::new(cx.name);
        let mut url = self.url.clone();
        let mut last_cursor: Option<String> = None;
        for page_no in 1..=MAX_PAGES {
            cx.progress.step(&format!("page {page_no}"));
            let req =
                Request { method: &self.method, url: url.clone(), headers: &self.headers, body: self.body.as_deref() };
            let (doc, page) = client.json(&req, &|msg| cx.progress.line(msg))?;
            let next = match &self.paginate {
                Paginate::None => None,
                Paginate::Link => page.next_link(&url)?,
                Paginate::Cursor { field, param } => {
                    let cursor = super::select_value(doc.clone(), Some(field)).ok().and_then(|v| match v {
                        Value::String(s) if !s.is_empty() => Some(s),
                        Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    });
                    match cursor {
                        Some(c) if last_cursor.as_deref() == Some(c.as_str()) => {
                            bail!("page {page_no}: the cursor `{field}` did not change ({c}); stopping")
                        }
                        Some(c) => {
                            let next = client::set_query_param(&self.url, param, &c);
                            last_cursor = Some(c);
                            Some(next)
                        }
                        None => None,
                    }
                }
            };
            push_selected(&mut ds, cx, doc, self.select.as_deref())
                .map_err(|e| anyhow::anyhow!("{} {url}: {e}", self.method))?;
            match next {
                Some(n) => url = n,
                None => return Ok(vec![Ok(ds)]),
            }
        }
        bail!("more than {MAX_PAGES} pages; stopping")
    }
}
