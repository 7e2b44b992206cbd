//! Which template column each printed cell belongs to, from the header labels above it;
//! a cell that straddles columns is settled by the row's own sum, or stays uncertain.

use ogi_model::table3;

use crate::grid::{Grid, GridCell};
use crate::labels::{Match, best};
use crate::text::{Figure, figure, squash};

use super::Read;

/// A printed figure whose cell covers the columns of several keys.
#[derive(Clone, Debug)]
pub(super) struct Straddle {
    text: String,
    keys: Vec<usize>,
}

impl Straddle {
    fn why(&self, names: &dyn Fn(usize) -> String) -> String {
        let cols: Vec<String> = self.keys.iter().map(|k| names(*k)).collect();
        format!(
            "“{}”横跨{}几列，不能确定属于哪一列",
            self.text,
            cols.join("、")
        )
    }
}

/// The cells of a row under each key, given the key of every grid column: a cell under one
/// key is that key's; two printed cells under one key are ambiguous. Cells spanning the
/// columns of several keys are returned apart.
pub(super) fn assign_parts(
    row: &[&GridCell],
    keys: &[Option<usize>],
    n: usize,
) -> (Vec<Read>, Vec<Straddle>) {
    let mut found: Vec<Vec<&GridCell>> = vec![Vec::new(); n];
    let mut straddles = Vec::new();
    for cell in row {
        let mut under: Vec<usize> = cell
            .columns()
            .filter_map(|c| keys.get(c).copied().flatten())
            .collect();
        under.sort_unstable();
        under.dedup();
        match under.as_slice() {
            [] => {}
            [k] => found[*k].push(cell),
            many => {
                if !squash(&cell.text).is_empty() {
                    straddles.push(Straddle {
                        text: squash(&cell.text),
                        keys: many.to_vec(),
                    });
                }
            }
        }
    }
    let reads = (0..n)
        .map(|k| {
            let printed: Vec<&&GridCell> = found[k]
                .iter()
                .filter(|c| !squash(&c.text).is_empty())
                .collect();
            match printed.as_slice() {
                [one] => Read::Text(one.text.clone()),
                [] if !found[k].is_empty() => Read::Blank,
                [] => Read::Unsure("表格中此列没有单元格".to_owned()),
                many => Read::Unsure(format!(
                    "此列有 {} 个数字（{}），不能确定是哪一个",
                    many.len(),
                    many.iter()
                        .map(|c| squash(&c.text))
                        .collect::<Vec<_>>()
                        .join("、")
                )),
            }
        })
        .collect();
    (reads, straddles)
}

/// [`assign_parts`] with every column a straddling figure covers left uncertain.
pub(super) fn assign(
    row: &[&GridCell],
    keys: &[Option<usize>],
    n: usize,
    names: &dyn Fn(usize) -> String,
) -> Vec<Read> {
    let (mut reads, straddles) = assign_parts(row, keys, n);
    for s in &straddles {
        for k in &s.keys {
            reads[*k] = Read::Unsure(s.why(names));
        }
    }
    reads
}

/// A row of table 3 with one straddling figure: each column it covers is tried; a reading
/// counts when it leaves all seven cells known and 总计 equals the sum of the six others.
/// Exactly one such reading is taken, with a note; otherwise the columns stay uncertain,
/// the possible readings listed.
pub(super) fn resolve_by_row_sum(
    reads: &mut [Read],
    straddles: &[Straddle],
) -> Option<(usize, String)> {
    let names = |k: usize| table3::COLUMNS[k].to_owned();
    let [s] = straddles else {
        for s in straddles {
            for k in &s.keys {
                reads[*k] = Read::Unsure(s.why(&names));
            }
        }
        return None;
    };
    let number = |r: &Read| match r {
        Read::Text(t) => match figure(t) {
            Figure::Number(n) => Some(n),
            _ => None,
        },
        _ => None,
    };
    let Figure::Number(value) = figure(&s.text) else {
        for k in &s.keys {
            reads[*k] = Read::Unsure(s.why(&names));
        }
        return None;
    };
    let passing: Vec<usize> = s
        .keys
        .iter()
        .copied()
        .filter(|&k| {
            if !matches!(reads[k], Read::Unsure(_)) {
                return false; // that column has a cell of its own
            }
            let values: Option<Vec<i64>> = (0..reads.len())
                .map(|c| {
                    if c == k {
                        Some(value)
                    } else {
                        number(&reads[c])
                    }
                })
                .collect();
            values.is_some_and(|v| {
                v[..table3::TOTAL_COLUMN].iter().sum::<i64>() == v[table3::TOTAL_COLUMN]
            })
        })
        .collect();
    match passing.as_slice() {
        [k] => {
            reads[*k] = Read::Text(s.text.clone());
            let note = format!(
                "注: “{}”横跨{}几列；只有记入{}时本行各列之和等于总计，故采用这一读法",
                s.text,
                s.keys
                    .iter()
                    .map(|k| names(*k))
                    .collect::<Vec<_>>()
                    .join("、"),
                names(*k)
            );
            Some((*k, note))
        }
        [] => {
            for k in &s.keys {
                reads[*k] = Read::Unsure(s.why(&names));
            }
            None
        }
        many => {
            let readings: Vec<String> = many
                .iter()
                .map(|k| format!("{}={}", names(*k), s.text))
                .collect();
            for k in &s.keys {
                reads[*k] = Read::Unsure(format!(
                    "{}；按行合计可读作 {}",
                    s.why(&names),
                    readings.join(" 或 ")
                ));
            }
            None
        }
    }
}

/// For every grid column of the header rows `0..header`, the candidate label its deepest
/// recognised header names.
pub(super) fn column_keys(
    grid: &Grid,
    header: std::ops::Range<usize>,
    labels: &[&str],
) -> Vec<Option<usize>> {
    let width = grid.slots.iter().map(Vec::len).max().unwrap_or(0);
    (0..width)
        .map(|c| {
            header.clone().rev().find_map(|r| {
                let cell = grid.at(r, c)?;
                match best(&cell.text, labels.iter().copied()) {
                    Match::One(i) => Some(i),
                    _ => None,
                }
            })
        })
        .collect()
}
