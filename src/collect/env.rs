//! The environment variables a collector's options name (`${VAR}`,
//! `token_env`): read when the collector is built, remembered as secrets.

use std::sync::LazyLock;

use regex::Regex;

/// Environment variables a collector reads; their values become secrets.
#[derive(Default)]
pub struct Env {
    pub(super) secrets: Vec<String>,
    pub(super) missing: Vec<String>,
}

static INTERPOLATION: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}").ok());

impl Env {
    /// The value of `name`, remembered as a secret; a missing one is remembered as an error.
    pub fn var(&mut self, name: &str, used_in: &str) -> Option<String> {
        match std::env::var(name) {
            Ok(v) if !v.is_empty() => {
                self.secrets.push(v.clone());
                Some(v)
            }
            Ok(_) | Err(std::env::VarError::NotPresent) => {
                self.missing.push(format!("environment variable `{name}` is not set (used in {used_in})"));
                None
            }
            Err(std::env::VarError::NotUnicode(_)) => {
                self.missing.push(format!("environment variable `{name}` is not valid UTF-8 (used in {used_in})"));
                None
            }
        }
    }

    /// `text` with every `${VAR}` replaced by the variable's value.
    pub fn interpolate(&mut self, text: &str, used_in: &str) -> String {
        let Some(re) = INTERPOLATION.as_ref() else { return text.to_owned() };
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for caps in re.captures_iter(text) {
            let (Some(whole), Some(name)) = (caps.get(0), caps.get(1)) else { continue };
            out.push_str(text.get(last..whole.start()).unwrap_or_default());
            out.push_str(&self.var(name.as_str(), used_in).unwrap_or_default());
            last = whole.end();
        }
        out.push_str(text.get(last..).unwrap_or_default());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation_reads_and_remembers_variables() {
        let mut env = Env::default();
        // PATH is set wherever tests run.
        let path = std::env::var("PATH").unwrap();
        let out = env.interpolate("a ${PATH} b ${SOC2_TEST_SURELY_UNSET_VAR} c", "`headers.X`");
        assert_eq!(out, format!("a {path} b  c"));
        assert_eq!(env.secrets, [path]);
        assert_eq!(env.missing, ["environment variable `SOC2_TEST_SURELY_UNSET_VAR` is not set (used in `headers.X`)"]);
    }
}
