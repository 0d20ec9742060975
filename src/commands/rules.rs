//! `sopkit rules`: every rule, its default severity and what it checks.

use std::process::ExitCode;

use super::write_stdout;
use crate::rules::Rule;

pub fn execute() -> ExitCode {
    let width = Rule::all().map(|r| r.id.len()).max().unwrap_or(0);
    let result = write_stdout(|out| {
        for rule in Rule::all() {
            writeln!(
                out,
                "{:<width$}  {:<7}  {}",
                rule.id,
                rule.severity.as_str(),
                rule.summary
            )?;
        }
        Ok(())
    });
    result.err().unwrap_or(ExitCode::SUCCESS)
}
