//! The arguments of `sopkit render`.

use std::path::PathBuf;

use clap::Args;

use super::AFTER_HELP;
use crate::render;

#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct RenderArgs {
    /// The SOP files to render.
    #[arg(required = true)]
    pub(crate) files: Vec<PathBuf>,

    /// Output format.
    #[arg(long = "to", value_enum)]
    pub(crate) to: render::Format,

    /// Write here instead of standard output (written whole or not at all);
    /// with several files, a folder that gets one file per SOP.
    #[arg(short, long, value_name = "OUT")]
    pub(crate) output: Option<PathBuf>,

    /// Draw one swimlane per role (svg, png, html, bpmn, pdf, docx; the HTML
    /// page, BPMN and the controlled documents draw them whenever the SOP
    /// has roles).
    #[arg(long, conflicts_with = "no_lanes")]
    pub(crate) lanes: bool,

    /// Draw no swimlanes, even when the SOP has roles (html, bpmn, pdf, docx).
    #[arg(long)]
    pub(crate) no_lanes: bool,

    /// Which way the flowchart runs (svg, png, html, bpmn, pdf, docx);
    /// default: `[render] direction` in sopkit.toml, else down.
    #[arg(long, value_enum, value_name = "DIRECTION")]
    pub(crate) direction: Option<crate::config::FlowDirection>,

    /// The size of a PNG: pixels per unit of the SVG drawing (0.1 to 8).
    #[arg(long, value_name = "FACTOR", default_value_t = 2.0)]
    pub(crate) scale: f32,

    /// The paper of a controlled document (pdf, docx).
    #[arg(long, value_enum, default_value = "a4")]
    pub(crate) paper: render::Paper,

    /// Append a printable checklist to a controlled document (pdf, docx): a
    /// tick box, the role, initials and time for every step.
    #[arg(long)]
    pub(crate) checklist: bool,

    /// The date rules compare with (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) today: Option<jiff::civil::Date>,

    /// Configuration file; default: the nearest sopkit.toml here or above.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
}
