//! Table 3's 总计 column summed over reports without inventing a figure: a blank 总计 cell
//! whose applicant columns are all filled counts as their sum (marked derived), one that
//! cannot be derived leaves the sum incomplete (shown as a lower bound), never as 0.

use ogi_model::Report;
use ogi_model::table3::{Outcome, Row7, RowRole, TOTAL_COLUMN};
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

/// A summed figure: the sum of what the reports state, with how many reports left it blank.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Figure {
    /// The sum of the known figures: the exact total when `missing` is 0, otherwise a
    /// lower bound (counts are never negative).
    pub value: i64,
    /// Reports whose cell is blank with no way to derive it.
    pub missing: usize,
    /// Reports whose blank 总计 cell counts as the sum of its filled applicant columns.
    pub derived: usize,
}

impl Figure {
    /// The figure of one table-3 row of one report (its 总计 column).
    pub(crate) fn of_row(row: &Row7) -> Figure {
        if let Some(total) = row.cell(TOTAL_COLUMN) {
            return Figure {
                value: total.get(),
                missing: 0,
                derived: 0,
            };
        }
        let applicants = (0..TOTAL_COLUMN).map(|c| row.cell(c));
        let known: i64 = applicants.clone().flatten().map(|c| c.get()).sum();
        let complete = applicants.clone().all(|c| c.is_some());
        Figure {
            value: known,
            missing: usize::from(!complete),
            derived: usize::from(complete),
        }
    }

    /// Adds another figure (of another row or report).
    pub(crate) fn add(&mut self, other: Figure) {
        self.value += other.value;
        self.missing += other.missing;
        self.derived += other.derived;
    }

    /// As shown on a page: `805`, or `≥ 272` when some report left it blank.
    pub(crate) fn text(&self) -> String {
        if self.missing > 0 {
            format!("≥ {}", self.value)
        } else {
            self.value.to_string()
        }
    }

    /// Counts each report once: a report with several blank rows in one figure (the rows of
    /// [`Outcome::Withheld`]) is still one report that left it blank.
    fn per_report(mut self) -> Figure {
        self.missing = self.missing.min(1);
        self.derived = self.derived.min(1);
        self
    }
}

/// Templates read `value`, `missing`, `derived` and the shown `text`.
impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Figure", 4)?;
        st.serialize_field("value", &self.value)?;
        st.serialize_field("missing", &self.missing)?;
        st.serialize_field("derived", &self.derived)?;
        st.serialize_field("text", &self.text())?;
        st.end()
    }
}

/// Table 3 totals of one report or of a group of reports: one figure per row of table 3,
/// an outcome's figure summing all its rows. Templates also read `outcomes`, the six
/// outcome figures in [`Outcome::ALL`] order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Outcomes {
    /// 一、本年新收.
    pub new_requests: Figure,
    /// 二、上年结转.
    pub carried_over: Figure,
    /// [`Outcome::Granted`].
    pub granted: Figure,
    /// [`Outcome::PartlyGranted`].
    pub partly_granted: Figure,
    /// [`Outcome::Withheld`], all its rows.
    pub withheld: Figure,
    /// [`Outcome::Unavailable`], all its rows.
    pub unavailable: Figure,
    /// [`Outcome::NotProcessed`], all its rows.
    pub not_processed: Figure,
    /// [`Outcome::Other`], its one row or its three rows.
    pub other: Figure,
    /// （七）总计.
    pub total: Figure,
    /// 四、结转下年度继续办理.
    pub carried_forward: Figure,
}

/// The fields named after table 3's rows (an outcome's by [`Outcome::key`]), then `outcomes`: the six outcome figures in
/// [`Outcome::ALL`] order, for templates that list them beside [`OUTCOME_LABELS`].
impl Serialize for Outcomes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Outcomes", 11)?;
        st.serialize_field("new_requests", &self.new_requests)?;
        st.serialize_field("carried_over", &self.carried_over)?;
        for outcome in Outcome::ALL {
            st.serialize_field(outcome.key(), &self.outcome(outcome))?;
        }
        st.serialize_field("total", &self.total)?;
        st.serialize_field("carried_forward", &self.carried_forward)?;
        st.serialize_field("outcomes", &self.outcome_values())?;
        st.end()
    }
}

/// Short labels of the outcomes, in [`Outcomes::outcome_values`] order.
pub(crate) const OUTCOME_LABELS: [&str; 6] = Outcome::short_labels();

impl Outcomes {
    /// Table 3's 总计 column of `report`, grouped: a blank 总计 cell counts as the sum of
    /// its applicant columns when they are all filled, and is counted missing otherwise.
    pub(crate) fn of(report: &Report) -> Outcomes {
        let mut o = Outcomes::default();
        for (spec, row) in report.table3.rows() {
            let slot = match (spec.role, spec.outcome) {
                (RowRole::NewRequests, _) => &mut o.new_requests,
                (RowRole::CarriedOver, _) => &mut o.carried_over,
                (RowRole::Total, _) => &mut o.total,
                (RowRole::CarriedForward, _) => &mut o.carried_forward,
                (RowRole::Outcome, Some(outcome)) => o.outcome_mut(outcome),
                // Every outcome row names its outcome (a model test); none is left out.
                (RowRole::Outcome, None) => continue,
            };
            slot.add(Figure::of_row(row));
        }
        o.each_mut(|f| *f = f.per_report());
        o
    }

    /// The figure of `outcome`.
    pub(crate) fn outcome(&self, outcome: Outcome) -> Figure {
        match outcome {
            Outcome::Granted => self.granted,
            Outcome::PartlyGranted => self.partly_granted,
            Outcome::Withheld => self.withheld,
            Outcome::Unavailable => self.unavailable,
            Outcome::NotProcessed => self.not_processed,
            Outcome::Other => self.other,
        }
    }

