//! Writing a report as YAML in the content format (docs/content-format.md).

use std::fmt::Write;

use ogi_model::Edition;
use ogi_model::yaml_scalar;

use crate::figures::{Figures, OTHER_SPLIT_KEYS, OUTCOME_KEYS, Row7, Table2};
use crate::names::Body;
use crate::prose::{Contact, Prose};

/// Everything one report file holds.
pub(crate) struct Report<'a> {
    pub(crate) seed: u64,
    pub(crate) body: &'a Body,
    pub(crate) year: i32,
    pub(crate) title: String,
    pub(crate) document_number: String,
    /// Signing date as `YYYY-MM-DD`.
    pub(crate) signed: String,
    pub(crate) contact: &'a Contact,
    pub(crate) prose: Prose,
    pub(crate) figures: Figures,
}

/// A `|` block: every line indented two spaces, blank lines left empty.
fn block(out: &mut String, key: &str, text: &str) {
    out.push_str(key);
    out.push_str(": |\n");
    for line in text.trim_end().lines() {
        if !line.is_empty() {
            out.push_str("  ");
            out.push_str(line);
        }
        out.push('\n');
    }
}

fn row<T: std::fmt::Display>(values: &[T]) -> String {
    let cells: Vec<String> = values.iter().map(ToString::to_string).collect();
    format!("[{}]", cells.join(", "))
}

fn table3_row(out: &mut String, indent: &str, key: &str, values: &Row7) {
    let _ = writeln!(out, "{indent}{key}: {}", row(values));
}

