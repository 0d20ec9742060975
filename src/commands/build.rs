//! `sopkit build DIR -o OUTDIR [--to html|markdown|confluence|pdf|docx]`:
//! checks every SOP under DIR first and writes nothing when any has errors;
//! then one page per SOP and, for a site or a wiki, an index grouped by
//! department (for Confluence, a page per department and `manifest.json`;
//! controlled documents have no index). Pages of SOPs that are gone since the
//! last build are removed; files sopkit did not write are never touched.

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{FAILURE, FINDINGS, print_diagnostics_to_stderr, print_usage_problems, setup};
use crate::check::{CheckReport, check_paths};
use crate::cli::{BuildArgs, SiteFormat};
use crate::config::Resolver;
use crate::output::{MANIFEST, Manifest};
use crate::render::Format;
use crate::rule::Severity;

pub(crate) fn execute(args: &BuildArgs) -> ExitCode {
    let format = match args.to {
        SiteFormat::Html => Format::Html,
        SiteFormat::Markdown => Format::Markdown,
        SiteFormat::Confluence => Format::Confluence,
        SiteFormat::Pdf => Format::Pdf,
        SiteFormat::Docx => Format::Docx,
    };
    if let Some(why) = format.unavailable() {
        eprintln!("sopkit: error: --to {}: {why}", format.extension());
        return ExitCode::from(FAILURE);
    }
    if !args.dir.is_dir() {
        eprintln!("sopkit: error: {}: not a folder", args.dir.display());
        return ExitCode::from(FAILURE);
    }
    let previous = match output_folder(&args.dir, &args.output) {
        Ok(previous) => previous,
        Err(why) => {
            eprintln!("sopkit: error: {}: {why}", args.output.display());
            return ExitCode::from(FAILURE);
        }
    };
    let (mut options, mut resolver) =
        match setup(args.sources.today, args.sources.config.as_deref()) {
            Ok(setup) => setup,
            Err(code) => return code,
        };
    options.follow_links = args.sources.follow_links;
    let report = check_paths(std::slice::from_ref(&args.dir), &options, &mut resolver);
    if report.diagnostics().next().is_some() {
        print_diagnostics_to_stderr(&report);
    }
    if print_usage_problems(&report) {
        return ExitCode::from(FAILURE);
    }
    if report.count(Severity::Error) > 0 {
        eprintln!("sopkit: nothing written: fix the errors above first");
        return ExitCode::from(FINDINGS);
    }
    let site = crate::site::Options {
        format,
        paper: args.paper,
        today: options.today,
    };
    match write_pages(args, &report, site, &mut resolver) {
        Ok(written) => finish(written, previous, &args.output),
        Err(code) => code,
    }
}

/// Writes the pages (and the index) of every SOP checked; `Err` after
/// printing why nothing was written.
fn write_pages(
    args: &BuildArgs,
    report: &CheckReport,
    site: crate::site::Options,
    resolver: &mut Resolver,
) -> Result<io::Result<Vec<PathBuf>>, ExitCode> {
    if args.to != SiteFormat::Confluence {
        return Ok(crate::site::build(
            &report.files,
            &args.dir,
            &args.output,
            site,
        ));
    }
    let Some(settings) = confluence_settings(&args.dir, resolver) else {
        return Err(ExitCode::from(FAILURE));
    };
    match crate::confluence::pages::pages(&report.files, &args.dir, &settings) {
        Ok(pages) => Ok(crate::confluence::files::write(
            &pages,
            &settings,
            &args.output,
        )),
        Err(collisions) => {
            for collision in collisions {
                eprintln!("sopkit: error: {collision}");
            }
            eprintln!("sopkit: nothing written");
            Err(ExitCode::from(FAILURE))
        }
    }
}

/// Records what this build `written` in the manifest, removes what the
/// `previous` build wrote and this one did not, and says so.
fn finish(
    written: io::Result<Vec<PathBuf>>,
    previous: Option<Manifest>,
    output: &Path,
) -> ExitCode {
    let built = written.and_then(|written| {
        let now = Manifest {
            files: written.into_iter().collect(),
        };
        let removed = previous.unwrap_or_default().prune(&now, output);
        now.write(output)?;
        Ok((now.files.len(), removed.len()))
    });
    match built {
        Ok((written, removed)) => {
            let removed = if removed > 0 {
                format!(", removed {removed} file(s) an earlier build wrote that this one does not")
            } else {
                String::new()
            };
            eprintln!(
                "sopkit: wrote {written} files to {}{removed}",
                output.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sopkit: error: cannot write to {}: {e}", output.display());
            ExitCode::from(FAILURE)
        }
    }
}

/// The `[confluence]` settings of the configuration that governs `dir`
/// (title prefix, parent page); `None` after printing why there are none.
pub(crate) fn confluence_settings(
    dir: &Path,
    resolver: &mut crate::config::Resolver,
) -> Option<crate::confluence::pages::Settings> {
    match resolver.for_folder(dir) {
        Ok(Some(config)) => Some(crate::confluence::pages::Settings {
            title_prefix: config.confluence.title_prefix.clone(),
            parent: config.confluence.parent.clone(),
        }),
        // Its error was printed when the SOPs were checked.
        Ok(None) => None,
        Err(error) => {
            super::print_config_error(&error);
            None
        }
    }
}

/// Whether `out` may be written into: a new or empty folder, or one an
/// earlier build wrote (its manifest is returned). Never the source folder,
/// never a folder of other files.
fn output_folder(source: &Path, out: &Path) -> Result<Option<Manifest>, String> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same(source, out) {
        return Err("is the folder of the SOPs; write the site into another folder".into());
    }
    if out.exists() && !out.is_dir() {
        return Err("exists and is not a folder".into());
    }
    if let Some(manifest) = Manifest::read(out) {
        return Ok(Some(manifest));
    }
    let empty = std::fs::read_dir(out).map_or(true, |mut entries| entries.next().is_none());
    if empty {
        Ok(None)
    } else {
        Err(format!(
            "is not empty and holds no {MANIFEST} from an earlier build; write the site into an empty or new folder"
        ))
    }
}
