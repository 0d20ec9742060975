//! `sopkit convert FILE|DIR... --to md|yaml [-o PATH] [--force]`: SOPs
//! rewritten in the other source form, with the same model.
//!
//! One file goes to standard output, or to `-o FILE`; several files, or the
//! SOPs of a folder, go into `-o FOLDER`, placed as they are placed under
//! the folder given (`a/b.sop.yaml` → `OUT/a/b.sop.md`). In a folder, only
//! the SOPs not already in the target form are converted; a file named on
//! the command line is converted whatever its form (to the same form, it
//! is rewritten in sopkit's layout).
//!
//! Nothing is written when an output would overwrite a file (unless
//! `--force`) or when two SOPs would be written to one file. A file whose
//! model cannot be read in full (syntax, schema or Markdown structure
//! errors) is not converted, nor one with a value the target form cannot
//! carry (see [`crate::convert`]): the others still are, and the exit code
//! is 1.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use super::{
    FAILURE, FINDINGS, print_diagnostics_to_stderr, print_usage_problems, setup, write_stdout,
};
use crate::check::check_paths;
use crate::cli::ConvertArgs;
use crate::convert::{convert, is_loading_rule};
use crate::format::{SourceFormat, stem};
use crate::load::LoadedFile;
use crate::output::write_atomic;
use crate::rule::Severity;

/// Where the converted SOPs go.
enum Destination {
    Stdout,
    /// `-o FILE`: the one SOP given.
    File(PathBuf),
    /// `-o FOLDER`.
    Folder(PathBuf),
}

pub(crate) fn execute(args: &ConvertArgs) -> ExitCode {
    let destination = match destination(args) {
        Ok(destination) => destination,
        Err(why) => {
            eprintln!("sopkit: error: {why}");
            return ExitCode::from(FAILURE);
        }
    };
    let (options, mut resolver) = match setup(None, None) {
        Ok(setup) => setup,
        Err(code) => return code,
    };
    let mut report = check_paths(&args.paths, &options, &mut resolver);
    if print_usage_problems(&report) {
        return ExitCode::from(FAILURE);
    }
    // A folder's SOPs already in the target form stay as they are.
    report.files.retain(|f| {
        named(&args.paths, f.source.path()) || SourceFormat::of(f.source.path()) != args.to
    });
    if report.files.is_empty() {
        eprintln!(
            "sopkit: nothing to convert: every SOP found is already a *.{}",
            args.to.extension()
        );
        return ExitCode::SUCCESS;
    }
    // Only the errors that leave the model incomplete stop a conversion.
    for file in &mut report.files {
        file.diagnostics
            .retain(|d| d.severity == Severity::Error && is_loading_rule(d.rule));
    }
    let mut code = ExitCode::SUCCESS;
    if report.diagnostics().next().is_some() {
        print_diagnostics_to_stderr(&report);
        code = ExitCode::from(FINDINGS);
    }
    let (outputs, refused) = convert_all(&report.files, args.to);
    if refused {
        code = ExitCode::from(FINDINGS);
    }
    match write_all(&destination, args, &outputs) {
        Ok(()) => code,
        Err(failure) => failure,
    }
}

/// The converted text of every file without errors, in order; refusals
/// are printed. Returns the outputs and whether any file was refused.
fn convert_all(files: &[LoadedFile], to: SourceFormat) -> (Vec<(&LoadedFile, String)>, bool) {
    let converted: Vec<_> = files
        .par_iter()
        .filter(|f| f.diagnostics.is_empty())
        .filter_map(|f| Some((f, convert(f.sop.as_ref()?, to))))
        .collect();
    let mut outputs = Vec::new();
    let mut refused = false;
    for (file, result) in converted {
        let name = crate::render::escape::terminal(file.source.name());
        match result {
            Ok(text) => {
                // Losing a suppression brings its warnings back: say so.
                if !file.comments.is_empty() && file.source.text().contains("sopkit:") {
                    eprintln!(
                        "sopkit: note: {name} has `sopkit:` comments, which are not carried over; add them again where they are needed"
                    );
                }
                outputs.push((file, text));
            }
            Err(unwritable) => {
                eprintln!("sopkit: error: {name}: {unwritable}");
                if let Some(help) = &unwritable.help {
                    eprintln!("  help: {help}");
                }
                eprintln!("  note: {name} was not converted");
                refused = true;
            }
        }
    }
    (outputs, refused)
}

