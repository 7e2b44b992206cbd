//! The prose of a report: preamble, section 一 (with its sub-heads and bold lead-ins),
//! section 五 and section 六, composed from [`crate::bank`] and restating the tables.

use ogi_model::{Edition, Level};

use crate::bank::{self, Kind, Topic};
use crate::figures::Figures;
use crate::names::Body;
use crate::rng::Rng;

mod restate;

use restate::{proactive_figures, request_figures, review_figures};

const ORDINALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// What the templates of one report are filled with.
pub(crate) struct Ctx<'a> {
    pub(crate) body: &'a Body,
    pub(crate) year: i32,
    /// The report's unique project name.
    pub(crate) project: &'a str,
    /// The WeChat account the body publishes on.
    pub(crate) wx: String,
    /// Whether small counts of table 3 are written in Chinese numerals (两件).
    pub(crate) chinese_numerals: bool,
}

/// The prose fields of one report.
pub(crate) struct Prose {
    pub(crate) preamble: String,
    pub(crate) overview: String,
    pub(crate) problems: String,
    pub(crate) other_matters: String,
}

/// Contact details of a body, as printed in its preamble.
pub(crate) struct Contact {
    pub(crate) address: String,
    pub(crate) postcode: String,
    pub(crate) phone: String,
    pub(crate) fax: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) published_at: String,
    pub(crate) url: String,
    pub(crate) filed_with: Option<String>,
}

