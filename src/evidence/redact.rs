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
    // Basic credentials: base64 of `user:password`.
    (r"(?i)\b(basic)(\s+)[A-Za-z0-9+/_-]{8,}=*", "${1}${2}[REDACTED]"),
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

/// One `[REDACTED]` for a run of them (a secret found inside a redacted token).
fn collapse(text: Cow<'_, str>) -> Cow<'_, str> {
    const TWICE: &str = "[REDACTED][REDACTED]";
    if !text.contains(TWICE) {
        return text;
    }
    let mut s = text.into_owned();
    while s.contains(TWICE) {
        s = s.replace(TWICE, REDACTED);
    }
    Cow::Owned(s)
}

/// Replaces known secret values and token shapes with `[REDACTED]`.
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    /// Longest first, so a secret containing another is replaced whole.
    secrets: Vec<String>,
    /// Secrets with punctuation, matched in any percent-encoded spelling
    /// (`s3cr+t` also as `s3cr%2Bt` or `s3cr%2bt`), longest first.
    encoded: Vec<(usize, Regex)>,
}

/// Names of environment variables whose values are secrets by their name.
static SECRET_NAME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)(TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|(^|_)PASS(_|$)|(^|_)PWD$|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|(^|_)KEY$|CREDENTIAL|(^|_)AUTH|SESSION|COOKIE|SIGNATURE|(^|_)DSN$)").ok()
});

/// Whether an environment variable named `name` holds a secret by its name
/// (`GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`, `DB_PASSWORD`…).
pub fn is_secret_name(name: &str) -> bool {
    SECRET_NAME.as_ref().is_none_or(|re| re.is_match(name))
}

/// The base64 text that any base64 encoding of a text containing `secret`
/// contains, whatever the secret's offset (one core per alignment), in the
/// standard and URL-safe alphabets: `Basic base64(user:secret)` shows them.
fn base64_cores(secret: &str) -> Vec<String> {
    use base64::Engine as _;
    let mut out = Vec::new();
    for offset in 0..3usize {
        let mut bytes = vec![0u8; offset];
        bytes.extend_from_slice(secret.as_bytes());
        // Whole 3-byte groups made only of the secret's bytes encode the same everywhere.
        let first_group = offset.div_ceil(3);
        let groups = bytes.len() / 3;
        if groups <= first_group {
            continue;
        }
        let Some(core) = bytes.get(first_group * 3..groups * 3) else { continue };
        for engine in [&base64::engine::general_purpose::STANDARD, &base64::engine::general_purpose::URL_SAFE] {
            out.push(engine.encode(core));
        }
    }
    out
}

impl Redactor {
    pub fn new() -> Self {
        Self::default()
    }

    /// Treat `value` (an environment variable's value) as a secret from now
    /// on: as written, percent-encoded in any spelling, and base64-encoded.
    pub fn add_secret(&mut self, value: &str) {
        let value = value.trim();
        if value.chars().count() < MIN_SECRET_LEN || self.secrets.iter().any(|s| s == value) {
            return;
        }
        self.secrets.push(value.to_owned());
        if value.len() >= 8 {
            for core in base64_cores(value) {
                // A core too short would match by chance.
                if core.len() >= 8 && !self.secrets.contains(&core) {
                    self.secrets.push(core);
                }
            }
        }
        if value.chars().any(|c| !c.is_ascii_alphanumeric()) {
            let pattern: String = value
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_string()
                    } else {
                        let mut buf = [0u8; 4];
                        let hex: String = c.encode_utf8(&mut buf).bytes().map(|b| format!("(?i:%{b:02X})")).collect();
                        let plus = if c == ' ' { "|\\+" } else { "" };
                        format!("(?:{}|{hex}{plus})", regex::escape(&c.to_string()))
                    }
                })
                .collect();
            if let Ok(re) = Regex::new(&pattern) {
                self.encoded.push((value.len(), re));
                self.encoded.sort_by_key(|e| std::cmp::Reverse(e.0));
            }
        }
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
        for (_, re) in &self.encoded {
            if let Cow::Owned(replaced) = re.replace_all(&out, REDACTED) {
                out = Cow::Owned(replaced);
            }
        }
        let out = match SHAPE_REGEXES.as_ref() {
            Some(shapes) => {
                let hits = shapes.any.matches(&out);
                if !hits.matched_any() {
                    return collapse(out);
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
        };
        collapse(out)
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
    fn encoded_forms_of_a_secret_are_replaced() {
        use base64::Engine as _;
        let mut r = Redactor::new();
        r.add_secret("Zq7Vx2Lm9Pt4Rk8W-secret");
        let basic = base64::engine::general_purpose::STANDARD.encode("svc:Zq7Vx2Lm9Pt4Rk8W-secret");
        let text = format!("authorization: Basic {basic}");
        let redacted = r.redact(&text);
        assert!(
            redacted.starts_with("authorization: Basic [REDACTED]") && !redacted.contains(&basic[4..]),
            "{redacted}"
        );
        // Without the `Basic` word, the base64 core of the secret is still found.
        assert!(!r.redact(&format!("x={basic}")).contains(&basic[8..24]), "{}", r.redact(&format!("x={basic}")));
        let mut r = Redactor::new();
        r.add_secret("s3cr+t/Val=ue!42");
        for spelled in ["s3cr%2Bt/Val%3Due%2142", "s3cr%2bt%2fVal%3due%2142", "s3cr+t/Val=ue!42"] {
            assert_eq!(r.redact(&format!("/landing?x={spelled}&y=1")), "/landing?x=[REDACTED]&y=1", "{spelled}");
        }
    }

    #[test]
    fn secret_names() {
        for name in ["GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "DB_PASSWORD", "OTHER_SECRET", "API_KEY", "SSH_KEY"] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in ["PATH", "HOME", "AWS_PROFILE", "AWS_REGION", "KEYBOARD", "LANG"] {
            assert!(!is_secret_name(name), "{name}");
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
