//! Any bytes, read as a `.sop.yaml` file: loading never panics, and every
//! diagnostic points inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = sopkit::load::load_bytes(std::path::Path::new("fuzz.sop.yaml"), data.to_vec());
    sopkit_fuzz::spans_inside(&file);
});
