//! The one place that writes to the terminal: data to stdout, diagnostics to stderr.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, IsTerminal, Write};

use crate::diagnostic::{Diagnostics, GroupKind, Hinted, InvalidRepo, paint, style};

/// How a successful command ended; errors are the `Err` side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to report: exit 0.
    Clean,
    /// Gaps, findings or overdue items: exit 1.
    Findings,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
        }
    }
}

/// Reports how far a long job got; the core calls it, the command decides
/// whether anything is drawn.
pub trait Progress: Sync {
    /// The job has `total` units of work.
    fn start(&self, _total: u64) {}
    /// `units` more are done.
    fn advance(&self, units: u64);
    /// The job is over: clear whatever was drawn.
    fn finish(&self) {}
}

/// No progress shown.
impl Progress for () {
    fn advance(&self, _units: u64) {}
}

/// A progress bar on stderr, drawn only when [`progress_bars_wanted`].
pub struct Bar {
    bar: Option<indicatif::ProgressBar>,
}

impl Bar {
    /// A bar with an indicatif `template` such as `"exporting {wide_bar} {bytes}/{total_bytes}"`.
    pub fn new(template: &str) -> Bar {
        Bar {
            bar: progress_bars_wanted().then(|| {
                let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
                let style = indicatif::ProgressStyle::with_template(template)
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
                bar.set_style(style);
                bar
            }),
        }
    }
}

impl Progress for Bar {
    fn start(&self, total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total);
        }
    }

    fn advance(&self, units: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(units);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Whether to draw progress bars: stderr is a terminal and `CI` is not set.
pub fn progress_bars_wanted() -> bool {
    io::stderr().is_terminal() && std::env::var_os("CI").is_none_or(|v| v.is_empty())
}

/// When to colour output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Buffered stdout and stderr with the colour decision made once.
pub struct Output {
    stdout: io::BufWriter<io::Stdout>,
    color: bool,
    stderr_color: bool,
    /// List every warning instead of counting repeated ones.
    verbose: bool,
}

impl Output {
    pub fn new(choice: ColorChoice, verbose: bool) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let decide = |tty: bool| match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        Output {
            stdout: io::BufWriter::new(io::stdout()),
            color: decide(io::stdout().is_terminal()),
            stderr_color: decide(io::stderr().is_terminal()),
            verbose,
        }
    }

    /// Whether `--verbose` asked for every detail.
    pub fn verbose(&self) -> bool {
        self.verbose
    }

    /// Whether stdout output may carry ANSI colour.
    pub fn color(&self) -> bool {
        self.color
    }

    pub fn stdout(&mut self) -> &mut dyn Write {
        &mut self.stdout
    }

    /// Write a line of data to stdout.
    pub fn line(&mut self, text: impl AsRef<str>) -> io::Result<()> {
        writeln!(self.stdout, "{}", text.as_ref())
    }

    /// Write a progress or status line to stderr.
    pub fn status(&mut self, text: impl AsRef<str>) {
        let _ = self.stdout.flush();
        let _ = writeln!(io::stderr(), "{}", text.as_ref());
    }

    /// The repo's warnings on stderr, the same way for every command: each
    /// one, except kinds that come by the dozen, which read as one counted
    /// line unless `--verbose`.
    pub fn warnings(&mut self, diags: &Diagnostics) {
        // Per kind: the distinct subjects, and the distinct places naming them.
        type Counted<'a> = (BTreeSet<&'a str>, BTreeSet<(&'a str, usize)>);
        let mut groups: BTreeMap<GroupKind, Counted<'_>> = BTreeMap::new();
        let mut lines = Vec::new();
        for d in diags.iter() {
            match &d.group {
                Some(g) if !self.verbose => {
                    let (subjects, places) = groups.entry(g.kind).or_default();
                    subjects.insert(&g.subject);
                    places.insert((&d.path, d.line));
                }
                _ => lines.push(d.render(self.stderr_color)),
            }
        }
        for (kind, (subjects, places)) in groups {
            let (message, hint) = kind.summary(subjects.len(), places.len());
            lines.push(format!("{}: {message}\n  hint: {hint}", paint("warning", style::WARNING, self.stderr_color)));
        }
        for line in lines {
            self.status(line);
        }
    }

    /// Ask a question on stderr (no newline), for the answer typed on stdin.
    pub fn prompt(&mut self, text: impl AsRef<str>) {
        let _ = self.stdout.flush();
        let mut err = io::stderr();
        let _ = write!(err, "{}", text.as_ref());
        let _ = err.flush();
    }

    /// Print the final error, if any, and choose the exit code.
    pub fn finish(mut self, result: anyhow::Result<Outcome>) -> std::process::ExitCode {
        let flushed = self.stdout.flush();
        let code = match result {
            Ok(outcome) => outcome.exit_code(),
            Err(e) if is_broken_pipe(&e) => 0,
            Err(e) => {
                self.report(&e);
                2
            }
        };
        match flushed {
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                let _ = writeln!(io::stderr(), "error: cannot write output: {e}");
                std::process::ExitCode::from(2)
            }
            _ => std::process::ExitCode::from(code),
        }
    }

    fn report(&self, e: &anyhow::Error) {
        let mut err = io::stderr().lock();
        if let Some(InvalidRepo(diags)) = e.downcast_ref::<InvalidRepo>() {
            for d in diags.iter() {
                let _ = writeln!(err, "{}", d.render(self.stderr_color));
            }
            let _ = writeln!(err, "{}", summary_line(diags.error_count(), diags.warning_count()));
            return;
        }
        let _ = writeln!(err, "{}: {e}", paint("error", style::ERROR, self.stderr_color));
        for cause in e.chain().skip(1) {
            let _ = writeln!(err, "  caused by: {cause}");
        }
        if let Some(hint) = hint_of(e) {
            let _ = writeln!(err, "  hint: {hint}");
        }
    }
}

/// `N error(s), M warning(s)` closing a diagnostics listing.
pub fn summary_line(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, w: &str| if n == 1 { format!("{n} {w}") } else { format!("{n} {w}s") };
    format!("{} and {} found", plural(errors, "error"), plural(warnings, "warning"))
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}

/// The hint an error carries, if it or one of its causes is a type that carries one.
fn hint_of(e: &anyhow::Error) -> Option<String> {
    e.chain().find_map(|c| {
        if let Some(h) = c.downcast_ref::<Hinted>() {
            return h.hint.clone();
        }
        if let Some(p) = c.downcast_ref::<crate::dates::ParseError>() {
            return Some(p.hint.to_owned());
        }
        c.downcast_ref::<crate::files::git::HistoryError>().and_then(|h| h.hint().map(str::to_owned))
    })
}
