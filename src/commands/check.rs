//! `sopkit check [PATH]...`

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use super::findings::{print, verdict};
use super::{FAILURE, setup};
use crate::check::{Input, check};
use crate::cli::CheckArgs;

pub(crate) fn execute(args: &CheckArgs) -> ExitCode {
    if let Some(root) = &args.root
        && !root.is_dir()
    {
        eprintln!("sopkit: error: --root {}: not a folder", root.display());
        return ExitCode::from(FAILURE);
    }
    let (mut options, mut resolver) = match setup(args.today, args.config.as_deref()) {
        Ok(setup) => setup,
        Err(code) => return code,
    };
    options.parse_only = args.parse_only;
    options.follow_links = args.follow_links;
    if args.watch {
        return super::watch::execute(args);
    }
    let inputs = match inputs(args) {
        Ok(inputs) => inputs,
        Err(code) => return code,
    };
    if args.fix || args.diff {
        return super::fix::execute(args, &inputs, &options, &mut resolver);
    }
    let report = check(&inputs, &options, &mut resolver);
    let code = match print(args, &report) {
        Ok(true) => ExitCode::from(FAILURE),
        Ok(false) => ExitCode::from(verdict(args, &report)),
        Err(code) => code,
    };
    // The process ends here: the operating system takes back the memory
    // of every file's text and model at once, where freeing them one by
    // one cost a twentieth of a check.
    std::mem::forget(report);
    code
}

/// Standard input is read up to this much; the configuration's limit on
/// file size then applies as for any file.
const STDIN_LIMIT: u64 = 4096 * 1024 * 1024 + 1;

/// The paths to check; `-` is one SOP read from standard input.
fn inputs(args: &CheckArgs) -> Result<Vec<Input>, ExitCode> {
    if args.paths.is_empty() {
        return Ok(vec![Input::Path(PathBuf::from("."))]);
    }
    let mut inputs = Vec::with_capacity(args.paths.len());
    let mut stdin_read = false;
    for path in &args.paths {
        if path.as_os_str() != "-" {
            inputs.push(Input::Path(path.clone()));
            continue;
        }
        if std::mem::replace(&mut stdin_read, true) {
            eprintln!("sopkit: error: `-` (standard input) can be given once");
            return Err(ExitCode::from(FAILURE));
        }
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().take(STDIN_LIMIT).read_to_end(&mut bytes) {
            eprintln!("sopkit: error: cannot read standard input: {e}");
            return Err(ExitCode::from(FAILURE));
        }
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"));
        inputs.push(Input::Stdin { name, bytes });
    }
    Ok(inputs)
}
