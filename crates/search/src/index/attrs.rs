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

/// The narrowest width in bits of each field of `attrs` (positions in years, districts,
/// levels, editions): 2 bytes per document for up to 32 years and districts.
const MIN_BITS: [u32; 4] = [5, 5, 2, 1];

/// The bits of each field of `attrs` for tables of `lens` values: [`MIN_BITS`], widened
/// until every position fits, so no position is ever cut to a smaller one.
pub(super) fn layout(lens: [usize; 4]) -> [u32; 4] {
    let mut bits = MIN_BITS;
    for (b, len) in bits.iter_mut().zip(lens) {
        let needed = usize::BITS - len.saturating_sub(1).leading_zeros();
        *b = (*b).max(needed);
    }
    bits
}

/// Every document's positions packed by `bits` (field 0 in the lowest bits), each document
/// in the fewest whole bytes that hold them, little-endian.
pub(super) fn packed(positions: &[[u32; 4]], bits: [u32; 4]) -> Vec<u8> {
    let width = (bits.iter().sum::<u32>() as usize).div_ceil(8);
    let mut out = Vec::with_capacity(positions.len() * width);
    for p in positions {
        let mut word = 0u128;
        let mut shift = 0;
        for (value, b) in p.iter().zip(bits) {
            word |= u128::from(*value) << shift;
            shift += b;
        }
        out.extend_from_slice(&word.to_le_bytes()[..width]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Field `k` of document `id`, read bit by bit as the client reads it.
    fn field(bytes: &[u8], bits: [u32; 4], id: usize, k: usize) -> u64 {
        let width = (bits.iter().sum::<u32>() as usize).div_ceil(8);
        let shift: u32 = bits[..k].iter().sum();
        (0..bits[k]).rev().fold(0, |v, b| {
            let at = (shift + b) as usize;
            v * 2 + u64::from((bytes[id * width + at / 8] >> (at % 8)) & 1)
        })
    }

    #[test]
    fn the_first_layout_is_two_bytes_and_grows_instead_of_cutting() {
        assert_eq!(layout([7, 6, 4, 2]), [5, 5, 2, 1]);
        assert_eq!(layout([32, 32, 4, 2]), [5, 5, 2, 1]);
        // A 33rd district or year used to be cut to 31, mixing two of them up.
        assert_eq!(layout([33, 33, 4, 2]), [6, 6, 2, 1]);
        assert_eq!(layout([40, 2_800, 5, 3]), [6, 12, 3, 2]);
        let positions: Vec<[u32; 4]> = (0..3_000u32)
            .map(|i| [i % 40, i % 2_800, i % 5, i % 3])
            .collect();
        let bits = layout([40, 2_800, 5, 3]);
        let bytes = packed(&positions, bits);
        assert_eq!(bytes.len(), positions.len() * 3);
        for (id, p) in positions.iter().enumerate() {
            for (k, value) in p.iter().enumerate() {
                assert_eq!(
                    field(&bytes, bits, id, k),
                    u64::from(*value),
                    "doc {id} field {k}"
                );
            }
        }
    }

    #[test]
    fn the_first_layout_packs_as_format_2_always_did() {
        let bytes = packed(&[[3, 17, 2, 1], [31, 31, 3, 0]], [5, 5, 2, 1]);
        let old = |p: [u16; 4]| (p[0] | p[1] << 5 | p[2] << 10 | p[3] << 12).to_le_bytes();
        assert_eq!(bytes, [old([3, 17, 2, 1]), old([31, 31, 3, 0])].concat());
    }
}
