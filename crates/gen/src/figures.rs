//! The tables' figures: consistent within a report and, through [`History`], across the
//! consecutive years of one body.

use ogi_model::table3::{Outcome, RowRole, RowSpec, Table3 as ModelTable3};
use ogi_model::{Edition, Level};

use crate::names::Body;
use crate::rng::Rng;

/// A row of table 3: six requester columns and their 总计.
pub(crate) type Row7 = [u64; 7];

/// Relative frequency (per mille) of each outcome row before （六）, in template order
/// ([`outcome_rows`]).
const OUTCOME_WEIGHTS: [u32; 18] = [
    400, 80, 3, 5, 3, 30, 15, 20, 5, 15, 200, 40, 20, 30, 20, 5, 5, 5,
];
/// The same for the rows of （六）, as the edition prints them.
const OTHER_WEIGHTS_2019: [u32; 1] = [20];
const OTHER_WEIGHTS_2021: [u32; 3] = [12, 2, 8];

/// The outcome rows of table 3 in `edition`'s template, in order.
pub(crate) fn outcome_rows(edition: Edition) -> Vec<RowSpec> {
    ModelTable3::template_specs(edition)
        .into_iter()
        .filter(|s| s.role == RowRole::Outcome)
        .collect()
}

/// Table 3 of one report.
#[derive(Clone, Debug)]
pub(crate) struct Table3 {
    pub(crate) new_requests: Row7,
    pub(crate) carried_over: Row7,
    /// The outcome rows of the edition's template ([`outcome_rows`]), each with its spec.
    pub(crate) outcomes: Vec<(RowSpec, Row7)>,
    pub(crate) total: Row7,
    pub(crate) carried_forward: Row7,
}

impl Table3 {
    /// The 总计 of `outcome`, all its rows.
    pub(crate) fn outcome_total(&self, outcome: Outcome) -> u64 {
        self.outcomes
            .iter()
            .filter(|(spec, _)| spec.outcome == Some(outcome))
            .map(|(_, r)| r[6])
            .sum()
    }
}

/// Table 2 of one report, in its edition.
#[derive(Clone, Debug)]
pub(crate) enum Table2 {
    /// 2019 edition.
    E2019 {
        regulations: [u64; 3],
        normative: [u64; 3],
        /// 行政许可, 其他对外管理服务事项, 行政处罚, 行政强制: 上一年项目数量, 本年增/减, 处理决定数量.
        items: [[i64; 3]; 4],
        fees: [i64; 2],
        procurement: (u64, String),
    },
    /// 2021 edition.
    E2021 {
        regulations: [u64; 3],
        normative: [u64; 3],
        licensing: u64,
        punishment: u64,
        enforcement: u64,
        /// 本年收费金额, in 万元, as written.
        fees: String,
    },
}

/// The figures of one report.
#[derive(Clone, Debug)]
pub(crate) struct Figures {
    pub(crate) table2: Table2,
    pub(crate) table3: Table3,
    /// 行政复议, 未经复议直接起诉, 复议后起诉: 维持, 纠正, 其他, 尚未审结, 总计.
    pub(crate) table4: [[u64; 5]; 3],
}

/// What the next year's report of the same body must agree with.
#[derive(Clone, Debug, Default)]
pub(crate) struct History {
    /// Last year's 结转下年度继续办理.
    carried_forward: Option<Row7>,
    /// 2019 edition: last year's 对外公开总数量 of 规章 and 规范性文件.
    published_totals: Option<[u64; 2]>,
    /// 2019 edition: last year's 上一年项目数量 + 本年增/减, for the four items and the fees.
    next_items: Option<[i64; 5]>,
    /// 2021 edition: last year's 现行有效件数 of 规章 and 行政规范性文件.
    in_force: Option<[u64; 2]>,
}

/// `value` (in units of 10^-6) written with `scale` decimals, truncated.
pub(crate) fn decimal(micro: u64, scale: u32) -> String {
    let whole = micro / 1_000_000;
    if scale == 0 {
        return whole.to_string();
    }
    let frac = (micro % 1_000_000) / 10u64.pow(6 - scale);
    format!("{whole}.{frac:0width$}", width = scale as usize)
}

fn with_total(mut row: Row7) -> Row7 {
    row[6] = row[..6].iter().sum();
    row
}

/// How many requests of each requester kind a body receives in a year.
fn new_requests(rng: &mut Rng, body: &Body) -> Row7 {
    let s = body.scale;
    let natural = match body.level {
        Level::Government => rng.range(s * 2, s * 8),
        Level::Department => rng.range(0, s * 5),
        Level::Township if rng.percent(30) => 0,
        Level::Township => rng.range(0, s * 3),
        Level::Committee => rng.range(0, s * 3),
    };
    let business = if natural > 0 && rng.percent(60) {
        rng.range(0, natural / 3 + 1)
    } else {
        0
    };
    let research = u64::from(rng.percent(4));
    let welfare = u64::from(rng.percent(5));
    let legal = if rng.percent(15) { rng.range(1, 3) } else { 0 };
    let other = if rng.percent(10) { rng.range(1, 2) } else { 0 };
    with_total([natural, business, research, welfare, legal, other, 0])
}

