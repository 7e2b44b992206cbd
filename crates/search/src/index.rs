//! Building the index files from documents.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::token::for_each_token;

mod attrs;
mod posting;
mod spill;

use attrs::{intern, layout, packed, reassign};
use posting::{
    Posting, TITLE, base64, entry_size, key, shard_count, shard_of, shard_path, token_of,
};
pub use spill::Layout;

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
    /// Posting lists written to files of their own (`search/post/`), not into their shard.
    pub spilled: usize,
    /// Bytes of those files, whole lists and blocks.
    pub spilled_bytes: usize,
    /// Bytes of every search file together.
    pub total_bytes: usize,
}

/// Calls `f` with every key of `doc`, repeats included: its tokens, and the characters and
/// pairs of its title and body name as title tokens.
fn for_each_key(doc: &SearchDoc, mut f: impl FnMut(u128)) {
    for_each_token(&doc.text, |t| f(key(t)));
    for text in [&doc.title, &doc.body_name] {
        for_each_token(text, |t| {
            if t.len() <= 2 {
                f(TITLE | key(t));
            }
        });
    }
}

/// The distinct keys of one document, in no particular order; `seen` is scratch space (a
/// hash set of a few thousand keys is several times cheaper than sorting some 10,000).
fn distinct_keys(doc: &SearchDoc, seen: &mut FxHashSet<u128>) -> Vec<u128> {
    seen.clear();
    for_each_key(doc, |k| {
        seen.insert(k);
    });
    seen.drain().collect()
}

/// The sorted, distinct keys of one document.
fn doc_keys(doc: &SearchDoc) -> Vec<u128> {
    let mut keys = distinct_keys(doc, &mut FxHashSet::default());
    keys.sort_unstable();
    keys
}

/// Files with their paths below the site.
type Files = Vec<(String, Vec<u8>)>;

