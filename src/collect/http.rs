//! `kind = "http"`: rows from any JSON API.
//!
//! ```toml
//! [collectors.idp_users]
//! kind = "http"
//! url = "https://idp.example/api/v1/users?limit=200"
//! headers = { Authorization = "SSWS ${OKTA_TOKEN}" }
//! select = "data.items"
//! paginate = "link"            # or "cursor" with cursor_field / cursor_param,
//!                              # "next" with next_field, "offset" with offset_param / more_field
//! timeout = "30s"
//! retries = 3
//! ```

use std::time::Duration;

use anyhow::{Result, bail};
use serde_json::Value;

use super::client::{self, Client, Request};
use super::rows::lookup;
use super::{Collector, Cx, Dataset, DatasetResult, Env, push_selected};
use crate::repo::collector::{CollectorSpec, HttpOptions, Paginate as Pages};

/// At most this many pages are read from one API.
const MAX_PAGES: usize = 100_000;

#[derive(Debug)]
enum Paginate {
    None,
    Link,
    Cursor { field: String, param: String },
    Next { field: String },
    Offset { param: String, more: Option<String> },
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
        let paginate = match o.paginate {
            Some(Pages::Link) => Paginate::Link,
            Some(Pages::Cursor) => match (&o.cursor_field, &o.cursor_param) {
                (Some(field), Some(param)) => Paginate::Cursor { field: field.clone(), param: param.clone() },
                _ => Paginate::None,
            },
            Some(Pages::Next) => match &o.next_field {
                Some(field) => Paginate::Next { field: field.clone() },
                None => Paginate::None,
            },
            Some(Pages::Offset) => Paginate::Offset {
                param: o.offset_param.clone().unwrap_or_else(|| "offset".to_owned()),
                more: o.more_field.clone(),
            },
            Some(Pages::None) | None => Paginate::None,
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
        let mut previous: Option<String> = None;
        let mut previous_body: Option<String> = None;
        let mut read = 0usize;
        for page_no in 1..=MAX_PAGES {
            cx.progress.step(&format!("page {page_no}"));
            let req =
                Request { method: &self.method, url: url.clone(), headers: &self.headers, body: self.body.as_deref() };
            let (doc, page) = client.json(&req, &|msg| cx.progress.line(msg))?;
            let body = crate::hash::sha256_hex(page.body.as_bytes());
            if previous_body.as_deref() == Some(body.as_str()) {
                bail!(
                    "page {page_no} ({url}) is the same as the page before it: the server ignores the pagination; stopping"
                );
            }
            previous_body = Some(body);
            let next = match &self.paginate {
                Paginate::None | Paginate::Offset { .. } => None,
                Paginate::Link => page.next_link(&url)?,
                Paginate::Cursor { field, param } => {
                    lookup(&doc, field).and_then(token).map(|c| client::set_query_param(&self.url, param, &c))
                }
                Paginate::Next { field } => {
                    lookup(&doc, field).and_then(token).map(|link| client::next_url(&url, &link)).transpose()?
                }
            };
            let more = match &self.paginate {
                Paginate::Offset { more: Some(field), .. } => lookup(&doc, field).is_some_and(truthy),
                _ => true,
            };
            let rows = push_selected(&mut ds, cx, doc, self.select.as_deref())
                .map_err(|e| anyhow::anyhow!("{} {url}: {e}", self.method))?;
            read += rows;
            let next = match &self.paginate {
                Paginate::Offset { param, .. } if rows > 0 && more => {
                    Some(client::set_query_param(&self.url, param, &read.to_string()))
                }
                _ => next,
            };
            match next {
                Some(n) if previous.as_deref() == Some(n.as_str()) || n == url => {
                    bail!("page {page_no}: the next page is the same as this one ({n}); stopping")
                }
                Some(n) => previous = Some(std::mem::replace(&mut url, n)),
                None => return Ok(vec![Ok(ds)]),
            }
        }
        bail!("more than {MAX_PAGES} pages; stopping")
    }
}

/// A cursor or link as a response holds it: text or a number; null or empty ends the paging.
fn token(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Whether a `more_field` says more pages follow.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty() && !s.eq_ignore_ascii_case("false"),
        _ => false,
    }
}
