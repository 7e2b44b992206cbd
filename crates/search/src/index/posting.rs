//! Tokens packed into keys, posting lists and their encodings (varints, base64), and the
//! shards they are written to.

use super::spill::Layout;
use crate::token::fnv1a;

/// Aimed-for size of one index shard.
pub(super) const SHARD_BYTES: usize = 1024;
/// Bit marking a title token in a packed key.
pub(super) const TITLE: u128 = 1 << 127;
/// Characters a packed key holds (21 bits each).
pub(super) const KEY_CHARS: usize = 6;

/// A token of one to [`KEY_CHARS`] characters packed into a number, first character highest.
pub(super) fn key(chars: &[char]) -> u128 {
    chars
        .iter()
        .take(KEY_CHARS)
        .enumerate()
        .fold(0, |k, (i, c)| {
            k | u128::from(u32::from(*c)) << (21 * (KEY_CHARS - 1 - i))
        })
}

pub(super) fn token_of(key: u128) -> String {
    let mut t = String::with_capacity(19);
    if key & TITLE != 0 {
        t.push('^');
    }
    for i in 0..KEY_CHARS {
        let c = ((key >> (21 * (KEY_CHARS - 1 - i))) & 0x1F_FFFF) as u32;
        if c != 0 {
            t.push(char::from_u32(c).unwrap_or('?'));
        }
    }
    t
}

/// A posting list: its sorted document ids as unsigned LEB128 varints, the first id as is and
/// then the difference to the previous one (the `d` encoding, before base64), until that is
/// longer than a bitmap of the ids so far; from then on, that bitmap (bit `i % 8` of byte
/// `i / 8`). A token most reports have thus holds an eighth of a byte per report, not a byte:
/// the index holds about what it writes.
#[derive(Clone, Default)]
pub(super) struct Posting {
    /// The varints, or the bitmap when `bitmap`.
    bytes: Vec<u8>,
    /// Whether `bytes` is a bitmap.
    bitmap: bool,
    /// A copy of the bitmap's last byte, so that [`Posting::push`] only stores to the bitmap:
    /// reading its byte back would wait for memory, for every id of every token.
    tail: u8,
    /// Length of the varints (kept as the ids change, a bitmap or not): what [`Posting::form`]
    /// weighs.
    varint_len: usize,
    /// The greatest id.
    pub(super) last: Option<u32>,
    /// How many ids.
    pub(super) count: u32,
}

/// How a posting list is written.
pub(super) enum Form {
    /// `b`: a bitmap of every document.
    Bitmap,
    /// `d`: the ids, as varint differences.
    Ids,
    /// `n`: the ids it lacks, as varint differences (a token nearly every document has).
    Absent(Vec<u8>),
}

/// Bytes of `v` as a varint.
pub(super) fn varint_len(v: u32) -> usize {
    (32 - (v | 1).leading_zeros()).div_ceil(7) as usize
}

/// The varint of `id` following `previous` (the first id is written as is).
fn delta(previous: Option<u32>, id: u32) -> u32 {
    previous.map_or(id, |p| id - p)
}

impl Posting {
    /// Whether it holds no id.
    pub(super) fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Appends `id`, greater than every id already there.
    pub(super) fn push(&mut self, id: u32) {
        let d = delta(self.last, id);
        if self.bitmap {
            let at = (id / 8) as usize;
            if at + 1 > self.bytes.len() {
                self.bytes.resize(at + 1, 0);
                self.tail = 0;
            } else if at + 1 < self.bytes.len() {
                // Bytes left empty by removing the greatest ids: `id`'s byte may hold others.
                self.bytes.truncate(at + 1);
                self.tail = self.bytes[at];
            }
            self.tail |= 1 << (id % 8);
            self.bytes[at] = self.tail;
            self.varint_len += varint_len(d);
        } else {
            varint(&mut self.bytes, d);
            self.varint_len = self.bytes.len();
            if self.bytes.len() > id as usize / 8 + 1 {
                self.make_bitmap();
            }
        }
        self.last = Some(id);
        self.count += 1;
    }

