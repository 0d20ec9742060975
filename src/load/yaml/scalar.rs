//! Plain YAML scalars resolved by the YAML 1.2 core schema.

use std::borrow::Cow;

use granit_parser::{ScalarStyle, Tag};

use crate::load::tree::Value;

/// The YAML 1.2 core schema: plain `null`, `~` and nothing are null; `true`
/// and `false` are booleans (`yes`/`no` are text); numbers are numbers.
/// Quoted and block scalars are always text, and so is anything tagged `!!str`.
pub(super) fn resolve_scalar<'t>(
    text: Cow<'t, str>,
    style: ScalarStyle,
    tag: Option<&Tag>,
) -> Value<'t> {
    let core_tag = tag.filter(|t| t.is_yaml_core_schema()).map(Tag::suffix);
    if core_tag == Some("str") || style != ScalarStyle::Plain {
        return Value::Str(text);
    }
    // Only a word that starts like a number or one of the words below can
    // be anything but text: most plain scalars are words.
    let might_be_other = text
        .bytes()
        .next()
        .is_none_or(|b| b.is_ascii_digit() || b".+-~nNtTfF".contains(&b));
    if !might_be_other {
        return Value::Str(text);
    }
    match &*text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ if is_number(&text) => Value::Number(text),
        _ => Value::Str(text),
    }
}

fn is_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(hex) = text.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b));
    }
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, frac)) => {
            (digits(whole) || whole.is_empty())
                && (digits(frac) || frac.is_empty())
                && !(whole.is_empty() && frac.is_empty())
        }
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        for yes in [
            "1", "-2", "+3", "1.5", ".5", "1.", "1e3", "2.5E-3", "0x1f", "0o17", ".inf", "-.inf",
            ".nan",
        ] {
            assert!(is_number(yes), "{yes}");
        }
        for no in ["", "1.2.3", "1e", "abc", "0x", ".", "1_000", "--1", "e3"] {
            assert!(!is_number(no), "{no}");
        }
    }
}
