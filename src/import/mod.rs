//! Imports: frameworks from their published formats (`framework`), and
//! migrations from other compliance-as-code tools into a soc2 repo.
//!
//! A migration reads the other tool's project and returns a [`Plan`]: the
//! files to write (repo-relative) and what it could not carry over. Writing
//! is the command's job, which never overwrites an existing file.

pub mod comply;
pub mod framework;

use crate::diagnostic::Diagnostics;

/// One file an import would write.
#[derive(Debug, Clone)]
pub struct PlannedFile {
    /// Repo-relative path, e.g. `policies/access.md`.
    pub path: String,
    pub contents: String,
    /// Where it came from in the other project, as shown to the user.
    pub source: String,
    /// `framework`, `policy` or `control`.
    pub kind: &'static str,
}

/// What an import would write, and what it reports.
#[derive(Debug, Default)]
pub struct Plan {
    pub files: Vec<PlannedFile>,
    /// Problems and losses, located in the other project's files (warnings:
    /// the import goes on without the item).
    pub notes: Diagnostics,
}
