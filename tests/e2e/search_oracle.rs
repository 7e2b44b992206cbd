//! The search's result lists held against a brute-force oracle on a generated archive: every
//! report whose text contains each segment of the query, in the order the search has always
//! ranked (the title tier, then newest year, then id). The oracle reads the report texts from
//! the built site's document files and shares no code with the index or the client.

use std::collections::HashSet;
use std::path::Path;

use crate::browser::{chromium, dump_dom};
use crate::search::{body_attr, encode, generated_with};

/// A report as the oracle sees it.
struct Report {
    url: String,
    year: i64,
    /// Title and body name (the text's first two lines), normalized.
    names: [String; 2],
    /// The normalized text.
    text: String,
}

/// Full-width ASCII to ASCII, the ideographic space to a space, ASCII letters to lower case.
fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn word(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '〇'
        || matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// The query's runs of word characters.
fn segments(q: &str) -> Vec<String> {
    normalize(q)
        .split(|c: char| !word(c))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Pairs of consecutive word characters of `text`.
fn pairs(text: &str) -> HashSet<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(2)
        .filter(|w| word(w[0]) && word(w[1]))
        .map(|w| w.iter().collect())
        .collect()
}

/// Every report of the built site, by search id, from its document files.
fn reports(site: &Path) -> Vec<Report> {
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("search/meta.json")).expect("meta"))
            .expect("meta.json");
    let docs = meta["docs"].as_u64().expect("docs") as usize;
    (0..docs)
        .map(|id| {
            let raw = std::fs::read(site.join(format!("search/doc/{id}.z"))).expect("doc file");
            let plain = miniz_oxide::inflate::decompress_to_vec(&raw).expect("raw deflate");
            let plain = String::from_utf8(plain).expect("utf-8");
            let (row, text) = plain.split_once('\n').expect("row line");
            let row: serde_json::Value = serde_json::from_str(row).expect("row");
            let mut lines = text.lines();
            let names = [(); 2].map(|_| normalize(lines.next().unwrap_or("")));
            Report {
                url: row[1].as_str().expect("url").to_owned(),
                year: row[2].as_i64().expect("year"),
                names,
                text: normalize(text),
            }
        })
        .collect()
}

/// The oracle's answer: the urls of every report containing each segment, ranked.
fn oracle(reports: &[Report], q: &str) -> Vec<String> {
    let segs = segments(q);
    let mut hits: Vec<(u8, i64, usize)> = reports
        .iter()
        .enumerate()
        .filter(|(_, r)| segs.iter().all(|g| r.text.contains(g.as_str())))
        .map(|(id, r)| {
            // The title tier: each pair (a lone character: itself) in the title or body name.
            let title: HashSet<String> = pairs(&r.names[0])
                .union(&pairs(&r.names[1]))
                .cloned()
                .collect();
            let in_title = segs.iter().all(|g| {
                if g.chars().count() == 1 {
                    r.names.iter().any(|n| n.contains(g.as_str()))
                } else {
                    pairs(g).iter().all(|p| title.contains(p))
                }
            });
            (u8::from(!in_title), -r.year, id)
        })
        .collect();
    hits.sort();
    hits.into_iter()
        .map(|(_, _, id)| reports[id].url.clone())
        .collect()
}

/// The result links of a search page, in order.
fn shown(dom: &str) -> Vec<String> {
    dom.split("class=\"result-title\" href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn results_equal_a_brute_force_substring_scan() {
    compare_with_the_oracle(&[]);
}

/// The same with the posting lists cut as a national archive's are (`search/post/`, blocks
/// of documents), at a scale where every block boundary, empty block and whole list shows:
/// lists over 8 characters leave their shards, in blocks of 16 reports.
#[test]
fn results_equal_a_brute_force_substring_scan_with_spilled_lists() {
    compare_with_the_oracle(&[("OGI_SEARCH_LAYOUT", "8,16,4")]);
}

/// Searches the phrases of a generated archive of 120 reports built with `env`, and holds the
/// pages shown against the oracle.
fn compare_with_the_oracle(env: &[(&str, &str)]) {
    let Some(bin) = chromium() else { return };
    let (dir, server, _) = generated_with(120, env);
    if !env.is_empty() {
        let post = dir.path().join("site/search/post");
        assert!(
            std::fs::read_dir(&post).is_ok_and(|d| d.count() > 100),
            "{env:?}: no spilled lists in {}",
            post.display()
        );
    }
    let reports = reports(&dir.path().join("site"));
    // Fixed phrases, digits and several segments, then substrings cut from the texts.
    let mut queries: Vec<String> = [
        "公开",
        "行政复议",
        "第三方合法权益",
        "政府信息公开工作年度报告",
        "街道",
        "予以公开1件",
        "2020",
        "2021年",
        "行政 复议",
        "不予公开 0",
        "量子计算机",
        "税",
        "诉",
        "7",
    ]
    .map(str::to_owned)
    .to_vec();
    for (i, r) in reports.iter().enumerate().step_by(17) {
        let chars: Vec<char> = r.text.chars().collect();
        for (at, len) in [
            (chars.len() / 3, 2 + i % 5),
            (chars.len() * 4 / 5, 3 + i % 4),
        ] {
            let q: String = chars[at.min(chars.len())..].iter().take(len).collect();
            if segments(&q).iter().any(|g| g.chars().count() >= 2) {
                queries.push(q.trim().to_owned());
            }
        }
    }
    let mut compared = 0;
    for q in &queries {
        let want = oracle(&reports, q);
        for page in [1, 2] {
            let dom = dump_dom(
                &bin,
                &format!("{}/search.html?q={}&page={page}", server.origin, encode(q)),
            );
            assert!(dom.contains("data-search-done=\"1\""), "{q}: not finished");
            let expected: Vec<String> = want
                .iter()
                .skip((page - 1) * 10)
                .take(10)
                .cloned()
                .collect();
            let exact = body_attr(&dom, "data-search-exact").as_deref() == Some("1");
            // A page opened cold starts at its rank among the candidates: after false ones it
            // is only the oracle's when the candidates were exact.
            if page == 2 && (expected.is_empty() || !exact) {
                break;
            }
            assert_eq!(shown(&dom), expected, "{q:?}, page {page}");
            if exact {
                assert_eq!(
                    body_attr(&dom, "data-search-count"),
                    Some(want.len().to_string()),
                    "{q:?}: the count said to be exact"
                );
            }
            compared += 1;
        }
    }
    println!(
        "search oracle: {} queries, {compared} result pages equal to a substring scan of {} reports",
        queries.len(),
        reports.len()
    );
}