/// Where the output goes, from the arguments, before anything is read.
fn destination(args: &ConvertArgs) -> Result<Destination, String> {
    let folders = args.paths.iter().any(|p| p.is_dir());
    let several = args.paths.len() > 1 || folders;
    match &args.output {
        None => {}
        Some(out) if out.as_os_str() == "-" => {}
        Some(out) if several || out.is_dir() || out.to_string_lossy().ends_with('/') => {
            return Ok(Destination::Folder(out.clone()));
        }
        Some(out) => return Ok(Destination::File(out.clone())),
    }
    if several {
        let what = if folders {
            "a folder of SOPs"
        } else {
            "several SOPs"
        };
        return Err(format!(
            "to convert {what}, give a folder to write them into with -o"
        ));
    }
    Ok(Destination::Stdout)
}

/// Whether `path` was named on the command line (not found in a folder).
fn named(paths: &[PathBuf], path: &Path) -> bool {
    paths.iter().any(|p| p == path)
}

/// The file a converted SOP is written to in `out`: its place under the
/// folder it was found in, or its name alone, with the target's ending.
fn place_in(out: &Path, paths: &[PathBuf], source: &Path, to: SourceFormat) -> PathBuf {
    let relative = paths
        .iter()
        .filter(|p| p.is_dir())
        .find_map(|dir| source.strip_prefix(dir).ok())
        .map_or_else(
            || PathBuf::from(source.file_name().unwrap_or_default()),
            Path::to_path_buf,
        );
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.join(relative.with_file_name(format!("{}.{}", stem(&name), to.extension())))
}

/// Writes every output, or, when one would overwrite a file (without
/// `--force`) or two would be written to one file, nothing.
fn write_all(
    destination: &Destination,
    args: &ConvertArgs,
    outputs: &[(&LoadedFile, String)],
) -> Result<(), ExitCode> {
    let targets: Vec<(PathBuf, &str, &LoadedFile)> = match destination {
        Destination::Stdout => {
            return outputs
                .iter()
                .try_for_each(|(_, text)| write_stdout(|out| out.write_all(text.as_bytes())));
        }
        Destination::File(path) => outputs
            .iter()
            .map(|(file, text)| (path.clone(), text.as_str(), *file))
            .collect(),
        Destination::Folder(out) => outputs
            .iter()
            .map(|(file, text)| {
                let path = place_in(out, &args.paths, file.source.path(), args.to);
                (path, text.as_str(), *file)
            })
            .collect(),
    };
    let mut seen: HashMap<&Path, &LoadedFile> = HashMap::new();
    for (path, _, file) in &targets {
        if let Some(first) = seen.insert(path, file) {
            eprintln!(
                "sopkit: error: {} and {} would both be written to {}; nothing written",
                first.source.name(),
                file.source.name(),
                path.display()
            );
            return Err(ExitCode::from(FAILURE));
        }
    }
    let existing: Vec<&PathBuf> = targets
        .iter()
        .map(|(path, ..)| path)
        // A device or a FIFO is written to, not over: it needs no --force.
        .filter(|path| {
            !args.force && std::fs::metadata(path).is_ok_and(|m| m.is_file() || m.is_dir())
        })
        .collect();
    if !existing.is_empty() {
        for path in &existing {
            eprintln!("sopkit: error: {} already exists", path.display());
        }
        eprintln!("sopkit: nothing written (use --force to overwrite)");
        return Err(ExitCode::from(FAILURE));
    }
    for (path, text, file) in &targets {
        if let Err(e) = write_atomic(path, text.as_bytes()) {
            eprintln!("sopkit: error: cannot write {}: {e}", path.display());
            return Err(ExitCode::from(FAILURE));
        }
        if matches!(destination, Destination::File(_)) {
            eprintln!(
                "sopkit: wrote {} from {}",
                path.display(),
                file.source.name()
            );
        }
    }
    if let Destination::Folder(out) = destination {
        let n = targets.len();
        let files = if n == 1 { "file" } else { "files" };
        eprintln!("sopkit: wrote {n} {files} to {}", out.display());
    }
    Ok(())
}
