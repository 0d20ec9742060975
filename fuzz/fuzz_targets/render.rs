//! Every text renderer on every file that checks without errors; the XML
//! outputs must parse.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sopkit::render::{Document, Format, Lanes};
use sopkit::rule::Severity;

fuzz_target!(|data: &[u8]| {
    let (name, body) = sopkit_fuzz::one_file(data);
    let report = sopkit_fuzz::check_files(vec![(name.into(), body.to_vec())]);
    let Some(file) = report.files.first() else {
        return;
    };
    if file
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        return;
    }
    let (Some(sop), Some(flow)) = (&file.sop, &file.flow) else {
        return;
    };
    // Swimlanes change only the pictures (HTML, SVG, BPMN), and laying out
    // twice is most of a run's cost: an input of odd length is drawn with
    // lanes, so the fuzzer explores both at half the price.
    let mut doc = Document::new(sop, flow);
    doc.lanes = if data.len() % 2 == 1 {
        Lanes::Always
    } else {
        Lanes::Never
    };
    for format in [
        Format::Markdown,
        Format::Html,
        Format::Dot,
        Format::Mermaid,
        Format::Json,
        Format::Svg,
        Format::Bpmn,
    ] {
        let mut out = Vec::new();
        format
            .renderer()
            .render(&doc, &mut out)
            .expect("rendering to memory");
        if matches!(format, Format::Svg | Format::Bpmn) {
            let text = String::from_utf8(out).expect("XML is UTF-8");
            sopkit_fuzz::well_formed_xml(&text);
        }
    }
});
