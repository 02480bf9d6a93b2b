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

    /// List every warning and detail (repeated warnings are otherwise counted on one line).
    #[arg(short, long, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new compliance repo from the built-in content library; never overwrites.
    #[command(after_help = "Examples:\n  soc2 init\n  soc2 init acme-compliance --ci github")]
    Init(InitArgs),

    /// Evaluate every control against the evidence; exit 1 on any gap.
    #[command(
        after_help = "Exit codes: 0 no gap, 1 at least one gap (with --baseline: at least one regression), 2 invalid repo,\nrevision or usage.\n\nExamples:\n  soc2 check\n  soc2 check --criteria CC6 --format markdown\n  soc2 check --control AC-03 --control AC-04\n  soc2 check --status fail --format json\n  soc2 check --format github   # annotations in GitHub Actions\n  soc2 check --as-of 2026-03-31   # the repo as committed by the end of that day\n  soc2 check --rev v1.2 --format json\n  soc2 check --baseline origin/main... --format markdown   # a pull-request gate\n\n--baseline REV evaluates REV from git and the worktree at the same moment and exits 1 only on what the\nchange makes worse (see `soc2 diff --help`); without a value, in GitHub Actions (GITHUB_BASE_REF) or a\nGitLab merge request pipeline (CI_MERGE_REQUEST_TARGET_BRANCH_NAME), the merge base of HEAD and\norigin/<target>. Formats: human, json, markdown, github.\n\n--as-of DATE evaluates the last commit on or before DATE (first-parent history of HEAD) at the end of DATE, UTC;\n--rev REV evaluates REV at its committer time. Both read git objects, never the worktree, and are\nbounded by --now (or the clock): a moment after it is evaluated at it."
    )]
    Check(CheckArgs),

    /// Compare two states of the repo: regressions, fixed, unchanged, evidence changed, controls touched.
    #[command(
        after_help = "Both sides are evaluated at one moment (the later side's: the worktree's now, or B's commit time),\nso only the change differs. A regression is a control that got worse (pass → a gap, fail → error), a\nnew control not passing, new findings of a failing control, an exception that lapsed, a policy edited\nwithout a new approval, or coverage that dropped. `soc2 check --baseline REV` gates on them.\n\nExit codes: 0 (not a gate), 2 invalid repo, revision or usage.\n\nExamples:\n  soc2 diff HEAD~1..HEAD           # what the last commit did\n  soc2 diff origin/main...         # the merge base with origin/main, and the worktree\n  soc2 diff v1.0..v1.1 --format json\n  soc2 diff HEAD~1 --format markdown"
    )]
    Diff(DiffArgs),

    /// Which controls a change touches, with their owners and reviewers.
    #[command(
        after_help = "A control is touched when the change edits its file, a query it runs, a policy it names, evidence it\nreads or records about it; a file its `paths:` globs match; or a file with a marker comment naming\nit (`# soc2: AC-02`). With --repository NAME the change is read from the repository of\n`[repositories.NAME]` in soc2.toml, and only its `NAME:glob` paths and markers count.\n\nExamples:\n  soc2 impact --base origin/main...\n  soc2 impact --base HEAD~1 --head HEAD --format json\n  soc2 impact --repository product --base origin/main..."
    )]
    Impact(ImpactArgs),

    /// The readiness and gap report: progress, coverage matrix, prioritized gaps, owners' roadmap.
    #[command(
        after_help = "A report is not a gate: it exits 0 whatever it finds (use `soc2 check` in CI to fail on gaps).\nHTML goes to .soc2/soc2-report.html and PDF to .soc2/soc2-report.pdf unless --output says otherwise\n(with --framework ID for another framework: .soc2/<id>-report.html, .pdf, a report on that framework);\nMarkdown and JSON go to stdout.\nA repo may override the HTML template with its own templates/report/report.html.j2.\n\nExamples:\n  soc2 report\n  soc2 report --format markdown > readiness.md\n  soc2 report --format json --output report.json\n  soc2 report --format pdf --output board/soc2-summary.pdf\n  soc2 report --category availability --output availability.html\n  soc2 report --period                           # Type II: audit.period from soc2.toml\n  soc2 report --period 2026-01-01..2026-06-30 --format json\n\nWith --period every control is evaluated on every day of the period from the git history (see\n`soc2 check --help` for --as-of/--rev): days evaluated, days passing, operating effectiveness, exceptions\nas date ranges, and apart from them reviews on time. HTML, Markdown and PDF add the section to the report;\n--format json prints the period report alone. Results are cached under .soc2/history/, so a second run recomputes nothing."
    )]
    Report(ReportArgs),

    /// Pack the auditor package: a deterministic zip of the summary, each control with its
    /// evidence, the policies with their history, the git trail and a manifest.
    #[command(
        after_help = "The same repo state and --now give a byte-identical zip. Files that resolve outside the repo\n(symlinks pointing out) are left out and listed under `skipped` in manifest.json.\n\nExamples:\n  soc2 export\n  soc2 export --output audit/acme-2026.zip --now 2026-12-31\n  soc2 export --control AC-03 --control AC-04\n  soc2 export --summary-only\n  soc2 export --oscal            # adds oscal/assessment-results.json\n  soc2 verify soc2-audit-acme-2026-12-31.zip"
    )]
    Export(ExportArgs),

    /// Check an auditor package against its manifest: missing, extra or altered files, unsafe paths.
    #[command(
        after_help = "Exit codes: 0 intact, 1 not intact (each offending entry is named), 2 not a readable zip.\n\nExamples:\n  soc2 verify soc2-audit-acme-2026-12-31.zip\n  soc2 verify package.zip --format json"
    )]
    Verify(VerifyArgs),

    /// Write and manage policies from templates.
    #[command(subcommand)]
    Policies(PoliciesCommand),

    /// Record manual evidence for a control (a file, a link or a note).
    #[command(subcommand)]
    Evidence(EvidenceCommand),

    /// Record an attestation for a control: someone confirms it operated.
    #[command(
        after_help = "--by names a person of soc2.toml ([[people]]). When the control asks for an attestation\n`by:` someone, only that person's attestation counts.\n\nExamples:\n  soc2 attest AC-03 --by dana@acme.example --note \"Q3 access review done\"\n  soc2 attest BCP-02 --by sam@acme.example --expires 2027-01-31 --commit"
    )]
    Attest(AttestArgs),

    /// Record a review of a control or policy (or of many controls at once); `--approve` approves a policy's current text.
    #[command(
        after_help = "An approval records the sha256 of the policy file: an edit afterwards shows as not approved.\n--by names a person of soc2.toml ([[people]]); a review or approval by the owner of what is reviewed\nis flagged (separation of duties), and refused with `[signoff] separation_of_duties = \"refuse\"`.\n\nExamples:\n  soc2 review AC-03 --by dana@acme.example\n  soc2 review access-control --by jo@acme.example --approve --commit\n  soc2 review --owner role:cto --by dana@acme.example --note \"annual review\" --commit\n  soc2 review --criteria CC6 --by dana@acme.example\n  soc2 review --all --by dana@acme.example --note \"annual review of the control set\""
    )]
    Review(ReviewArgs),

    /// Move a control through the workflow, or show where it stands and how it got there.
    #[command(
        after_help = "States: not-started, in-progress, ready-for-review, auditor-review, accepted, changes-requested.\nEach move is a record under evidence/workflow/<control>/ (who, when, from, to, note); an auditor\nworking from a clone records auditor-review, accepted or changes-requested the same way and sends\nthe records back as a pull request.\n\nExamples:\n  soc2 workflow AC-03 in-progress --by dana@acme.example\n  soc2 workflow AC-03 ready-for-review --by dana@acme.example --note \"evidence for Q3 attached\" --commit\n  soc2 workflow AC-03 accepted --by auditor@cpa.example\n  soc2 workflow AC-03                 # the state and its history\n  soc2 check --workflow ready-for-review"
    )]
    Workflow(WorkflowArgs),

    /// Auditor requests (a PBC list): import the list, see what answers each request, answer, accept.
    #[command(
        after_help = "Without a subcommand, lists the requests with their status (open, provided, accepted) and what\nanswers them. Requests are stored under audit/requests/<id>.yaml.\n\nExamples:\n  soc2 requests import pbc-list.csv\n  soc2 requests\n  soc2 requests --status open --format json\n  soc2 requests answer PBC-004 --control AC-03 --by dana@acme.example\n  soc2 requests answer PBC-007 --file ~/exports/terminations-q1.csv --commit\n  soc2 requests answer PBC-012 --sample CHG-01 --note \"25 merged changes, seed from the population\"\n  soc2 requests accept PBC-004 --by auditor@cpa.example"
    )]
    Requests(RequestsArgs),

    /// Type II: every occurrence of a control over an audit period (each merged change, each leaver),
    /// from the evidence as committed during it, with the deviations found when each occurred.
    #[command(
        after_help = "The control declares its population (`population:` in its YAML: a query, the key of an\noccurrence, how often it operates, what marks a deviation, an optional reconciliation). The query\nruns over the period tables: every snapshot of each dataset committed in the period (git history,\nnot the worktree), one row per distinct row with _first_seen, _first_commit, _last_seen and\n_last_commit. An item is judged as first seen: a deviation fixed later stays a deviation, shown\nwith the date it was fixed.\n\nExit codes: 0 listed (deviations included; `soc2 report --period` weighs them), 2 invalid input.\n\nExamples:\n  soc2 population CHG-01\n  soc2 population CHG-01 --period 2026-01-01..2026-06-30 --format csv > merged-prs.csv\n  soc2 population HR-02 --format json"
    )]
    Population(PopulationArgs),

    /// Type II: draw a reproducible sample of a control's population and record it under
    /// evidence/samples/<control>/<period>.json.
    #[command(
        after_help = "The seed is the sha256 of the population (plus --seed when the auditor gives one), so anyone\nholding the same evidence draws the same items. Without --size, the size follows the control's\n`population.sample_size`, else the guide for its frequency (annual 1, quarterly 2, monthly 2,\nweekly 5, daily 20, many times a day 25: the lower bounds; see the README). `soc2 export` packs the\nrecord with its population and `soc2 verify` re-derives the selection.\n\nExamples:\n  soc2 sample CHG-01\n  soc2 sample CHG-01 --size 40 --seed \"auditor 2027-01-15\"\n  soc2 sample HR-02 --period 2026-01-01..2026-12-31 --format json"
    )]
    Sample(SampleArgs),

    /// Reviews, attestations and approvals overdue or due soon, by owner; exit 1 when any is overdue.
    #[command(
        after_help = "Lists control reviews (a control's own `review:` or a [[reviews]] group of soc2.toml), manual\nevidence on a cadence (attestations, files), policy reviews (`review_every`) and policy approvals.\nNever done counts as overdue.\n\nExit codes: 0 nothing overdue, 1 something overdue, 2 invalid repo or usage.\n\nExamples:\n  soc2 reviews\n  soc2 reviews --owner role:security-officer --within 14d\n  soc2 reviews --within 0 --format json   # overdue only, for a scheduled CI job"
    )]
    Reviews(ReviewsArgs),

    /// Parse and cross-check the repo, without running queries (fast; for pre-commit).
    #[command(after_help = "Examples:\n  soc2 validate\n  soc2 validate --format json")]
    Validate(ValidateArgs),

    /// Run collectors and write evidence snapshots under evidence/ (atomically, secrets redacted).
    #[command(
        after_help = "Collectors are the [collectors.NAME] tables of soc2.toml. Without NAME, every collector runs\nexcept those whose snapshot is fresher than their `every`; a NAME always runs.\n\nExit codes: 0 every collector ok or skipped, 1 one or more collectors failed (their previous\nsnapshot is kept and the error recorded in its meta; the others' evidence is written),\n2 invalid soc2.toml, unknown collector or usage.\n\nExamples:\n  soc2 collect\n  soc2 collect github hr_roster\n  soc2 collect --force --commit      # in a scheduled CI job\n  CI=1 soc2 collect                  # plain log lines instead of progress bars"
    )]
    Collect(CollectArgs),

    /// Frameworks other than the built-in SOC 2: import a spec into frameworks/.
    #[command(subcommand)]
    Framework(FrameworkCommand),

    /// Migrate another tool's compliance project into this repo.
    #[command(subcommand)]
    Import(ImportCommand),

    /// Print JSON Schemas for soc2.toml, controls and policy front matter (editor completion).
    #[command(
        after_help = "Without --output the schema of WHAT is printed; with --output every schema is written to DIR.\nSee docs/schema.md for the yaml-language-server line and Taplo / Even Better TOML.\n\nExamples:\n  soc2 schema control > .soc2/control.schema.json\n  soc2 schema --output schemas"
    )]
    Schema(SchemaArgs),

    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  soc2 completions bash > ~/.local/share/bash-completion/completions/soc2\n  soc2 completions zsh > \"${fpath[1]}/_soc2\"\n  soc2 completions fish > ~/.config/fish/completions/soc2.fish"
    )]
    Completions(CompletionsArgs),

    /// Print the man page (roff), or write one page per command to a folder.
    #[command(after_help = "Examples:\n  soc2 man | man -l -\n  soc2 man --output /usr/local/share/man/man1")]
    Man(ManArgs),
}

