use std::collections::BTreeMap;

use super::posting::{SHARD_BYTES, read_varint};
use super::*;
use crate::token::fnv1a;

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
        Live::with_layout(docs, Layout::default())
    }

    fn with_layout(docs: Vec<SearchDoc>, layout: Layout) -> Live {
        let mut index = IndexBuilder::with_layout(layout);
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
        let mut fresh = IndexBuilder::with_layout(self.index.layout);
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
                "doc {id}: {path} differs from a fresh build: {:?} against {:?}",
                self.files.get(path).map(|b| String::from_utf8_lossy(b)),
                String::from_utf8_lossy(bytes)
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
    random_replacements_in(Layout::default(), seed, n, steps, districts, text_len);
}

/// [`random_replacements`] with posting lists cut as `layout` says.
fn random_replacements_in(
    layout: Layout,
    seed: u64,
    n: usize,
    steps: usize,
    districts: usize,
    text_len: usize,
) {
    let mut rng = Rng(seed);
    let docs = (0..n)
        .map(|_| random_doc(&mut rng, districts, text_len))
        .collect();
    let mut live = Live::with_layout(docs, layout);
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
fn replace_equals_a_fresh_build_sixty_docs() {
    // Found a bitmap list losing an id when a later one was added after its greatest left.
    random_replacements(9, 60, 60, 6, 120);
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
        let mut edited = p.clone();
        assert!(edited.remove(id));
        assert!(!edited.remove(id));
        assert_eq!(
            (edited.encode(70_001), edited.last),
            (q.encode(70_001), q.last),
            "remove {id}"
        );
        assert!(q.insert(id));
        assert!(!q.insert(id));
        assert_eq!(
            (q.encode(70_001), q.last),
            (p.encode(70_001), p.last),
            "insert {id}"
        );
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

/// A layout that spills nearly every list and cuts blocks of 16 documents: the spilled
/// forms on a small index.
const TINY: Layout = Layout {
    spill_bytes: 4,
    block_docs: 16,
    block_min_bytes: 2,
};

/// Every key of `docs` with its documents, from the tokens alone (no index).
fn reference(docs: &[SearchDoc]) -> BTreeMap<String, Vec<u32>> {
    let mut out: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (id, d) in docs.iter().enumerate() {
        for k in doc_keys(d) {
            out.entry(token_of(k)).or_default().push(id as u32);
        }
    }
    out
}

/// A token's documents read as the client reads them: from its shard entry, or, for a `p`
/// entry, from its whole file and, when it has a block mask, from its blocks (every block in
/// the mask has a file, no other does, and the blocks together are the whole list).
fn read_back(files: &BTreeMap<String, Vec<u8>>, token: &str) -> Vec<u32> {
    let meta: serde_json::Value = serde_json::from_slice(&files["search/meta.json"]).unwrap();
    let (shards, docs) = (
        meta["shards"].as_u64().unwrap(),
        meta["docs"].as_u64().unwrap(),
    );
    let block = meta["block"].as_u64().unwrap() as u32;
    let path = format!(
        "search/index/{}.json",
        u64::from(fnv1a(token.trim_start_matches('^'))) % shards
    );
    let shard: BTreeMap<String, String> = serde_json::from_slice(&files[&path]).unwrap();
    let Some(entry) = shard.get(token) else {
        return Vec::new();
    };
    let Some(spilled) = entry.strip_prefix('p') else {
        return decode(entry, docs as usize);
    };
    let name = spill::hex(token);
    let whole = spill::decode(&files[&format!("search/post/{name}.bin")], docs as u32);
    let (count, mask) = spilled.split_once('.').unwrap_or((spilled, ""));
    assert_eq!(count.parse::<usize>().unwrap(), whole.len(), "{token}");
    let blocks = (docs as u32).div_ceil(block);
    let mut from_blocks = Vec::new();
    for b in 0..blocks {
        let path = format!("search/post/{name}/{b}.bin");
        let digit = mask
            .chars()
            .nth((b / 4) as usize)
            .and_then(|c| c.to_digit(16))
            .unwrap_or(0);
        let in_mask = !mask.is_empty() && digit & (1 << (b % 4)) != 0;
        assert_eq!(files.contains_key(&path), in_mask, "{token}: {path}");
        if let Some(file) = files.get(&path) {
            let size = (docs as u32 - b * block).min(block);
            let ids = spill::decode(file, size);
            assert!(!ids.is_empty(), "{token}: block {b} is empty but written");
            from_blocks.extend(ids.into_iter().map(|id| id + b * block));
        }
    }
    if !mask.is_empty() {
        assert_eq!(from_blocks, whole, "{token}: blocks against the whole list");
    }
    whole
}

#[test]
fn spilled_lists_read_back_whole_and_by_block() {
    let doc = |text: String| SearchDoc {
        text,
        year: 2020,
        edition: 2021,
        ..SearchDoc::default()
    };
    // 70 documents: blocks 0..=3 of 16 and a last one of 6. Every document has 公开; 复议 is
    // in the documents either side of the first boundary (15, 16) and in the last block,
    // not in blocks 1..=3 but for 16; 税 only in block 2, the others empty.
    let docs: Vec<SearchDoc> = (0..70u32)
        .map(|i| {
            let mut text = format!("公开{i}");
            if [15, 16, 64, 69].contains(&i) {
                text.push_str(" 行政复议");
            }
            if (32..48).contains(&i) {
                text.push_str(" 纳税");
            }
            doc(text)
        })
        .collect();
    // Every list spills and is cut in blocks, even one of every document.
    let mut index = IndexBuilder::with_layout(Layout {
        spill_bytes: 0,
        block_min_bytes: 0,
        ..TINY
    });
    index.add(&docs);
    let (files, stats) = index.files();
    let files = as_map(files);
    assert!(stats.spilled > 10, "{stats:?}");
    let shards = shards_of(&files);
    let entry = |token: &str| -> String {
        let path = format!("search/index/{}.json", u64::from(fnv1a(token)) % shards);
        let shard: BTreeMap<String, String> = serde_json::from_slice(&files[&path]).unwrap();
        shard[token].clone()
    };
    // A token in every document: every block present, each one "every document" (`n`).
    assert_eq!(entry("公开"), "p70.f1");
    assert_eq!(files["search/post/e585ace5bc80.bin"], b"n");
    for b in 0..5 {
        assert_eq!(
            files[&format!("search/post/e585ace5bc80/{b}.bin")],
            b"n",
            "{b}"
        );
    }
    // Either side of a boundary, and empty blocks: no file.
    assert_eq!(entry("复议"), "p4.31");
    assert_eq!(read_back(&files, "复议"), [15, 16, 64, 69]);
    assert_eq!(
        spill::decode(&files["search/post/e5a48de8aeae/0.bin"], 16),
        [15]
    );
    assert_eq!(
        spill::decode(&files["search/post/e5a48de8aeae/1.bin"], 16),
        [0]
    );
    assert_eq!(
        spill::decode(&files["search/post/e5a48de8aeae/4.bin"], 6),
        [0, 5]
    );
    assert!(!files.contains_key("search/post/e5a48de8aeae/2.bin"));
    assert_eq!(entry("税"), "p16.40");
    assert_eq!(files["search/post/e7a88e/2.bin"], b"n");
    // Every token, as the client reads it, is what the texts hold.
    for (token, ids) in reference(&docs) {
        assert_eq!(read_back(&files, &token), ids, "{token}");
    }
}

#[test]
fn random_texts_read_back_in_every_layout() {
    let mut rng = Rng(8);
    let docs: Vec<SearchDoc> = (0..150).map(|_| random_doc(&mut rng, 5, 200)).collect();
    let expected = reference(&docs);
    for layout in [
        Layout::default(),
        TINY,
        Layout {
            spill_bytes: 30,
            block_docs: 8,
            block_min_bytes: 10,
        },
    ] {
        let mut index = IndexBuilder::with_layout(layout);
        index.add(&docs[..70]);
        index.add(&docs[70..]);
        let files = as_map(index.files().0);
        for (token, ids) in &expected {
            assert_eq!(&read_back(&files, token), ids, "{token} ({layout:?})");
        }
    }
}

#[test]
fn replace_equals_a_fresh_build_with_spilled_lists() {
    // Lists move in and out of their shards, blocks appear and empty.
    for seed in 1..=3 {
        random_replacements_in(TINY, seed, 40, 60, 4, 80);
    }
    let layout = Layout {
        spill_bytes: 24,
        block_docs: 8,
        block_min_bytes: 6,
    };
    random_replacements_in(layout, 9, 60, 60, 6, 120);
}

#[test]
fn lists_spill_only_above_ten_thousand_documents_by_default() {
    let layout = Layout::default();
    for (docs, spills) in [(10_000u32, false), (12_000, false), (20_000, true)] {
        let mut every_other = Posting::default();
        for id in (0..docs).step_by(2) {
            every_other.push(id);
        }
        assert_eq!(layout.spills(&every_other, docs as usize), spills, "{docs}");
    }
    assert_eq!(Layout::from_spec("16,16,4"), Some(TINY_SPEC));
    for bad in ["", "1,2", "1,12,3", "1,0,3", "1,8,3,4", "a,8,3"] {
        assert_eq!(Layout::from_spec(bad), None, "{bad}");
    }
}

const TINY_SPEC: Layout = Layout {
    spill_bytes: 16,
    block_docs: 16,
    block_min_bytes: 4,
};
