//! Filling `{{name}}` slots in the templates sopkit ships (the HTML page,
//! the new-SOP files), in one pass, so that text put into one slot is never
//! read as another slot.

pub fn fill(template: &str, slots: &[(&str, &str)]) -> String {
    let mut out =
        String::with_capacity(template.len() + slots.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        match slots.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[open..open + 4 + close]),
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
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
