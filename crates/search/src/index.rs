//! Building the index files from documents.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::token::{fnv1a, for_each_pair};

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

/// Documents per `docs/{chunk}.json` file.
const CHUNK: usize = 50;
/// Aimed-for size of one index shard.
const SHARD_BYTES: usize = 2 * 1024;
/// Bit marking a title token in a packed key.
const TITLE: u64 = 1 << 42;

fn key(a: char, b: char) -> u64 {
    (u64::from(u32::from(a)) << 21) | u64::from(u32::from(b))
}

fn token_of(key: u64) -> String {
    let a = char::from_u32(((key >> 21) & 0x1F_FFFF) as u32).unwrap_or('?');
    let b = char::from_u32((key & 0x1F_FFFF) as u32).unwrap_or('?');
    let mut t = String::with_capacity(9);
    if key & TITLE != 0 {
        t.push('^');
    }
    t.push(a);
    t.push(b);
    t
}

/// A posting list being built: delta-encoded varints.
#[derive(Default)]
struct Posting {
    last: Option<u32>,
    count: usize,
    bytes: Vec<u8>,
}

impl Posting {
    fn push(&mut self, id: u32) {
        let delta = self.last.map_or(id, |last| id - last);
        varint(&mut self.bytes, delta);
        self.last = Some(id);
        self.count += 1;
    }

    /// `b` + bitmap or `d` + varints, whichever is shorter, base64-encoded.
    fn encode(&self, docs: usize) -> String {
        let bitmap_len = docs.div_ceil(8);
        if bitmap_len < self.bytes.len() {
            let mut bitmap = vec![0u8; bitmap_len];
            let mut id = 0u32;
            let mut at = 0;
            let mut first = true;
            while at < self.bytes.len() {
                let (delta, used) = read_varint(&self.bytes[at..]);
                at += used;
                id = if first { delta } else { id + delta };
                first = false;
                bitmap[(id / 8) as usize] |= 1 << (id % 8);
            }
            format!("b{}", base64(&bitmap))
        } else {
            format!("d{}", base64(&self.bytes))
        }
    }
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
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The sorted, distinct keys of one document: its pairs and its title pairs.
fn doc_keys(doc: &SearchDoc) -> Vec<u64> {
    let mut keys = Vec::with_capacity(doc.text.len() / 3);
    for_each_pair(&doc.text, |a, b| keys.push(key(a, b)));
    for_each_pair(&doc.title, |a, b| keys.push(TITLE | key(a, b)));
    for_each_pair(&doc.body_name, |a, b| keys.push(TITLE | key(a, b)));
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

/// Builds an index batch by batch, so a large archive's texts need not be held at once.
///
/// Documents get ids in the order they are added; write each one's text to
/// [`text_path`] yourself, then call [`IndexBuilder::finish`] for the rest.
#[derive(Default)]
pub struct IndexBuilder {
    postings: HashMap<u64, Posting>,
    rows: Vec<serde_json::Value>,
    years: Vec<i32>,
    districts: Vec<(String, String)>,
    levels: Vec<(String, String)>,
    editions: Vec<i32>,
    attrs: Vec<u8>,
}

/// Where document `id`'s text goes below the site.
pub fn text_path(id: usize) -> String {
    format!("search/text/{id}.txt")
}

impl IndexBuilder {
    /// An empty index.
    pub fn new() -> IndexBuilder {
        IndexBuilder::default()
    }

    /// Adds `docs` (their pairs are computed in parallel); returns the id of the first.
    pub fn add(&mut self, docs: &[SearchDoc]) -> usize {
        let first = self.rows.len();
        let keys: Vec<Vec<u64>> = docs.par_iter().map(doc_keys).collect();
        for (i, (d, keys)) in docs.iter().zip(keys).enumerate() {
            let id = (first + i) as u32;
            for k in keys {
                self.postings.entry(k).or_default().push(id);
            }
            let y = intern(&mut self.years, &d.year).min(31);
            let di = intern(
                &mut self.districts,
                &(d.district_slug.clone(), d.district_name.clone()),
            )
            .min(31);
            let l = intern(
                &mut self.levels,
                &(d.level_key.clone(), d.level_label.clone()),
            )
            .min(3);
            let e = intern(&mut self.editions, &d.edition).min(1);
            self.attrs
                .extend_from_slice(&((y | di << 5 | l << 10 | e << 12) as u16).to_le_bytes());
            self.rows.push(serde_json::json!([
                d.title,
                d.url,
                d.year,
                d.body,
                d.district_name,
                d.level_label,
                d.edition,
                d.document_number
            ]));
        }
        first
    }

    /// The index shards, `meta.json`, the document chunks and the client script.
    pub fn finish(self) -> (Vec<(String, Vec<u8>)>, IndexStats) {
        let docs = self.rows.len();
        let encoded: Vec<(String, String)> = self
            .postings
            .iter()
            .map(|(k, p)| (token_of(*k), p.encode(docs)))
            .collect();
        let index_size: usize = encoded.iter().map(|(t, p)| t.len() + p.len() + 6).sum();
        let shards = (index_size / SHARD_BYTES)
            .clamp(16, 16_384)
            .next_power_of_two();
        let mut by_shard: BTreeMap<u32, BTreeMap<String, String>> = BTreeMap::new();
        let tokens = encoded.len();
        for (token, list) in encoded {
            by_shard
                .entry(fnv1a(&token) % shards as u32)
                .or_default()
                .insert(token, list);
        }
        let mut files: Vec<(String, Vec<u8>)> = Vec::with_capacity(shards + docs / CHUNK + 3);
        let mut stats = IndexStats {
            docs,
            tokens,
            shards,
            ..IndexStats::default()
        };
        for shard in 0..shards as u32 {
            let map = by_shard.remove(&shard).unwrap_or_default();
            let json = serde_json::to_vec(&map).unwrap_or_default();
            stats.index_bytes += json.len();
            stats.largest_shard = stats.largest_shard.max(json.len());
            files.push((format!("search/index/{shard}.json"), json));
        }
        let meta = serde_json::json!({
            "version": 1,
            "docs": docs,
            "shards": shards,
            "chunk": CHUNK,
            "years": self.years,
            "districts": self.districts,
            "levels": self.levels,
            "editions": self.editions,
            "attrs": base64(&self.attrs),
        });
        files.push((
            "search/meta.json".to_owned(),
            serde_json::to_vec(&meta).unwrap_or_default(),
        ));
        for (c, chunk) in self.rows.chunks(CHUNK).enumerate() {
            files.push((
                format!("search/docs/{c}.json"),
                serde_json::to_vec(chunk).unwrap_or_default(),
            ));
        }
        files.push((
            "search/search.js".to_owned(),
            crate::CLIENT_JS.as_bytes().to_vec(),
        ));
        stats.total_bytes = files.iter().map(|(_, b)| b.len()).sum();
        (files, stats)
    }
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
        files.push((text_path(id), d.text.clone().into_bytes()));
        stats.total_bytes += d.text.len();
    }
    (files, stats)
}

#[cfg(test)]
mod tests {
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
        let path = format!("search/index/{}.json", fnv1a(token) % shards);
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
        assert!(e.starts_with('b'), "{e}");
        assert_eq!(decode(&e, 64), (0..64).collect::<Vec<_>>());
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
        assert!(lookup(&files, "没有").is_empty());
        assert!(
            files
                .iter()
                .any(|(p, b)| p == "search/text/1.txt" && b.starts_with("依申请".as_bytes()))
        );
    }
}