/// Documents whose keys [`IndexBuilder::add`] makes at once: work for every thread, and
/// their keys (some 40 KB a report) stay small next to the index.
const KEY_BATCH: usize = 64;

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
    crate::deflate::deflate_doc(|plain| {
        // Writing a JSON value into a vector cannot fail.
        let _ = serde_json::to_writer(&mut *plain, &row(doc));
        plain.push(b'\n');
        plain.extend_from_slice(doc.text.as_bytes());
    })
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
    /// Hashed with FxHash: keys are our own packed tokens, one multiply per word is enough.
    postings: FxHashMap<u128, Posting>,
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
    /// Which posting lists leave their shards, and their blocks.
    layout: Layout,
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

    /// An empty index that cuts its posting lists as `layout` says.
    pub fn with_layout(layout: Layout) -> IndexBuilder {
        IndexBuilder {
            layout,
            ..IndexBuilder::default()
        }
    }

    /// Adds `docs` (their pairs are computed in parallel); returns the id of the first.
    pub fn add(&mut self, docs: &[SearchDoc]) -> usize {
        self.live = None;
        let first = self.docs;
        let mut id = first as u32;
        for batch in docs.chunks(KEY_BATCH) {
            let keys: Vec<Vec<u128>> = batch
                .par_iter()
                .map_init(FxHashSet::default, |seen, d| distinct_keys(d, seen))
                .collect();
            for keys in keys {
                for k in keys {
                    self.postings.entry(k).or_default().push(id);
                }
                id += 1;
            }
        }
        for d in docs {
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
            .map(|(k, p)| entry_size(*k, p, docs, &self.layout))
            .sum();
        let shards = shard_count(index_size);
        let jsons: Vec<(Vec<u8>, Files)> = self
            .shard_keys(shards)
            .par_iter()
            .map(|keys| (self.shard_json(keys), self.spill_files(keys)))
            .collect();
        let mut files: Vec<(String, Vec<u8>)> = Vec::with_capacity(shards + 4);
        let mut stats = IndexStats {
            docs,
            tokens: self.postings.len(),
            shards,
            ..IndexStats::default()
        };
        let mut spilled = Vec::new();
        for (shard, (json, spills)) in jsons.into_iter().enumerate() {
            stats.index_bytes += json.len();
            stats.largest_shard = stats.largest_shard.max(json.len());
            files.push((shard_path(shard), json));
            spilled.extend(spills);
        }
        stats.spilled = spilled
            .iter()
            .filter(|(p, _)| {
                p.strip_prefix("search/post/")
                    .is_some_and(|name| !name.contains('/'))
            })
            .count();
        stats.spilled_bytes = spilled.iter().map(|(_, b)| b.len()).sum();
        files.extend(spilled);
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
        let (gone, added) = (
            difference(&old_keys, &new_keys),
            difference(&new_keys, &old_keys),
        );
        // The files of the spilled lists that may change, as they are now.
        let mut spilled_before: FxHashMap<String, Vec<u8>> = gone
            .par_iter()
            .chain(added.par_iter())
            .flat_map_iter(|k| self.spill_files_of(*k))
            .collect();
        let layout = self.layout;
        let mut touched = Vec::new();
        for &k in &gone {
            let Some(p) = self.postings.get_mut(&k) else {
                continue;
            };
            let before = entry_size(k, p, docs, &layout);
            if !p.remove(uid) {
                continue;
            }
            live.index_size -= before;
            if p.is_empty() {
                self.postings.remove(&k);
                let keys = &mut live.shard_keys[shard_of(k, live.shards)];
                if let Ok(at) = keys.binary_search(&k) {
                    keys.remove(at);
                }
            } else {
                live.index_size += entry_size(k, p, docs, &layout);
            }
            touched.push(k);
        }
        for &k in &added {
            let p = self.postings.entry(k).or_default();
            let fresh = p.is_empty();
            let before = if fresh {
                0
            } else {
                entry_size(k, p, docs, &layout)
            };
            if !p.insert(uid) {
                continue;
            }
            live.index_size = live.index_size - before + entry_size(k, p, docs, &layout);
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
        // A spilled list's files change with it alone (not with the shard count).
        let spilled_after: Vec<(String, Vec<u8>)> = gone
            .par_iter()
            .chain(added.par_iter())
            .flat_map_iter(|k| self.spill_files_of(*k))
            .collect();
        for (path, bytes) in spilled_after {
            if spilled_before.remove(&path).as_ref() != Some(&bytes) {
                changes.files.push((path, bytes));
            }
        }
        let mut removed: Vec<String> = spilled_before.into_keys().collect();
        removed.sort_unstable();
        changes.removed.extend(removed);

        let attrs_before = self.attrs_json();
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
        let attrs = self.attrs_json();
        if attrs != attrs_before {
            changes.files.push(("search/attrs.json".to_owned(), attrs));
        }
        changes
    }

    /// The shard layout of the index as it is.
    fn live(&self) -> Live {
        let docs = self.docs;
        let index_size = self
            .postings
            .iter()
            .map(|(k, p)| entry_size(*k, p, docs, &self.layout))
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
        let size: usize = keys
            .iter()
            .filter_map(|k| Some(entry_size(*k, self.postings.get(k)?, docs, &self.layout)))
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
            if self.layout.spills(posting, docs) {
                out.extend_from_slice(self.layout.entry(posting, docs).as_bytes());
            } else {
                posting.encode_into(docs, &mut out);
            }
            out.push(b'"');
        }
        out.push(b'}');
        out
    }

    /// The files of the spilled posting lists among `keys` (see [`Layout`]).
    fn spill_files(&self, keys: &[u128]) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        for k in keys {
            files.extend(self.spill_files_of(*k));
        }
        files
    }

    /// The files of `key`'s posting list when it is spilled; none when it is not.
    fn spill_files_of(&self, key: u128) -> Vec<(String, Vec<u8>)> {
        match self.postings.get(&key) {
            Some(p) if self.layout.spills(p, self.docs) => {
                self.layout.files(&token_of(key), p, self.docs)
            }
            _ => Vec::new(),
        }
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
            "version": 3,
            "docs": self.docs,
            "shards": shards,
            "block": self.layout.block_docs,
            "years": self.years,
            "districts": self.districts,
            "levels": self.levels,
            "editions": self.editions,
            "year_runs": runs,
        });
        serde_json::to_vec(&meta).unwrap_or_default()
    }

    /// Every document's packed attributes with their layout (the bits of each field, sized
    /// to the tables), fetched only to filter by district, level or edition.
    fn attrs_json(&self) -> Vec<u8> {
        let bits = layout([
            self.years.len(),
            self.districts.len(),
            self.levels.len(),
            self.editions.len(),
        ]);
        let attrs = packed(&self.positions, bits);
        serde_json::to_vec(&serde_json::json!({ "attrs": base64(&attrs), "bits": bits }))
            .unwrap_or_default()
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
mod tests;
