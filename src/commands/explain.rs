//! `sopkit explain RULE`: the rule's documentation, from its source file.
//! RULE is a full id (`flow/no-way-out`) or, when unambiguous, its name
//! alone (`no-way-out`).

use std::process::ExitCode;

use super::{FAILURE, write_stdout};
use crate::diagnostic::did_you_mean;
use crate::rule::Rule;

pub(crate) fn execute(id: &str) -> ExitCode {
    let Some(rule) = Rule::lookup(id) else {
        eprintln!("sopkit: error: no rule `{id}`");
        if let Some(help) = did_you_mean(id, Rule::ids()) {
            eprintln!("  help: {help}");
        }
        eprintln!("  `sopkit rules` lists every rule");
        return ExitCode::from(FAILURE);
    };
    let result = write_stdout(|out| {
        writeln!(
            out,
            "# {} ({})\n",
            rule.id(),
            rule.default_severity().as_str()
        )?;
        write!(out, "{}", rule.documentation())
    });
    result.err().unwrap_or(ExitCode::SUCCESS)
}
