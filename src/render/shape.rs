//! The kinds of shape a flowchart draws and the sizes of their text:
//! what the diagram model and the placing of branch labels both need.

/// Text size in the shapes, and the height of one line.
pub const FONT_SIZE: f64 = 13.0;
pub const LINE_HEIGHT: f64 = 17.0;
/// Text size of branch labels.
pub const LABEL_SIZE: f64 = 12.0;
/// Text size of a role named in a shape, and the height of its lines.
pub const TAG_SIZE: f64 = 11.0;
pub const TAG_LINE_HEIGHT: f64 = 14.0;

/// What a shape of the flowchart is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Start,
    End,
    Task,
    Decision,
}
