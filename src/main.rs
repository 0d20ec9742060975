//! The `sopkit` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    sopkit::run()
}