#[derive(Debug, Subcommand)]
pub enum FrameworkCommand {
    /// Import a framework spec (CSV, JSON, OSCAL catalog, soc2 YAML) as frameworks/<id>.yaml.
    #[command(
        after_help = "Formats (detected from the extension and the content unless --format says):\n  csv    columns Section,ID,Title,Requirement (one requirement per row)\n  json   {standard, version, domains: [{title, controls: [{ref, title, summary}]}]}\n  oscal  an OSCAL catalog (JSON or YAML), e.g. NIST SP 800-53 rev5\n  yaml   soc2's own framework format (docs/frameworks.md)\n\nNothing is written when the file has a problem; every bad row is reported with its line.\n\nExamples:\n  soc2 framework import iso27001.csv --id iso27001-2022 --title \"ISO/IEC 27001:2022 Annex A\"\n  soc2 framework import NIST_SP-800-53_rev5_catalog.json --id nist-800-53-rev5\n  soc2 framework import hipaa.json --force"
    )]
    Import(FrameworkImportArgs),
}

#[derive(Debug, Args)]
pub struct FrameworkImportArgs {
    /// The spec to import.
    pub file: PathBuf,

    /// The framework id (default: derived from the file); controls use it in `mappings`.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// The framework title (default: from the file).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    #[arg(long, value_enum, default_value_t)]
    pub format: ImportFormat,

