//! The arguments of `sopkit publish`, its report formats and what its `--help` adds.

use std::path::PathBuf;

use clap::Args;

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
    pub(crate) dir: Option<PathBuf>,

    /// Print the plan (create, update, unchanged, stale) and write nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,

    /// Take over pages with a wanted title that sopkit did not make.
    #[arg(long)]
    pub(crate) adopt: bool,

    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub(crate) format: PublishFormat,

    /// The Confluence site, instead of `url` in `[confluence]`.
    #[arg(long, value_name = "URL")]
    pub(crate) url: Option<String>,

    /// The date rules compare with (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) today: Option<jiff::civil::Date>,

    /// Configuration file; default: the nearest sopkit.toml here or above.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
}
