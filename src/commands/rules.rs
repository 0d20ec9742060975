//! `sopkit rules`: every rule, its default severity and what it checks.

use std::process::ExitCode;

use super::write_stdout;
use crate::rule::Rule;

pub(crate) fn execute() -> ExitCode {
    let width = Rule::ids().map(str::len).max().unwrap_or(0);
    let result = write_stdout(|out| {
        for rule in Rule::ALL {
            writeln!(
                out,
                "{:<width$}  {:<7}  {}",
                rule.id(),
                rule.default_severity().as_str(),
                rule.summary()
            )?;
        }
        Ok(())
    });
    result.err().unwrap_or(ExitCode::SUCCESS)
}
