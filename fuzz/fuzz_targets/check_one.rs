//! The whole `check` pipeline on one file (YAML or Markdown by the first
//! byte): loading, every rule, suppressions, and every report format.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (name, body) = sopkit_fuzz::one_file(data);
    let report = sopkit_fuzz::check_files(vec![(name.into(), body.to_vec())]);
    use sopkit::report::Format;
    // The human and SARIF reports cost much per run under the fuzzer's
    // instrumentation (graphical excerpts; every rule's documentation), so
    // they are printed for small inputs, which reach the same code.
    let mut formats = vec![Format::Short, Format::Json, Format::Github];
    if body.len() < 2048 {
        formats.push(Format::Human);
    }
    // SARIF serializes every rule's documentation each time: printed when
    // the input starts with `S`, so the fuzzer explores it without paying
    // for it on every run.
    if body.first() == Some(&b'S') {
        formats.push(Format::Sarif);
    }
    let root = sopkit::report::Root::current_dir();
    for format in formats {
        let style = sopkit::report::Style {
            color: false,
            width: 80,
        };
        let mut out = Vec::new();
        sopkit::report::print(&report, format, style, &root, &mut out)
            .expect("writing to memory");
    }
});