    /// Makes the varints a bitmap.
    fn make_bitmap(&mut self) {
        let mut bitmap = Vec::new();
        for id in self.ids() {
            set_bit(&mut bitmap, id);
        }
        self.tail = bitmap.last().copied().unwrap_or(0);
        self.bytes = bitmap;
        self.bitmap = true;
    }

    /// The greatest id below `id` and the least one above it.
    fn neighbours(&self, id: u32) -> (Option<u32>, Option<u32>) {
        let (mut below, mut above) = (None, None);
        for other in self.ids() {
            if other < id {
                below = Some(other);
            } else if other > id {
                above = Some(other);
                break;
            }
        }
        (below, above)
    }

    /// Adds `id` where it belongs; false when it was already there.
    pub(super) fn insert(&mut self, id: u32) -> bool {
        if self.last.is_none_or(|last| last < id) {
            self.push(id);
            return true;
        }
        if self.bitmap {
            if has_bit(&self.bytes, id) {
                return false;
            }
            let (below, above) = self.neighbours(id);
            if let Some(next) = above {
                self.varint_len -= varint_len(delta(below, next));
                self.varint_len += varint_len(next - id);
            }
            self.varint_len += varint_len(delta(below, id));
            set_bit(&mut self.bytes, id);
            self.tail = self.bytes.last().copied().unwrap_or(0);
            self.count += 1;
            return true;
        }
        // The first varint is the id itself: a difference to 0.
        let (mut at, mut previous) = (0, 0u32);
        while at < self.bytes.len() {
            let (delta, used) = read_varint(&self.bytes[at..]);
            let value = previous + delta;
            if value == id {
                return false;
            }
            if value > id {
                let mut both = Vec::with_capacity(10);
                varint(&mut both, id - previous);
                varint(&mut both, value - id);
                self.bytes.splice(at..at + used, both);
                self.varint_len = self.bytes.len();
                self.count += 1;
                return true;
            }
            (at, previous) = (at + used, value);
        }
        false
    }

    /// Takes `id` out; false when it was not there.
    pub(super) fn remove(&mut self, id: u32) -> bool {
        if self.bitmap {
            if !has_bit(&self.bytes, id) {
                return false;
            }
            let (below, above) = self.neighbours(id);
            self.varint_len -= varint_len(delta(below, id));
            match above {
                Some(next) => {
                    self.varint_len -= varint_len(next - id);
                    self.varint_len += varint_len(delta(below, next));
                }
                None => self.last = below,
            }
            self.bytes[(id / 8) as usize] &= !(1 << (id % 8));
            self.tail = self.bytes.last().copied().unwrap_or(0);
            self.count -= 1;
            return true;
        }
        let (mut at, mut previous, mut before) = (0, 0u32, None);
        while at < self.bytes.len() {
            let (delta, used) = read_varint(&self.bytes[at..]);
            let value = previous + delta;
            if value > id {
                return false;
            }
            if value == id {
                let end = at + used;
                if end == self.bytes.len() {
                    self.bytes.truncate(at);
                    self.last = before;
                } else {
                    // The next id's difference now spans the removed one.
                    let (next, next_used) = read_varint(&self.bytes[end..]);
                    let mut merged = Vec::with_capacity(5);
                    varint(&mut merged, value + next - previous);
                    self.bytes.splice(at..end + next_used, merged);
                }
                self.varint_len = self.bytes.len();
                self.count -= 1;
                return true;
            }
            (at, previous, before) = (at + used, value, Some(value));
        }
        false
    }