    /// Replace frameworks/<id>.yaml if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// From the file extension and content.
    #[default]
    Auto,
    Yaml,
    Json,
    Csv,
    Oscal,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Migrate a strongdm/comply project: standards, policies, narratives and procedures.
    #[command(
        after_help = "standards/*.yml become frameworks/<name>.yaml; policies/*.md and narratives/*.md become\npolicies (body kept); procedures/*.md become controls with a review cadence from their cron.\nExisting files are never overwritten: they are listed as skipped.\n\nExit codes: 0 everything imported, 1 something was skipped or needs a look (listed), 2 unusable input.\n\nExamples:\n  soc2 import comply ../our-comply-project\n  soc2 -C compliance import comply ~/src/comply --owner role:security-officer"
    )]
    Comply(ImportComplyArgs),
}

#[derive(Debug, Args)]
pub struct ImportComplyArgs {
    /// The comply project (the folder with comply.yml, standards/, policies/ …).
    pub dir: PathBuf,

    /// Owner of the imported policies and controls (comply has none).
    #[arg(long, value_name = "WHO", default_value = "role:security-officer")]
    pub owner: String,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema to print.
    #[arg(value_enum, default_value_t)]
    pub what: SchemaKind,

    /// Write every schema (soc2.toml.schema.json, control.schema.json, policy.schema.json) to DIR.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// controls/*.yaml
    #[default]
    Control,
    /// The YAML front matter of policies/*.md
    Policy,
    /// soc2.toml
    #[value(name = "soc2-toml")]
    Soc2Toml,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write soc2.1 and one page per command (soc2-check.1 …) to DIR instead of printing soc2.1.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// Collectors to run (default: all whose snapshot is due).
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,

