//! Tokens packed into keys, posting lists and their encodings (varints, base64), and the
//! shards they are written to.

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
/// then the difference to the previous one (the `d` encoding, before base64).
#[derive(Default)]
pub(super) struct Posting {
    pub(super) last: Option<u32>,
    pub(super) bytes: Vec<u8>,
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

impl Posting {
    /// Appends `id`, greater than every id already there.
    pub(super) fn push(&mut self, id: u32) {
        let delta = self.last.map_or(id, |last| id - last);
        varint(&mut self.bytes, delta);
        self.last = Some(id);
        self.count += 1;
    }

    /// Adds `id` where it belongs; false when it was already there.
    pub(super) fn insert(&mut self, id: u32) -> bool {
        if self.last.is_none_or(|last| last < id) {
            self.push(id);
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
                self.count += 1;
                return true;
            }
            (at, previous) = (at + used, value);
        }
        false
    }

    /// Takes `id` out; false when it was not there.
    pub(super) fn remove(&mut self, id: u32) -> bool {
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
                self.count -= 1;
                return true;
            }
            (at, previous, before) = (at + used, value, Some(value));
        }
        false
    }

    /// The ids in order.
    fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        let (mut at, mut id) = (0, None::<u32>);
        std::iter::from_fn(move || {
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
        let (mut form, mut len) = if bitmap_len < self.bytes.len() {
            (Form::Bitmap, bitmap_len)
        } else {
            (Form::Ids, self.bytes.len())
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
                for id in self.ids() {
                    bitmap[(id / 8) as usize] |= 1 << (id % 8);
                }
                out.push(b'b');
                base64_into(out, &bitmap);
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

/// Bytes a token and its posting list add to the index: what chooses the shard count.
pub(super) fn entry_size(key: u128, posting: &Posting, docs: usize) -> usize {
    token_of(key).len() + posting.encoded_len(docs) + 6
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
