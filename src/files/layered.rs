//! The built-in library as a layer under a repo's own files.
//!
//! `templates/` always falls back to the templates embedded in the binary
//! (a repo overrides one by having its own copy). `controls/` and
//! `queries/` fall back too when `soc2.toml` asks for it:
//!
//! ```toml
//! [library]
//! builtin = "0.1.0"   # the library version this repo was written against
//! ```
//!
//! The repo's own files come first; a built-in file that the repo does not
//! shadow is listed as `builtin:<path>`, so diagnostics and packages say
//! where it came from.

use serde::Deserialize;

use super::library::{self, LibraryFile};
use super::{FileError, Listed, RepoFiles};

/// How built-in files are named in listings and diagnostics.
pub const BUILTIN_PREFIX: &str = "builtin:";

/// The version of the library embedded in this binary.
pub const LIBRARY_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A repo's files over the built-in library.
pub struct Layered<F> {
    own: F,
    /// Whether `controls/` and `queries/` fall back to the built-in ones.
    builtin_content: bool,
}

/// Just the part of `soc2.toml` that decides the layer; the full parse checks the rest.
#[derive(Deserialize, Default)]
struct LibraryOnly {
    #[serde(default)]
    library: Option<LibrarySection>,
}

#[derive(Deserialize)]
struct LibrarySection {
    builtin: Option<toml::Value>,
}

impl<F: RepoFiles> Layered<F> {
    /// Layer the built-in library under `own`, as its `soc2.toml` asks.
    pub fn new(own: F) -> Self {
        let asked = own
            .read(super::CONFIG_FILE)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|t| toml::from_str::<LibraryOnly>(&t).ok())
            .and_then(|c| c.library)
            .is_some_and(|l| l.builtin.is_some());
        Layered { own, builtin_content: asked }
    }

    /// The repo's own files, without the layer.
    pub fn own(&self) -> &F {
        &self.own
    }

    /// Whether built-in controls and queries are in use.
    pub fn uses_builtin_content(&self) -> bool {
        self.builtin_content
    }

    /// The built-in files under `dir` this layer offers.
    fn builtin_under(&self, dir: &str) -> Vec<LibraryFile> {
        let dir = dir.trim_end_matches('/');
        let mut files = library::templates();
        if self.builtin_content {
            files.extend(library::controls());
            files.extend(library::queries());
        }
        files.retain(|f| dir.is_empty() || f.path.strip_prefix(dir).is_some_and(|r| r.starts_with('/')));
        files
    }

    fn builtin(&self, path: &str) -> Option<LibraryFile> {
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        self.builtin_under(dir).into_iter().find(|f| f.path == path)
    }
}

impl<F: RepoFiles> RepoFiles for Layered<F> {
    fn list(&self, dir: &str) -> Vec<Listed> {
        let mut out = self.own.list(dir);
        let own: std::collections::BTreeSet<String> =
            out.iter().map(|l| l.as_ref().map_or_else(|(p, _)| p.clone(), Clone::clone)).collect();
        let stem = |p: &str| {
            let p = p.strip_prefix(BUILTIN_PREFIX).unwrap_or(p);
            p.strip_suffix(".yaml").or_else(|| p.strip_suffix(".yml")).unwrap_or(p).to_owned()
        };
        let own_stems: std::collections::BTreeSet<String> = own.iter().map(|p| stem(p)).collect();
        for f in self.builtin_under(dir) {
            if !own_stems.contains(&stem(&f.path)) {
                out.push(Ok(format!("{BUILTIN_PREFIX}{}", f.path)));
            }
        }
        out
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, FileError> {
        if let Some(rel) = path.strip_prefix(BUILTIN_PREFIX) {
            return self.builtin(rel).map(|f| f.contents.to_vec()).ok_or(FileError::NotFound);
        }
        match self.own.read(path) {
            Err(FileError::NotFound) => self.builtin(path).map(|f| f.contents.to_vec()).ok_or(FileError::NotFound),
            other => other,
        }
    }

    fn origin(&self, path: &str) -> Option<String> {
        if self.own.exists(path) {
            return Some(path.to_owned());
        }
        self.builtin(path.strip_prefix(BUILTIN_PREFIX).unwrap_or(path)).map(|f| format!("{BUILTIN_PREFIX}{}", f.path))
    }

    fn exists(&self, path: &str) -> bool {
        match path.strip_prefix(BUILTIN_PREFIX) {
            Some(rel) => self.builtin(rel).is_some(),
            None => self.own.exists(path) || self.builtin(path).is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    struct Mem(BTreeMap<String, Vec<u8>>);

    impl RepoFiles for Mem {
        fn list(&self, dir: &str) -> Vec<Listed> {
            self.0.keys().filter(|p| p.starts_with(&format!("{dir}/"))).map(|p| Ok(p.clone())).collect()
        }
        fn read(&self, path: &str) -> Result<Vec<u8>, FileError> {
            self.0.get(path).cloned().ok_or(FileError::NotFound)
        }
        fn exists(&self, path: &str) -> bool {
            self.0.contains_key(path)
        }
    }

    fn mem(files: &[(&str, &str)]) -> Mem {
        Mem(files.iter().map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec())).collect())
    }

    #[test]
    fn own_files_shadow_builtin_ones_and_the_rest_are_named_builtin() {
        let own = mem(&[
            ("soc2.toml", "[library]\nbuiltin = \"0.1.0\"\n"),
            ("controls/AC-01.yaml", "id: AC-01\n"),
            ("controls/ZZ-01.yaml", "id: ZZ-01\n"),
        ]);
        let layered = Layered::new(own);
        let listed: Vec<String> = layered.list("controls").into_iter().flatten().collect();
        assert!(listed.contains(&"controls/AC-01.yaml".to_owned()));
        assert!(listed.contains(&"controls/ZZ-01.yaml".to_owned()));
        assert!(!listed.contains(&"builtin:controls/AC-01.yaml".to_owned()));
        assert!(listed.contains(&"builtin:controls/AC-02.yaml".to_owned()));
        assert_eq!(layered.read("controls/AC-01.yaml").unwrap(), b"id: AC-01\n");
        assert!(layered.read("builtin:controls/AC-02.yaml").unwrap().starts_with(b"id: AC-02"));
    }

    #[test]
    fn without_the_setting_only_templates_fall_back() {
        let layered = Layered::new(mem(&[("soc2.toml", "[organization]\nname = \"A\"\n")]));
        assert!(layered.list("controls").is_empty());
        assert!(layered.read("templates/report/report.html.j2").is_ok());
        assert!(layered.read("queries/github_members_without_2fa.sql").is_err());
    }
}
