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
use super::{Collector, Cx, Dataset, DatasetResult, Env, push_selected};
use crate::repo::collector::{CollectorSpec, HttpOptions, Paginate as Pages};

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
    pub fn new(o: &HttpOptions, env: &mut Env, spec: &CollectorSpec) -> Self {
        let url = env.interpolate(&o.url, &spec.field("url"));
        let method = o.method.clone().unwrap_or_else(|| "GET".to_owned()).to_ascii_uppercase();
        let mut headers = Vec::new();
        for (k, v) in o.headers.iter().flatten() {
            let value = env.interpolate(v, &spec.field(&format!("headers.{k}")));
            headers.push((k.clone(), value));
        }
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("accept")) {
            headers.push(("Accept".to_owned(), "application/json".to_owned()));
        }
        let body = o.body.as_ref().map(|b| env.interpolate(b, &spec.field("body")));
        if body.is_some() && !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-type")) {
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        let paginate = match (o.paginate, &o.cursor_field, &o.cursor_param) {
            (Some(Pages::Link), _, _) => Paginate::Link,
            (Some(Pages::Cursor), Some(field), Some(param)) => {
                Paginate::Cursor { field: field.clone(), param: param.clone() }
            }
            _ => Paginate::None,
        };
        Http {
            url,
            method,
            headers,
            body,
            select: o.select.clone().filter(|s| !s.is_empty()),
            paginate,
            timeout: o.timeout.map_or(Duration::from_secs(30), |d| d.as_std()),
            retries: o.retries.unwrap_or(3),
        }
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
