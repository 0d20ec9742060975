//! `sopkit check [PATH]...`

use std::path::PathBuf;
use std::process::ExitCode;

use super::{FAILURE, FINDINGS, SUCCESS, output_width, rule_options, use_color, write_stdout};
use crate::check::check_paths;
use crate::cli::CheckArgs;
use crate::report::{self, Style};
use crate::rule::Severity;

pub fn execute(args: &CheckArgs) -> ExitCode {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let options = match rule_options(args.today, args.config.as_deref()) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let report = check_paths(&paths, &options);
    for error in &report.path_errors {
        eprintln!("sopkit: error: {error}");
    }
    let style = Style {
        color: use_color(),
        width: output_width(),
    };
    if let Err(code) = write_stdout(|out| report::print(&report, args.format, style, out)) {
        return code;
    }
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let code = if !report.path_errors.is_empty() {
        FAILURE
    } else if errors > 0
        || (args.deny_warnings && warnings > 0)
        || args.max_warnings.is_some_and(|max| warnings > max)
    {
        FINDINGS
    } else {
        SUCCESS
    };
    ExitCode::from(code)
}
