//! The kinds of shape a flowchart draws, the sizes of their text, and where
//! a line meets a shape's outline: what the diagram model, the placing of
//! branch labels and the BPMN geometry all need.

use crate::layout::{Point, Rect};

/// Text size in the shapes, and the height of one line.
pub(crate) const FONT_SIZE: f64 = 13.0;
pub(crate) const LINE_HEIGHT: f64 = 17.0;
/// Text size of branch labels.
pub(crate) const LABEL_SIZE: f64 = 12.0;
/// Text size of a role named in a shape, and the height of its lines.
pub(crate) const TAG_SIZE: f64 = 11.0;
pub(crate) const TAG_LINE_HEIGHT: f64 = 14.0;

/// What a shape of the flowchart is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Start,
    End,
    Task,
    Decision,
}

/// The first point of the outline on the ray from `outside` through `end`.
pub(crate) fn onto_outline(outside: Point, end: Point, shape: Shape, rect: Rect) -> Point {
    let c = rect.center();
    let (a, b) = (rect.width / 2.0, rect.height / 2.0);
    // Inside test along the ray: the outline is where it turns true.
    let inside = |p: Point| {
        let (dx, dy) = ((p.x - c.x) / a.max(1e-9), (p.y - c.y) / b.max(1e-9));
        match shape {
            Shape::Decision => dx.abs() + dy.abs() <= 1.0,
            Shape::Start | Shape::End => dx * dx + dy * dy <= 1.0,
            Shape::Task => dx.abs() <= 1.0 && dy.abs() <= 1.0,
        }
    };
    if shape == Shape::Task || inside(outside) {
        return end;
    }
    let at = |t: f64| {
        Point::new(
            outside.x + (end.x - outside.x) * t,
            outside.y + (end.y - outside.y) * t,
        )
    };
    // Beyond the box edge the ray is sure to be inside (it heads for the
    // centre side of the box); bisect between outside and there.
    let mut far = 1.0;
    while !inside(at(far)) && far < 64.0 {
        far *= 2.0;
    }
    if !inside(at(far)) {
        return end;
    }
    let (mut lo, mut hi) = (0.0, far);
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        if inside(at(mid)) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    at(hi)
}
