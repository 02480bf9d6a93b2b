//! The HTTP client `github` and `http` collectors share: bounded retries on
//! network errors and 5xx, rate limits honoured (`Retry-After`,
//! `X-RateLimit-Remaining: 0` + `X-RateLimit-Reset`) with a capped wait,
//! `Link: <…>; rel="next"` pagination kept on the first page's origin.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Result, anyhow, bail};
use serde_json::Value;
use ureq::http::{self, HeaderMap};

/// Largest response body read.
const MAX_BODY: u64 = 512 * 1024 * 1024;

/// One request.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    pub method: &'a str,
    pub url: String,
    pub headers: &'a [(String, String)],
    pub body: Option<&'a str>,
}

/// A response read to the end.
#[derive(Debug)]
pub struct Page {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn json(&self, url: &str) -> Result<Value> {
        serde_json::from_str(&self.body)
            .map_err(|e| anyhow!("{url}: response is not JSON ({e}): {}", snippet(&self.body)))
    }

    /// The `rel="next"` link, resolved against `base` and required to stay on its origin.
    pub fn next_link(&self, base: &str) -> Result<Option<String>> {
        let Some(link) = self.headers.get("link").and_then(|v| v.to_str().ok()) else { return Ok(None) };
        let Some(next) = parse_next_link(link) else { return Ok(None) };
        next_url(base, &next).map(Some)
    }

    /// An error for a non-2xx response: status, and the API's message when it has one.
    pub fn error(&self, method: &str, url: &str) -> anyhow::Error {
        let reason = http::StatusCode::from_u16(self.status).ok().and_then(|s| s.canonical_reason()).unwrap_or("");
        let message = serde_json::from_str::<Value>(&self.body)
            .ok()
            .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_else(|| snippet(&self.body));
        let message = if message.is_empty() { String::new() } else { format!(": {message}") };
        anyhow!("{method} {url}: HTTP {} {reason}{message}", self.status)
    }
}

/// A blocking HTTP client with retry and rate-limit policy.
pub struct Client {
    agent: ureq::Agent,
    retries: u32,
    max_wait: Duration,
}

impl Client {
    pub fn new(timeout: Duration, retries: u32, max_wait: Duration) -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .user_agent(format!("soc2/{}", env!("CARGO_PKG_VERSION")))
            .build();
        Client { agent: config.into(), retries, max_wait }
    }

    /// Send `req`, retrying network errors, 5xx and rate limits; any other
    /// status is returned for the caller to judge.
    pub fn send(&self, req: &Request<'_>, on_wait: &dyn Fn(&str)) -> Result<Page> {
        let mut attempt = 0u32;
        loop {
            let retried = || if attempt > 0 { format!(" (after {attempt} retries)") } else { String::new() };
            let (wait, why) = match self.send_once(req) {
                Ok(page) if page.status == 429 || (page.status == 403 && rate_limited(&page.headers)) => {
                    let why = format!("rate limited (HTTP {})", page.status);
                    let wait = rate_limit_wait(&page.headers);
                    if let Some(w) = wait
                        && w > self.max_wait
                    {
                        bail!(
                            "{} {}: {why}; the server asks to wait {}s, longer than the {}s soc2 waits (run again later)",
                            req.method,
                            req.url,
                            w.as_secs(),
                            self.max_wait.as_secs()
                        );
                    }
                    if attempt >= self.retries {
                        bail!("{} {}: {why}{}", req.method, req.url, retried());
                    }
                    (wait.unwrap_or_else(|| self.backoff(attempt)), why)
                }
                Ok(page) if page.status >= 500 => {
                    if attempt >= self.retries {
                        return Err(anyhow!("{}{}", page.error(req.method, &req.url), retried()));
                    }
                    let wait = rate_limit_wait(&page.headers).unwrap_or_else(|| self.backoff(attempt));
                    (wait.min(self.max_wait), format!("HTTP {}", page.status))
                }
                Ok(page) => return Ok(page),
                Err(e) => {
                    if !e.retryable || attempt >= self.retries {
                        bail!("{} {}: {}{}", req.method, req.url, e.message, retried());
                    }
                    (self.backoff(attempt), e.message)
                }
            };
            attempt += 1;
            on_wait(&format!("{why}; retry {attempt}/{} in {:.1}s", self.retries, wait.as_secs_f64()));
            std::thread::sleep(wait);
        }
    }

    /// `GET`-style JSON call: non-2xx is an error.
    pub fn json(&self, req: &Request<'_>, on_wait: &dyn Fn(&str)) -> Result<(Value, Page)> {
        let page = self.send(req, on_wait)?;
        if !page.ok() {
            return Err(page.error(req.method, &req.url));
        }
        let value = page.json(&req.url)?;
        Ok((value, page))
    }

    fn backoff(&self, attempt: u32) -> Duration {
        Duration::from_secs(1u64 << attempt.min(6)).min(self.max_wait)
    }

    fn send_once(&self, req: &Request<'_>) -> std::result::Result<Page, SendError> {
        let mut builder = http::Request::builder().method(req.method).uri(&req.url);
        for (k, v) in req.headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        let request = builder
            .body(req.body.unwrap_or_default().to_owned())
            .map_err(|e| SendError { message: format!("invalid request: {e}"), retryable: false })?;
        let mut response = self.agent.run(request).map_err(SendError::from)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .lossy_utf8(true)
            .read_to_string()
            .map_err(SendError::from)?;
        Ok(Page { status, headers, body })
    }
}

struct SendError {
    message: String,
    retryable: bool,
}

