//! One module per subcommand: each turns its arguments into plain values and
//! runs load → evaluate → render over the library.

mod check;
mod collect;
mod compare;
mod diff;
mod export;
mod framework;
mod impact;
mod import;
mod init;
mod meta;
mod policies;
mod population;
mod records;
mod report;
mod requests;
mod reviews;
mod sample;
mod validate;
mod verify;
mod workflow;

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use chrono::{DateTime, Utc};

use crate::cli::{Cli, Command};
use crate::diagnostic::hinted;
use crate::eval::session::Point;
use crate::eval::session::Session;
use crate::files::{self, Worktree};
use crate::output::{Outcome, Output};
use crate::repo::Repo;

/// Global options every command sees.
pub struct Context {
    pub start_dir: PathBuf,
    pub explicit_repo: bool,
    /// The evaluation time: the clock, or `--now`.
    pub now: DateTime<Utc>,
}

impl Context {
    /// The repo root: `-C DIR` or the current directory, walked up to `soc2.toml`.
    pub fn root(&self) -> Result<PathBuf> {
        match files::find_root(&self.start_dir) {
            Some(root) => Ok(root),
            None if self.explicit_repo && !self.start_dir.is_dir() => {
                bail!("{} is not a directory", self.start_dir.display())
            }
            None => Err(hinted(
                "create a compliance repo with `soc2 init`, or pass `-C DIR`",
                format!("no soc2.toml in {} or any parent directory", self.start_dir.display()),
            )),
        }
    }

    /// Find and load the repo (every problem reported at once on failure),
    /// printing its warnings.
    pub fn load(&self, out: &mut Output) -> Result<(PathBuf, Repo)> {
        let root = self.root()?;
        let files = Worktree::new(&root);
        let mut repo = Repo::load(&files)?;
        repo.check_not_future(&files, self.now)?;
        out.warnings(&repo.warnings);
        repo.learn_history(&root);
        Ok((root, repo))
    }
}

/// The controls `--control`, `--criteria`, `--category`, `--workflow` and `--framework` select.
fn selection(args: crate::cli::SelectionArgs) -> crate::eval::Selection {
    crate::eval::Selection {
        controls: args.controls,
        criteria: args.criteria,
        categories: args.category,
        workflow: args.workflow,
        framework: args.framework,
    }
}

/// Load the repo at the worktree or the commit `point` names, saying which
/// commit is evaluated and printing the repo's warnings.
fn open_session(ctx: &Context, point: Option<&Point>, no_cache: bool, out: &mut Output) -> Result<Session> {
    let session = Session::open(&ctx.root()?, point, ctx.now, no_cache)?;
    if let Some(c) = &session.commit {
        out.status(format!(
            "evaluating commit {} ({}, {}) as of {}",
            c.short(),
            crate::dates::format_timestamp(c.time),
            c.summary,
            crate::dates::format_timestamp(session.at)
        ));
    }
    out.warnings(&session.repo.warnings);
    Ok(session)
}

/// The bar `report --period` and `export` draw while days are evaluated.
fn period_bar() -> crate::output::Bar {
    crate::output::Bar::new("evaluating days {bar:30} {pos}/{len} {eta}")
}

/// The populations of the period report's controls that declare one, with
/// the sample recorded for the period when there is one.
fn period_populations(
    ctx: &Context,
    session: &Session,
    evaluation: &crate::eval::Evaluation,
    report: &mut crate::eval::period::PeriodReport,
    no_cache: bool,
) -> Result<()> {
    let controls: Vec<&crate::repo::control::Control> = evaluation
        .controls
        .iter()
        .filter(|c| c.status != crate::eval::Status::OutOfScope)
        .filter_map(|c| session.repo.controls.iter().find(|r| r.id() == c.id))
        .filter(|c| c.def.population.is_some())
        .collect();
    if controls.is_empty() {
        return Ok(());
    }
    let period: crate::dates::Period =
        report.period.parse().map_err(|e: crate::dates::ParseError| hinted(e.hint, e.to_string()))?;
    let options = crate::population::Options { no_cache };
    let mut data = crate::population::PeriodData::open(session.root(), period, ctx.now.min(session.at), None, options)
        .map_err(crate::diagnostic::Hinted::from)?;
    for c in controls {
        let path = crate::population::sample::record_path(c.id(), &report.period);
        let record = session.files().read(&path).ok();
        report.populations.push(data.summary(&session.repo, c, record.as_deref().map(|b| (path.as_str(), b))));
    }
    Ok(())
}

pub fn run(cli: Cli, out: &mut Output) -> Result<Outcome> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let explicit_repo = cli.repo.is_some();
    let start_dir = cli.repo.map_or_else(|| cwd.clone(), |r| absolute(&cwd, &r));
    let now = match &cli.now {
        Some(s) => crate::dates::parse_timestamp(s).map_err(|e| hinted(e.hint, format!("--now: {e}")))?,
        None => Utc::now(),
    };
    let ctx = Context { start_dir, explicit_repo, now };
    match cli.command {
        Command::Init(args) => init::run(&ctx, &cwd, args, out),
        Command::Validate(args) => validate::run(&ctx, args, out),
        Command::Check(args) => check::run(&ctx, args, out),
        Command::Diff(args) => diff::run(&ctx, args, out),
        Command::Impact(args) => impact::run(&ctx, args, out),
        Command::Report(args) => report::run(&ctx, args, out),
        Command::Policies(crate::cli::PoliciesCommand::Init(args)) => policies::init(&ctx, args, out),
        Command::Policies(crate::cli::PoliciesCommand::Build(args)) => policies::build(&ctx, args, out),
        Command::Evidence(crate::cli::EvidenceCommand::Add(args)) => records::evidence_add(&ctx, args, out),
        Command::Attest(args) => records::attest(&ctx, args, out),
        Command::Review(args) => records::review(&ctx, args, out),
        Command::Collect(args) => collect::run(&ctx, args, out),
        Command::Reviews(args) => reviews::run(&ctx, args, out),
        Command::Population(args) => population::run(&ctx, args, out),
        Command::Sample(args) => sample::run(&ctx, args, out),
        Command::Requests(args) => requests::run(&ctx, args, out),
        Command::Workflow(args) => workflow::run(&ctx, args, out),
        Command::Framework(crate::cli::FrameworkCommand::Import(args)) => framework::import(&ctx, args, out),
        Command::Import(crate::cli::ImportCommand::Comply(args)) => import::comply(&ctx, args, out),
        Command::Schema(args) => meta::schema(args, out),
        Command::Completions(args) => meta::completions(args, out),
        Command::Man(args) => meta::man(args, out),
        Command::Export(args) => export::run(&ctx, args, out),
        Command::Verify(args) => verify::run(args, out),
    }
}

fn absolute(cwd: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() { p.to_path_buf() } else { cwd.join(p) }
}
