//! Finding a key that repeats an earlier one of its mapping, in linear
//! time however large the mapping.

use std::collections::HashSet;

use crate::load::tree::Node;
use crate::source::Span;

/// The span of the earlier key when `key` repeats one of the mapping's
/// string keys. Small mappings are searched; from 16 keys on, a set is kept.
pub(super) fn find_duplicate(
    entries: &[(Node<'_>, Node<'_>)],
    seen: &mut Option<HashSet<String>>,
    key: &Node<'_>,
) -> Option<Span> {
    const SET_FROM: usize = 16;
    let name = key.as_str()?;
    let repeated = match seen {
        Some(set) => !set.insert(name.to_owned()),
        None => {
            let repeated = entries.iter().any(|(k, _)| k.as_str() == Some(name));
            if entries.len() >= SET_FROM {
                let set = entries
                    .iter()
                    .filter_map(|(k, _)| k.as_str().map(str::to_owned))
                    .chain(std::iter::once(name.to_owned()))
                    .collect();
                *seen = Some(set);
            }
            repeated
        }
    };
    if !repeated {
        return None;
    }
    entries
        .iter()
        .find(|(k, _)| k.as_str() == Some(name))
        .map(|(k, _)| k.span)
}