fn table3(rng: &mut Rng, body: &Body, edition: Edition, history: &History) -> Table3 {
    let new = new_requests(rng, body);
    let carried_over = history.carried_forward.unwrap_or_else(|| {
        if rng.percent(20) {
            with_total([rng.range(1, 2), u64::from(rng.percent(30)), 0, 0, 0, 0, 0])
        } else {
            [0; 7]
        }
    });
    let mut forward = [0; 7];
    let rows = outcome_rows(edition);
    let weights: Vec<u32> = OUTCOME_WEIGHTS
        .iter()
        .chain(match edition {
            Edition::E2019 => &OTHER_WEIGHTS_2019[..],
            Edition::E2021 => &OTHER_WEIGHTS_2021[..],
        })
        .copied()
        .collect();
    let mut outcomes = vec![[0u64; 7]; weights.len()];
    for c in 0..6 {
        let open = new[c] + carried_over[c];
        if open > 0 && rng.percent(30) {
            forward[c] = rng.below(open / 6 + 2).min(open);
        }
        for _ in 0..open - forward[c] {
            outcomes[rng.weighted(&weights)][c] += 1;
        }
    }
    let outcomes: Vec<(RowSpec, Row7)> = rows
        .into_iter()
        .zip(outcomes.into_iter().map(with_total))
        .collect();
    let mut total = [0; 7];
    for (_, row) in &outcomes {
        for (t, v) in total.iter_mut().zip(row) {
            *t += v;
        }
    }
    Table3 {
        new_requests: new,
        carried_over,
        outcomes,
        total,
        carried_forward: with_total(forward),
    }
}

fn table4(rng: &mut Rng, body: &Body) -> [[u64; 5]; 3] {
    let p = match body.level {
        Level::Government => 45,
        Level::Department => 25,
        Level::Township => 6,
        Level::Committee => 10,
    };
    let mut rows = [[0; 5]; 3];
    for (g, row) in rows.iter_mut().enumerate() {
        let chance = if g == 2 { p / 3 } else { p };
        if rng.percent(chance) {
            row[0] = rng.range(0, 2);
            row[1] = u64::from(rng.percent(30));
            row[2] = u64::from(rng.percent(20));
            row[3] = if rng.percent(30) { rng.range(1, 2) } else { 0 };
            if row[..4].iter().all(|&v| v == 0) {
                row[0] = 1;
            }
            row[4] = row[..4].iter().sum();
        }
    }
    rows
}

/// A count of items (licensing, punishment …) for a body's first 2019-edition year.
fn initial_items(rng: &mut Rng, body: &Body, item: usize) -> i64 {
    // Typical ranges for 行政许可, 其他对外管理服务事项, 行政处罚, 行政强制, 行政事业性收费.
    const GOV: [(u64, u64); 5] = [(50, 300), (20, 150), (10, 100), (0, 20), (5, 30)];
    let (lo, hi) = GOV[item];
    let n = match body.level {
        Level::Government => rng.range(lo, hi),
        Level::Department if rng.percent(55) => rng.range(lo / 5, hi / 2),
        Level::Department => 0,
        Level::Township => rng.range(0, hi / 20),
        Level::Committee => rng.range(0, hi / 8),
    };
    n as i64
}

fn table2_2019(rng: &mut Rng, body: &Body, history: &History) -> (Table2, History) {
    let made = match body.level {
        Level::Government => rng.range(2, 12),
        Level::Department => rng.below(4),
        Level::Township => rng.below(2),
        Level::Committee => rng.below(3),
    };
    let published = if rng.percent(80) {
        made
    } else {
        rng.below(made + 1)
    };
    let before = history.published_totals.map_or_else(
        || match body.level {
            Level::Government => rng.range(20, 90),
            Level::Department => rng.range(0, 30),
            Level::Township => rng.range(0, 6),
            Level::Committee => rng.range(0, 12),
        },
        |t| t[1],
    );
    let normative = [made, published, before + published];
    let regulations = [0, 0, history.published_totals.map_or(0, |t| t[0])];
    let mut counts = [0i64; 5];
    let mut changes = [0i64; 5];
    for i in 0..5 {
        counts[i] = history
            .next_items
            .map_or_else(|| initial_items(rng, body, i), |n| n[i]);
        changes[i] = if counts[i] == 0 && rng.percent(70) {
            0
        } else {
            let down = counts[i].min(4);
            rng.range(0, 10) as i64 - down
        };
    }
    let mut items = [[0i64; 3]; 4];
    for (i, item) in items.iter_mut().enumerate() {
        let decisions = if counts[i] > 0 {
            rng.range(0, counts[i] as u64 * body.scale) as i64
        } else {
            0
        };
        *item = [counts[i], changes[i], decisions];
    }
    let count = rng.range(0, body.scale * 5);
    let amount = if count == 0 {
        "0.00".to_owned()
    } else {
        let yuan = count * rng.range(2_000, 60_000);
        let cents = if rng.percent(40) { 0 } else { rng.below(100) };
        format!("{yuan}.{cents:02}")
    };
    let next = History {
        carried_forward: None,
        published_totals: Some([regulations[2], normative[2]]),
        next_items: Some(std::array::from_fn(|i| counts[i] + changes[i])),
        in_force: None,
    };
    let table = Table2::E2019 {
        regulations,
        normative,
        items,
        fees: [counts[4], changes[4]],
        procurement: (count, amount),
    };
    (table, next)
}

