//! `sopkit publish [DIR]`: checks every SOP under DIR (errors: exit 1 and
//! nothing is sent, not even a read); works out the pages it wants (titles
//! that would collide: exit 2); reads what the space holds; plans every
//! page (create, update, unchanged, stale), which `--dry-run` prints; and
//! carries the plan out, stopping at the first failure with what was and
//! was not written (exit 2).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{FAILURE, FINDINGS, print_diagnostics_to_stderr, print_usage_problems, setup};
use crate::check::check_paths;
use crate::cli::{PublishArgs, PublishFormat};
use crate::config::SiteUrl;
use crate::confluence::client::Client;
use crate::confluence::pages::{self, Pages, Settings};
use crate::confluence::plan::{self, Plan};
use crate::confluence::remote::{self, Target};
use crate::confluence::secret::Credentials;
use crate::confluence::transport::Http;
use crate::confluence::{execute, report};
use crate::rule::Severity;

pub(crate) fn execute(args: &PublishArgs) -> ExitCode {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if !dir.is_dir() {
        eprintln!("sopkit: error: {}: not a folder", dir.display());
        return ExitCode::from(FAILURE);
    }
    let (options, mut resolver) = match setup(args.today, args.config.as_deref()) {
        Ok(setup) => setup,
        Err(code) => return code,
    };
    let report = check_paths(std::slice::from_ref(&dir), &options, &mut resolver);
    if report.diagnostics().next().is_some() {
        print_diagnostics_to_stderr(&report);
    }
    if print_usage_problems(&report) {
        return ExitCode::from(FAILURE);
    }
    if report.count(Severity::Error) > 0 {
        eprintln!("sopkit: nothing sent to Confluence: fix the errors above first");
        return ExitCode::from(FINDINGS);
    }
    let Some((target, settings)) = target(&dir, args, &mut resolver) else {
        return ExitCode::from(FAILURE);
    };
    let credentials = match Credentials::from_env() {
        Ok(credentials) => credentials,
        Err(why) => {
            eprintln!("sopkit: error: {why}");
            return ExitCode::from(FAILURE);
        }
    };
    let pages = match pages::pages(&report.files, &dir, &settings) {
        Ok(pages) => pages,
        Err(collisions) => {
            for collision in collisions {
                eprintln!("sopkit: error: {collision}");
            }
            eprintln!("sopkit: nothing sent to Confluence");
            return ExitCode::from(FAILURE);
        }
    };
    let http = Http::new(target.site.clone(), &credentials);
    let sleep = |wait| std::thread::sleep(wait);
    let client = Client::new(&http, &sleep);
    // A dry run sends reads only; a write would be refused, not sent.
    let client = if args.dry_run {
        client.read_only()
    } else {
        client
    };
    publish(&client, &target, &pages, args)
}

/// Where to publish, from `[confluence]` and `--url`; `None` after saying
/// what is missing.
fn target(
    dir: &Path,
    args: &PublishArgs,
    resolver: &mut crate::config::Resolver,
) -> Option<(Target, Settings)> {
    let settings = super::build::confluence_settings(dir, resolver)?;
    let config = resolver.for_folder(dir).ok().flatten()?;
    let file = config.path.as_ref().map_or_else(
        || "a sopkit.toml beside the SOPs".to_owned(),
        |p| p.display().to_string(),
    );
    let confluence = &config.confluence;
    let missing = |key: &str, example: &str| {
        eprintln!(
            "sopkit: error: `{key}` is not set in [confluence]\n  help: add it to {file}: [confluence] {key} = {example}"
        );
    };
    let url = match (&args.url, &confluence.url) {
        (Some(url), _) => match SiteUrl::parse(url) {
            Ok(url) => url,
            Err(why) => {
                eprintln!("sopkit: error: --url {why}");
                return None;
            }
        },
        // Checked when the configuration was read.
        (None, Some(url)) => SiteUrl::parse(url).ok()?,
        (None, None) => {
            missing("url", "\"https://example.atlassian.net\" (or give --url)");
            return None;
        }
    };
    let Some(space) = confluence.space.clone() else {
        missing("space", "\"OPS\"");
        return None;
    };
    let Some(parent) = settings.parent.clone() else {
        missing(
            "parent",
            "\"123456\" (the id of the page the SOPs go under)",
        );
        return None;
    };
    Some((
        Target {
            site: url,
            space,
            parent,
        },
        settings,
    ))
}

