//! Coordinates as text. A large picture writes millions of numbers, so
//! they are formatted with integer arithmetic (`itoa`) and handed to the
//! writer as plain strings: float formatting, and then the padding logic
//! of `i64`'s own `Display`, were each a sixth of the time of a
//! 100,000-step SVG or BPMN.

use std::fmt;

/// A coordinate to a tenth of a pixel (`12`, `12.5`, `-0.5`), for SVG.
#[derive(Clone, Copy, Debug)]
pub(super) struct Tenths(pub f64);

/// A coordinate in whole pixels (`12`), for BPMN, as modelers write them.
#[derive(Clone, Copy, Debug)]
pub(super) struct Whole(pub f64);

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(tenths) = rounded(self.0 * 10.0) else {
            return f.write_str("0");
        };
        let (whole, tenth) = (tenths / 10, (tenths % 10).unsigned_abs());
        if tenths < 0 && whole == 0 {
            f.write_str("-")?;
        }
        f.write_str(itoa::Buffer::new().format(whole))?;
        match tenth {
            0 => Ok(()),
            _ => f.write_str(POINT_DIGITS[tenth as usize]),
        }
    }
}

const POINT_DIGITS: [&str; 10] = ["", ".1", ".2", ".3", ".4", ".5", ".6", ".7", ".8", ".9"];

impl fmt::Display for Whole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(itoa::Buffer::new().format(rounded(self.0).unwrap_or(0)))
    }
}

/// `v` rounded to an integer, or `None` when it is not a finite number.
fn rounded(v: f64) -> Option<i64> {
    let r = v.round();
    // `as` saturates at the ends of i64, which no picture reaches.
    r.is_finite().then_some(r as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_are_written_like_a_person_would() {
        let cases = [
            (0.0, "0"),
            (12.0, "12"),
            (12.25, "12.3"),
            (12.04, "12"),
            (-0.5, "-0.5"),
            (-0.04, "0"),
            (-3.5, "-3.5"),
            (-12.0, "-12"),
            (1e6 + 0.1, "1000000.1"),
            (f64::NAN, "0"),
            (f64::INFINITY, "0"),
            (f64::MAX, "0"),
            (1e300, "922337203685477580.7"),
            (-1e300, "-922337203685477580.8"),
        ];
        for (value, text) in cases {
            assert_eq!(Tenths(value).to_string(), text, "{value}");
        }
    }

    #[test]
    fn whole_pixels_round_half_away_from_zero() {
        let cases = [
            (0.4, "0"),
            (0.5, "1"),
            (-0.5, "-1"),
            (99.6, "100"),
            (f64::NAN, "0"),
        ];
        for (value, text) in cases {
            assert_eq!(Whole(value).to_string(), text, "{value}");
        }
    }
}
