//! The fast YAML path against granit-parser, on any UTF-8 text: when the
//! fast path reads a text, granit must read it too, with exactly the same
//! events, byte offsets, tree and problems. Leaving a text to granit is
//! always allowed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(disagreement) = sopkit::load::yaml::fast::differential::compare(text) {
        panic!("{disagreement}");
    }
});