    /// Commit the changed evidence files, and nothing else, in one git commit.
    #[arg(long)]
    pub commit: bool,

    /// Run collectors even when their snapshot is fresher than `every`.
    #[arg(long)]
    pub force: bool,

    /// How many collectors run at once.
    #[arg(long, short = 'j', value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: u16,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory to create the repo in (default: the current directory).
    pub dir: Option<PathBuf>,

    /// Also write a CI pipeline running check on pushes and collect on a schedule.
    #[arg(long, value_enum)]
    pub ci: Option<CiSystem>,

    /// Use the controls and queries built into soc2 instead of writing copies to controls/ and
    /// queries/ (soc2.toml gets `[library] builtin`; add a file of your own to change one).
    #[arg(long)]
    pub builtin_library: bool,

    /// The product repository whose history the change-management controls examine: the `git`
    /// collector's path (default: the compliance repo itself), e.g. --product-repo ../platform.
    #[arg(long, value_name = "PATH")]
    pub product_repo: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CiSystem {
    Github,
    Gitlab,
}

/// Which controls a command looks at; shared by check and report.
#[derive(Debug, Args)]
pub struct SelectionArgs {
    /// Only this control (repeatable).
    #[arg(long = "control", value_name = "ID")]
    pub controls: Vec<String>,

