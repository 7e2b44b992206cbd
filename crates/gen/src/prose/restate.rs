//! The tables restated in section 一, in the words the PROSE-TABLE rule reads: the
//! requests and their outcomes, reviews and suits, and what table 2 says.

use ogi_model::table3::Outcome;

use super::Ctx;
use crate::figures::{Table2, Table3};
use crate::rng::Rng;

/// 受理…件，予以公开…件…: table 3 restated, in the words the PROSE-TABLE rule reads.
pub(super) fn request_figures(ctx: &Ctx<'_>, rng: &mut Rng, t: &Table3) -> String {
    let s = &ctx.body.subject;
    let y = ctx.year;
    let n = |v: u64| ctx.count(v);
    let received = t.new_requests[6];
    let carried = t.carried_over[6];
    let handled = t.total[6];
    if received == 0 && carried == 0 {
        return format!("{y}年，{s}未收到政府信息公开申请，无结转下年度继续办理的申请。");
    }
    let mut out = match rng.below(3) {
        0 => format!("{y}年以来，{s}共受理依申请公开{}件", n(received)),
        1 => format!("全年{s}共收到政府信息公开申请{}件", n(received)),
        _ => format!("{y}年度，{s}新收政府信息公开申请{}件", n(received)),
    };
    if carried > 0 {
        out.push_str(&format!("，上年结转{}件", n(carried)));
    }
    if received > 0 && rng.percent(50) {
        let natural = t.new_requests[0];
        out.push_str(&format!(
            "。其中自然人申请{}件，法人或其他组织申请{}件",
            n(natural),
            n(received - natural)
        ));
    }
    out.push('。');
    let listed: Vec<String> = Outcome::ALL
        .iter()
        .map(|o| (o.short_label(), t.outcome_total(*o)))
        .filter(|(_, v)| *v > 0)
        .map(|(label, v)| format!("{label}{}件", n(v)))
        .collect();
    if !listed.is_empty() {
        out.push_str(rng.word(&["办理结果中，", "从办理结果看，", "已办结的申请中，"]));
        out.push_str(&listed.join("，"));
    } else if handled == 0 {
        out.push_str("上述申请均在法定期限内办理中");
    }
    let forward = t.carried_forward[6];
    if forward > 0 {
        out.push_str(&format!("；结转下年度继续办理{}件", n(forward)));
    }
    out.push('。');
    out
}

/// Table 4 restated.
pub(super) fn review_figures(ctx: &Ctx<'_>, t4: &[[u64; 5]; 3]) -> String {
    let review = t4[0][4];
    let litigation = t4[1][4] + t4[2][4];
    let s = &ctx.body.subject;
    if review == 0 && litigation == 0 {
        return "全年未发生因政府信息公开引起的行政复议和行政诉讼案件。".to_owned();
    }
    let corrected = t4[0][1] + t4[1][1] + t4[2][1];
    let mut cases = Vec::new();
    if review > 0 {
        cases.push(format!("被申请行政复议{review}起"));
    }
    if litigation > 0 {
        cases.push(format!("被提起行政诉讼{litigation}起"));
    }
    let mut out = format!("全年{s}因政府信息公开{}", cases.join("、"));
    if corrected > 0 {
        out.push_str(&format!(
            "，其中结果纠正{corrected}起，{s}已对照复议决定和裁判文书认真整改。"
        ));
    } else {
        out.push_str("，未发生被纠错的情况。");
    }
    out
}

/// Table 2 restated, where it says something.
pub(super) fn proactive_figures(ctx: &Ctx<'_>, t2: &Table2) -> Option<String> {
    let s = &ctx.body.subject;
    match t2 {
        Table2::E2019 {
            normative, items, ..
        } => {
            let mut out = String::new();
            if normative[0] > 0 {
                out.push_str(&format!(
                    "全年{s}新制作规范性文件{}份，新公开{}份，对外公开总数达到{}份。",
                    normative[0], normative[1], normative[2]
                ));
            }
            if items[0][2] > 0 || items[2][2] > 0 {
                out.push_str(&format!(
                    "{s}依法公开行政许可处理决定{}条、行政处罚决定{}条。",
                    items[0][2], items[2][2]
                ));
            }
            (!out.is_empty()).then_some(out)
        }
        Table2::E2021 {
            normative,
            licensing,
            punishment,
            ..
        } => {
            let mut out = String::new();
            if normative[0] > 0 || normative[1] > 0 {
                out.push_str(&format!(
                    "全年{s}制发行政规范性文件{}份，废止{}份，截至年底现行有效{}份。",
                    normative[0], normative[1], normative[2]
                ));
            }
            if *licensing > 0 || *punishment > 0 {
                out.push_str(&format!(
                    "{s}依法公开行政许可处理决定{licensing}条、行政处罚决定{punishment}条。"
                ));
            }
            (!out.is_empty()).then_some(out)
        }
    }
}
