//! Matching printed labels to the template's, through typos and variants: by the label's
//! core (enumerators dropped) and edit distance, never by position.

use crate::text::label_core;

/// How a printed label matched a list of template labels.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Match {
    /// One label fits clearly better than any other.
    One(usize),
    /// Several fit about as well: which is meant is not certain.
    Ambiguous(Vec<usize>),
    /// None fits.
    None,
}

/// Least similarity for a match.
const THRESHOLD: f64 = 0.6;
/// How much better the best must be than the next.
const MARGIN: f64 = 0.12;

/// Similarity of two label cores, 0 to 1.
pub(crate) fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut score = strsim::normalized_levenshtein(a, b);
    // A printed label that adds to or leaves out part of the template's (a dropped
    // parenthesis, an added 的) still names it, when the shared part is long enough.
    let (short, long) = if a.chars().count() < b.chars().count() {
        (a, b)
    } else {
        (b, a)
    };
    if short.chars().count() >= 4 && long.contains(short) {
        score = score.max(0.85);
    }
    score
}

/// Matches the printed `label` against the template labels `candidates`.
pub(crate) fn best<'a>(label: &str, candidates: impl IntoIterator<Item = &'a str>) -> Match {
    let core = label_core(label);
    if core.is_empty() {
        return Match::None;
    }
    let mut scored: Vec<(usize, f64)> = candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| (i, similarity(&core, &label_core(c))))
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    match scored.as_slice() {
        [] => Match::None,
        [(i, s), rest @ ..] if *s >= THRESHOLD => {
            let close: Vec<usize> = rest
                .iter()
                .take_while(|(_, r)| s - r < MARGIN)
                .map(|(j, _)| *j)
                .collect();
            if close.is_empty() {
                Match::One(*i)
            } else {
                Match::Ambiguous(std::iter::once(*i).chain(close).collect())
            }
        }
        _ => Match::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_seen_in_published_reports_match() {
        let c = ["2.其他法律行政法规禁止公开", "1.属于国家秘密"];
        assert_eq!(best("2.其他法律和行政法规禁止公开", c), Match::One(0));
        let c = [
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "3.其他",
        ];
        assert_eq!(
            best(
                "1.申请人无正当理由逾期不补正、行政机关不再受理其政府信息公开申请",
                c
            ),
            Match::One(0)
        );
        assert_eq!(best("3.其他", c), Match::One(2));
    }

    #[test]
    fn garbage_matches_nothing() {
        assert_eq!(
            best("某某某某", ["1.属于国家秘密", "2.重复申请"]),
            Match::None
        );
        assert_eq!(best("", ["规章"]), Match::None);
    }
}