impl Ctx<'_> {
    /// Appends `template` with its placeholders filled.
    fn expand(&self, rng: &mut Rng, template: &str, out: &mut String) {
        let b = self.body;
        let d = b.district;
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let token = &rest[open + 1..open + close];
            match token {
                // Chinese often drops the subject; otherwise the usual one, or another name.
                "S" => match rng.below(10) {
                    0..=1 => {}
                    2..=6 => out.push_str(&b.subject),
                    _ => out.push_str(rng.pick::<String>(&b.aliases)),
                },
                "N" => out.push_str(&b.short),
                "D" => out.push_str(d.name),
                "C" => out.push_str(d.city),
                "P" => out.push_str(d.province),
                "Y" => out.push_str(&self.year.to_string()),
                "Y1" => out.push_str(&(self.year + 1).to_string()),
                "Y0" => out.push_str(&(self.year - rng.range(3, 9) as i32).to_string()),
                "PLAT" => out.push_str(&d.portal()),
                "WX" => out.push_str(&self.wx),
                "X" => out.push_str(self.project),
                "FIELD" => out.push_str(rng.word(bank::FIELDS)),
                "POLICY" => {
                    out.push('《');
                    out.push_str(&b.short);
                    out.push_str(&self.year.to_string());
                    out.push('年');
                    out.push_str(rng.word(bank::POLICIES));
                    out.push('》');
                }
                "k" => out.push_str(&rng.range(1, 12).to_string()),
                "n" => out.push_str(&rng.range(3, 60).to_string()),
                "m" => out.push_str(&rng.range(60, 900).to_string()),
                other => {
                    out.push('{');
                    out.push_str(other);
                    out.push('}');
                }
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
    }

    fn fill(&self, rng: &mut Rng, template: &str) -> String {
        let mut s = String::with_capacity(template.len() + 32);
        self.expand(rng, template, &mut s);
        s
    }

    /// A count as the prose states it: digits, or for small counts sometimes Chinese numerals.
    fn count(&self, n: u64) -> String {
        const SMALL: [&str; 10] = ["一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];
        match n {
            1..=10 if self.chinese_numerals => SMALL[n as usize - 1].to_owned(),
            _ => n.to_string(),
        }
    }
}

/// A paragraph under construction: optional bold lead-in, sentences, unused templates.
struct Para {
    lead: Option<String>,
    sentences: Vec<String>,
    pool: Vec<&'static str>,
    chars: usize,
    /// How long this paragraph grows relative to the others, in percent.
    weight: usize,
}

impl Para {
    fn new(rng: &mut Rng, topic: Option<&Topic>, lead: Option<String>) -> Para {
        let mut pool: Vec<&'static str> = topic.map_or(&[][..], |t| t.sentences).to_vec();
        rng.shuffle(&mut pool);
        let chars = lead.as_deref().map_or(0, |l| l.chars().count());
        Para {
            lead,
            sentences: Vec::new(),
            pool,
            chars,
            weight: rng.range(70, 130) as usize,
        }
    }

    fn push(&mut self, sentence: String) {
        self.chars += sentence.chars().count();
        self.sentences.push(sentence);
    }

    /// Adds one more sentence from the pool; false if it is used up.
    fn grow(&mut self, ctx: &Ctx<'_>, rng: &mut Rng) -> bool {
        match self.pool.pop() {
            Some(t) => {
                let s = ctx.fill(rng, t);
                self.push(s);
                true
            }
            None => false,
        }
    }

    fn render(&self, out: &mut String) {
        if let Some(lead) = &self.lead {
            out.push_str("**");
            out.push_str(lead);
            out.push_str("**");
        }
        for s in &self.sentences {
            out.push_str(s);
        }
    }
}

/// A bold lead-in such as `一是坚持主动公开。`.
fn lead(rng: &mut Rng, ordinal: usize, topic: &Topic) -> String {
    format!(
        "{}是{}。",
        ORDINALS[ordinal.min(ORDINALS.len() - 1)],
        rng.pick(topic.leads)
    )
}

/// The optional topics of section 一 available for this body and year.
fn extra_topics(ctx: &Ctx<'_>) -> Vec<&'static Topic> {
    let mut topics: Vec<&'static Topic> = vec![
        &bank::POWER,
        &bank::STANDARD,
        &bank::INTERPRET,
        &bank::KEY_AREAS,
        &bank::BUSINESS,
        &bank::INTERACT,
    ];
    if (2020..=2022).contains(&ctx.year) {
        topics.push(&bank::EPIDEMIC);
    }
    if ctx.year >= 2021 && (ctx.body.rural || ctx.body.level == Level::Government) {
        topics.push(&bank::RURAL);
    }
    topics
}

/// A sub-head of section 一.
fn heading(out: &mut String, text: &str) {
    out.push_str("### ");
    out.push_str(text);
    out.push_str("\n\n");
}

/// Section 一: sub-heads, an introduction, and paragraphs with bold lead-ins, about
/// `target` characters long; it restates tables 2, 3 and 4 and names the unique project.
fn overview(ctx: &Ctx<'_>, rng: &mut Rng, figures: &Figures) -> String {
    let target = rng.range(2700, 3500) as usize;
    let mut extras = extra_topics(ctx);
    rng.shuffle(&mut extras);
    // Sections: a heading and the topics of its paragraphs; `None` is the introduction.
    let mut sections: Vec<(Option<String>, Vec<Option<&'static Topic>>)> = Vec::new();
    let seed_style = rng.percent(55);
    if seed_style {
        // The seed's layout: （一）基本情况 with 一是…五是, then （二）落实情况.
        let first = rng.pick(&[
            "（一）政府信息公开基本情况",
            "（一）政府信息公开工作基本情况",
            "（一）总体工作情况",
        ]);
        sections.push((
            Some((*first).to_owned()),
            vec![
                None,
                Some(&bank::PROACTIVE),
                Some(&bank::APPLY),
                Some(&bank::MANAGE),
                Some(&bank::PLATFORM),
                Some(&bank::SUPERVISE),
            ],
        ));
        let second = rng.pick(&[
            "（二）政务公开落实情况",
            "（二）政务公开重点工作落实情况",
            "（二）重点领域信息公开情况",
        ]);
        let take = rng.range(3, 5) as usize;
        sections.push((
            Some((*second).to_owned()),
            extras.iter().take(take).map(|t| Some(*t)).collect(),
        ));
    } else {
        // The 2021 template's five parts, after an unheaded introduction.
        sections.push((None, vec![None]));
        let parts: [(&str, &'static Topic); 5] = [
            ("（一）主动公开", &bank::PROACTIVE),
            ("（二）依申请公开", &bank::APPLY),
            ("（三）政府信息管理", &bank::MANAGE),
            ("（四）政府信息公开平台建设", &bank::PLATFORM),
            ("（五）监督保障", &bank::SUPERVISE),
        ];
        let mut extras = extras.into_iter();
        for (i, (head, topic)) in parts.into_iter().enumerate() {
            let mut topics = vec![Some(topic)];
            // The application section stays on its own; others may take a second theme.
            if i != 1 && rng.percent(60) {
                if let Some(extra) = extras.next() {
                    topics.push(Some(extra));
                }
            }
            let head = if rng.percent(50) {
                format!("{head}情况")
            } else {
                head.to_owned()
            };
            sections.push((Some(head), topics));
        }
    }

    // Build the paragraphs with their fixed sentences, then grow them to the target length.
    let mut paras: Vec<Vec<Para>> = Vec::new();
    for (_, topics) in &sections {
        let leads = topics.iter().filter(|t| t.is_some()).count();
        let bold = leads > 1 || rng.percent(50);
        let mut ordinal = 0;
        let mut row = Vec::new();
        for topic in topics {
            let mut para = match topic {
                None => {
                    let mut p = Para::new(rng, None, None);
                    let mut intro: Vec<&str> = bank::INTRO.to_vec();
                    rng.shuffle(&mut intro);
                    for t in intro.iter().take(2) {
                        let s = ctx.fill(rng, t);
                        p.push(s);
                    }
                    p
                }
                Some(topic) => {
                    let l = bold.then(|| {
                        if leads > 1 {
                            lead(rng, ordinal, topic)
                        } else {
                            format!("{}。", rng.word(topic.leads))
                        }
                    });
                    ordinal += 1;
                    Para::new(rng, Some(topic), l)
                }
            };
            match topic.map(|t| t.kind) {
                Some(Kind::Apply) => {
                    para.push(request_figures(ctx, rng, &figures.table3));
                    para.push(review_figures(ctx, &figures.table4));
                }
                Some(Kind::Proactive) => {
                    if let Some(s) = proactive_figures(ctx, &figures.table2) {
                        para.push(s);
                    }
                }
                Some(Kind::Platform) => {
                    para.grow(ctx, rng);
                    let t = rng.pick(bank::PROJECT);
                    let s = ctx.fill(rng, t);
                    para.push(s);
                }
                Some(Kind::Plain) | None => {}
            }
            if topic.is_some() {
                para.grow(ctx, rng);
                para.grow(ctx, rng);
            }
            row.push(para);
        }
        paras.push(row);
    }
    let mut length: usize = paras.iter().flatten().map(|p| p.chars).sum();
    while length < target {
        // Grow the paragraph that is shortest for its weight, so lengths stay balanced.
        let shortest = paras
            .iter()
            .enumerate()
            .flat_map(|(i, row)| {
                row.iter()
                    .enumerate()
                    .filter(|(_, p)| !p.pool.is_empty())
                    .map(move |(j, p)| (p.chars * 100 / p.weight, i, j))
            })
            .min();
        let Some((_, i, j)) = shortest else {
            break;
        };
        let before = paras[i][j].chars;
        paras[i][j].grow(ctx, rng);
        length += paras[i][j].chars - before;
    }

    let mut out = String::with_capacity(length * 3 + 256);
    for ((head, _), row) in sections.iter().zip(&paras) {
        if let Some(head) = head {
            heading(&mut out, head);
        }
        for para in row {
            para.render(&mut out);
            out.push_str("\n\n");
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// Section 五: problems, each with its improvement.
fn problems(ctx: &Ctx<'_>, rng: &mut Rng) -> String {
    let mut items: Vec<&(&str, &str)> = bank::PROBLEMS.iter().collect();
    rng.shuffle(&mut items);
    let count = rng.range(2, 4) as usize;
    let items = &items[..count];
    let s = &ctx.body.subject;
    let y = ctx.year;
    let mut out = String::new();
    if rng.percent(50) {
        // The seed's style: 一是<problem>。<improvement>二是…
        for (i, (problem, fix)) in items.iter().enumerate() {
            out.push_str(&format!("{}是{problem}。{fix}", ORDINALS[i]));
        }
        out.push('\n');
    } else {
        out.push_str(&format!(
            "{y}年，{s}政府信息公开工作取得了一定成效，但也存在一些不足："
        ));
        let listed: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(i, (problem, _))| format!("{}是{problem}", ORDINALS[i]))
            .collect();
        out.push_str(&listed.join("；"));
        out.push_str("。\n\n");
        out.push_str(&format!(
            "{}年，{s}将针对上述问题，重点做好以下工作：",
            y + 1
        ));
        for (i, (_, fix)) in items.iter().enumerate() {
            out.push_str(&format!("{}是{fix}", ORDINALS[i]));
        }
        out.push('\n');
    }
    out
}

/// Section 六: nothing to report, or (from 2021) the processing fees and other matters.
fn other_matters(ctx: &Ctx<'_>, rng: &mut Rng) -> String {
    let s = &ctx.body.subject;
    let y = ctx.year;
    if Edition::for_year(y) == Edition::E2019 {
        let text = rng.pick(&[
            "暂无其他需要报告的事项。",
            "本年度无其他需要报告的事项。",
            "无其他需要报告的事项。",
        ]);
        return format!("{text}\n");
    }
    let mut paras = Vec::new();
    if rng.percent(8) {
        paras.push(format!(
            "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），{s}{y}年度发出收费通知{}次，收取信息处理费{}.00元。",
            rng.range(1, 3),
            rng.range(1, 20) * 50
        ));
    } else {
        paras.push(
            rng.pick(&[
                format!("依据《政府信息公开信息处理费管理办法》，{s}{y}年度未收取信息处理费。"),
                format!("本年度{s}未发生收取信息处理费的情况。"),
                format!("{y}年度，{s}未向政府信息公开申请人收取信息处理费，无其他需要报告的事项。"),
            ])
            .clone(),
        );
    }
    if rng.percent(30) {
        paras.push(format!(
            "{s}{y}年度共办理人大代表建议{}份、政协委员提案{}份，办复率100%，已按要求公开办理复文。",
            rng.range(1, 30),
            rng.range(1, 30)
        ));
    }
    if rng.percent(40) {
        paras.push(format!(
            "{s}认真落实{}人民政府办公厅{y}年政务公开工作要点，各项任务均已按期完成。",
            ctx.body.district.province
        ));
    }
    let mut out = paras.join("\n\n");
    out.push('\n');
    out
}

/// The preamble: legal basis, structure, period, where published, contact.
fn preamble(ctx: &Ctx<'_>, rng: &mut Rng, contact: &Contact) -> String {
    let y = ctx.year;
    let b = ctx.body;
    let mut out = String::from(
        "本报告依据《中华人民共和国政府信息公开条例》（中华人民共和国国务院令第711号）",
    );
    match Edition::for_year(y) {
        Edition::E2019 => out.push_str(
            "、《国务院办公厅政府信息公开与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）",
        ),
        Edition::E2021 => out.push_str(
            "、《国务院办公厅政府信息公开与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）",
        ),
    }
    if rng.percent(50) {
        out.push_str(&format!(
            "、《{}人民政府办公厅关于做好{y}年政府信息公开工作年度报告编制公布工作的通知》",
            b.district.province
        ));
    }
    out.push_str("有关规定编制。");
    if rng.percent(70) {
        out.push_str("报告全文由“总体情况”、“主动公开政府信息情况”、“收到和处理政府信息公开申请情况”、“政府信息公开行政复议、行政诉讼情况”、“存在的主要问题及改进情况”、“其他需要报告的事项”六个部分组成。");
    }
    out.push_str(&format!(
        "本报告中所列数据的统计时限为{y}年1月1日至{y}年12月31日。本报告在“{}”（<{}>）公布",
        contact.published_at, contact.url
    ));
    if let Some(archive) = &contact.filed_with {
        out.push_str(&format!("，并报送{archive}"));
    }
    out.push_str(&format!(
        "，欢迎查阅。对本报告如有疑问，可与{}联系（地址：{}，邮编：{}，电话：{}",
        b.short, contact.address, contact.postcode, contact.phone
    ));
    if let Some(fax) = &contact.fax {
        out.push_str(&format!("，传真：{fax}"));
    }
    if let Some(email) = &contact.email {
        out.push_str(&format!("，电子邮箱：{email}"));
    }
    out.push_str("）。\n");
    out
}

/// All the prose of one report.
pub(crate) fn prose(ctx: &Ctx<'_>, rng: &mut Rng, figures: &Figures, contact: &Contact) -> Prose {
    Prose {
        preamble: preamble(ctx, rng, contact),
        overview: overview(ctx, rng, figures),
        problems: problems(ctx, rng),
        other_matters: other_matters(ctx, rng),
    }
}