impl From<ureq::Error> for SendError {
    fn from(e: ureq::Error) -> Self {
        let retryable = matches!(
            e,
            ureq::Error::Io(_)
                | ureq::Error::Timeout(_)
                | ureq::Error::ConnectionFailed
                | ureq::Error::Protocol(_)
                | ureq::Error::BodyStalled
        );
        let message = match &e {
            ureq::Error::Timeout(t) => format!("timed out ({t})"),
            ureq::Error::ConnectionFailed => "connection failed".to_owned(),
            ureq::Error::HostNotFound => "host not found".to_owned(),
            other => other.to_string(),
        };
        SendError { message, retryable }
    }
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim)
}

/// GitHub signals primary and secondary rate limits with 403 plus these headers.
fn rate_limited(headers: &HeaderMap) -> bool {
    header(headers, "retry-after").is_some() || header(headers, "x-ratelimit-remaining") == Some("0")
}

/// How long the server asks us to wait, if it says.
fn rate_limit_wait(headers: &HeaderMap) -> Option<Duration> {
    if let Some(secs) = header(headers, "retry-after").and_then(|v| v.parse::<u64>().ok()) {
        return Some(Duration::from_secs(secs));
    }
    if header(headers, "x-ratelimit-remaining") == Some("0") {
        let reset = header(headers, "x-ratelimit-reset")?.parse::<u64>().ok()?;
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        return Some(Duration::from_secs(reset.saturating_sub(now) + 1));
    }
    None
}

/// The target of `rel="next"` in a `Link` header.
pub fn parse_next_link(header: &str) -> Option<String> {
    let mut rest = header;
    while let Some(open) = rest.find('<') {
        let after = rest.get(open + 1..)?;
        let close = after.find('>')?;
        let url = after.get(..close)?;
        let params_start = after.get(close + 1..)?;
        let params_end = params_start.find('<').unwrap_or(params_start.len());
        let params = params_start.get(..params_end)?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim().trim_end_matches(',').trim();
            p.strip_prefix("rel=")
                .is_some_and(|v| v.trim_matches('"').split_whitespace().any(|r| r.eq_ignore_ascii_case("next")))
        });
        if is_next {
            return Some(url.to_owned());
        }
        rest = params_start.get(params_end..)?;
    }
    None
}

/// `scheme://authority` of a URL.
pub fn origin(url: &str) -> Result<String> {
    crate::repo::collector::origin(url).map_err(anyhow::Error::msg)
}

/// The next page's URL from a link relative to `base`; never another server's,
/// which would receive the collector's headers (and their secrets).
pub fn next_url(base: &str, link: &str) -> Result<String> {
    let resolved = resolve(base, link)?;
    if origin(&resolved)? != origin(base)? {
        bail!("the next-page link points to another server ({}); not following it", origin(&resolved)?);
    }
    Ok(resolved)
}

/// `link` made absolute against `base`.
fn resolve(base: &str, link: &str) -> Result<String> {
    if link.contains("://") {
        return Ok(link.to_owned());
    }
    let origin = origin(base)?;
    if link.starts_with('/') {
        return Ok(format!("{origin}{link}"));
    }
    let path_end = base.find('?').unwrap_or(base.len());
    let dir = base.get(..path_end).and_then(|p| p.rfind('/').map(|i| &p[..=i])).unwrap_or("/");
    Ok(format!("{dir}{link}"))
}

/// `url` with query parameter `name` set to `value` (replacing it if present).
pub fn set_query_param(url: &str, name: &str, value: &str) -> String {
    let url = url.split('#').next().unwrap_or(url);
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut pairs: Vec<&str> =
        query.split('&').filter(|p| !p.is_empty() && p.split('=').next() != Some(name)).collect();
    let param = format!("{}={}", encode(name), encode(value));
    pairs.push(&param);
    format!("{base}?{}", pairs.join("&"))
}

/// Percent-encode everything but RFC 3986 unreserved characters.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The start of a body, for error messages.
fn snippet(body: &str) -> String {
    let trimmed = body.trim();
    match trimmed.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", trimmed.get(..i).unwrap_or_default()),
        None => trimmed.to_owned(),
    }
    .replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_links() {
        let h = r#"<https://api.github.com/orgs/a/repos?page=2>; rel="next", <https://api.github.com/orgs/a/repos?page=5>; rel="last""#;
        assert_eq!(parse_next_link(h).as_deref(), Some("https://api.github.com/orgs/a/repos?page=2"));
        let h = r#"<https://x/?page=1>; rel="prev", <https://x/?page=3>; rel="next""#;
        assert_eq!(parse_next_link(h).as_deref(), Some("https://x/?page=3"));
        assert_eq!(parse_next_link(r#"<https://x/?page=1>; rel="prev""#), None);
        assert_eq!(parse_next_link("garbage"), None);
    }

    #[test]
    fn links_stay_on_their_origin() {
        assert_eq!(resolve("http://h:1/a/b?x=1", "/c?p=2").unwrap(), "http://h:1/c?p=2");
        assert_eq!(resolve("http://h:1/a/b?x=1", "c?p=2").unwrap(), "http://h:1/a/c?p=2");
        assert_eq!(origin("HTTP://H:1/x").unwrap(), "http://h:1");
    }

    #[test]
    fn query_params() {
        assert_eq!(set_query_param("http://h/x?a=1&cursor=old", "cursor", "n/2"), "http://h/x?a=1&cursor=n%2F2");
        assert_eq!(set_query_param("http://h/x", "c", "v"), "http://h/x?c=v");
    }
}
