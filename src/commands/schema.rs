//! `sopkit schema [--front-matter]`: the JSON Schema of the file format, or
//! of a Markdown SOP's front matter.

use std::process::ExitCode;

use super::write_stdout;

pub(crate) fn execute(front_matter: bool) -> ExitCode {
    let text = if front_matter {
        crate::schema::front_matter_schema_text()
    } else {
        crate::schema::json_schema_text()
    };
    match write_stdout(|out| out.write_all(text.as_bytes())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}
