//! The command line as clap sees it: raw arguments only. Turning them into
//! a checked configuration happens in the commands.

mod build;
mod check;
mod convert;
mod new;
mod publish;
mod render;
mod serve;
mod sources;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub(crate) use build::{BuildArgs, SiteFormat};
pub(crate) use check::CheckArgs;
pub(crate) use convert::ConvertArgs;
pub(crate) use new::NewArgs;
pub(crate) use publish::{PublishArgs, PublishFormat};
pub(crate) use render::RenderArgs;
pub(crate) use serve::ServeArgs;
pub(crate) use sources::SourceArgs;

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
    pub(crate) command: Command,
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
