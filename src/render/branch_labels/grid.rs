//! Shapes and labels by the cells of a grid over the drawing, so a label
//! finds what lies near a place it tries without a pass over the drawing.

use crate::layout::Rect;

/// What the grid holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Item {
    Shape(usize),
    Label(usize),
}

/// Shapes and labels by the cells of a grid over the drawing that they
/// touch; both are small, so each touches a few cells. The cells are one
/// flat table of lists (no allocation per cell); what lies outside the
/// drawing counts as in its border cells.
pub(super) struct Grid {
    x: f64,
    y: f64,
    cell: f64,
    columns: usize,
    rows: usize,
    /// Per cell, its first entry (`NONE` when empty).
    heads: Vec<u32>,
    /// Entries: the item and the cell's next entry.
    entries: Vec<(Item, u32)>,
    /// When each item was last returned by `near`, to return it once.
    seen: Vec<u32>,
    query: u32,
}

const NONE: u32 = u32::MAX;
/// The most cells the grid has; a bigger drawing gets bigger cells.
const MAX_CELLS: f64 = 4_000_000.0;

impl Grid {
    /// A grid over the rectangles' extent, for up to `items` items.
    pub(super) fn new(rects: impl Iterator<Item = Rect>, items: usize) -> Self {
        let (mut x0, mut y0, mut x1, mut y1) = (0.0_f64, 0.0_f64, 1.0_f64, 1.0_f64);
        for r in rects {
            (x0, y0) = (x0.min(r.x), y0.min(r.y));
            (x1, y1) = (x1.max(r.right()), y1.max(r.bottom()));
        }
        let (width, height) = (x1 - x0, y1 - y0);
        let cell = f64::max(128.0, (width * height / MAX_CELLS).sqrt());
        let columns = (width / cell).ceil() as usize + 1;
        let rows = (height / cell).ceil() as usize + 1;
        Self {
            x: x0,
            y: y0,
            cell,
            columns,
            rows,
            heads: vec![NONE; columns * rows],
            entries: Vec::new(),
            seen: vec![0; items],
            query: 0,
        }
    }

    fn span(
        &self,
        r: &Rect,
    ) -> (
        std::ops::RangeInclusive<usize>,
        std::ops::RangeInclusive<usize>,
    ) {
        let at = |v: f64, origin: f64, count: usize| {
            let c = ((v - origin) / self.cell).floor();
            if c.is_nan() || c < 0.0 {
                0
            } else {
                (c as usize).min(count - 1)
            }
        };
        (
            at(r.x, self.x, self.columns)..=at(r.right(), self.x, self.columns),
            at(r.y, self.y, self.rows)..=at(r.bottom(), self.y, self.rows),
        )
    }

    pub(super) fn insert(&mut self, item: Item, r: Rect) {
        let (xs, ys) = self.span(&r);
        for y in ys {
            for x in xs.clone() {
                let cell = y * self.columns + x;
                self.entries.push((item, self.heads[cell]));
                self.heads[cell] = (self.entries.len() - 1) as u32;
            }
        }
    }

    fn index(&self, item: Item) -> usize {
        match item {
            Item::Shape(k) => k,
            Item::Label(k) => self.seen.len() - 1 - k,
        }
    }

    /// The items in the cells `r` touches, each once.
    pub(super) fn near(&mut self, r: &Rect, out: &mut Vec<Item>) {
        out.clear();
        self.query = self.query.wrapping_add(1);
        if self.query == 0 {
            self.seen.fill(0);
            self.query = 1;
        }
        let (xs, ys) = self.span(r);
        for y in ys {
            for x in xs.clone() {
                let mut at = self.heads[y * self.columns + x];
                while at != NONE {
                    let (item, next) = self.entries[at as usize];
                    let index = self.index(item);
                    if self.seen[index] != self.query {
                        self.seen[index] = self.query;
                        out.push(item);
                    }
                    at = next;
                }
            }
        }
    }
}
