//! Building the index files from documents.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::token::{fnv1a, for_each_token};

/// One report as the search sees it.
#[derive(Clone, Debug, Default)]
pub struct SearchDoc {
    /// Title as shown.
    pub title: String,
    /// Address of the report page.
    pub url: String,
    /// Year reported on.
    pub year: i32,
    /// Body's short name, shown in results.
    pub body: String,
    /// Body's full name (with the title, ranks a document first when it contains the query).
    pub body_name: String,
    /// District slug, for the filter.
    pub district_slug: String,
    /// District name.
    pub district_name: String,
    /// Level key (`government`, `department`, `township`, `committee`).
    pub level_key: String,
    /// Level in Chinese.
    pub level_label: String,
    /// Edition of the format (2019 or 2021).
    pub edition: i32,
    /// Document number (文号).
    pub document_number: String,
    /// All searchable text: title, body, region, document number, contact, prose, table rows.
    pub text: String,
    /// Where the prose of `text` lies, in UTF-16 code units (what the client counts in): an
    /// excerpt prefers a match there to one in the heading lines or the table rows.
    pub prose: std::ops::Range<usize>,
    /// Validation errors of the report (a flagged report, when more than 0).
    pub errors: usize,
}

/// Figures about a built index.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IndexStats {
    /// Documents indexed.
    pub docs: usize,
    /// Distinct tokens (pairs and title pairs).
    pub tokens: usize,
    /// Index shards.
    pub shards: usize,
    /// Bytes of all index shards.
    pub index_bytes: usize,
    /// Bytes of the largest shard.
    pub largest_shard: usize,
    /// Bytes of every search file together.
    pub total_bytes: usize,
}

/// Aimed-for size of one index shard.
const SHARD_BYTES: usize = 1024;
/// Bit marking a title token in a packed key.
const TITLE: u128 = 1 << 127;
/// Characters a packed key holds (21 bits each).
const KEY_CHARS: usize = 6;

/// A token of one to [`KEY_CHARS`] characters packed into a number, first character highest.
fn key(chars: &[char]) -> u128 {
    chars
        .iter()
        .take(KEY_CHARS)
        .enumerate()
        .fold(0, |k, (i, c)| {
            k | u128::from(u32::from(*c)) << (21 * (KEY_CHARS - 1 - i))
        })
}

