//! `sopkit render FILE --to FORMAT [-o OUT]`: one SOP in one format. A file
//! with errors is not rendered: its diagnostics go to standard error, exit 1.

use std::process::ExitCode;

use super::{FAILURE, FINDINGS, print_diagnostics_to_stderr, rule_options, write_stdout};
use crate::check::check_paths;
use crate::cli::RenderArgs;
use crate::output::write_atomic;
use crate::render::Document;
use crate::rule::Severity;

pub fn execute(args: &RenderArgs) -> ExitCode {
    if args.file.is_dir() {
        eprintln!(
            "sopkit: error: {}: render takes one SOP file; `sopkit build` renders a folder",
            args.file.display()
        );
        return ExitCode::from(FAILURE);
    }
    let options = match rule_options(args.today, args.config.as_deref()) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let report = check_paths(std::slice::from_ref(&args.file), &options);
    for error in &report.path_errors {
        eprintln!("sopkit: error: {error}");
    }
    if !report.path_errors.is_empty() {
        return ExitCode::from(FAILURE);
    }
    // Warnings do not stop rendering and are `check`'s to report; errors do.
    if report.count(Severity::Error) > 0 {
        print_diagnostics_to_stderr(&report);
    }
    let file = report.files.first();
    let (Some(sop), Some(flow)) = (
        file.and_then(|f| f.sop.as_ref()),
        file.and_then(|f| f.flow.as_ref()),
    ) else {
        return ExitCode::from(FINDINGS);
    };
    if report.count(Severity::Error) > 0 {
        return ExitCode::from(FINDINGS);
    }
    let doc = Document::new(sop, flow);
    let mut bytes = Vec::new();
    if let Err(e) = args.to.renderer().render(&doc, &mut bytes) {
        eprintln!("sopkit: error: cannot render: {e}");
        return ExitCode::from(FAILURE);
    }
    match &args.output {
        Some(path) if path.as_os_str() != "-" => match write_atomic(path, &bytes) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("sopkit: error: cannot write {}: {e}", path.display());
                ExitCode::from(FAILURE)
            }
        },
        _ => write_stdout(|out| out.write_all(&bytes))
            .err()
            .unwrap_or(ExitCode::SUCCESS),
    }
}
