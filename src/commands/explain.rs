//! `sopkit explain RULE`: the rule's documentation, from its source file.

use std::process::ExitCode;

use super::{FAILURE, write_stdout};
use crate::diagnostic::did_you_mean;
use crate::rules::Rule;

pub fn execute(id: &str) -> ExitCode {
    let Some(rule) = Rule::from_id(id) else {
        eprintln!("sopkit: error: no rule `{id}`");
        if let Some(help) = did_you_mean(id, Rule::all().map(|r| r.id)) {
            eprintln!("  help: {help}");
        }
        eprintln!("  `sopkit rules` lists every rule");
        return ExitCode::from(FAILURE);
    };
    let info = rule.info();
    let result = write_stdout(|out| {
        writeln!(out, "# {} ({})\n", info.id, info.severity.as_str())?;
        write!(out, "{}", info.documentation())
    });
    result.err().unwrap_or(ExitCode::SUCCESS)
}