    /// Only controls mapped to criteria with this prefix, e.g. CC6 or CC6.1 (repeatable).
    #[arg(long, value_name = "PREFIX")]
    pub criteria: Vec<String>,

    /// Only controls mapped to criteria of this category, e.g. availability (repeatable).
    #[arg(long, value_name = "CATEGORY")]
    pub category: Vec<String>,

    /// Only controls in this workflow state, e.g. ready-for-review (repeatable).
    #[arg(long, value_enum, value_name = "STATE")]
    pub workflow: Vec<crate::repo::workflow::WorkflowState>,
    /// Only controls mapped to this framework (`mappings`), and report its coverage.
    #[arg(long, value_name = "ID")]
    pub framework: Option<String>,
}

/// Which recorded state of the repo to evaluate instead of the worktree; shared by check and report.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Evaluate the repo as committed at the last commit on or before DATE (YYYY-MM-DD: the end of that day, UTC; or RFC 3339), at that moment. Reads git objects, not the worktree.
    #[arg(long, value_name = "DATE", conflicts_with = "rev")]
    pub as_of: Option<String>,

    /// Evaluate the repo as committed at REV (commit, branch or tag), at that commit's time.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,

    #[command(flatten)]
    pub history: HistoryArgs,

    /// Only show controls with this status (repeatable).
    #[arg(long, value_enum, value_name = "STATUS")]
    pub status: Vec<crate::eval::Status>,

    #[arg(long, value_enum, default_value_t)]
    pub format: CheckFormat,

    /// Do not read or write the table cache under .soc2/.
    #[arg(long)]
    pub no_cache: bool,

    /// Gate on what the worktree makes worse than REV only (regressions), as `soc2 diff REV` shows it.
    /// Without a value, in a pull or merge request: the merge base with the target branch.
    #[arg(long, value_name = "REV", num_args = 0..=1, default_missing_value = "", conflicts_with_all = ["as_of", "rev", "status"])]
    pub baseline: Option<String>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// `A..B` two revisions, `A..` A and HEAD, `A...B` the merge base of A and B and B, or `A` alone: A and
    /// the worktree. Without it, in a pull or merge request: the merge base with the target branch and the worktree.
    #[arg(value_name = "A..B")]
    pub range: Option<String>,

    #[command(flatten)]
    pub selection: SelectionArgs,

    #[arg(long, value_enum, default_value_t)]
    pub format: CompareFormat,

    /// Do not read or write the table cache under .soc2/.
    #[arg(long)]
    pub no_cache: bool,
}

/// Output of `check --baseline` and `soc2 diff`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// Regressions with reasons and new findings, then fixed, unchanged, evidence and impact.
    #[default]
    Human,
    /// Stable JSON, documented in docs/compare-json.md.
    Json,
    /// A pull-request comment: short, details collapsed, links to the files.
    Markdown,
    /// GitHub Actions annotations on the lines the change touched.
    Github,
}

#[derive(Debug, Args)]
pub struct ImpactArgs {
    /// The revision the change starts from; `REV...` is the merge base of REV and HEAD. Default in a pull or merge
    /// request: the merge base with the target branch.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,

    /// The end of the change (default: the worktree, with untracked files).
    #[arg(long, value_name = "REV")]
    pub head: Option<String>,

    /// The change is in the repository of `[repositories.NAME]` in soc2.toml (default: the compliance repo's own).
    #[arg(long, value_name = "NAME")]
    pub repository: Option<String>,