/// Progress on a terminal: one line, rewritten (standard error only).
struct Progress {
    on: bool,
}

impl Progress {
    fn show(&self, text: &str) {
        if self.on {
            let text = crate::render::shorten(text, 70);
            eprint!("\r\x1b[2K{text}");
            let _ = std::io::stderr().flush();
        }
    }

    fn clear(&self) {
        if self.on {
            eprint!("\r\x1b[2K");
        }
    }
}

/// Reads, plans, and (unless a dry run) writes.
fn publish(client: &Client<'_>, target: &Target, pages: &Pages, args: &PublishArgs) -> ExitCode {
    let json = args.format == PublishFormat::Json;
    let progress = Progress {
        on: std::io::stderr().is_terminal(),
    };
    let remote = match remote::discover(client, target, pages, &mut |what| progress.show(what)) {
        Ok(remote) => remote,
        Err(e) => {
            progress.clear();
            // What a server says is shown, never obeyed by the terminal.
            let error = report::shown(&e.to_string());
            eprintln!("sopkit: error: {error}");
            if json {
                let empty = Plan::default();
                let _ = super::write_stdout(|out| {
                    report::json(out, &empty, None, target, args.dry_run, Some(error))
                });
            }
            return ExitCode::from(FAILURE);
        }
    };
    progress.clear();
    let plan = plan::plan(pages, &remote, args.adopt);
    let refused = plan.refusals().count();
    if args.dry_run {
        print_refusals(&plan);
        let written = if json {
            super::write_stdout(|out| report::json(out, &plan, None, target, true, None))
        } else {
            super::write_stdout(|out| {
                for entry in &plan.entries {
                    let id = entry.existing.as_ref().map(|e| e.id.as_str());
                    writeln!(out, "{}", report::line(entry, id, target, true))?;
                }
                writeln!(out, "{}", report::Summary::of(&plan, None).human(true))
            })
        };
        return written.err().unwrap_or(ExitCode::SUCCESS);
    }
    if refused > 0 {
        print_refusals(&plan);
        eprintln!("sopkit: nothing written: {refused} page(s) cannot be published");
        if json {
            let error = Some(format!("{refused} page(s) cannot be published"));
            let _ = super::write_stdout(|out| report::json(out, &plan, None, target, false, error));
        }
        return ExitCode::from(FAILURE);
    }
    act(client, target, pages, &remote, &plan, json, &progress)
}

fn print_refusals(plan: &Plan) {
    for entry in plan.refusals() {
        eprintln!(
            "sopkit: error: “{}” [{}] cannot be published: {}",
            report::shown(&entry.title),
            report::shown(&entry.key),
            report::shown(entry.refused.as_deref().unwrap_or_default())
        );
    }
}

fn act(
    client: &Client<'_>,
    target: &Target,
    pages: &Pages,
    remote: &remote::Remote,
    plan: &Plan,
    json: bool,
    progress: &Progress,
) -> ExitCode {
    let total = plan.entries.len();
    if let Some(first) = plan.entries.first() {
        progress.show(&format!("[1/{total}] {}", first.title));
    }
    let mut stdout = std::io::stdout();
    let outcome = execute::execute(client, remote, pages, plan, &mut |i, id| {
        progress.clear();
        if !json {
            let _ = writeln!(
                stdout,
                "{}",
                report::line(&plan.entries[i], id, target, false)
            );
        }
        if let Some(next) = plan.entries.get(i + 1) {
            progress.show(&format!("[{}/{total}] {}", i + 2, next.title));
        }
    });
    progress.clear();
    let error = outcome
        .failure
        .as_ref()
        .map(|(_, e)| report::shown(&e.to_string()));
    let summary = report::Summary::of(plan, Some(&outcome));
    let written = if json {
        super::write_stdout(|out| {
            report::json(out, plan, Some(&outcome), target, false, error.clone())
        })
    } else {
        super::write_stdout(|out| writeln!(out, "{}", summary.human(false)))
    };
    if let Some(error) = error {
        eprintln!("sopkit: error: {error}\n{}", report::midway(plan, &outcome));
        return ExitCode::from(FAILURE);
    }
    written.err().unwrap_or(ExitCode::SUCCESS)
}
