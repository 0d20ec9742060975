//! `sopkit schema`: the JSON Schema of the file format.

use std::process::ExitCode;

use super::write_stdout;

pub fn execute() -> ExitCode {
    let text = crate::schema::json_schema_text();
    match write_stdout(|out| out.write_all(text.as_bytes())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}