fn table2_2021(rng: &mut Rng, body: &Body, history: &History) -> (Table2, History) {
    let issued = match body.level {
        Level::Government => rng.range(1, 10),
        Level::Department => rng.below(4),
        Level::Township => rng.below(2),
        Level::Committee => rng.below(3),
    };
    let before = history.in_force.map_or_else(
        || match body.level {
            Level::Government => rng.range(15, 80),
            Level::Department => rng.range(0, 25),
            Level::Township => rng.range(0, 6),
            Level::Committee => rng.range(0, 12),
        },
        |t| t[1],
    );
    let repealed = if rng.percent(60) {
        0
    } else {
        rng.below(before.min(5) + 1)
    };
    let normative = [issued, repealed, before + issued - repealed];
    let regulations = [0, 0, history.in_force.map_or(0, |t| t[0])];
    let (licensing, punishment) = match body.level {
        Level::Government => (rng.range(100, 2000), rng.range(0, 300)),
        Level::Department => (
            if rng.percent(60) {
                rng.range(10, 3000)
            } else {
                0
            },
            if rng.percent(45) {
                rng.range(5, 800)
            } else {
                0
            },
        ),
        Level::Township => (rng.range(0, 50), rng.range(0, 40)),
        Level::Committee => (rng.range(0, 200), rng.range(0, 20)),
    };
    let enforcement = if punishment > 0 && rng.percent(50) {
        rng.range(0, punishment / 10 + 1)
    } else {
        0
    };
    let charges = match body.level {
        Level::Department => rng.percent(55),
        Level::Township => rng.percent(15),
        _ => rng.percent(40),
    };
    let fees = if charges {
        let micro = rng.range(10_000, 500_000_000);
        decimal(micro, [0, 2, 4, 6][rng.weighted(&[10, 45, 20, 25])])
    } else {
        "0".to_owned()
    };
    let next = History {
        in_force: Some([regulations[2], normative[2]]),
        ..History::default()
    };
    let table = Table2::E2021 {
        regulations,
        normative,
        licensing,
        punishment,
        enforcement,
        fees,
    };
    (table, next)
}

/// The figures of `body`'s report on `year`, given last year's; updates `history`.
pub(crate) fn figures(rng: &mut Rng, body: &Body, year: i32, history: &mut History) -> Figures {
    let edition = Edition::for_year(year);
    let table3 = table3(rng, body, edition, history);
    let (table2, mut next) = match edition {
        Edition::E2019 => table2_2019(rng, body, history),
        Edition::E2021 => table2_2021(rng, body, history),
    };
    next.carried_forward = Some(table3.carried_forward);
    *history = next;
    let mut table4 = table4(rng, body);
    // Reviews and suits follow from answered requests: no more cases than answers.
    if table4.iter().map(|r| r[4]).sum::<u64>() > table3.total[6] {
        table4 = [[0; 5]; 3];
    }
    Figures {
        table2,
        table3,
        table4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_keep_their_scale() {
        assert_eq!(decimal(352_100, 6), "0.352100");
        assert_eq!(decimal(12_345_678, 2), "12.34");
        assert_eq!(decimal(12_345_678, 0), "12");
        assert_eq!(decimal(5_000, 4), "0.0050");
    }

    #[test]
    fn every_outcome_row_of_the_template_has_a_weight() {
        assert_eq!(
            outcome_rows(Edition::E2019).len(),
            OUTCOME_WEIGHTS.len() + OTHER_WEIGHTS_2019.len()
        );
        assert_eq!(
            outcome_rows(Edition::E2021).len(),
            OUTCOME_WEIGHTS.len() + OTHER_WEIGHTS_2021.len()
        );
    }

    #[test]
    fn table3_balances() {
        let plan = crate::names::plan(400, 9);
        let mut rng = Rng::new(1);
        for body in &plan.bodies {
            let mut history = History::default();
            for year in body.first_year..body.first_year + body.years as i32 {
                let t = figures(&mut rng, body, year, &mut history).table3;
                for c in 0..7 {
                    let outcomes: u64 = t.outcomes.iter().map(|(_, r)| r[c]).sum();
                    assert_eq!(outcomes, t.total[c]);
                    assert_eq!(
                        t.new_requests[c] + t.carried_over[c],
                        t.total[c] + t.carried_forward[c]
                    );
                }
            }
        }
    }
}
