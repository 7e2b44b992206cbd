//! `PROSE-TABLE`: counts the prose restates (受理 4 件，予以公开 1 件…) against table 3.

use ogi_model::table3::{RowRole, TOTAL_COLUMN};
use ogi_model::{Document, Message, Report, Span};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Rule, RuleMeta, sum};

/// Compares figures stated in the prose with the totals of table 3.
pub(crate) struct ProseTable;

static META: RuleMeta = RuleMeta {
    id: "PROSE-TABLE",
    severity: Severity::Info,
    summary_zh: "正文所述办理数量（受理、予以公开、不予公开、无法提供等）与表三不一致",
    summary_en: "A count restated in the prose (received, granted, withheld, unavailable…) differs from table 3",
    rationale: "Section 一 usually restates table 3 (共受理依申请公开4件，予以公开1件…). Real reports \
                often contradict themselves here; a reader should know which figure to trust.",
    bad_example: "overview: 共受理依申请公开5件，予以公开1件。\ntable3:\n  new_requests: [4, 0, 0, 0, 0, 0, 4]",
    fix: "Keep the prose as printed (it is the public record); if this is a transcription slip, correct it.",
};

/// Which figure of table 3 a phrase restates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Row(&'static str),
    Group(&'static str),
}

const PHRASES: &[(&str, Target, &str)] = &[
    (
        "受理",
        Target::Row("new_requests"),
        "一、本年新收政府信息公开申请数量",
    ),
    (
        "新收",
        Target::Row("new_requests"),
        "一、本年新收政府信息公开申请数量",
    ),
    (
        "收到",
        Target::Row("new_requests"),
        "一、本年新收政府信息公开申请数量",
    ),
    (
        "上年结转",
        Target::Row("carried_over"),
        "二、上年结转政府信息公开申请数量",
    ),
    ("予以公开", Target::Row("granted"), "（一）予以公开"),
    ("部分公开", Target::Row("partly_granted"), "（二）部分公开"),
    ("不予公开", Target::Group("withheld."), "（三）不予公开"),
    ("无法提供", Target::Group("unavailable."), "（四）无法提供"),
    (
        "不予处理",
        Target::Group("not_processed."),
        "（五）不予处理",
    ),
    (
        "结转下",
        Target::Row("carried_forward"),
        "四、结转下年度继续办理",
    ),
];

/// A figure the prose states, with the matching figure of table 3.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// The prose field (`overview`, `problems`, …).
    pub field: &'static str,
    /// Byte range of the phrase in that field.
    pub range: std::ops::Range<usize>,
    /// The phrase, such as `受理依申请公开4件`.
    pub phrase: String,
    /// The number the prose states.
    pub stated: i64,
    /// Table 3's figure (its 总计 column), `None` if a cell is blank.
    pub table: Option<i64>,
    /// The table 3 row, such as `（一）予以公开`.
    pub row: &'static str,
}

fn table_figure(report: &Report, target: Target) -> Option<i64> {
    let rows = report.table3.rows();
    let matching = rows.iter().filter(|(spec, _)| match target {
        Target::Row(key) => spec.key == key,
        Target::Group(prefix) => spec.key.starts_with(prefix) && spec.role == RowRole::Outcome,
    });
    sum(matching.map(|(_, row)| row.cell(TOTAL_COLUMN)))
}

