//! `sopkit completions SHELL` and `sopkit man [--out DIR]`, both generated
//! from the clap definition, so they never drift from the real flags.

use std::path::Path;
use std::process::ExitCode;

use clap::CommandFactory;

use super::{FAILURE, write_stdout};
use crate::cli::Cli;
use crate::output::write_atomic;

pub(crate) fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut command = Cli::command();
    // clap_complete panics when its writer fails; generate into memory and
    // let `write_stdout` treat a closed pipe as the quiet end it is.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "sopkit", &mut script);
    write_stdout(|out| out.write_all(&script))
        .err()
        .unwrap_or(ExitCode::SUCCESS)
}

fn render(command: clap::Command) -> std::io::Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command).render(&mut page)?;
    Ok(page)
}

/// Prints `sopkit(1)`, or writes `sopkit.1` and `sopkit-SUBCOMMAND.1` into `out`.
pub(crate) fn man(out: Option<&Path>) -> ExitCode {
    let command = Cli::command();
    let Some(dir) = out else {
        return match render(command) {
            Ok(page) => write_stdout(|o| o.write_all(&page))
                .err()
                .unwrap_or(ExitCode::SUCCESS),
            Err(e) => {
                eprintln!("sopkit: error: cannot render the man page: {e}");
                ExitCode::from(FAILURE)
            }
        };
    };
    let mut pages = vec![("sopkit.1".to_owned(), command.clone())];
    for sub in command.get_subcommands() {
        let name = format!("sopkit-{}", sub.get_name());
        pages.push((format!("{name}.1"), sub.clone().name(name)));
    }
    for (file, page) in pages {
        let written = render(page).and_then(|bytes| write_atomic(&dir.join(&file), &bytes));
        if let Err(e) = written {
            eprintln!(
                "sopkit: error: cannot write {}: {e}",
                dir.join(&file).display()
            );
            return ExitCode::from(FAILURE);
        }
    }
    eprintln!("sopkit: wrote the man pages to {}", dir.display());
    ExitCode::SUCCESS
}
