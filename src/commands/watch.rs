//! `sopkit check --watch`: checks, then checks again whenever an SOP file
//! or a `sopkit.toml` in use changes, until Ctrl-C.
//!
//! Like `cargo watch -c`, each report replaces the last one on a terminal
//! (the screen is cleared first); into a pipe or file, reports are
//! separated by a line instead. The exit code is 2 when the paths given or
//! `--config` cannot be used at the start; otherwise 0 when stopped, whatever
//! was found: the files being edited are what the watch is for, so a
//! broken SOP or `sopkit.toml` is shown and watched like any other.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::findings::print;
use super::{FAILURE, SUCCESS, write_stdout};
use crate::check::{CheckReport, check_with_config};
use crate::cli::CheckArgs;
use crate::rules::RuleOptions;
use crate::watch::{Stop, Watch};

/// Clears a terminal (ANSI: erase the screen, cursor home).
const CLEAR: &str = "\x1b[2J\x1b[H";

/// Between two reports when standard output is not a terminal.
const SEPARATOR: &str = "---- sopkit check --watch: files changed, checking again ----";

pub(crate) fn execute(args: &CheckArgs) -> ExitCode {
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        eprintln!("sopkit: error: --watch checks files; it cannot watch standard input (`-`)");
        return ExitCode::from(FAILURE);
    }
    let (paths, stop, mut watch) = match start(&args.paths, args.config.as_deref()) {
        Ok(started) => started,
        Err(code) => return code,
    };
    let terminal = std::io::stdout().is_terminal();
    for round in 0_u64.. {
        let before = if terminal {
            CLEAR.to_owned()
        } else if round > 0 {
            format!("{SEPARATOR}\n")
        } else {
            String::new()
        };
        if let Err(code) = write_stdout(|out| out.write_all(before.as_bytes())) {
            return code;
        }
        let mut options = RuleOptions::on(args.today.unwrap_or_else(|| jiff::Zoned::now().date()));
        options.follow_links = args.follow_links;
        let report = check_with_config(&paths, &options, args.config.as_deref());
        if let Err(code) = print(args, &report) {
            return code;
        }
        if round == 0 && report.has_missing_paths() {
            return ExitCode::from(FAILURE);
        }
        if let Err(e) = watch.update(Some(&report)) {
            eprintln!("sopkit: warning: some folders are not watched: {e}");
        }
        let n = watched_files(&report);
        eprintln!(
            "sopkit: watching {n} file{} — press Ctrl-C to stop",
            if n == 1 { "" } else { "s" }
        );
        if !watch.wait(&stop) {
            break;
        }
    }
    ExitCode::from(SUCCESS)
}

/// What `check --watch` and `serve` share before their first check: the
/// paths (`.` when none is given), Ctrl-C caught, and the watch started,
/// so that no change made during the first check is missed.
pub(super) fn start(
    paths: &[PathBuf],
    config: Option<&Path>,
) -> Result<(Vec<PathBuf>, Stop, Watch), ExitCode> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let stop = Stop::on_ctrl_c().map_err(|why| fail(&why))?;
    let watch =
        Watch::new(&paths, config).map_err(|e| fail(&format!("cannot watch the files: {e}")))?;
    Ok((paths, stop, watch))
}

pub(super) fn fail(why: &str) -> ExitCode {
    eprintln!("sopkit: error: {why}");
    ExitCode::from(FAILURE)
}

/// The SOP files checked and the configuration files they use (broken
/// ones too).
fn watched_files(report: &CheckReport) -> usize {
    let configs: std::collections::BTreeSet<_> = report
        .files
        .iter()
        .filter_map(|f| f.config.path.as_deref())
        .chain(report.config_errors.iter().map(|e| e.path()))
        .collect();
    report.files.len() + report.unchecked.len() + configs.len()
}
