//! `sopkit build DIR -o OUTDIR [--to html|markdown]`: checks every SOP under
//! DIR first and writes nothing when any has errors; then one page per SOP
//! and an index grouped by department.

use std::process::ExitCode;

use super::{FAILURE, FINDINGS, print_diagnostics_to_stderr, rule_options};
use crate::check::check_paths;
use crate::cli::{BuildArgs, SiteFormat};
use crate::render::Format;
use crate::rule::Severity;

pub fn execute(args: &BuildArgs) -> ExitCode {
    if !args.dir.is_dir() {
        eprintln!("sopkit: error: {}: not a folder", args.dir.display());
        return ExitCode::from(FAILURE);
    }
    let options = match rule_options(args.today, args.config.as_deref()) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let report = check_paths(std::slice::from_ref(&args.dir), &options);
    for error in &report.path_errors {
        eprintln!("sopkit: error: {error}");
    }
    if report.diagnostics().next().is_some() {
        print_diagnostics_to_stderr(&report);
    }
    if !report.path_errors.is_empty() {
        return ExitCode::from(FAILURE);
    }
    if report.count(Severity::Error) > 0 {
        eprintln!("sopkit: nothing written: fix the errors above first");
        return ExitCode::from(FINDINGS);
    }
    let format = match args.to {
        SiteFormat::Html => Format::Html,
        SiteFormat::Markdown => Format::Markdown,
    };
    match crate::site::build(
        &report.files,
        &args.dir,
        &args.output,
        format,
        options.today,
    ) {
        Ok(written) => {
            eprintln!(
                "sopkit: wrote {} files to {}",
                written.len(),
                args.output.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "sopkit: error: cannot write to {}: {e}",
                args.output.display()
            );
            ExitCode::from(FAILURE)
        }
    }
}
