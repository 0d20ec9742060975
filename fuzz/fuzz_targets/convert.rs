//! `convert` round trips: every file that loads without errors, converted
//! to the other form, reads back as the same model (or is refused with a
//! reason); YAML is written for every model and must read back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sopkit::convert::{convert, model_json, to_yaml};
use sopkit::format::SourceFormat;
use sopkit::rule::Severity;

fuzz_target!(|data: &[u8]| {
    let (name, body) = sopkit_fuzz::one_file(data);
    let file = sopkit::load::load_bytes(std::path::Path::new(name), body.to_vec());
    let Some(sop) = &file.sop else {
        return;
    };
    if file
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        return;
    }
    let json = model_json(sop);
    // YAML carries every model: it must read back as it was.
    let yaml = to_yaml(sop);
    let back = sopkit::load::load_text(std::path::Path::new("back.sop.yaml"), yaml.clone());
    let back = back.sop.as_ref().map(model_json);
    assert_eq!(
        back.as_ref(),
        Some(&json),
        "YAML read back differently:\n{yaml}"
    );
    // Markdown carries it, or says why not; never something else.
    if let Ok(md) = convert(sop, SourceFormat::Markdown) {
        let back = sopkit::load::load_markdown(std::path::Path::new("back.sop.md"), md.clone());
        let back = back.sop.as_ref().map(model_json);
        assert_eq!(
            back.as_ref(),
            Some(&json),
            "Markdown read back differently:\n{md}"
        );
    }
});
