#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

//! CLI behaviour: each module runs the built `soc2` binary on fixture repos in temp dirs.

mod support;

mod adapters;
mod aws_scripts;
mod baseline;
mod check;
mod collect;
mod errors;
mod example_collectors;
mod export;
#[cfg(unix)]
mod fake_release;
mod framework;
mod fuzz;
mod history;
mod import;
mod init;
#[cfg(unix)]
mod install;
mod kill;
mod layer;
mod library_populations;
#[cfg(feature = "pdf")]
mod pdf;
mod people;
#[cfg(unix)]
mod pipelines;
mod policies;
mod policies_build;
mod populations;
mod records;
mod registers;
mod reliability;
mod report;
mod requests;
mod reviews;
mod samples;
mod schema;
mod validate;
mod workflow;
