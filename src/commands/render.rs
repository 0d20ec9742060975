//! `sopkit render FILE... --to FORMAT [-o OUT]`: SOPs in one format. The
//! files are checked together first; a file with errors is not rendered:
//! its diagnostics go to standard error, and the exit code is 1.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{
    FAILURE, FINDINGS, print_diagnostics_to_stderr, print_usage_problems, setup, write_stdout,
};
use crate::check::check_paths;
use crate::cli::RenderArgs;
use crate::load::LoadedFile;
use crate::output::write_atomic_with;
use crate::render::{Document, Format, Lanes};
use crate::rule::Severity;

pub(crate) fn execute(args: &RenderArgs) -> ExitCode {
    let several = args.files.len() > 1;
    let to_stdout = args.output.as_ref().is_none_or(|o| o.as_os_str() == "-");
    if let Some(problem) = usage_problem(args, several, to_stdout) {
        eprintln!("sopkit: error: {problem}");
        return ExitCode::from(FAILURE);
    }
    let (options, mut resolver) = match setup(args.today, args.config.as_deref()) {
        Ok(setup) => setup,
        Err(code) => return code,
    };
    let report = check_paths(&args.files, &options, &mut resolver);
    if print_usage_problems(&report) {
        return ExitCode::from(FAILURE);
    }
    // Warnings do not stop rendering and are `check`'s to report; errors do.
    let has_errors = report.count(Severity::Error) > 0;
    if has_errors {
        print_diagnostics_to_stderr(&report);
    }
    if several && let Some(clash) = clashing_names(&report.files, args.to) {
        eprintln!("sopkit: error: {clash}; render them into separate folders");
        return ExitCode::from(FAILURE);
    }
    let mut code = if has_errors {
        ExitCode::from(FINDINGS)
    } else {
        ExitCode::SUCCESS
    };
    for file in &report.files {
        let Some(doc) = document(file, args) else {
            continue;
        };
        if let Err(failure) = render_file(file, &doc, args, several, to_stdout) {
            code = failure;
            break;
        }
    }
    // The process ends now: freeing a 100,000-step model piece by piece
    // would only make the user wait.
    std::mem::forget(report);
    code
}

/// What is wrong with the arguments before any file is read, if anything.
fn usage_problem(args: &RenderArgs, several: bool, to_stdout: bool) -> Option<String> {
    if let Some(why) = args.to.unavailable() {
        return Some(format!("--to {}: {why}", args.to.extension()));
    }
    if let Some(dir) = args.files.iter().find(|f| f.is_dir()) {
        return Some(format!(
            "{}: render takes SOP files; `sopkit build` renders a folder",
            dir.display()
        ));
    }
    if to_stdout && args.to.is_binary() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return Some(format!(
            "a {} picture is not text: write it to a file with -o, or redirect the output",
            args.to.extension().to_uppercase()
        ));
    }
    if !(0.1..=8.0).contains(&args.scale) {
        return Some(format!(
            "--scale must be between 0.1 and 8, found {}",
            args.scale
        ));
    }
    if several && to_stdout {
        return Some(format!(
            "{} files to render: give a folder to write them into with -o",
            args.files.len()
        ));
    }
    None
}

/// Renders one file to where it goes, and prints the renderer's notes.
fn render_file(
    file: &LoadedFile,
    doc: &Document<'_>,
    args: &RenderArgs,
    several: bool,
    to_stdout: bool,
) -> Result<(), ExitCode> {
    // Streamed to where it goes: a 100,000-step BPMN file is 140 MB,
    // which is not held in memory on the way.
    let mut notes = Vec::new();
    let render = |out: &mut dyn Write| {
        notes = args.to.renderer().render_noting(doc, out)?;
        Ok(())
    };
    match &args.output {
        _ if to_stdout => write_stdout(render)?,
        Some(out) => {
            let path = match several {
                true => out.join(output_name(file, args.to)),
                false => out.clone(),
            };
            write_atomic_with(&path, render).map_err(|e| {
                let (name, path) = (file.source.name(), path.display());
                eprintln!("sopkit: error: cannot render {name} to {path}: {e}");
                ExitCode::from(FAILURE)
            })?;
        }
        None => {}
    }
    for note in notes {
        eprintln!("sopkit: warning: {}: {note}", file.source.name());
    }
    Ok(())
}

/// What a file without errors is rendered from.
fn document<'a>(file: &'a LoadedFile, args: &RenderArgs) -> Option<Document<'a>> {
    let (sop, flow) = (file.sop.as_ref()?, file.flow.as_ref()?);
    if file
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        return None;
    }
    let mut doc = Document::new(sop, flow);
    doc.lanes = match (args.lanes, args.no_lanes) {
        (true, _) => Lanes::Always,
        (_, true) => Lanes::Never,
        _ => Lanes::Default,
    };
    doc.direction = args.direction.or(file.config.direction).unwrap_or_default();
    doc.scale = args.scale;
    doc.paper = args.paper;
    doc.checklist = args.checklist;
    Some(doc)
}

/// `refund.sop.yaml` → `refund.html`.
fn output_name(file: &LoadedFile, format: Format) -> PathBuf {
    let name = file
        .source
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    PathBuf::from(format!(
        "{}.{}",
        crate::format::stem(&name),
        format.extension()
    ))
}

/// Two SOPs whose output files would have the same name in one folder.
fn clashing_names(files: &[LoadedFile], format: Format) -> Option<String> {
    let mut names = std::collections::HashMap::new();
    for file in files {
        if let Some(first) = names.insert(output_name(file, format), file.source.name()) {
            return Some(format!(
                "{first} and {} would both be written to {}",
                file.source.name(),
                output_name(file, format).display()
            ));
        }
    }
    None
}