    #[arg(long, value_enum, default_value_t)]
    pub format: ImpactFormat,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ImpactFormat {
    /// Each control touched, its owner and reviewer, and why; then who should look.
    #[default]
    Human,
    /// Stable JSON for bots, documented in docs/compare-json.md.
    Json,
    /// A Markdown section for a pull-request comment.
    Markdown,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Controls grouped by status, failing rows shown.
    #[default]
    Human,
    /// Stable JSON, documented in docs/check-json.md.
    Json,
    /// JUnit XML: one test case per control (GitLab, Jenkins).
    Junit,
    /// Markdown summary (CI step summaries, pull-request comments).
    Markdown,
    /// SARIF 2.1.0, results located at the control's YAML file.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,

    /// Write the report to FILE (`-` for stdout).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub selection: SelectionArgs,

    #[command(flatten)]
    pub history: HistoryArgs,

    /// Add Type II operating effectiveness over START..END from the git history (without a value: `audit.period` of soc2.toml).
    #[arg(long, value_name = "START..END", num_args = 0..=1, default_missing_value = "")]
    pub period: Option<String>,

    /// Do not read or write the table and history caches under .soc2/.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML page (default file: .soc2/soc2-report.html).
    #[default]
    Html,
    /// Markdown, to stdout.
    Markdown,
    /// The evaluation plus the report's computed sections, to stdout.
    Json,
    /// A PDF summary (default file: .soc2/soc2-report.pdf).
    Pdf,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Where to write the zip (default: soc2-audit-<organization>-<date>.zip in the current directory).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Export only this control (repeatable); the summary covers just these.
    #[arg(long = "control", value_name = "ID")]
    pub controls: Vec<String>,

    /// Only the summary (HTML, JSON, PDF) and the manifest, without controls, evidence or policies.
    #[arg(long)]
    pub summary_only: bool,

    /// Also write oscal/assessment-results.json: the evaluation as OSCAL assessment results.
    #[arg(long)]
    pub oscal: bool,

    /// Do not read or write the table cache under .soc2/.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The package to check.
    #[arg(value_name = "FILE.zip")]
    pub file: PathBuf,

    #[arg(long, value_enum, default_value_t)]
    pub format: VerifyFormat,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    #[default]
    Human,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum PoliciesCommand {
    /// The policy builder: ask for the organization's details, render every policy template to policies/.
    #[command(
        after_help = "Every answer is checked when given (dates YYYY-MM-DD, emails, durations, numbers) and asked again\nwhen it does not fit; answers are saved to soc2.toml as they are given, so none is lost. The people\nthe policies name (chief executive, security officer, CTO, HR lead, privacy officer) are written to\n[[people]] with their email. Hand-edited policies are kept: the builder remembers what it wrote,\nand the variables each policy was rendered from, in policies/.generated.json; `validate` reports a\npolicy whose variables changed since, and --update re-renders it.\n\nExamples:\n  soc2 policies init\n  soc2 policies init --no-input --set name=\"Acme, Inc.\" --set ceo=\"Jo Park <jo@acme.example>\"\n  soc2 policies init --update\n  soc2 policies init --only access-control --force"
    )]
    Init(PoliciesInitArgs),

    /// Render policies/*.md to an HTML handbook (index with owner, version, approval, next review; a page per policy) and PDFs.
    #[command(
        after_help = "Writes index.html and one <policy>.html per policy; with PDF support (the default build) also one\n<policy>.pdf per policy and handbook.pdf, every policy with a table of contents.\n\nExamples:\n  soc2 policies build\n  soc2 policies build --output site/policies"
    )]
    Build(PoliciesBuildArgs),
}

#[derive(Debug, Args)]
pub struct PoliciesBuildArgs {
    /// Folder to write the handbook to (default: .soc2/policies/ in the repo).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PoliciesInitArgs {
    /// Never ask; fail listing every variable that has no value and no default.
    #[arg(long)]
    pub no_input: bool,

    /// Set a variable (saved to [organization] in soc2.toml), e.g. --set ceo="Jo Park".
    #[arg(long, value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Overwrite policies even if they were edited after they were generated.
    #[arg(long)]
    pub force: bool,

    /// Only these policies (template ids, repeatable).
    #[arg(long, value_name = "ID")]
    pub only: Vec<String>,

