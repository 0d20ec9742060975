//! Several files checked together (split at `\0\0`), so that the cross-file
//! rules (duplicate ids, translations) see what the fuzzer makes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    sopkit_fuzz::check_files(sopkit_fuzz::split_files(data));
});
