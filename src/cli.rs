//! The command line as clap sees it: raw arguments only. Turning them into
//! a checked configuration happens in the commands.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::render;
use crate::report::Format;

/// Exit codes and configuration, shown under every `--help` and in the man page.
const AFTER_HELP: &str = "\
Exit codes:
  0  no errors (warnings allowed unless --deny-warnings or --max-warnings)
  1  errors found (render and build check first)
  2  usage error, unreadable path or configuration, unwritable output, internal failure

Configuration: the nearest sopkit.toml in the SOP's folder or above (--config overrides).
  departments = [\"Customer Service\", ...]   allowed departments
  require = [\"owner\", \"review_by\", ...]     optional keys every SOP must have
  [rules] \"RULE\" = \"error\" | \"warning\" | \"off\"
  [terms] allow = [\"EUR\", ...]               words never reported as undefined acronyms
  [metrics] require = [\"turnaround\", ...]    metric kinds every SOP must state
  [metrics.departments.\"NAME\"] require = [...]  the same, for one department

More: `sopkit rules` lists the rules, `sopkit explain RULE` says what one checks and how to fix it,
`sopkit man` prints the manual, `sopkit schema` the JSON Schema of the SOP format, and
`sopkit new` writes an SOP with every part present and commented.";

/// Lint, render and export standard operating procedures (SOPs) written in YAML or Markdown.
#[derive(Debug, Parser)]
#[command(
    name = "sopkit",
    version,
    about,
    propagate_version = true,
    after_help = AFTER_HELP
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check SOP files and report every problem.
    Check(CheckArgs),
    /// Render SOPs as Markdown, HTML, DOT, Mermaid, JSON, a controlled document (PDF, DOCX), or the flowchart as SVG, PNG or BPMN.
    Render(RenderArgs),
    /// Check every SOP under DIR, then write a static site, a wiki tree, or one controlled document per SOP.
    Build(BuildArgs),
    /// Serve the HTML site on 127.0.0.1, rebuilt and reloaded in the browser as SOPs change.
    Serve(ServeArgs),
    /// Check every SOP under DIR, then publish them to Confluence: a page per
    /// department, a page per SOP.
    Publish(PublishArgs),
    /// Write a new SOP with every part present and commented.
    New(NewArgs),
    /// Rewrite SOPs in the other source form (YAML ⇄ Markdown), same model.
    Convert(ConvertArgs),
    /// Print the JSON Schema of the SOP file format.
    Schema {
        /// The schema of a Markdown SOP's front matter instead.
        #[arg(long)]
        front_matter: bool,
    },
    /// List every rule with its default severity.
    Rules,
    /// Explain what a rule checks, why, with an example.
    Explain {
        /// A rule id, such as `flow/unknown-target`.
        rule: String,
    },
    /// Print shell completions.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Run the language server (LSP) on standard input and output, for editors.
    Lsp,
    /// Print the man page, or write one per command with --out.
    Man {
        /// Write sopkit.1 and sopkit-COMMAND.1 into this folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct CheckArgs {
    /// Files (checked whatever their name) or directories (searched for
    /// *.sop.yaml, *.sop.yml and *.sop.md, honouring .gitignore); `-` reads
    /// one SOP from standard input. Default: `.`.
    pub paths: Vec<PathBuf>,

    /// The file name to show for an SOP read from standard input (`-`); its
    /// folder also decides which sopkit.toml applies.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,

    /// Print which sopkit.toml each file uses.
    #[arg(short, long)]
    pub verbose: bool,

    /// Follow symbolic links out of the folders searched, and into linked
    /// folders (like ripgrep's -L); without it such a link is reported
    /// (io/link-outside) and not read.
    #[arg(short = 'L', long)]
    pub follow_links: bool,

    /// Load the files and run no rule (for benchmarks).
    #[arg(long, hide = true)]
    pub parse_only: bool,

    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,

    /// Paths in json, sarif and github output are relative to DIR (the
    /// repository's root, for code scanning); default: the current folder.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// The date `meta/review-overdue` compares with (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<jiff::civil::Date>,

    /// Exit 1 when there are warnings, too.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Exit 1 when there are more than N warnings.
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,

    /// Configuration file; default: the nearest sopkit.toml here or above.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Apply every safe fix and write the fixed files (with `-`, print the
    /// fixed text); then report what is left.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,

    /// Print the safe fixes as a unified diff and write nothing; exit 1
    /// when there is anything to fix.
    #[arg(long)]
    pub diff: bool,

    /// Check again whenever an SOP file or sopkit.toml changes, until
    /// Ctrl-C; never exits on findings.
    #[arg(long, conflicts_with_all = ["fix", "diff"])]
    pub watch: bool,
}

#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct RenderArgs {
    /// The SOP files to render.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// Output format.
    #[arg(long = "to", value_enum)]
    pub to: render::Format,

    /// Write here instead of standard output (written whole or not at all);
    /// with several files, a folder that gets one file per SOP.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// Draw one swimlane per role (svg, png, html, bpmn, pdf, docx; the HTML
    /// page, BPMN and the controlled documents draw them whenever the SOP
    /// has roles).
    #[arg(long, conflicts_with = "no_lanes")]
    pub lanes: bool,

    /// Draw no swimlanes, even when the SOP has roles (html, bpmn, pdf, docx).
    #[arg(long)]
    pub no_lanes: bool,

    /// Which way the flowchart runs (svg, png, html, bpmn, pdf, docx);
    /// default: `[render] direction` in sopkit.toml, else down.
    #[arg(long, value_enum, value_name = "DIRECTION")]
    pub direction: Option<crate::config::FlowDirection>,

    /// The size of a PNG: pixels per unit of the SVG drawing (0.1 to 8).
    #[arg(long, value_name = "FACTOR", default_value_t = 2.0)]
    pub scale: f32,

    /// The paper of a controlled document (pdf, docx).
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: render::Paper,

    /// Append a printable checklist to a controlled document (pdf, docx): a
    /// tick box, the role, initials and time for every step.
    #[arg(long)]
    pub checklist: bool,

    /// The date rules compare with (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<jiff::civil::Date>,

    /// Configuration file; default: the nearest sopkit.toml here or above.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// The formats a site can be built in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum SiteFormat {
    /// A static site: one HTML page per SOP and index.html.
    Html,
    /// A wiki tree: one Markdown page per SOP and index.md.
    Markdown,
    /// Confluence pages: per SOP its body in storage format (.xml) with its
    /// flowchart (.png, .svg), per department its page, and manifest.json.
    Confluence,
    /// One controlled document per SOP, as PDF, named like the site's
    /// pages (in a sopkit built with `--features pdf`).
    Pdf,
    /// One controlled document per SOP, as a Word file (DOCX).
    Docx,
}

#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct BuildArgs {
    /// The folder of SOPs (searched recursively, honouring .gitignore).
    pub dir: PathBuf,

    /// The folder to write into.
    #[arg(short, long, value_name = "OUTDIR")]
    pub output: PathBuf,

    /// Output format.
    #[arg(long = "to", value_enum, default_value = "html")]
    pub to: SiteFormat,

    /// The paper of the controlled documents (pdf, docx).
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: render::Paper,

    /// Follow symbolic links out of the folders searched, and into linked
    /// folders (like ripgrep's -L); without it such a link is reported
    /// (io/link-outside) and not read.
    #[arg(short = 'L', long)]
    pub follow_links: bool,

    /// The date rules and overdue marks compare with (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<jiff::civil::Date>,

    /// Configuration file; default: the nearest sopkit.toml here or above.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// What `convert --help` adds: what converting keeps and what it does not.
const CONVERT_HELP: &str = "\
Converting keeps the SOP exactly: `sopkit render --to json` prints the same for
the original, the converted file, and that file converted back. Only comments
(and `x-` keys, which sopkit ignores) are not carried over.

A few values have no Markdown form that reads back the same (a step text that
starts with `>` or `-`, a line ending in spaces, an HTML comment): such an SOP
is not converted, and the message names the value. So is a file with syntax,
schema or Markdown structure errors (exit code 1); the other files still are.

Exit codes: 0 every SOP converted; 1 an SOP was not (errors, or a value the
target form cannot hold); 2 usage error, or a file to write exists (nothing is
written then; --force overwrites) or cannot be written.

Examples:
  sopkit convert refund.sop.yaml --to md > refund.sop.md
  sopkit convert sops/ --to md -o sops-md/      (the folder tree is mirrored)
  sopkit convert refund.sop.md --to yaml -o refund.sop.yaml --force";

#[derive(Debug, Args)]
#[command(after_help = CONVERT_HELP)]
pub(crate) struct ConvertArgs {
    /// SOP files (converted whatever their name), or folders (searched for
    /// *.sop.yaml, *.sop.yml and *.sop.md, honouring .gitignore; only the
    /// SOPs not already in the target form are converted).
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,

    /// The form to write: md (*.sop.md) or yaml (*.sop.yaml).
    #[arg(long = "to", value_enum)]
    pub to: crate::format::SourceFormat,

    /// Where to write: for one file, a file (default: standard output); for
    /// several files or a folder, a folder, which gets the source tree's
    /// layout (x.sop.yaml → x.sop.md). Files are written whole or not at all.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Overwrite files that exist.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct ServeArgs {
    /// Files or folders of SOPs (folders searched recursively, honouring
    /// .gitignore). Default: `.`.
    pub paths: Vec<PathBuf>,

    /// The port on 127.0.0.1. Default: 3000, or the next free one up to
    /// 3009; 0 takes any free port.
    #[arg(short, long, value_name = "N")]
    pub port: Option<u16>,

    /// Open the site in the default web browser.
    #[arg(long)]
    pub open: bool,

    /// Follow symbolic links out of the folders searched, and into linked
    /// folders (like ripgrep's -L); without it such a link is reported
    /// (io/link-outside) and not read.
    #[arg(short = 'L', long)]
    pub follow_links: bool,

    /// The date rules and overdue marks compare with (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<jiff::civil::Date>,

    /// Configuration file; default: the nearest sopkit.toml here or above.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// What `publish --help` adds: where the settings come from, what it never does.
const PUBLISH_HELP: &str = "\
Settings, in sopkit.toml:
  [confluence]
  url = \"https://example.atlassian.net\"   the site (--url overrides)
  space = \"OPS\"                           the space's key
  parent = \"123456\"                       the id of the page the SOPs go under
  title_prefix = \"\"                       put before every page title

Credentials, from the environment only:
  SOPKIT_CONFLUENCE_USER   the account's e-mail
  SOPKIT_CONFLUENCE_TOKEN  an API token (with the user: HTTP Basic), or an OAuth
                           access token (alone: Bearer)

A second publish with nothing changed writes nothing. Pages whose SOP is gone
are listed as stale, never deleted. A page sopkit did not make is never
touched: a wanted title held by one stops the run (--adopt takes it over).

Exit codes: 0 every page up to date (or a dry run); 1 check found errors
(nothing is sent); 2 configuration, network or Confluence failure (a failure
midway says which pages were written).

Docs: docs/confluence.md";

/// How `publish` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum PublishFormat {
    /// A line per page, then a summary.
    Human,
    /// One JSON document: every page with its action, id and address.
    Json,
}

#[derive(Debug, Args)]
#[command(after_help = PUBLISH_HELP)]
pub(crate) struct PublishArgs {
    /// The folder of SOPs (searched recursively, honouring .gitignore).
    /// Default: `.`.
    pub dir: Option<PathBuf>,

    /// Print the plan (create, update, unchanged, stale) and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Take over pages with a wanted title that sopkit did not make.
    #[arg(long)]
    pub adopt: bool,

    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: PublishFormat,

    /// The Confluence site, instead of `url` in [confluence].
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// The date rules compare with (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<jiff::civil::Date>,

    /// Configuration file; default: the nearest sopkit.toml here or above.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// Where to write the SOP; `-` or nothing prints it.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The SOP's title.
    #[arg(long)]
    pub title: Option<String>,

    /// The SOP's department.
    #[arg(long)]
    pub department: Option<String>,

    /// The language of the text and comments (en, pt, it, cs; others get English comments).
    #[arg(long, default_value = "en")]
    pub language: String,

    /// The source form to write: yaml (*.sop.yaml) or md (*.sop.md).
    /// Default: md when FILE ends in .md, else yaml.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<crate::format::SourceFormat>,

    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
}