    /// Re-render the generated policies whose variables changed in soc2.toml, asking nothing; policies
    /// edited by hand since they were generated are listed, never overwritten (unless --force).
    #[arg(long)]
    pub update: bool,
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Add a file, link or note as evidence under evidence/manual/<control>/.
    #[command(
        after_help = "Examples:\n  soc2 evidence add HR-02 --file ~/Downloads/offboarding-sample.pdf --by alex@acme.example\n  soc2 evidence add HR-02 --file sample.pdf --note \"offboarding checklist, Q3 sample\"\n  soc2 evidence add GOV-03 --link https://drive.example/board-minutes-q3 --expires 2027-01-01\n  soc2 evidence add IR-04 --note \"Tabletop exercise held 2026-10-02\" --commit"
    )]
    Add(EvidenceAddArgs),
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("item").required(true).multiple(true).args(["file", "link", "note"])))]
pub struct EvidenceAddArgs {
    /// The control the evidence is for.
    pub control: String,
    /// A file to copy in (its sha256 is recorded); with --note, the note describes it.
    #[arg(long, value_name = "PATH", conflicts_with = "link")]
    pub file: Option<std::path::PathBuf>,
    /// A link to evidence kept elsewhere; with --note, the note describes it.
    #[arg(long, value_name = "URL")]
    pub link: Option<String>,
    /// A note: the evidence itself, or with --file or --link, a description of it.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Who provides it: a person of soc2.toml (email, name or GitHub login; `role:NAME`), or with --external anyone.
    #[arg(long, value_name = "WHO")]
    pub by: Option<String>,
    /// --by is an outside party (an auditor, a vendor), not a person of soc2.toml.
    #[arg(long, requires = "by")]
    pub external: bool,
    /// When it stops counting (YYYY-MM-DD, after now).
    #[arg(long, value_name = "DATE")]
    pub expires: Option<String>,
    /// Commit just the files written.
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Args)]
pub struct AttestArgs {
    /// The control attested; it must ask for an attestation (`evidence: - attestation: ...`).
    pub control: String,
    /// Who attests: a person of soc2.toml (email, name or GitHub login; `role:NAME`), or with --external anyone.
    #[arg(long, value_name = "WHO")]
    pub by: String,
    /// --by is an outside party, not a person of soc2.toml (it does not meet a `by:` requirement).
    #[arg(long)]
    pub external: bool,
    /// What was checked, in a sentence.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// When the attestation lapses (YYYY-MM-DD, after now; else the control's declared `every` decides).
    #[arg(long, value_name = "DATE")]
    pub expires: Option<String>,
    /// Attest that nothing the control checks occurred (no incident, no leaver…): for a control
    /// with `when_empty: not-occurring` whose populations are empty. Stands 90 days without --expires.
    #[arg(long)]
    pub not_occurring: bool,
    /// Commit just the file written.
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["id", "owner", "criteria", "all"])))]
pub struct ReviewArgs {
    /// A control id or a policy id.
    pub id: Option<String>,
    /// Review every control whose review this person owes (as `soc2 reviews --owner` lists them; `role:NAME` works).
    #[arg(long, value_name = "WHO")]
    pub owner: Option<String>,
    /// Review every in-scope control mapped to criteria with this prefix, e.g. CC6 (repeatable).
    #[arg(long, value_name = "PREFIX")]
    pub criteria: Vec<String>,
    /// Review every in-scope control.
    #[arg(long)]
    pub all: bool,
    /// Who reviews: a person of soc2.toml (email, name or GitHub login; `role:NAME`), or with --external anyone.
    #[arg(long, value_name = "WHO")]
    pub by: String,
    /// --by is an outside party, not a person of soc2.toml.
    #[arg(long)]
    pub external: bool,
    /// What the review found, in a sentence.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Approve the policy's current text and version (one policy id only).
    #[arg(long)]
    pub approve: bool,
    /// Commit the files written, in one commit.
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Args)]
pub struct PopulationArgs {
    /// The control whose population to list.
    pub control: String,
    /// The audit period (default: `audit.period` of soc2.toml).
    #[arg(long, value_name = "START..END")]
    pub period: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: PopulationFormat,
    /// Do not read or write the period-table cache under .soc2/.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum PopulationFormat {
    /// A summary and one line per item.
    #[default]
    Human,
    /// Every item with its row as first seen, its provenance and deviations.
    Json,
    /// One row per item (key, date, first/last seen, deviations, then the row's columns).
    Csv,
}

