//! Tells the tests whether the shared contract suite (`../shared`, beside
//! the repository) is present, so that the tests that need it are reported
//! as *ignored* on a checkout without it, not as passed.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_present)");
    println!("cargo::rerun-if-changed=../shared/conformance");
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance");
    if shared.is_dir() {
        println!("cargo::rustc-cfg=shared_present");
    }
}
