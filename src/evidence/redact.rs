//! Secrets never reach evidence, meta files, progress output or error messages.
//!
//! A [`Redactor`] knows the values of the environment variables collectors
//! read (tokens, passwords interpolated into headers) and recognises
//! well-known token shapes; every write and print point runs text through it.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Regex, RegexSet};
use serde_json::Value;

/// What a secret is replaced with.
pub const REDACTED: &str = "[REDACTED]";

/// Environment values shorter than this are not treated as secrets: they
/// would be replaced everywhere they occur by chance and no token is that short.
pub const MIN_SECRET_LEN: usize = 4;

/// Token shapes: the pattern, and what replaces a match (`$1` keeps a prefix group).
const SHAPES: &[(&str, &str)] = &[
    // GitHub personal, OAuth, app, user-to-server and refresh tokens; fine-grained PATs.
    (r"\b(?:ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{16,}", REDACTED),
    (r"\bgithub_pat_[A-Za-z0-9_]{16,}", REDACTED),
    // AWS access key ids (long-term and temporary).
    (r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b", REDACTED),
    // Slack bot, app, user, refresh and legacy tokens.
    (r"\bxox[abprs]-[A-Za-z0-9-]{8,}", REDACTED),
    // Bearer tokens (Authorization header values echoed in bodies or errors).
    (r"(?i)\b(bearer)(\s+)[A-Za-z0-9._~+/-]{8,}=*", "${1}${2}[REDACTED]"),
    // Credentials in URLs: scheme://user:password@host.
    (r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s:@]+:[^/\s@]+@", "${1}[REDACTED]@"),
    // Tokens in query strings.
    (
        r"(?i)([?&](?:access_token|token|api_key|apikey|client_secret|password|secret|sig)=)[^&\s#'\x22]+",
        "${1}[REDACTED]",
    ),
];

struct Shapes {
    any: RegexSet,
    each: Vec<(Regex, &'static str)>,
}

static SHAPE_REGEXES: LazyLock<Option<Shapes>> = LazyLock::new(|| {
    let any = RegexSet::new(SHAPES.iter().map(|(p, _)| *p)).ok()?;
    let each = SHAPES.iter().map(|(p, r)| Regex::new(p).ok().map(|re| (re, *r))).collect::<Option<Vec<_>>>()?;
    Some(Shapes { any, each })
});

/// Replaces known secret values and token shapes with `[REDACTED]`.
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    /// Longest first, so a secret containing another is replaced whole.
    secrets: Vec<String>,
}

impl Redactor {
    pub fn new() -> Self {
        Self::default()
    }

    /// Treat `value` (an environment variable's value) as a secret from now on.
    pub fn add_secret(&mut self, value: &str) {
        let value = value.trim();
        if value.chars().count() < MIN_SECRET_LEN || self.secrets.iter().any(|s| s == value) {
            return;
        }
        self.secrets.push(value.to_owned());
        self.secrets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    }

    /// `text` with every secret and token shape replaced.
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = Cow::Borrowed(text);
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                out = Cow::Owned(out.replace(secret.as_str(), REDACTED));
            }
        }
        match SHAPE_REGEXES.as_ref() {
            Some(shapes) => {
                let hits = shapes.any.matches(&out);
                if !hits.matched_any() {
                    return out;
                }
                let mut text = out.into_owned();
                for i in hits.iter() {
                    if let Some((re, with)) = shapes.each.get(i)
                        && let Cow::Owned(replaced) = re.replace_all(&text, *with)
                    {
                        text = replaced;
                    }
                }
                Cow::Owned(text)
            }
            // Unreachable (the patterns are tested); fail closed rather than leak.
            None => Cow::Owned(REDACTED.to_owned()),
        }
    }

    /// Redact every string in a JSON value, object keys included.
    pub fn redact_value(&self, value: &mut Value) {
        match value {
            Value::String(s) => {
                if let Cow::Owned(r) = self.redact(s) {
                    *s = r;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.redact_value(v)),
            Value::Object(map) => {
                let needs_key_change = map.keys().any(|k| matches!(self.redact(k), Cow::Owned(_)));
                if needs_key_change {
                    let old = std::mem::take(map);
                    for (k, v) in old {
                        map.insert(self.redact(&k).into_owned(), v);
                    }
                }
                map.values_mut().for_each(|v| self.redact_value(v));
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_compile() {
        assert!(SHAPE_REGEXES.is_some());
    }

    #[test]
    fn known_values_are_replaced_longest_first() {
        let mut r = Redactor::new();
        r.add_secret("hunter2-secret");
        r.add_secret("hunter2-secret-long");
        r.add_secret("abc");
        assert_eq!(r.redact("a hunter2-secret-long b hunter2-secret c abc"), "a [REDACTED] b [REDACTED] c abc");
    }

    #[test]
    fn token_shapes_are_replaced() {
        let r = Redactor::new();
        let cases = [
            ("token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "token [REDACTED]"),
            ("github_pat_11ABCDEFG0123456789_abcdefghijkl", "[REDACTED]"),
            ("gho_ABCDEFGHIJKLMNOPQRST and ghs_ABCDEFGHIJKLMNOPQRST", "[REDACTED] and [REDACTED]"),
            ("key AKIAIOSFODNN7EXAMPLE.", "key [REDACTED]."),
            ("ASIAIOSFODNN7EXAMPLE", "[REDACTED]"),
            ("xoxb-1234567890-abcdefghij", "[REDACTED]"),
            ("Authorization: Bearer eyJhbGciOi.payload.sig", "Authorization: Bearer [REDACTED]"),
            ("https://ann:pa55word@example.com/x", "https://[REDACTED]@example.com/x"),
            ("https://x.test/a?token=abc123&page=2", "https://x.test/a?token=[REDACTED]&page=2"),
            ("https://x.test/a?page=2&access_token=abc123", "https://x.test/a?page=2&access_token=[REDACTED]"),
            ("nothing to see here", "nothing to see here"),
        ];
        for (input, expected) in cases {
            assert_eq!(r.redact(input), expected, "{input}");
        }
    }

    #[test]
    fn json_values_and_keys() {
        let mut r = Redactor::new();
        r.add_secret("s3cr3t-value");
        let mut v = serde_json::json!({"a": ["x s3cr3t-value"], "s3cr3t-value": 1, "n": 2});
        r.redact_value(&mut v);
        assert_eq!(v, serde_json::json!({"a": ["x [REDACTED]"], "[REDACTED]": 1, "n": 2}));
    }
}