    /// The ids in order.
    pub(super) fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        let (mut at, mut id) = (0, None::<u32>);
        // A bitmap's current byte, its bits already taken cleared.
        let mut byte = 0u8;
        std::iter::from_fn(move || {
            if self.bitmap {
                while byte == 0 {
                    byte = *self.bytes.get(at)?;
                    at += 1;
                }
                let bit = byte.trailing_zeros();
                byte &= byte - 1;
                return Some((at as u32 - 1) * 8 + bit);
            }
            if at >= self.bytes.len() {
                return None;
            }
            let (delta, used) = read_varint(&self.bytes[at..]);
            at += used;
            let next = id.map_or(delta, |id| id + delta);
            id = Some(next);
            Some(next)
        })
    }

    /// The shortest form and the length of its bytes (before base64): the ids, unless the
    /// bitmap is shorter, unless the list of the ids it lacks is shorter still.
    pub(super) fn form(&self, docs: usize) -> (Form, usize) {
        let bitmap_len = docs.div_ceil(8);
        let (mut form, mut len) = if bitmap_len < self.varint_len {
            (Form::Bitmap, bitmap_len)
        } else {
            (Form::Ids, self.varint_len)
        };
        // Each lacking id takes a byte at least: only a list of nearly every document.
        if docs.saturating_sub(self.count as usize) < len {
            let mut absent = Vec::new();
            let (mut expect, mut previous) = (0u32, None::<u32>);
            let mut lacks = |id: u32, absent: &mut Vec<u8>| {
                varint(absent, previous.map_or(id, |p| id - p));
                previous = Some(id);
            };
            for id in self.ids().chain(std::iter::once(docs as u32)) {
                for missing in expect..id {
                    lacks(missing, &mut absent);
                }
                expect = id + 1;
            }
            if absent.len() < len {
                len = absent.len();
                form = Form::Absent(absent);
            }
        }
        (form, len)
    }

    /// The length of [`Posting::encode`]'s answer, without making it.
    pub(super) fn encoded_len(&self, docs: usize) -> usize {
        1 + self.form(docs).1.div_ceil(3) * 4
    }

    /// `b` + bitmap, `d` + varints or `n` + varints of the lacking ids, whichever is
    /// shortest, base64-encoded.
    #[cfg(test)]
    pub(super) fn encode(&self, docs: usize) -> String {
        let mut out = Vec::new();
        self.encode_into(docs, &mut out);
        String::from_utf8(out).unwrap()
    }

    /// Appends [`Posting::encode`]'s answer to `out`.
    pub(super) fn encode_into(&self, docs: usize, out: &mut Vec<u8>) {
        match self.form(docs).0 {
            Form::Bitmap => {
                let mut bitmap = vec![0u8; docs.div_ceil(8)];
                if self.bitmap {
                    bitmap[..self.bytes.len()].copy_from_slice(&self.bytes);
                } else {
                    for id in self.ids() {
                        bitmap[(id / 8) as usize] |= 1 << (id % 8);
                    }
                }
                out.push(b'b');
                base64_into(out, &bitmap);
            }
            Form::Ids if self.bitmap => {
                let mut varints = Vec::with_capacity(self.varint_len);
                let mut previous = None;
                for id in self.ids() {
                    varint(&mut varints, delta(previous, id));
                    previous = Some(id);
                }
                out.push(b'd');
                base64_into(out, &varints);
            }
            Form::Ids => {
                out.push(b'd');
                base64_into(out, &self.bytes);
            }
            Form::Absent(absent) => {
                out.push(b'n');
                base64_into(out, &absent);
            }
        }
    }
}

/// Sets bit `id` of `bitmap`, growing it as needed.
fn set_bit(bitmap: &mut Vec<u8>, id: u32) {
    let at = (id / 8) as usize;
    if at >= bitmap.len() {
        bitmap.resize(at + 1, 0);
    }
    bitmap[at] |= 1 << (id % 8);
}

/// Whether bit `id` of `bitmap` is set.
fn has_bit(bitmap: &[u8], id: u32) -> bool {
    bitmap
        .get((id / 8) as usize)
        .is_some_and(|b| b & (1 << (id % 8)) != 0)
}

/// Bytes a token and its posting list add to its shard (a spilled list only its `p` entry):
/// what chooses the shard count.
pub(super) fn entry_size(key: u128, posting: &Posting, docs: usize, layout: &Layout) -> usize {
    let len = posting.encoded_len(docs);
    let value = if len > layout.spill_bytes {
        layout.entry_len(posting, docs)
    } else {
        len
    };
    token_of(key).len() + value + 6
}

