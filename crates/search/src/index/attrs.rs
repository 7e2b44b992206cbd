//! Each document's attributes (year, district, level, edition): the tables of their values
//! and the packed `attrs` bytes.

/// Index positions of distinct values in first-seen order.
pub(super) fn intern<T: PartialEq + Clone>(values: &mut Vec<T>, value: &T) -> usize {
    match values.iter().position(|v| v == value) {
        Some(i) => i,
        None => {
            values.push(value.clone());
            values.len() - 1
        }
    }
}

/// Gives attribute `k` of document `id` the value `value`, then re-derives `table` as a fresh
/// build would: the values some document has, in the order of their first document, every
/// document's position renumbered (O(documents)). Returns whether `table` changed.
pub(super) fn reassign<T: PartialEq + Clone>(
    table: &mut Vec<T>,
    positions: &mut [[u32; 4]],
    id: usize,
    k: usize,
    value: &T,
) -> bool {
    if table.get(positions[id][k] as usize) == Some(value) {
        return false;
    }
    positions[id][k] = intern(table, value) as u32;
    let mut renumber = vec![u32::MAX; table.len()];
    let mut order = Vec::with_capacity(table.len());
    for p in positions.iter_mut() {
        let old = p[k] as usize;
        if renumber[old] == u32::MAX {
            renumber[old] = order.len() as u32;
            order.push(old);
        }
        p[k] = renumber[old];
    }
    let derived: Vec<T> = order.iter().map(|&i| table[i].clone()).collect();
    let changed = derived != *table;
    *table = derived;
    changed
}

/// A document's 2 bytes of `attrs`: its positions in the four tables, clamped to their fields.
pub(super) fn packed(p: &[u32; 4]) -> [u8; 2] {
    ((p[0].min(31) | p[1].min(31) << 5 | p[2].min(3) << 10 | p[3].min(1) << 12) as u16)
        .to_le_bytes()
}
