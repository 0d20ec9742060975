//! Adjacency lists in one flat array ("compressed sparse rows"): items
//! grouped by a key, built by a counting sort in linear time, each group
//! keeping its items' order.

#[derive(Debug, Clone, Default)]
pub(crate) struct Csr {
    start: Vec<usize>,
    items: Vec<usize>,
}

impl Csr {
    /// Groups the items `0..len` by `key(item)`, a group index below
    /// `groups`; items whose key is `None` are left out.
    pub(crate) fn group(groups: usize, len: usize, key: impl Fn(usize) -> Option<usize>) -> Self {
        let mut start = vec![0usize; groups + 1];
        for k in (0..len).filter_map(&key) {
            start[k + 1] += 1;
        }
        for k in 1..=groups {
            start[k] += start[k - 1];
        }
        let mut fill = start.clone();
        let mut items = vec![0; start[groups]];
        for item in 0..len {
            if let Some(k) = key(item) {
                items[fill[k]] = item;
                fill[k] += 1;
            }
        }
        Self { start, items }
    }

    /// The items of group `key`, in their original order.
    pub(crate) fn of(&self, key: usize) -> &[usize] {
        &self.items[self.start[key]..self.start[key + 1]]
    }
}

#[cfg(test)]
mod tests {
    use super::Csr;

    #[test]
    fn groups_keep_item_order_and_skip_items_without_key() {
        let keys = [Some(2), None, Some(0), Some(2), Some(0)];
        let csr = Csr::group(3, keys.len(), |i| keys[i]);
        assert_eq!(csr.of(0), &[2, 4]);
        assert!(csr.of(1).is_empty());
        assert_eq!(csr.of(2), &[0, 3]);
    }
}