fn token_of(key: u128) -> String {
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
struct Posting {
    last: Option<u32>,
    bytes: Vec<u8>,
    /// How many ids.
    count: u32,
}

/// How a posting list is written.
enum Form {
    /// `b`: a bitmap of every document.
    Bitmap,
    /// `d`: the ids, as varint differences.
    Ids,
    /// `n`: the ids it lacks, as varint differences (a token nearly every document has).
    Absent(Vec<u8>),
}

impl Posting {
    /// Appends `id`, greater than every id already there.
    fn push(&mut self, id: u32) {
        let delta = self.last.map_or(id, |last| id - last);
        varint(&mut self.bytes, delta);
        self.last = Some(id);
        self.count += 1;
    }

    /// Adds `id` where it belongs; false when it was already there.
    fn insert(&mut self, id: u32) -> bool {
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
    fn remove(&mut self, id: u32) -> bool {
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
    fn form(&self, docs: usize) -> (Form, usize) {
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
    fn encoded_len(&self, docs: usize) -> usize {
        1 + self.form(docs).1.div_ceil(3) * 4
    }

    /// `b` + bitmap, `d` + varints or `n` + varints of the lacking ids, whichever is
    /// shortest, base64-encoded.
    #[cfg(test)]
    fn encode(&self, docs: usize) -> String {
        let mut out = Vec::new();
        self.encode_into(docs, &mut out);
        String::from_utf8(out).unwrap()
    }

    /// Appends [`Posting::encode`]'s answer to `out`.
    fn encode_into(&self, docs: usize, out: &mut Vec<u8>) {
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
fn entry_size(key: u128, posting: &Posting, docs: usize) -> usize {
    token_of(key).len() + posting.encoded_len(docs) + 6
}

/// How many shards an index of `index_size` bytes is split into.
fn shard_count(index_size: usize) -> usize {
    (index_size / SHARD_BYTES)
        .clamp(16, 16_384)
        .next_power_of_two()
}

/// A title token (`^温泉`) lives in the shard of its plain token (`温泉`): a query needs both.
fn shard_of(key: u128, shards: usize) -> usize {
    (fnv1a(&token_of(key & !TITLE)) % shards as u32) as usize
}

fn shard_path(shard: usize) -> String {
    format!("search/index/{shard}.json")
}

fn varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7F) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(bytes: &[u8]) -> (u32, usize) {
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
fn base64(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    base64_into(&mut out, bytes);
    String::from_utf8(out).unwrap_or_default()
}

/// Appends [`base64`]'s answer to `out`.
fn base64_into(out: &mut Vec<u8>, bytes: &[u8]) {
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

/// The sorted, distinct keys of one document: its tokens, and the characters and pairs of
/// its title and body name as title tokens.
fn doc_keys(doc: &SearchDoc) -> Vec<u128> {
    let mut keys = Vec::with_capacity(doc.text.len());
    for_each_token(&doc.text, |t| keys.push(key(t)));
    for text in [&doc.title, &doc.body_name] {
        for_each_token(text, |t| {
            if t.len() <= 2 {
                keys.push(TITLE | key(t));
            }
        });
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Index positions of distinct values in first-seen order.
fn intern<T: PartialEq + Clone>(values: &mut Vec<T>, value: &T) -> usize {
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
fn reassign<T: PartialEq + Clone>(
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
fn packed(p: &[u32; 4]) -> [u8; 2] {
    ((p[0].min(31) | p[1].min(31) << 5 | p[2].min(3) << 10 | p[3].min(1) << 12) as u16)
        .to_le_bytes()
}

/// What a result shows of a document, the first line of its document file.
fn row(d: &SearchDoc) -> serde_json::Value {
    serde_json::json!([
        d.title,
        d.url,
        d.year,
        d.body,
        d.district_name,
        d.level_label,
        d.edition,
        d.document_number,
        d.errors,
        d.prose.start,
        d.prose.end
    ])
}

/// Document `id`'s file below the site: [`doc_file`]'s bytes.
pub fn doc_path(id: usize) -> String {
    format!("search/doc/{id}.z")
}

/// A document's file: its row (a JSON array) and a line break, then its text, compressed
/// with raw DEFLATE (RFC 1951), which browsers undo natively (`DecompressionStream`).
pub fn doc_file(doc: &SearchDoc) -> Vec<u8> {
    let mut plain = serde_json::to_vec(&row(doc)).unwrap_or_default();
    plain.push(b'\n');
    plain.extend_from_slice(doc.text.as_bytes());
    miniz_oxide::deflate::compress_to_vec(&plain, 9)
}

/// Builds an index batch by batch, so a large archive's texts need not be held at once, and
/// keeps it up to date when a document changes.
///
/// Documents get ids in the order they are added; write each one's text to
/// [`text_path`] yourself, then call [`IndexBuilder::files`] (or [`IndexBuilder::finish`]) for
/// the rest. [`IndexBuilder::replace`] then swaps one document for another and answers with
/// the files that changed, byte for byte what a fresh build over the new documents writes.
#[derive(Default)]
pub struct IndexBuilder {
    postings: HashMap<u128, Posting>,
    /// Documents added.
    docs: usize,
    years: Vec<i32>,
    districts: Vec<(String, String)>,
    levels: Vec<(String, String)>,
    editions: Vec<i32>,
    /// Per document, its positions in `years`, `districts`, `levels` and `editions`.
    positions: Vec<[u32; 4]>,
    /// What [`IndexBuilder::replace`] keeps between calls; made by the first, dropped by `add`.
    live: Option<Live>,
}

/// The shard layout, kept up to date by [`IndexBuilder::replace`].
struct Live {
    /// The sum of [`entry_size`] over every posting.
    index_size: usize,
    /// The shard count `index_size` gives.
    shards: usize,
    /// Each shard's keys, sorted.
    shard_keys: Vec<Vec<u128>>,
}

/// The files [`IndexBuilder::replace`] changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexChanges {
    /// Every index file whose bytes changed (or that is new), with its new bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// Files that no longer exist (shards beyond a smaller shard count).
    pub removed: Vec<String>,
}

impl IndexBuilder {
    /// An empty index.
    pub fn new() -> IndexBuilder {
        IndexBuilder::default()
    }

    /// Adds `docs` (their pairs are computed in parallel); returns the id of the first.
    pub fn add(&mut self, docs: &[SearchDoc]) -> usize {
        self.live = None;
        let first = self.docs;
        let keys: Vec<Vec<u128>> = docs.par_iter().map(doc_keys).collect();
        for (i, (d, keys)) in docs.iter().zip(keys).enumerate() {
            let id = (first + i) as u32;
            for k in keys {
                self.postings.entry(k).or_default().push(id);
            }
            let district = (d.district_slug.clone(), d.district_name.clone());
            let level = (d.level_key.clone(), d.level_label.clone());
            self.positions.push([
                intern(&mut self.years, &d.year) as u32,
                intern(&mut self.districts, &district) as u32,
                intern(&mut self.levels, &level) as u32,
                intern(&mut self.editions, &d.edition) as u32,
            ]);
            self.docs += 1;
        }
        first
    }

    /// The index shards, `meta.json`, `attrs.json`, the loader and the compressed client.
    pub fn finish(self) -> (Vec<(String, Vec<u8>)>, IndexStats) {
        self.files()
    }

    /// What [`IndexBuilder::finish`] returns, keeping the builder.
    pub fn files(&self) -> (Vec<(String, Vec<u8>)>, IndexStats) {
        let docs = self.docs;
        let index_size: usize = self
            .postings
            .iter()
            .map(|(k, p)| entry_size(*k, p, docs))
            .sum();
        let shards = shard_count(index_size);
        let jsons: Vec<Vec<u8>> = self
            .shard_keys(shards)
            .par_iter()
            .map(|keys| self.shard_json(keys))
            .collect();
        let mut files: Vec<(String, Vec<u8>)> = Vec::with_capacity(shards + 4);
        let mut stats = IndexStats {
            docs,
            tokens: self.postings.len(),
            shards,
            ..IndexStats::default()
        };
        for (shard, json) in jsons.into_iter().enumerate() {
            stats.index_bytes += json.len();
            stats.largest_shard = stats.largest_shard.max(json.len());
            files.push((shard_path(shard), json));
        }
        files.push(("search/meta.json".to_owned(), self.meta_json(shards)));
        files.push(("search/attrs.json".to_owned(), self.attrs_json()));
        files.push((
            "search/search.js".to_owned(),
            crate::loader_js().into_bytes(),
        ));
        files.push(("search/client.z".to_owned(), crate::client_file()));
        stats.total_bytes = files.iter().map(|(_, b)| b.len()).sum();
        (files, stats)
    }

    /// Makes document `id`, added as `old`, into `new`, and returns the files that changed.
    ///
    /// Only the pairs in one document and not the other are touched: `id` is taken out of
    /// or put into their posting lists, and the shards holding them are encoded again. The
    /// years, districts, levels and editions tables are re-derived over every document's
    /// attributes (no texts) when `id`'s differ; `meta.json` is returned when a table, `id`'s
    /// packed attributes or the shard count changed; `id`'s `docs` chunk when its row did.
    /// When the shard count changes every shard is returned, and `removed` lists the shards
    /// beyond a smaller count. The first call after [`IndexBuilder::add`] lays out the shards
    /// (work proportional to the whole index); later calls cost in proportion to the pairs
    /// of `old` and `new` and the size of the shards they fall in.
    ///
    /// `old` must be what `id` holds (what was added, or the `new` of the last replace); an
    /// `id` that was never added changes nothing.
    pub fn replace(&mut self, id: usize, old: &SearchDoc, new: &SearchDoc) -> IndexChanges {
        let docs = self.docs;
        let mut changes = IndexChanges::default();
        if id >= docs {
            return changes;
        }
        let mut live = self.live.take().unwrap_or_else(|| self.live());
        let meta_before = self.meta_json(live.shards);
        let uid = id as u32;
        let (old_keys, new_keys) = rayon::join(|| doc_keys(old), || doc_keys(new));
        let mut touched = Vec::new();
        for k in difference(&old_keys, &new_keys) {
            let Some(p) = self.postings.get_mut(&k) else {
                continue;
            };
            let before = entry_size(k, p, docs);
            if !p.remove(uid) {
                continue;
            }
            live.index_size -= before;
            if p.bytes.is_empty() {
                self.postings.remove(&k);
                let keys = &mut live.shard_keys[shard_of(k, live.shards)];
                if let Ok(at) = keys.binary_search(&k) {
                    keys.remove(at);
                }
            } else {
                live.index_size += entry_size(k, p, docs);
            }
            touched.push(k);
        }
        for k in difference(&new_keys, &old_keys) {
            let p = self.postings.entry(k).or_default();
            let fresh = p.bytes.is_empty();
            let before = if fresh { 0 } else { entry_size(k, p, docs) };
            if !p.insert(uid) {
                continue;
            }
            live.index_size = live.index_size - before + entry_size(k, p, docs);
            if fresh {
                let keys = &mut live.shard_keys[shard_of(k, live.shards)];
                if let Err(at) = keys.binary_search(&k) {
                    keys.insert(at, k);
                }
            }
            touched.push(k);
        }

        let shards = shard_count(live.index_size);
        let resharded = shards != live.shards;
        let affected: Vec<usize> = if resharded {
            changes.removed = (shards..live.shards).map(shard_path).collect();
            live.shards = shards;
            live.shard_keys = self.sorted_shard_keys(shards);
            (0..shards).collect()
        } else {
            let mut affected: Vec<usize> = touched.iter().map(|k| shard_of(*k, shards)).collect();
            affected.sort_unstable();
            affected.dedup();
            affected
        };
        changes.files = affected
            .par_iter()
            .map(|&shard| (shard_path(shard), self.shard_json(&live.shard_keys[shard])))
            .collect();
        self.live = Some(live);

        let attrs_before: Vec<u8> = self.positions.iter().flat_map(packed).collect();
        let district = (new.district_slug.clone(), new.district_name.clone());
        let level = (new.level_key.clone(), new.level_label.clone());
        let p = &mut self.positions;
        reassign(&mut self.years, p, id, 0, &new.year);
        reassign(&mut self.districts, p, id, 1, &district);
        reassign(&mut self.levels, p, id, 2, &level);
        reassign(&mut self.editions, p, id, 3, &new.edition);
        // meta.json holds the tables and every document's year.
        let meta = self.meta_json(shards);
        if meta != meta_before {
            changes.files.push(("search/meta.json".to_owned(), meta));
        }
        if self.positions.iter().flat_map(packed).ne(attrs_before) {
            changes
                .files
                .push(("search/attrs.json".to_owned(), self.attrs_json()));
        }
        changes
    }

    /// The shard layout of the index as it is.
    fn live(&self) -> Live {
        let docs = self.docs;
        let index_size = self
            .postings
            .iter()
            .map(|(k, p)| entry_size(*k, p, docs))
            .sum();
        let shards = shard_count(index_size);
        Live {
            index_size,
            shards,
            shard_keys: self.sorted_shard_keys(shards),
        }
    }

    /// Every key, by shard, sorted.
    fn sorted_shard_keys(&self, shards: usize) -> Vec<Vec<u128>> {
        let mut shard_keys = self.shard_keys(shards);
        shard_keys
            .par_iter_mut()
            .for_each(|keys| keys.sort_unstable());
        shard_keys
    }

    /// Every key, by shard.
    fn shard_keys(&self, shards: usize) -> Vec<Vec<u128>> {
        let mut by_shard = vec![Vec::new(); shards];
        for k in self.postings.keys() {
            by_shard[shard_of(*k, shards)].push(*k);
        }
        by_shard
    }

    /// One shard's file: its tokens (in order) and their encoded posting lists.
    ///
    /// Written by hand, byte for byte what `serde_json` writes for a `BTreeMap` of the
    /// tokens to the encoded lists: neither word characters and `^` nor base64 need escaping.
    fn shard_json(&self, keys: &[u128]) -> Vec<u8> {
        let docs = self.docs;
        let mut entries: Vec<(String, &Posting)> = keys
            .iter()
            .filter_map(|k| Some((token_of(*k), self.postings.get(k)?)))
            .collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let size: usize = entries
            .iter()
            .map(|(t, p)| t.len() + p.encoded_len(docs) + 6)
            .sum();
        let mut out = Vec::with_capacity(size + 2);
        out.push(b'{');
        for (i, (token, posting)) in entries.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'"');
            out.extend_from_slice(token.as_bytes());
            out.extend_from_slice(b"\":\"");
            posting.encode_into(docs, &mut out);
            out.push(b'"');
        }
        out.push(b'}');
        out
    }

    /// The tables, and each document's year as runs `[position in years, documents]` in id
    /// order (a few runs when ids follow the year, as the site gives them).
    fn meta_json(&self, shards: usize) -> Vec<u8> {
        let mut runs: Vec<[u32; 2]> = Vec::new();
        for p in &self.positions {
            match runs.last_mut() {
                Some(run) if run[0] == p[0] => run[1] += 1,
                _ => runs.push([p[0], 1]),
            }
        }
        let meta = serde_json::json!({
            "version": 2,
            "docs": self.docs,
            "shards": shards,
            "years": self.years,
            "districts": self.districts,
            "levels": self.levels,
            "editions": self.editions,
            "year_runs": runs,
        });
        serde_json::to_vec(&meta).unwrap_or_default()
    }

    /// Every document's packed attributes, fetched only to filter by district, level or edition.
    fn attrs_json(&self) -> Vec<u8> {
        let attrs: Vec<u8> = self.positions.iter().flat_map(packed).collect();
        serde_json::to_vec(&serde_json::json!({ "attrs": base64(&attrs) })).unwrap_or_default()
    }
}

/// The keys of sorted `a` that are not in sorted `b`.
fn difference(a: &[u128], b: &[u128]) -> Vec<u128> {
    let mut j = 0;
    let mut out = Vec::new();
    for &k in a {
        while j < b.len() && b[j] < k {
            j += 1;
        }
        if b.get(j) != Some(&k) {
            out.push(k);
        }
    }
    out
}

/// Every search file for `docs` (document id = position), with its path below the site.
pub fn build(docs: &[SearchDoc]) -> Vec<(String, Vec<u8>)> {
    build_with_stats(docs).0
}

/// [`build`], with figures about the index.
pub fn build_with_stats(docs: &[SearchDoc]) -> (Vec<(String, Vec<u8>)>, IndexStats) {
    let mut builder = IndexBuilder::new();
    builder.add(docs);
    let (mut files, mut stats) = builder.finish();
    for (id, d) in docs.iter().enumerate() {
        let file = doc_file(d);
        stats.total_bytes += file.len();
        files.push((doc_path(id), file));
    }
    (files, stats)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn decode(list: &str, docs: usize) -> Vec<u32> {
        let raw = unbase64(&list[1..]);
        if list.starts_with('b') {
            (0..docs as u32)
                .filter(|i| raw[(*i / 8) as usize] & (1 << (i % 8)) != 0)
                .collect()
        } else {
            let mut ids = Vec::new();
            let mut at = 0;
            while at < raw.len() {
                let (d, used) = read_varint(&raw[at..]);
                at += used;
                ids.push(ids.last().map_or(d, |l: &u32| l + d));
            }
            if list.starts_with('n') {
                return (0..docs as u32).filter(|i| !ids.contains(i)).collect();
            }
            ids
        }
    }

    fn unbase64(s: &str) -> Vec<u8> {
        const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let vals: Vec<u32> = s
            .chars()
            .filter(|c| *c != '=')
            .map(|c| ALPHABET.find(c).unwrap() as u32)
            .collect();
        let mut out = Vec::new();
        for chunk in vals.chunks(4) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, v)| n | v << (18 - 6 * i));
            for i in 0..chunk.len().saturating_sub(1) {
                out.push((n >> (16 - 8 * i)) as u8);
            }
        }
        out
    }

    fn lookup(files: &[(String, Vec<u8>)], token: &str) -> Vec<u32> {
        let meta: serde_json::Value = serde_json::from_slice(
            &files
                .iter()
                .find(|(p, _)| p == "search/meta.json")
                .unwrap()
                .1,
        )
        .unwrap();
        let shards = meta["shards"].as_u64().unwrap() as u32;
        let docs = meta["docs"].as_u64().unwrap() as usize;
        let path = format!(
            "search/index/{}.json",
            fnv1a(token.trim_start_matches('^')) % shards
        );
        let shard: BTreeMap<String, String> =
            serde_json::from_slice(&files.iter().find(|(p, _)| *p == path).unwrap().1).unwrap();
        shard
            .get(token)
            .map(|l| decode(l, docs))
            .unwrap_or_default()
    }

    #[test]
    fn both_encodings_round_trip() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        let mut p = Posting::default();
        for id in [0, 3, 200, 70_000] {
            p.push(id);
        }
        assert_eq!(decode(&p.encode(100_000), 100_000), [0, 3, 200, 70_000]);
        let mut dense = Posting::default();
        for id in 0..64 {
            dense.push(id);
        }
        let e = dense.encode(64);
        assert!(e.starts_with('n'), "{e}");
        assert_eq!(decode(&e, 64), (0..64).collect::<Vec<_>>());
        assert_eq!(e, "n", "every document: nothing lacks");
        let e = dense.encode(100);
        assert!(e.starts_with('b'), "{e}");
        assert_eq!(decode(&e, 100), (0..64).collect::<Vec<_>>());
        let mut most = Posting::default();
        for id in (0..1000).filter(|i| i % 300 != 7) {
            most.push(id);
        }
        let e = most.encode(1000);
        assert!(e.starts_with('n') && e.len() < 20, "{e}"); // a bitmap: 169
        assert_eq!(
            decode(&e, 1000),
            (0..1000).filter(|i| i % 300 != 7).collect::<Vec<_>>()
        );
    }

    #[test]
    fn any_pair_finds_its_documents() {
        let doc = |title: &str, text: &str| SearchDoc {
            title: title.into(),
            text: text.into(),
            year: 2020,
            edition: 2019,
            ..SearchDoc::default()
        };
        let docs = vec![
            doc("温泉街道", "政府信息公开行政复议0件"),
            doc("某局", "依申请公开4件，电话87839186"),
            doc("某镇", "复议机关"),
        ];
        let files = build(&docs);
        assert_eq!(lookup(&files, "复议"), [0, 2]);
        assert_eq!(lookup(&files, "行政"), [0]);
        assert_eq!(lookup(&files, "78"), [1]);
        assert_eq!(lookup(&files, "^温泉"), [0]);
        assert_eq!(lookup(&files, "^温"), [0]);
        assert!(lookup(&files, "没有").is_empty());
        // Characters, and digit runs as a whole with their neighbours or by threes and fours.
        assert_eq!(lookup(&files, "复"), [0, 2]);
        assert_eq!(lookup(&files, "议0件"), [0]);
        assert_eq!(lookup(&files, "公开4件"), Vec::<u32>::new());
        assert_eq!(lookup(&files, "开4件"), [1]);
        assert_eq!(lookup(&files, "8783"), [1]);
        assert_eq!(lookup(&files, "186"), [1]);
        let file = &files.iter().find(|(p, _)| p == "search/doc/1.z").unwrap().1;
        let plain = miniz_oxide::inflate::decompress_to_vec(file).unwrap();
        let plain = String::from_utf8(plain).unwrap();
        let (row, text) = plain.split_once('\n').unwrap();
        assert_eq!(text, "依申请公开4件，电话87839186");
        assert!(row.starts_with("[\"某局\""), "{row}");
    }

    /// A deterministic pseudo-random generator (xorshift64*).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }

        fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
            &items[self.below(items.len())]
        }
    }

    /// Characters of everyday report text: common Han, digits, full-width forms, separators.
    const COMMON: &str = "政府信息公开申请行政复议诉讼年度报告工作情况主动受理办理答复件数\
                          街道镇区局委员会单位部门0123456789１２ＡＢab，。、；：（）  \n";

    fn text(rng: &mut Rng, len: usize) -> String {
        let common: Vec<char> = COMMON.chars().collect();
        (0..len)
            .map(|_| {
                if rng.below(10) == 0 {
                    // A rare Han character: a pair no other document may have.
                    char::from_u32(0x4E00 + rng.below(3000) as u32).unwrap()
                } else {
                    *rng.pick(&common)
                }
            })
            .collect()
    }

    /// Any rare Han characters, every pair new: enough to change the shard count.
    fn rare_text(rng: &mut Rng, len: usize) -> String {
        (0..len)
            .map(|_| char::from_u32(0x4E00 + rng.below(20_000) as u32).unwrap())
            .collect()
    }

    const YEARS: [i32; 5] = [2019, 2020, 2021, 2022, 2023];
    const LEVELS: [(&str, &str); 4] = [
        ("government", "政府"),
        ("department", "部门"),
        ("township", "乡镇"),
        ("committee", "居委会"),
    ];

    fn random_doc(rng: &mut Rng, districts: usize, text_len: usize) -> SearchDoc {
        let district = rng.below(districts);
        let (level_key, level_label) = *rng.pick(&LEVELS);
        let mut doc = SearchDoc {
            title: text(rng, 8),
            url: format!("/r/{}/", rng.below(1000)),
            year: *rng.pick(&YEARS),
            body: text(rng, 3),
            body_name: text(rng, 6),
            district_slug: format!("d{district}"),
            district_name: format!("{district}区"),
            level_key: level_key.into(),
            level_label: level_label.into(),
            edition: *rng.pick(&[2019, 2021]),
            document_number: format!("〔{}〕{}号", rng.pick(&YEARS), rng.below(20)),
            text: String::new(),
            ..SearchDoc::default()
        };
        let len = rng.below(text_len);
        doc.text = text(rng, len);
        doc
    }

    /// A change to `doc` of one of the kinds a live preview sees.
    fn mutate(rng: &mut Rng, doc: &SearchDoc, districts: usize, text_len: usize) -> SearchDoc {
        let rare = text_len * 3;
        let mut new = doc.clone();
        match rng.below(12) {
            0 => new = random_doc(rng, districts, text_len),
            1 => new.year = *rng.pick(&YEARS),
            // A year no other document has: the table grows, and later shrinks again.
            2 => new.year = 2030,
            3 => {
                let d = rng.below(districts);
                new.district_slug = format!("d{d}");
                new.district_name = format!("{d}区");
            }
            4 => {
                let (key, label) = *rng.pick(&LEVELS);
                new.level_key = key.into();
                new.level_label = label.into();
                new.edition = *rng.pick(&[2019, 2021]);
            }
            5 => new.text.clear(),
            6 => {
                new.text.clear();
                new.title.clear();
                new.body_name.clear();
            }
            7 => {} // identical
            8 | 9 => {
                // One character changed, added or removed.
                let mut chars: Vec<char> = new.text.chars().collect();
                let at = rng.below(chars.len() + 1);
                let c = text(rng, 1).chars().next().unwrap();
                match rng.below(3) {
                    0 if at < chars.len() => chars[at] = c,
                    1 if at < chars.len() => {
                        chars.remove(at);
                    }
                    _ => chars.insert(at, c),
                }
                new.text = chars.into_iter().collect();
            }
            10 => new.title = text(rng, 8),
            _ => new.text = rare_text(rng, rare),
        }
        new
    }

    fn as_map(files: Vec<(String, Vec<u8>)>) -> BTreeMap<String, Vec<u8>> {
        files.into_iter().collect()
    }

    fn shards_of(files: &BTreeMap<String, Vec<u8>>) -> u64 {
        let meta: serde_json::Value = serde_json::from_slice(&files["search/meta.json"]).unwrap();
        meta["shards"].as_u64().unwrap()
    }

    /// A live index, the files it has written, and the documents it holds.
    struct Live {
        docs: Vec<SearchDoc>,
        index: IndexBuilder,
        files: BTreeMap<String, Vec<u8>>,
    }

    impl Live {
        fn new(docs: Vec<SearchDoc>) -> Live {
            let mut index = IndexBuilder::new();
            // In two batches, like the site does.
            index.add(&docs[..docs.len() / 2]);
            index.add(&docs[docs.len() / 2..]);
            let files = as_map(index.files().0);
            Live { docs, index, files }
        }

        /// Replaces document `id` by `new`; the files patched with the answer must be a fresh
        /// build's, byte for byte. Returns the shard counts before and after.
        fn replace(&mut self, id: usize, new: SearchDoc) -> (u64, u64) {
            let changes = self.index.replace(id, &self.docs[id], &new);
            self.docs[id] = new;
            let mut fresh = IndexBuilder::new();
            fresh.add(&self.docs);
            let expected = as_map(fresh.files().0);
            let (before, after) = (shards_of(&self.files), shards_of(&expected));
            for path in &changes.removed {
                assert!(self.files.remove(path).is_some(), "{path} was not there");
            }
            for (path, bytes) in changes.files {
                // Only files that changed, unless the shard count did (then every shard).
                let old = self.files.insert(path.clone(), bytes);
                assert!(
                    before != after || old.as_ref() != self.files.get(&path),
                    "doc {id}: {path} did not change"
                );
            }
            for (path, bytes) in &expected {
                assert!(
                    self.files.get(path) == Some(bytes),
                    "doc {id}: {path} differs from a fresh build"
                );
            }
            assert_eq!(self.files.len(), expected.len(), "doc {id}: extra files");
            assert!(as_map(self.index.files().0) == expected, "files() differs");
            // The kept layout is the one the index as it is would give.
            let (kept, laid_out) = (self.index.live.as_ref().unwrap(), self.index.live());
            assert_eq!(kept.index_size, laid_out.index_size);
            assert_eq!(kept.shards, laid_out.shards);
            assert!(
                kept.shard_keys == laid_out.shard_keys,
                "doc {id}: shard keys"
            );
            (before, after)
        }
    }

    /// Applies `steps` random replacements to `n` random documents.
    fn random_replacements(seed: u64, n: usize, steps: usize, districts: usize, text_len: usize) {
        let mut rng = Rng(seed);
        let docs = (0..n)
            .map(|_| random_doc(&mut rng, districts, text_len))
            .collect();
        let mut live = Live::new(docs);
        for _ in 0..steps {
            let id = rng.below(n);
            let new = mutate(&mut rng, &live.docs[id], districts, text_len);
            live.replace(id, new);
        }
    }

    #[test]
    fn replace_equals_a_fresh_build_few_docs() {
        // First-seen orders of years and districts change often; values vanish and come back.
        for seed in 1..=4 {
            random_replacements(seed, 7, 100, 4, 60);
        }
    }

    #[test]
    fn replace_equals_a_fresh_build_many_docs() {
        // More than 32 districts (clamped in attrs).
        random_replacements(11, 130, 60, 40, 100);
    }

    #[test]
    fn replace_across_the_shard_threshold() {
        let mut rng = Rng(5);
        let docs: Vec<SearchDoc> = (0..10)
            .map(|_| SearchDoc {
                text: rare_text(&mut rng, 20),
                ..random_doc(&mut rng, 3, 10)
            })
            .collect();
        let mut live = Live::new(docs);
        // Under 17 × SHARD_BYTES the index has 16 shards; a new rare character and pair cost
        // about 17 bytes each.
        let size = live.index.live().index_size;
        assert!(size < 17 * SHARD_BYTES, "{size}");
        let big = SearchDoc {
            text: rare_text(&mut rng, (17 * SHARD_BYTES - size) / 17 + 300),
            ..live.docs[3].clone()
        };
        let empty = SearchDoc {
            text: String::new(),
            ..live.docs[3].clone()
        };
        assert_eq!(live.replace(3, big.clone()), (16, 32));
        assert_eq!(live.replace(3, one_character_changed(&big)), (32, 32));
        assert_eq!(live.replace(3, empty.clone()), (32, 16));
        assert_eq!(live.replace(3, empty), (16, 16));
        assert_eq!(live.replace(7, big), (16, 32));
    }

    #[test]
    fn shards_are_what_serde_writes() {
        let mut rng = Rng(3);
        let docs: Vec<SearchDoc> = (0..200).map(|_| random_doc(&mut rng, 5, 300)).collect();
        let mut index = IndexBuilder::new();
        index.add(&docs);
        let shards = index.live().shards;
        for keys in index.shard_keys(shards) {
            let map: BTreeMap<String, String> = keys
                .iter()
                .map(|k| (token_of(*k), index.postings[k].encode(docs.len())))
                .collect();
            assert_eq!(
                String::from_utf8(index.shard_json(&keys)).unwrap(),
                serde_json::to_string(&map).unwrap()
            );
        }
    }

    #[test]
    fn posting_edits_keep_the_encoding() {
        let ids = [0u32, 1, 5, 127, 128, 300, 16_384, 70_000];
        let mut p = Posting::default();
        for &id in &ids {
            p.push(id);
        }
        for &id in &ids {
            let mut q = Posting::default();
            for &other in ids.iter().filter(|&&o| o != id) {
                q.push(other);
            }
            let mut edited = Posting {
                last: p.last,
                bytes: p.bytes.clone(),
                count: p.count,
            };
            assert!(edited.remove(id));
            assert!(!edited.remove(id));
            assert_eq!(
                (&edited.bytes, edited.last),
                (&q.bytes, q.last),
                "remove {id}"
            );
            assert!(q.insert(id));
            assert!(!q.insert(id));
            assert_eq!((&q.bytes, q.last), (&p.bytes, p.last), "insert {id}");
        }
        for docs in [70_001, 100_000] {
            assert_eq!(p.encoded_len(docs), p.encode(docs).len());
        }
        let mut dense = Posting::default();
        for id in 0..64 {
            dense.push(id);
        }
        for docs in [64, 100, 1_000] {
            assert_eq!(dense.encoded_len(docs), dense.encode(docs).len());
        }
    }

    /// Report-like text: phrases of annual reports and figures, about `chars` characters.
    fn report_text(rng: &mut Rng, chars: usize) -> String {
        const PHRASES: [&str; 24] = [
            "本年度",
            "主动公开政府信息",
            "依申请公开",
            "行政复议",
            "行政诉讼",
            "收到申请",
            "予以公开",
            "部分公开",
            "不予公开",
            "信息不存在",
            "办理结果",
            "维持具体行政行为",
            "纠正",
            "其他结果",
            "尚未审结",
            "规章",
            "规范性文件",
            "行政许可",
            "行政处罚",
            "行政强制",
            "政府信息公开工作",
            "存在的主要问题及改进情况",
            "联系电话",
            "街道办事处",
        ];
        let mut out = String::new();
        while out.chars().count() < chars {
            match rng.below(5) {
                0 => out.push_str(&rng.below(500).to_string()),
                1 => out.push('，'),
                2 => out.push(char::from_u32(0x4E00 + rng.below(3000) as u32).unwrap()),
                _ => {
                    let phrase = *rng.pick(&PHRASES);
                    out.push_str(phrase);
                }
            }
        }
        out
    }

    fn report_doc(rng: &mut Rng, i: usize, chars: usize) -> SearchDoc {
        let (level_key, level_label) = *rng.pick(&LEVELS);
        SearchDoc {
            title: format!("{}街道{}年政府信息公开工作年度报告", i % 90, 2019 + i % 5),
            url: format!("/r/{i}/"),
            year: 2019 + (i % 5) as i32,
            body: format!("{}街道", i % 90),
            body_name: format!("某区{}街道办事处", i % 90),
            district_slug: format!("d{}", i % 12),
            district_name: format!("{}区", i % 12),
            level_key: level_key.into(),
            level_label: level_label.into(),
            edition: if i % 5 < 2 { 2019 } else { 2021 },
            document_number: String::new(),
            text: report_text(rng, chars),
            ..SearchDoc::default()
        }
    }

    /// One character changed in the middle of a document's text.
    fn one_character_changed(doc: &SearchDoc) -> SearchDoc {
        let mut chars: Vec<char> = doc.text.chars().collect();
        let at = chars.len() / 2;
        chars[at] = if chars[at] == '龘' { '龖' } else { '龘' };
        SearchDoc {
            text: chars.into_iter().collect(),
            ..doc.clone()
        }
    }

    #[test]
    fn one_character_touches_few_shards() {
        let mut rng = Rng(42);
        let docs: Vec<SearchDoc> = (0..300).map(|i| report_doc(&mut rng, i, 300)).collect();
        let mut live = IndexBuilder::new();
        live.add(&docs);
        let (_, stats) = live.files();
        assert!(stats.shards >= 32, "{stats:?}");
        let new = one_character_changed(&docs[123]);
        let changes = live.replace(123, &docs[123], &new);
        // A character, at most two pairs and a few digit tokens gone and as many new, and no
        // meta.json or attrs.json.
        assert!(
            (1..=16).contains(&changes.files.len()),
            "{:?}",
            changes.files.iter().map(|(p, _)| p).collect::<Vec<_>>()
        );
        assert!(
            changes
                .files
                .iter()
                .all(|(p, _)| p.starts_with("search/index/"))
        );
        assert!(changes.removed.is_empty());
        let mut docs = docs;
        docs[123] = new;
        let mut fresh = IndexBuilder::new();
        fresh.add(&docs);
        let expected = as_map(fresh.files().0);
        for (path, bytes) in &changes.files {
            assert!(&expected[path] == bytes, "{path}");
        }
        assert!(as_map(live.files().0) == expected);
    }

    /// `cargo test -p ogi-search --release --lib -- --ignored --nocapture replace_timing`
    #[test]
    #[ignore = "a measurement, not a check"]
    fn replace_timing() {
        use std::time::{Duration, Instant};
        fn summary(mut times: Vec<Duration>) -> String {
            times.sort();
            format!("min {:?}, median {:?}", times[0], times[times.len() / 2])
        }
        let mut rng = Rng(7);
        let docs: Vec<SearchDoc> = (0..10_000).map(|i| report_doc(&mut rng, i, 1250)).collect();
        let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
        let mut live = IndexBuilder::new();
        let t = Instant::now();
        for batch in docs.chunks(512) {
            live.add(batch);
        }
        eprintln!(
            "add 10000 docs ({} KB of text each): {:?}",
            (bytes / 10_000) >> 10,
            t.elapsed()
        );
        let mut times = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            let (_, stats) = live.files();
            times.push(t.elapsed());
            eprintln!("{stats:?}");
        }
        eprintln!("files(): {}", summary(times));
        let mut current = docs.clone();
        let mut replace = |id: usize, new: SearchDoc| {
            let t = Instant::now();
            let changes = live.replace(id, &current[id], &new);
            let elapsed = t.elapsed();
            current[id] = new;
            (elapsed, changes.files.len())
        };
        let first = replace(0, one_character_changed(&docs[0]));
        eprintln!("first replace (lays out the shards): {first:?}");
        // Each kind of change on its own 20 documents.
        let mut measure = |what: &str, offset: usize, make: &dyn Fn(usize) -> SearchDoc| {
            let (mut times, mut files) = (Vec::new(), 0);
            for i in 1..=20 {
                let id = i * 397 + offset;
                let (t, f) = replace(id, make(id));
                times.push(t);
                files += f;
            }
            eprintln!(
                "replace, {what}: {}, {} files on average",
                summary(times),
                files / 20
            );
        };
        measure("one character", 0, &|id| one_character_changed(&docs[id]));
        measure("text of another report", 1, &|id| SearchDoc {
            text: docs[(id + 5_000) % 10_000].text.clone(),
            ..docs[id].clone()
        });
        measure("year 2030", 2, &|id| SearchDoc {
            year: 2030,
            ..docs[id].clone()
        });
    }
}
