//! Table-3 outcomes summed by year, for the statistics page and the trends of district
//! and body pages, each with its chart.

use std::collections::BTreeMap;

use serde::Serialize;

use super::listing::Listing;
use crate::charts::{Series, stacked_bars};
use crate::model::Frame;
use crate::outcomes::{OUTCOME_LABELS, YearOutcomes};

/// The statistics page: table-3 outcomes totalled per district and year.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct StatisticsView {
    /// One block per district, then the whole archive.
    pub(crate) blocks: Vec<StatisticsBlock>,
    /// Outcome labels, for table headers.
    pub(crate) labels: [&'static str; 6],
}

/// Statistics of one district (or the whole archive).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct StatisticsBlock {
    /// The district, or the archive.
    pub(crate) name: String,
    /// Anchor id.
    pub(crate) id: String,
    /// Rows by year.
    pub(crate) rows: Vec<YearOutcomes>,
    /// The chart, as SVG.
    pub(crate) chart: String,
}

/// The statistics page of the reports `all`.
pub(crate) fn statistics_view(frame: &Frame, all: &[&Listing]) -> StatisticsView {
    let mut blocks = Vec::new();
    for (i, d) in frame.districts.iter().enumerate() {
        let list: Vec<&Listing> = all
            .iter()
            .copied()
            .filter(|l| l.district == Some(i))
            .collect();
        let rows = totals_by_year(&list);
        let id = format!("stats-{}", d.slug);
        let chart = outcome_chart(&id, &format!("{} 政府信息公开申请办理结果", d.name), &rows);
        blocks.push(StatisticsBlock {
            name: d.name.clone(),
            id,
            rows,
            chart,
        });
    }
    let rows = totals_by_year(all);
    let chart = outcome_chart("stats-all", "全部机关 政府信息公开申请办理结果", &rows);
    blocks.push(StatisticsBlock {
        name: "全部".into(),
        id: "stats-all".into(),
        rows,
        chart,
    });
    StatisticsView {
        blocks,
        labels: OUTCOME_LABELS,
    }
}

/// Table 3 totals of `list` by year, with the notes on what was derived, incomplete or
/// flagged.
pub(crate) fn totals_by_year(list: &[&Listing]) -> Vec<YearOutcomes> {
    let mut years: BTreeMap<i32, YearOutcomes> = BTreeMap::new();
    for l in list {
        let year = l.summary.year;
        years
            .entry(year)
            .or_insert_with(|| YearOutcomes::new(year))
            .add(&l.outcomes, l.report_ref(), l.flagged());
    }
    years.into_values().collect()
}

/// A stacked bar chart of the six outcomes of `rows`, one bar a year.
pub(crate) fn outcome_chart(id: &str, title: &str, rows: &[YearOutcomes]) -> String {
    let years: Vec<String> = rows.iter().map(|t| t.year.to_string()).collect();
    let series: Vec<Series> = OUTCOME_LABELS
        .iter()
        .enumerate()
        .map(|(i, name)| Series {
            name: (*name).to_owned(),
            values: rows
                .iter()
                .map(|t| t.outcomes.outcome_values()[i])
                .collect(),
        })
        .collect();
    stacked_bars(id, title, &years, &series)
}
