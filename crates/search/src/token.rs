//! Normalization and tokens: the rules `search.js` mirrors exactly.

/// Maps one character as the index and the client both do: full-width ASCII to ASCII, the
/// ideographic space to a space, ASCII letters to lower case. Always one character for one.
pub(crate) fn normalize_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0)
            .unwrap_or(c)
            .to_ascii_lowercase(),
        '\u{3000}' => ' ',
        _ => c.to_ascii_lowercase(),
    }
}

/// The normalized text.
pub fn normalize(text: &str) -> String {
    text.chars().map(normalize_char).collect()
}

/// Whether `c` (normalized) is part of a word: an ASCII letter or digit, a Han character, or 〇.
pub fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '〇'
        || matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Every pair of consecutive word characters of the normalized `text`, in order.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_pair(text, |a, b| out.push([a, b].iter().collect()));
    out
}

/// Calls `f` with each pair of consecutive word characters of the normalized `text`.
pub(crate) fn for_each_pair(text: &str, mut f: impl FnMut(char, char)) {
    let mut previous: Option<char> = None;
    for c in text.chars().map(normalize_char) {
        if is_word(c) {
            if let Some(p) = previous {
                f(p, c);
            }
            previous = Some(c);
        } else {
            previous = None;
        }
    }
}

/// Longest digit run that gets a bounded token (the run with the characters either side).
pub(crate) const BOUNDED_RUN: usize = 4;

/// Calls `f` with every index token of the normalized `text`, as characters: each word
/// character, each pair of consecutive word characters, each run of three and of four
/// consecutive ASCII digits, each digit run of at most [`BOUNDED_RUN`] digits together with
/// the word character before and after it (`开1件`), and a run of one or two digits with the
/// three characters before and the one after it (`以公开1件`). Tokens may repeat.
pub(crate) fn for_each_token(text: &str, mut f: impl FnMut(&[char])) {
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, f: &mut dyn FnMut(&[char])| {
        for (i, c) in run.iter().enumerate() {
            f(std::slice::from_ref(c));
            if i + 1 < run.len() {
                f(&run[i..i + 2]);
            }
        }
        let mut i = 0;
        while i < run.len() {
            if !run[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < run.len() && run[i].is_ascii_digit() {
                i += 1;
            }
            for n in [3, 4] {
                for w in run[start..i].windows(n) {
                    f(w);
                }
            }
            if start > 0 && i < run.len() && i - start <= BOUNDED_RUN {
                f(&run[start - 1..=i]);
                // A short figure with the three characters before it (`以公开1件`): a
                // phrase around a count is found exactly, not by every `公开1件`.
                if start >= 3 && i - start <= 2 {
                    f(&run[start - 3..=i]);
                }
            }
        }
        run.clear();
    };
    for c in text.chars().map(normalize_char) {
        if is_word(c) {
            run.push(c);
        } else if !run.is_empty() {
            flush(&mut run, &mut f);
        }
    }
    flush(&mut run, &mut f);
}

/// FNV-1a, 32 bits, over the UTF-8 bytes of `token`: which shard holds it.
pub fn fnv1a(token: &str) -> u32 {
    token.bytes().fold(2_166_136_261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16_777_619)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_cover_every_substring() {
        assert_eq!(tokens("行政复议"), ["行政", "政复", "复议"]);
        assert_eq!(tokens("2020年，ＡＢ"), ["20", "02", "20", "0年", "ab"]);
        assert_eq!(tokens("复"), Vec::<String>::new());
        // A query's pairs are a subset of the pairs of any text containing it.
        let text = tokens("街道共受理依申请公开4件，予以公开1件");
        for q in ["依申请", "受理依申请公开4件", "4件", "公开1"] {
            assert!(tokens(q).iter().all(|t| text.contains(t)), "{q}");
        }
    }

    fn all_tokens(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_token(text, |t| out.push(t.iter().collect()));
        out
    }

    #[test]
    fn digit_runs_get_their_own_tokens() {
        assert_eq!(
            all_tokens("开1件 2020"),
            [
                "开", "开1", "1", "1件", "件", "开1件", "2", "20", "0", "02", "2", "20", "0",
                "202", "020", "2020"
            ]
        );
        // A run longer than BOUNDED_RUN has no bounded token; one at the edge of a run neither.
        assert!(all_tokens("予以公开1件").contains(&"以公开1件".to_owned()));
        let long = all_tokens("第12345号");
        assert!(
            long.contains(&"2345".to_owned())
                && !long.iter().any(|t| t.starts_with('第') && t.len() > 4)
        );
    }

    #[test]
    fn fnv_matches_the_reference_values() {
        assert_eq!(fnv1a(""), 2_166_136_261);
        assert_eq!(fnv1a("a"), 0xE40C_292C);
        assert_eq!(fnv1a("foobar"), 0xBF9C_F968);
    }
}
