//! The `sopkit` binary: everything lives in the library.

/// mimalloc rather than the system's allocator, as ruff does: `check` makes
/// many small strings on two threads, and glibc grew each thread's heap a
/// page at a time (4,500 `mprotect` calls for 1,000 files). On the 1,000
/// generated SOPs, user and system time fell from 37 + 23 ms to 30 + 16 ms.
/// The price is memory on huge files: rendering 100,000 steps as HTML peaks
/// up to a fifth higher (version 3, not used, held up to 43% more).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    sopkit::run()
}
