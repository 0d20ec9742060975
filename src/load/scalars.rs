//! Parsers for the scalar types of the format: durations, dates, language
//! tags. Each returns a message a writer understands on failure.

use crate::model::{Date, Duration};

/// `30s`, `15m`, `4h`, `2d`, `1w`, or a combination with the units in that
/// order (`1h30m`, `1d12h`). A day is 24 hours and a week 7 days.
pub(crate) fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("a duration cannot be empty".into());
    }
    let mut total: i64 = 0;
    let mut last_unit = usize::MAX;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return Err(format!(
                "`{text}` is not a duration: expected a number at `{rest}`"
            ));
        }
        let number: i64 = rest[..digits]
            .parse()
            .map_err(|_| format!("`{text}` is too long a duration"))?;
        let unit_char = rest[digits..].chars().next().ok_or_else(|| {
            format!("`{text}` has a number without a unit (one of w, d, h, m, s)")
        })?;
        let Some(unit) = Duration::UNITS.iter().position(|(u, _)| *u == unit_char) else {
            return Err(format!(
                "`{text}` has an unknown unit `{unit_char}` (use w, d, h, m or s)"
            ));
        };
        if last_unit != usize::MAX && unit <= last_unit {
            return Err(format!(
                "`{text}` repeats a unit or puts them out of order (write w, d, h, m, s in that order)"
            ));
        }
        last_unit = unit;
        total = number
            .checked_mul(Duration::UNITS[unit].1)
            .and_then(|s| total.checked_add(s))
            .filter(|s| *s <= 100 * 365 * 86_400)
            .ok_or_else(|| format!("`{text}` is longer than a hundred years"))?;
        rest = &rest[digits + unit_char.len_utf8()..];
    }
    Ok(Duration::from_secs(total))
}

/// A calendar date written `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    let shape_ok = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape_ok {
        return Err(format!("`{text}` is not a date in the form YYYY-MM-DD"));
    }
    text.parse::<jiff::civil::Date>()
        .map(Date)
        .map_err(|_| format!("`{text}` is not a real date"))
}

/// A BCP 47 language tag in its common shape: a 2–3 letter language, then
/// subtags of 1–8 letters or digits (`en`, `pt-BR`, `zh-Hant-TW`).
pub(crate) fn is_language_tag(text: &str) -> bool {
    let mut parts = text.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()));
    lang_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// A step id made from free text: `Step One` → `step-one`.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let secs = |t| parse_duration(t).map(|d| d.seconds());
        assert_eq!(secs("30s"), Ok(30));
        assert_eq!(secs("15m"), Ok(900));
        assert_eq!(secs("1h30m"), Ok(5400));
        assert_eq!(secs("2d"), Ok(172_800));
        assert_eq!(secs("1w"), Ok(604_800));
        assert!(parse_duration("5").is_err());
        assert!(parse_duration("30m1h").is_err());
        assert!(parse_duration("1x").is_err());
        assert!(parse_duration("h").is_err());
        assert!(parse_duration("99999999999999999999w").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn dates() {
        assert!(parse_date("2026-02-01").is_ok());
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("next spring").is_err());
        assert!(parse_date("2026-2-1").is_err());
    }

    #[test]
    fn language_tags() {
        for ok in ["en", "pt-BR", "cs", "zh-Hant-TW"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "english", "pt_BR", "e"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Step One"), "step-one");
        assert_eq!(slug("  Call back!"), "call-back");
    }
}
