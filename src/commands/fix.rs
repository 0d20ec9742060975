//! `sopkit check --fix` and `sopkit check --diff`: apply the safe fixes
//! ([`crate::fix`]) and write the files, or print them as a unified diff.
//!
//! `--fix` writes each fixed file atomically, then reports what is left as
//! `check` would (exit 1 on errors); with `-` it prints the fixed text on
//! standard output and the report on standard error. `--diff` writes
//! nothing and exits 1 when there is anything to fix, as ruff does.

use std::path::Path;
use std::process::ExitCode;

use super::{
    FAILURE, FINDINGS, SUCCESS, output_width, print_usage_problems, use_color, write_stdout,
};
use crate::check::Input;
use crate::cli::CheckArgs;
use crate::config::Resolver;
use crate::fix::diff;
use crate::fix::session::{self, FixedFile, Session};
use crate::report::{self, Style};
use crate::rule::Severity;
use crate::rules::RuleOptions;

const BOM: &str = "\u{feff}";

pub(crate) fn execute(
    args: &CheckArgs,
    inputs: &[Input],
    options: &RuleOptions,
    resolver: &mut Resolver,
) -> ExitCode {
    let session = session::run(inputs, options, resolver, None);
    let usage_problems = print_usage_problems(&session.report);
    for file in &session.files {
        if let Some(why) = &file.refused {
            eprintln!(
                "sopkit: warning: {}: not fixed: the fixes would make it unreadable ({why}); nothing was written",
                shown(&file.path)
            );
        }
    }
    let stdin = inputs.iter().find_map(|i| match i {
        Input::Stdin { name, bytes } => Some((name.as_path(), bytes.as_slice())),
        Input::Path(_) => None,
    });
    let code = if args.diff {
        print_diff(&session)
    } else {
        write_fixes(args, &session, stdin)
    };
    match code {
        Err(code) => code,
        Ok(_) if usage_problems => ExitCode::from(FAILURE),
        Ok(code) => ExitCode::from(code),
    }
}

/// A path as messages show it, escaped for the terminal.
fn shown(path: &Path) -> String {
    crate::render::escape::terminal(&crate::source::display_path(path)).into_owned()
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// "3 problems in 2 files; 1 error, 0 warnings"
fn summary(session: &Session) -> String {
    let (fixes, files) = session.totals();
    let report = &session.report;
    format!(
        "{} in {}; {}, {}",
        plural(fixes, "problem"),
        plural(files, "file"),
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
    )
}

/// `--diff`: the diffs on standard output; exit 1 when there is any.
fn print_diff(session: &Session) -> Result<u8, ExitCode> {
    let changed: Vec<&FixedFile> = session.files.iter().filter(|f| f.changed()).collect();
    write_stdout(|out| {
        for file in &changed {
            out.write_all(
                diff::unified(
                    &shown(&file.path),
                    &file.original,
                    &file.text,
                    &file.origins,
                )
                .as_bytes(),
            )?;
        }
        Ok(())
    })?;
    eprintln!("sopkit: would fix {} left", summary(session));
    Ok(if changed.is_empty() {
        SUCCESS
    } else {
        FINDINGS
    })
}

/// `--fix`: writes the fixed files (or prints the fixed standard input),
/// then the report of what is left.
fn write_fixes(
    args: &CheckArgs,
    session: &Session,
    stdin: Option<(&Path, &[u8])>,
) -> Result<u8, ExitCode> {
    let mut failed = false;
    for file in session.files.iter().filter(|f| f.changed()) {
        if stdin.is_some_and(|(name, _)| name == file.path) {
            continue;
        }
        if let Err(why) = write_file(file) {
            eprintln!("sopkit: error: {}: not fixed: {why}", shown(&file.path));
            failed = true;
        }
    }
    let style = Style {
        color: use_color(),
        width: output_width(),
    };
    let root = super::findings::root(args);
    if let Some((name, bytes)) = stdin {
        let fixed = session.files.iter().find(|f| f.path == name);
        let had_bom = bytes.starts_with(BOM.as_bytes());
        write_stdout(|out| match fixed {
            Some(file) if file.changed() => {
                if had_bom {
                    out.write_all(BOM.as_bytes())?;
                }
                out.write_all(file.text.as_bytes())
            }
            _ => out.write_all(bytes),
        })?;
        let mut stderr = std::io::stderr().lock();
        let style = Style {
            color: false,
            ..style
        };
        let _ = report::print(&session.report, args.format, style, &root, &mut stderr);
    } else {
        write_stdout(|out| report::print(&session.report, args.format, style, &root, out))?;
    }
    eprintln!("sopkit: fixed {} left", summary(session));
    if failed {
        return Err(ExitCode::from(FAILURE));
    }
    Ok(super::findings::verdict(args, &session.report))
}

/// Writes a fixed file whole or not at all, keeping its byte-order mark,
/// unless it changed on disk since it was read.
fn write_file(file: &FixedFile) -> Result<(), String> {
    let on_disk = std::fs::read(&file.path).map_err(|e| e.to_string())?;
    let had_bom = on_disk.starts_with(BOM.as_bytes());
    let body = if had_bom {
        &on_disk[BOM.len()..]
    } else {
        &on_disk[..]
    };
    if body != file.original.as_bytes() {
        return Err("the file changed while it was being fixed; run again".to_owned());
    }
    let mut bytes = Vec::with_capacity(file.text.len() + BOM.len());
    if had_bom {
        bytes.extend_from_slice(BOM.as_bytes());
    }
    bytes.extend_from_slice(file.text.as_bytes());
    crate::output::write_atomic(&file.path, &bytes).map_err(|e| e.to_string())
}