#[derive(Debug, Args)]
pub struct SampleArgs {
    /// The control to sample.
    pub control: String,
    /// The audit period (default: `audit.period` of soc2.toml).
    #[arg(long, value_name = "START..END")]
    pub period: Option<String>,
    /// How many items (default: the control's `sample_size`, else the guide for its frequency).
    #[arg(long, value_name = "N")]
    pub size: Option<usize>,
    /// An auditor-supplied seed mixed into the population's sha256.
    #[arg(long, value_name = "S")]
    pub seed: Option<String>,
    /// Replace a record drawn from other evidence or with other options (git keeps the old one).
    #[arg(long)]
    pub force: bool,
    /// Commit just the record written.
    #[arg(long)]
    pub commit: bool,
    #[arg(long, value_enum, default_value_t)]
    pub format: SampleFormat,
    /// Do not read or write the period-table cache under .soc2/.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum SampleFormat {
    #[default]
    Human,
    /// The record as written.
    Json,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RequestsArgs {
    #[command(subcommand)]
    pub command: Option<RequestsCommand>,
    /// Only requests with this status (repeatable).
    #[arg(long, value_enum, value_name = "STATUS")]
    pub status: Vec<crate::repo::request::RequestStatus>,
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
}

#[derive(Debug, Subcommand)]
pub enum RequestsCommand {
    /// Import the auditor's request list (CSV: id, request, references, due) into audit/requests/.
    #[command(
        after_help = "The header row names the columns, in any case and order: id (or `request id`, `pbc #`, `no`),\nrequest (or `description`, `text`), references (or `criteria`, `controls`, `tsc`), due (or `due date`,\n`deadline`). References are criteria (CC6.2, CC6) or control ids, separated by `;`, `,` or spaces.\n\nImporting again updates the text, references and due date of requests already imported and\nkeeps their answers; requests missing from the new list are kept. Nothing is written when any\nrow is invalid.\n\nExamples:\n  soc2 requests import pbc-list.csv\n  soc2 requests import pbc-list.csv --commit"
    )]
    Import(RequestsImportArgs),
    /// Record what answers a request: controls (their results and evidence) or files.
    Answer(RequestsAnswerArgs),
    /// Record the auditor's acceptance of what answers a request.
    Accept(RequestsAcceptArgs),
}

#[derive(Debug, Args)]
pub struct RequestsImportArgs {
    /// The request list, CSV with a header row.
    pub file: PathBuf,
    /// Commit just the files written.
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("answer").required(true).multiple(true).args(["controls", "files", "samples"])))]
pub struct RequestsAnswerArgs {
    /// The request id.
    pub id: String,
    /// A control that answers it (repeatable).
    #[arg(long = "control", value_name = "ID")]
    pub controls: Vec<String>,
    /// A control whose recorded sample answers it (`soc2 sample ID` first; repeatable): the record
    /// evidence/samples/<ID>/<period>.json, packed by export with its population.
    #[arg(long = "sample", value_name = "ID")]
    pub samples: Vec<String>,
    /// The period of --sample (default: `audit.period` of soc2.toml).
    #[arg(long, value_name = "START..END", requires = "samples")]
    pub period: Option<String>,
    /// A file that answers it, copied to audit/requests/files/<id>/ with its sha256 (repeatable).
    #[arg(long = "file", value_name = "PATH")]
    pub files: Vec<PathBuf>,
    /// Who answers: a person of soc2.toml (email, name or GitHub login; `role:NAME`), or with --external anyone.
    #[arg(long, value_name = "WHO")]
    pub by: Option<String>,
    /// --by is an outside party, not a person of soc2.toml.
    #[arg(long, requires = "by")]
    pub external: bool,
    /// What the answer is, in a sentence.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Commit just the files written.
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Args)]
pub struct RequestsAcceptArgs {
    /// The request id.
    pub id: String,
    /// Who accepts: a person of soc2.toml (the auditor, listed with the `auditor` role), or with --external anyone.
    #[arg(long, value_name = "WHO")]
    pub by: String,
    /// --by is an outside party (the auditor's staff), not a person of soc2.toml.
    #[arg(long)]
    pub external: bool,
    /// What was accepted, in a sentence.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Commit just the file written.
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Args)]
pub struct WorkflowArgs {
    /// The control to move.
    pub control: String,
    /// The state to move it to; without it, show the state and its history.
    #[arg(value_enum)]
    pub state: Option<crate::repo::workflow::WorkflowState>,
    /// Who moves it (required with STATE): a person of soc2.toml, or with --external anyone.
    /// Only a person with the `reviewer` or `auditor` role may accept.
    #[arg(long, value_name = "WHO")]
    pub by: Option<String>,
    /// --by is an outside party, not a person of soc2.toml (it cannot accept).
    #[arg(long, requires = "by")]
    pub external: bool,
    /// Why, in a sentence.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Commit just the file written.
    #[arg(long)]
    pub commit: bool,
    /// With no STATE: the history as JSON.
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ReviewsArgs {
    /// Only what this person owes (or `role:NAME`, resolved through [roles]).
    #[arg(long, value_name = "WHO")]
    pub owner: Option<String>,
    /// Also list what falls due within this window, e.g. 30d; `0` lists overdue items only.
    #[arg(long, value_name = "DURATION", default_value = "30d")]
    pub within: String,
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
}

/// Output of the listing commands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    #[default]
    Human,
    /// Stable JSON for scripts and CI jobs.
    Json,
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