/// How many shards an index of `index_size` bytes is split into.
pub(super) fn shard_count(index_size: usize) -> usize {
    (index_size / SHARD_BYTES)
        .clamp(16, 16_384)
        .next_power_of_two()
}

/// A title token (`^温泉`) lives in the shard of its plain token (`温泉`): a query needs both.
pub(super) fn shard_of(key: u128, shards: usize) -> usize {
    (fnv1a(&token_of(key & !TITLE)) % shards as u32) as usize
}

pub(super) fn shard_path(shard: usize) -> String {
    format!("search/index/{shard}.json")
}

pub(super) fn varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7F) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(super) fn read_varint(bytes: &[u8]) -> (u32, usize) {
    let mut v = 0u32;
    for (i, b) in bytes.iter().enumerate().take(5) {
        v |= u32::from(b & 0x7F) << (7 * i);
        if b & 0x80 == 0 {
            return (v, i + 1);
        }
    }
    (v, bytes.len().min(5))
}

/// Standard base64 with padding.
pub(super) fn base64(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    base64_into(&mut out, bytes);
    String::from_utf8(out).unwrap_or_default()
}

/// Appends [`base64`]'s answer to `out`.
pub(super) fn base64_into(out: &mut Vec<u8>, bytes: &[u8]) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    out.reserve(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// `ids` as varints, never a bitmap: what the encodings must not tell from the other.
    fn varints_of(ids: &BTreeSet<u32>) -> Posting {
        let mut p = Posting::default();
        let mut previous = None;
        for &id in ids {
            varint(&mut p.bytes, delta(previous, id));
            previous = Some(id);
        }
        p.varint_len = p.bytes.len();
        p.last = previous;
        p.count = ids.len() as u32;
        p
    }

    #[test]
    fn a_bitmap_posting_reads_and_encodes_as_its_varints() {
        let mut seed = 5u64;
        let mut next = |n: u32| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % u64::from(n)) as u32
        };
        for (docs, density) in [(100, 2), (1_000, 3), (1_000, 50), (3_000, 1), (20_000, 40)] {
            let mut set = BTreeSet::new();
            let mut p = Posting::default();
            for id in 0..docs {
                if next(density) == 0 {
                    set.insert(id);
                    p.push(id);
                }
            }
            for step in 0..400 {
                let id = next(docs);
                if next(2) == 0 {
                    assert_eq!(p.insert(id), set.insert(id), "insert {id}");
                } else {
                    assert_eq!(p.remove(id), set.remove(&id), "remove {id}");
                }
                let expected = varints_of(&set);
                assert_eq!(
                    p.ids().collect::<Vec<_>>(),
                    expected.ids().collect::<Vec<_>>()
                );
                assert_eq!(
                    (p.varint_len, p.last, p.count),
                    (expected.varint_len, expected.last, expected.count),
                    "{docs} documents, 1 in {density}, step {step}"
                );
                if step % 50 == 0 {
                    for n in [docs as usize, docs as usize + 9] {
                        assert_eq!(p.encode(n), expected.encode(n));
                        assert_eq!(p.encoded_len(n), p.encode(n).len());
                    }
                }
            }
            assert_eq!(p.bitmap, density < 8, "{docs} documents, 1 in {density}");
        }
    }

    #[test]
    fn an_id_pushed_after_removing_the_greatest_keeps_its_byte() {
        // A bitmap whose greatest id (40, byte 5) is removed keeps an empty last byte; 39
        // then lands in byte 4 beside 34, which must stay.
        let mut p = Posting::default();
        for id in [3, 6, 13, 14, 16, 25, 34, 40] {
            p.push(id);
        }
        assert!(p.bitmap);
        assert!(p.remove(40));
        assert!(p.insert(39));
        assert_eq!(p.ids().collect::<Vec<_>>(), [3, 6, 13, 14, 16, 25, 34, 39]);
        p.push(41);
        assert_eq!(p.ids().last(), Some(41));
        assert_eq!(p.count, 9);
    }
}
