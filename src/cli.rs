//! Command-line arguments (clap derive types only; commands turn them into plain values).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::output::ColorChoice;

/// Compliance as code for SOC 2: controls, policies and evidence in a git repository.
#[derive(Debug, Parser)]
#[command(name = "soc2", version, about, propagate_version = true)]
#[command(
    after_help = "Examples:\n  soc2 init acme-compliance\n  soc2 validate\n  soc2 check --format markdown\n  soc2 -C examples/acme check"
)]
pub struct Cli {
    /// Run as if started in DIR (the repo is found by walking up to a soc2.toml).
    #[arg(short = 'C', long = "repo", value_name = "DIR", global = true)]
    pub repo: Option<PathBuf>,

    /// Evaluate as of this time instead of the clock (YYYY-MM-DD or RFC 3339), for reproducible output.
    #[arg(long, value_name = "DATE", global = true, env = "SOC2_NOW")]
    pub now: Option<String>,

    /// When to use colour.
    #[arg(long, value_enum, default_value_t, global = true)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new compliance repo from the built-in content library; never overwrites.
    #[command(after_help = "Examples:\n  soc2 init\n  soc2 init acme-compliance --ci github")]
    Init(InitArgs),

    /// Parse and cross-check the repo, without running queries (fast; for pre-commit).
    #[command(after_help = "Examples:\n  soc2 validate\n  soc2 validate --format json")]
    Validate(ValidateArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory to create the repo in (default: the current directory).
    pub dir: Option<PathBuf>,

    /// Also write a CI pipeline running check on pushes and collect on a schedule.
    #[arg(long, value_enum)]
    pub ci: Option<CiSystem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CiSystem {
    Github,
    Gitlab,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: ValidateFormat,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    #[default]
    Human,
    Json,
}