fn digit(c: char) -> Option<i64> {
    match c {
        '0'..='9' => Some(c as i64 - '0' as i64),
        '零' | '〇' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// Reads a number (Arabic, or Chinese up to 九十九) at the start of `s`: value and byte length.
fn number(s: &str) -> Option<(i64, usize)> {
    let ascii: usize = s.bytes().take_while(u8::is_ascii_digit).count();
    if ascii > 0 {
        return s[..ascii].parse().ok().map(|n| (n, ascii));
    }
    let mut value = 0i64;
    let mut len = 0;
    let mut pending: Option<i64> = None;
    for c in s.chars() {
        if c == '十' {
            value += pending.take().unwrap_or(1) * 10;
        } else if let Some(d) = digit(c) {
            if pending.is_some() {
                break;
            }
            pending = Some(d);
        } else {
            break;
        }
        len += c.len_utf8();
    }
    (len > 0).then(|| (value + pending.unwrap_or(0), len))
}

/// Characters that end a clause: a number is never tied to a keyword across them.
const BREAKS: &str = "，。；;！？、,.:：\n（(";

/// Reads a number that ends at byte `end` of `text` (Arabic, or Chinese up to 九十九):
/// its value and start.
fn number_before(text: &str, end: usize) -> Option<(i64, usize)> {
    let head = text[..end].trim_end();
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '十' || digit(*c).is_some())
        .last()
        .map(|(i, _)| i)?;
    let (value, len) = number(&head[start..])?;
    (start + len == head.len()).then_some((value, start))
}

/// Every count the prose restates, with table 3's figure for it.
///
/// Each `件` is a candidate: the number before it, and before that (within a dozen
/// characters and no clause break) the nearest keyword of table 3.
pub fn prose_claims(report: &Report) -> Vec<Claim> {
    let mut claims = Vec::new();
    for (field, text) in report.text.fields() {
        for (at, _) in text.match_indices('件') {
            let Some((stated, number_start)) = number_before(text, at) else {
                continue;
            };
            let window_start = text[..number_start]
                .char_indices()
                .rev()
                .take(16)
                .take_while(|(_, c)| !BREAKS.contains(*c))
                .last()
                .map_or(number_start, |(i, _)| i);
            let window = &text[window_start..number_start];
            let nearest = PHRASES
                .iter()
                .filter_map(|&(keyword, target, row)| {
                    window.rfind(keyword).map(|k| (k, keyword, target, row))
                })
                .filter(|(k, keyword, ..)| window[k + keyword.len()..].chars().count() <= 12)
                .max_by_key(|(k, keyword, ..)| (k + keyword.len(), keyword.len()));
            if let Some((k, _, target, row)) = nearest {
                let range = window_start + k..at + '件'.len_utf8();
                claims.push(Claim {
                    field,
                    phrase: text[range.clone()].to_owned(),
                    range,
                    stated,
                    table: table_figure(report, target),
                    row,
                });
            }
        }
    }
    claims.sort_by_key(|c| (c.field, c.range.start));
    claims
}

/// Where the phrase of `claim` stands in the file: found by its text after the field's start.
fn locate(doc: &Document, claim: &Claim) -> Option<Span> {
    let field = doc.span(claim.field)?;
    let at = doc
        .text
        .get(field.start..)?
        .find(&claim.phrase)
        .map(|i| field.start + i);
    Some(match at {
        Some(start) => doc
            .map()
            .lines()
            .span(&doc.text, start, start + claim.phrase.len()),
        None => field,
    })
}

impl Rule for ProseTable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_report(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for claim in prose_claims(&doc.report) {
            let Some(table) = claim.table else { continue };
            if table == claim.stated {
                continue;
            }
            out.push(
                Diagnostic::new(
                    META.id,
                    META.severity,
                    &doc.path,
                    Message::new(
                        format!("the text says “{}” but table 3 has {table}", claim.phrase),
                        format!("正文称“{}”，但表三为 {table}", claim.phrase),
                    ),
                )
                .at(locate(doc, &claim))
                .expected(table, claim.stated)
                .note(Message::new(
                    format!("table 3: {} · 总计 = {table}", claim.row),
                    format!("表三：{} · 总计 = {table}", claim.row),
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{doc, run, set_row};
    use ogi_model::Edition;

    #[test]
    fn numbers_in_both_scripts() {
        assert_eq!(number("4件"), Some((4, 1)));
        assert_eq!(number("12 件"), Some((12, 2)));
        assert_eq!(number("四件"), Some((4, 3)));
        assert_eq!(number("十二件"), Some((12, 6)));
        assert_eq!(number("二十件"), Some((20, 6)));
        assert_eq!(number("件"), None);
    }

    fn with_prose(edition: Edition, prose: &'static str) -> ogi_model::Document {
        doc(2020, edition, move |t| {
            let t = set_row(&t, "new_requests", "[4, 0, 0, 0, 0, 0, 4]");
            let t = set_row(&t, "granted", "[1, 0, 0, 0, 0, 0, 1]");
            let t = set_row(&t, "third_party", "[1, 0, 0, 0, 0, 0, 1]");
            let t = set_row(&t, "not_held", "[2, 0, 0, 0, 0, 0, 2]");
            let t = set_row(&t, "total", "[4, 0, 0, 0, 0, 0, 4]");
            t.replace("overview: \"\"", &format!("overview: {prose}"))
        })
    }

    #[test]
    fn agreeing_prose_passes_and_a_contradiction_is_located() {
        for edition in [Edition::E2019, Edition::E2021] {
            let agree = with_prose(
                edition,
                "街道共受理依申请公开4件，予以公开1件，不予公开1件，无法提供两件。",
            );
            assert_eq!(prose_claims(&agree.report).len(), 4);
            assert!(run(&ProseTable, &agree).is_empty());
            let differ = with_prose(
                edition,
                "街道共受理依申请公开5件，予以公开1件，不予公开1件，无法提供2件。",
            );
            let found = run(&ProseTable, &differ);
            assert_eq!(found.len(), 1, "{found:#?}");
            let span = found[0].span.expect("located");
            assert_eq!(&differ.text[span.start..span.end], "受理依申请公开5件");
            assert_eq!(
                (found[0].expected.as_deref(), found[0].actual.as_deref()),
                (Some("4"), Some("5"))
            );
        }
    }

    #[test]
    fn a_clause_break_ends_the_search() {
        let d = with_prose(Edition::E2019, "受理渠道畅通，全年办理7件。");
        assert!(prose_claims(&d.report).is_empty());
    }
}