    fn outcome_mut(&mut self, outcome: Outcome) -> &mut Figure {
        match outcome {
            Outcome::Granted => &mut self.granted,
            Outcome::PartlyGranted => &mut self.partly_granted,
            Outcome::Withheld => &mut self.withheld,
            Outcome::Unavailable => &mut self.unavailable,
            Outcome::NotProcessed => &mut self.not_processed,
            Outcome::Other => &mut self.other,
        }
    }

    fn each_mut(&mut self, mut f: impl FnMut(&mut Figure)) {
        for x in [
            &mut self.new_requests,
            &mut self.carried_over,
            &mut self.granted,
            &mut self.partly_granted,
            &mut self.withheld,
            &mut self.unavailable,
            &mut self.not_processed,
            &mut self.other,
            &mut self.total,
            &mut self.carried_forward,
        ] {
            f(x);
        }
    }

    fn all(&self) -> [Figure; 10] {
        [
            self.new_requests,
            self.carried_over,
            self.granted,
            self.partly_granted,
            self.withheld,
            self.unavailable,
            self.not_processed,
            self.other,
            self.total,
            self.carried_forward,
        ]
    }

    /// Adds another report's totals.
    pub(crate) fn add(&mut self, other: &Outcomes) {
        let theirs = other.all();
        let mut i = 0;
        self.each_mut(|f| {
            f.add(theirs[i]);
            i += 1;
        });
    }

    /// Whether some figure was derived from applicant columns.
    pub(crate) fn any_derived(&self) -> bool {
        self.all().iter().any(|f| f.derived > 0)
    }

    /// Whether some figure is incomplete (blank and not derivable).
    pub(crate) fn any_missing(&self) -> bool {
        self.all().iter().any(|f| f.missing > 0)
    }

    /// The six outcomes in [`Outcome::ALL`] (and [`OUTCOME_LABELS`]) order.
    pub(crate) fn outcome_values(&self) -> [Figure; 6] {
        Outcome::ALL.map(|o| self.outcome(o))
    }
}

/// A report named in a note under a sum: derived, incomplete or flagged.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub(crate) struct ReportRef {
    /// Its title.
    pub title: String,
    /// Its page.
    pub url: String,
}

/// A year's row of a trend or statistics table.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct YearOutcomes {
    /// Year.
    pub year: i32,
    /// Number of reports summed.
    pub reports: usize,
    /// The totals.
    #[serde(flatten)]
    pub outcomes: Outcomes,
    /// Reports summed here whose arithmetic has errors (flagged).
    pub flagged: Vec<ReportRef>,
    /// Reports summed here with a blank 总计 cell counted as its applicant columns' sum.
    pub derived: Vec<ReportRef>,
    /// Reports summed here with a blank cell that could not be derived.
    pub incomplete: Vec<ReportRef>,
}

impl YearOutcomes {
    /// An empty row for `year`.
    pub(crate) fn new(year: i32) -> YearOutcomes {
        YearOutcomes {
            year,
            reports: 0,
            outcomes: Outcomes::default(),
            flagged: Vec::new(),
            derived: Vec::new(),
            incomplete: Vec::new(),
        }
    }

    /// Sums in one report: its outcomes, and its name in each note that concerns it.
    pub(crate) fn add(&mut self, outcomes: &Outcomes, report: ReportRef, flagged: bool) {
        self.reports += 1;
        self.outcomes.add(outcomes);
        if outcomes.any_derived() {
            self.derived.push(report.clone());
        }
        if outcomes.any_missing() {
            self.incomplete.push(report.clone());
        }
        if flagged {
            self.flagged.push(report);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ogi_model::{Count, Row};

    fn row(cells: [Option<i64>; 7]) -> Row7 {
        Row(cells.map(|c| c.and_then(Count::new)))
    }

    #[test]
    fn templates_read_one_figure_per_row_of_table_3_and_the_outcomes_in_order() {
        let json = serde_json::to_value(Outcomes::default()).expect("serialises");
        let fields = json.as_object().expect("a map");
        let mut rows: Vec<&str> = Vec::new();
        for spec in ogi_model::table3::Table3::all_specs() {
            let top = spec.key.split('.').next().unwrap_or_default();
            if !rows.contains(&top) {
                rows.push(top);
            }
        }
        let mut expected: Vec<&str> = rows.clone();
        expected.push("outcomes");
        let mut found: Vec<&str> = fields.keys().map(String::as_str).collect();
        found.sort_unstable();
        expected.sort_unstable();
        assert_eq!(found, expected);
        assert_eq!(fields["outcomes"].as_array().map(Vec::len), Some(6));
        assert_eq!(OUTCOME_LABELS.len(), Outcome::ALL.len());
    }

    #[test]
    fn a_blank_total_is_derived_only_from_a_full_row() {
        let full = Figure::of_row(&row([
            Some(258),
            Some(12),
            Some(1),
            Some(1),
            Some(0),
            Some(0),
            None,
        ]));
        assert_eq!((full.value, full.missing, full.derived), (272, 0, 1));
        assert_eq!(full.text(), "272");
        let gap = Figure::of_row(&row([
            Some(258),
            None,
            Some(1),
            Some(1),
            Some(0),
            Some(0),
            None,
        ]));
        assert_eq!((gap.value, gap.missing, gap.derived), (260, 1, 0));
        assert_eq!(
            gap.text(),
            "≥ 260",
            "a lower bound, never a smaller exact number"
        );
        let printed = Figure::of_row(&row([None, None, None, None, None, None, Some(5)]));
        assert_eq!((printed.value, printed.missing, printed.derived), (5, 0, 0));
    }
}
