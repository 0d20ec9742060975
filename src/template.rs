//! Filling `{{name}}` slots in the templates sopkit ships (the HTML page,
//! the new-SOP files), in one pass, so that text put into one slot is never
//! read as another slot.

pub(crate) fn fill(template: &str, slots: &[(&str, &str)]) -> String {
    let mut out =
        String::with_capacity(template.len() + slots.iter().map(|(_, v)| v.len()).sum::<usize>());
    fill_each(template, slots, |piece| out.push_str(piece));
    out
}

/// [`fill`], handing each piece of the result to `emit` in order instead
/// of joining them: a big page is written without being copied whole.
pub(crate) fn fill_each(template: &str, slots: &[(&str, &str)], mut emit: impl FnMut(&str)) {
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        emit(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            emit(&rest[open..]);
            return;
        };
        let name = &after[..close];
        match slots.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => emit(value),
            None => emit(&rest[open..open + 4 + close]),
        }
        rest = &after[close + 2..];
    }
    emit(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_filled_once() {
        assert_eq!(
            fill("<{{a}}|{{b}}>", &[("a", "{{b}}"), ("b", "B")]),
            "<{{b}}|B>"
        );
        assert_eq!(fill("{{unknown}} {{", &[]), "{{unknown}} {{");
    }
}