/// The report as YAML.
pub(crate) fn render(r: &Report<'_>) -> String {
    let b = r.body;
    let edition = Edition::for_year(r.year);
    let mut out = String::with_capacity(16 * 1024);
    let _ = writeln!(
        out,
        "# 合成数据：由 `ogi gen`（种子 {}）生成，不是真实的政府信息公开工作年度报告。",
        r.seed
    );
    let _ = writeln!(
        out,
        "# Synthetic report written by `ogi gen` (seed {}); not a real report.",
        r.seed
    );
    let _ = writeln!(out, "body:");
    let _ = writeln!(out, "  name: {}", yaml_scalar(&b.name));
    let _ = writeln!(out, "  short_name: {}", yaml_scalar(&b.short));
    let _ = writeln!(out, "  level: {}", b.level.key());
    let region: Vec<String> = b.district.region().iter().map(|s| yaml_scalar(s)).collect();
    let _ = writeln!(out, "  region: [{}]", region.join(", "));
    let _ = writeln!(out, "year: {}", r.year);
    let _ = writeln!(out, "edition: {}   # {}", edition.year(), edition.notice());
    let _ = writeln!(out, "title: {}", yaml_scalar(&r.title));
    let _ = writeln!(out, "document_number: {}", yaml_scalar(&r.document_number));
    let _ = writeln!(out, "signed:");
    let _ = writeln!(out, "  by: {}", yaml_scalar(&b.signer));
    let _ = writeln!(out, "  date: {}", r.signed);
    let _ = writeln!(out, "period:");
    let _ = writeln!(out, "  start: {}-01-01", r.year);
    let _ = writeln!(out, "  end: {}-12-31", r.year);
    let c = r.contact;
    let _ = writeln!(out, "contact:");
    let _ = writeln!(out, "  address: {}", yaml_scalar(&c.address));
    let _ = writeln!(out, "  postcode: {}", yaml_scalar(&c.postcode));
    let _ = writeln!(out, "  phone: {}", yaml_scalar(&c.phone));
    if let Some(fax) = &c.fax {
        let _ = writeln!(out, "  fax: {}", yaml_scalar(fax));
    }
    if let Some(email) = &c.email {
        let _ = writeln!(out, "  email: {}", yaml_scalar(email));
    }
    let _ = writeln!(out, "  published_at: {}", yaml_scalar(&c.published_at));
    let _ = writeln!(out, "  url: {}", yaml_scalar(&c.url));
    if let Some(filed) = &c.filed_with {
        let _ = writeln!(out, "  filed_with: {}", yaml_scalar(filed));
    }
    out.push('\n');
    block(&mut out, "preamble", &r.prose.preamble);
    out.push_str("\n# 一、总体情况\n");
    block(&mut out, "overview", &r.prose.overview);
    out.push_str("\n# 五、存在的主要问题及改进情况\n");
    block(&mut out, "problems", &r.prose.problems);
    out.push_str("\n# 六、其他需要报告的事项\n");
    block(&mut out, "other_matters", &r.prose.other_matters);

    let f = &r.figures;
    out.push_str("\n# 二、主动公开政府信息情况\ntable2:\n");
    match &f.table2 {
        Table2::E2019 {
            regulations,
            normative,
            items,
            fees,
            procurement,
        } => {
            out.push_str(
                "  # 第二十条第（一）项: 本年新制作数量, 本年新公开数量, 对外公开总数量\n",
            );
            let _ = writeln!(out, "  regulations: {}", row(regulations));
            let _ = writeln!(out, "  normative_documents: {}", row(normative));
            out.push_str(
                "  # 第二十条第（五）项、第（六）项: 上一年项目数量, 本年增/减, 处理决定数量\n",
            );
            for (key, values) in ["licensing", "other_services", "punishment", "enforcement"]
                .iter()
                .zip(items)
            {
                let _ = writeln!(out, "  {key}: {}", row(values));
            }
            out.push_str("  # 第二十条第（八）项: 上一年项目数量, 本年增/减\n");
            let _ = writeln!(out, "  fees: {}", row(fees));
            out.push_str("  # 第二十条第（九）项: 采购项目数量, 采购总金额\n");
            let _ = writeln!(out, "  procurement: [{}, {}]", procurement.0, procurement.1);
        }
        Table2::E2021 {
            regulations,
            normative,
            licensing,
            punishment,
            enforcement,
            fees,
        } => {
            out.push_str("  # 第二十条第（一）项: 本年制发件数, 本年废止件数, 现行有效件数\n");
            let _ = writeln!(out, "  regulations: {}", row(regulations));
            let _ = writeln!(out, "  normative_documents: {}", row(normative));
            out.push_str("  # 第二十条第（五）项、第（六）项: 本年处理决定数量\n");
            let _ = writeln!(out, "  licensing: {licensing}");
            let _ = writeln!(out, "  punishment: {punishment}");
            let _ = writeln!(out, "  enforcement: {enforcement}");
            out.push_str("  # 第二十条第（八）项: 本年收费金额（单位：万元）\n");
            let _ = writeln!(out, "  fees: {fees}");
        }
    }

    let t = &f.table3;
    out.push_str("\n# 三、收到和处理政府信息公开申请情况\n");
    out.push_str("# columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计\n");
    out.push_str("table3:\n");
    table3_row(&mut out, "  ", "new_requests", &t.new_requests);
    table3_row(&mut out, "  ", "carried_over", &t.carried_over);
    let mut group = "";
    for (key, values) in OUTCOME_KEYS.iter().zip(&t.outcomes) {
        match key.split_once('.') {
            Some((parent, leaf)) => {
                if parent != group {
                    let _ = writeln!(out, "  {parent}:");
                    group = parent;
                }
                table3_row(&mut out, "    ", leaf, values);
            }
            None => table3_row(&mut out, "  ", key, values),
        }
    }
    let other = &t.outcomes[OUTCOME_KEYS.len()..];
    match edition {
        Edition::E2019 => table3_row(&mut out, "  ", "other", &other[0]),
        Edition::E2021 => {
            out.push_str("  other:\n");
            for (key, values) in OTHER_SPLIT_KEYS.iter().zip(other) {
                table3_row(&mut out, "    ", key, values);
            }
        }
    }
    table3_row(&mut out, "  ", "total", &t.total);
    table3_row(&mut out, "  ", "carried_forward", &t.carried_forward);

    out.push_str("\n# 四、政府信息公开行政复议、行政诉讼情况\n");
    out.push_str("# columns: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计\n");
    out.push_str("table4:\n");
    for (key, values) in ["review", "litigation_direct", "litigation_after_review"]
        .iter()
        .zip(&f.table4)
    {
        let _ = writeln!(out, "  {key}: {}", row(values));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(yaml_scalar("温泉街道"), "温泉街道");
        assert_eq!(yaml_scalar("350003"), "\"350003\"");
        assert_eq!(
            yaml_scalar("http://www.gulou.gov.cn"),
            "\"http://www.gulou.gov.cn\""
        );
    }
}
