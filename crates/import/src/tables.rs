//! Tables 2, 3 and 4 read from their grids: rows by their template labels, columns by their
//! header labels, never by position. A cell that cannot be read with certainty stays blank
//! with a note saying why.

use std::collections::BTreeMap;

use ogi_model::table2::{ROWS_2019, ROWS_2021, Table2};
use ogi_model::table3::{self, OtherOutcome, OtherSplit, Table3};
use ogi_model::table4::{self, GROUPS, Table4};
use ogi_model::{CellNotes, Count, Edition, Money, column_path};

use crate::grid::{Grid, GridCell};
use crate::labels::{Match, best};
use crate::text::{Figure, figure, label_core, looks_like_money, squash};

/// The three tables as read, with notes on every cell not read with certainty.
#[derive(Debug)]
pub(crate) struct Tables {
    /// The edition, from table 2's columns (or the year when they do not say).
    pub(crate) edition: Edition,
    /// Table 2.
    pub(crate) table2: Table2,
    /// Table 3.
    pub(crate) table3: Table3,
    /// Table 4.
    pub(crate) table4: Table4,
    /// Notes by YAML path.
    pub(crate) notes: CellNotes,
    /// Cells read with certainty (a printed blank counts as read).
    pub(crate) read: usize,
    /// Cells left blank because they could not be read with certainty.
    pub(crate) uncertain: usize,
}

/// What one cell of a template row was found to hold.
#[derive(Clone, Debug, PartialEq)]
enum Read {
    /// The text of the one cell under that column.
    Text(String),
    /// Nothing printed.
    Blank,
    /// Not certain, and why.
    Unsure(String),
}

const UNSURE: &str = "未能识别";

impl Tables {
    fn unsure(&mut self, path: String, why: &str) {
        self.uncertain += 1;
        let note = format!("{UNSURE}: {why}");
        self.notes
            .entry(path)
            .and_modify(|n| {
                n.push('\n');
                n.push_str(&note)
            })
            .or_insert(note);
    }

    fn note(&mut self, path: String, note: String) {
        self.notes
            .entry(path)
            .and_modify(|n| {
                n.push('\n');
                n.push_str(&note)
            })
            .or_insert(note);
    }

    /// A count from what was read; the label names the column in the note.
    fn count(&mut self, path: String, read: Read, column: &str) -> Option<Count> {
        match read {
            Read::Blank => {
                self.read += 1;
                None
            }
            Read::Unsure(why) => {
                self.unsure(path, &format!("{column}: {why}"));
                None
            }
            Read::Text(text) => match figure(&text) {
                Figure::Blank => {
                    self.read += 1;
                    None
                }
                Figure::Dash(d) => {
                    self.read += 1;
                    self.note(path, format!("注: {column} 印作“{d}”，按空白记"));
                    None
                }
                Figure::Number(n) => match Count::new(n) {
                    Some(c) => {
                        self.read += 1;
                        Some(c)
                    }
                    None => {
                        self.unsure(path, &format!("{column}: “{text}”超出数量的上限"));
                        None
                    }
                },
                Figure::Unreadable(t) => {
                    self.unsure(path, &format!("{column}: “{t}”不是一个数字"));
                    None
                }
            },
        }
    }

    fn money(&mut self, path: String, read: Read, column: &str) -> Option<Money> {
        match read {
            Read::Text(text) if looks_like_money(&text) => match squash(&text).parse::<Money>() {
                Ok(m) => {
                    self.read += 1;
                    Some(m)
                }
                Err(_) => {
                    self.unsure(path, &format!("{column}: “{text}”不是金额"));
                    None
                }
            },
            // Blank, a dash or unreadable text: noted by `count`; every plain number is
            // money-like and handled above, so nothing read here is a figure.
            other => {
                let _ = self.count(path, other, column);
                None
            }
        }
    }
}

/// Which of the tables a grid is, by the words it holds.
fn kind(grid: &Grid) -> Option<u8> {
    let text = squash(&grid.all_text());
    if text.contains("第二十条") || text.contains("信息内容") && text.contains("规章") {
        Some(2)
    } else if text.contains("本年新收") || text.contains("申请人情况") {
        Some(3)
    } else if text.contains("起诉") && text.contains("复议") {
        Some(4)
    } else {
        None
    }
}

/// The edition table 2's column labels belong to, if they say.
fn edition_of(grid: &Grid) -> Option<Edition> {
    let text = squash(&grid.all_text());
    let new = ["制发件数", "废止件数", "现行有效件数", "收费金额"]
        .iter()
        .any(|w| text.contains(w));
    let old = ["新制作数量", "新公开数量", "上一年项目数量", "采购项目数量"]
        .iter()
        .any(|w| text.contains(w));
    match (old, new) {
        (true, false) => Some(Edition::E2019),
        (false, true) => Some(Edition::E2021),
        _ => None,
    }
}

/// Reads the tables from the grids of a report; `year` decides the edition when table 2
/// does not.
pub(crate) fn read(grids: &[&Grid], year: Option<i32>) -> Tables {
    // A table broken over pages (a PDF) comes as several grids: their rows, in order.
    // Table 2 reads each part under its own column headers (its header is forgotten at a
    // break); tables 3 and 4 read every row under one header, so only a part with the
    // same columns joins them: another would shift the figures.
    let find = |k| {
        let mut parts = grids.iter().copied().filter(|g| kind(g) == Some(k));
        let mut whole = parts.next()?.clone();
        for more in parts {
            if k == 2 || whole.same_columns(more) {
                whole.append(more.clone());
            }
        }
        Some(whole)
    };
    let (t2, t3, t4) = (find(2), find(3), find(4));
    let (t2, t3, t4) = (t2.as_ref(), t3.as_ref(), t4.as_ref());
    let edition = t2
        .and_then(edition_of)
        .or_else(|| year.map(Edition::for_year))
        .unwrap_or(Edition::E2021);
    let mut tables = Tables {
        edition,
        table2: Table2::blank(edition),
        table3: Table3::default(),
        table4: Table4::default(),
        notes: BTreeMap::new(),
        read: 0,
        uncertain: 0,
    };
    read_table2(&mut tables, t2);
    read_table3(&mut tables, t3);
    read_table4(&mut tables, t4);
    tables
}

/// Index of the first row holding a figure: the rows above it are headers.
fn first_figure_row(grid: &Grid) -> usize {
    (0..grid.height())
        .find(|&r| {
            grid.row(r)
                .iter()
                .any(|c| matches!(figure(&c.text), Figure::Number(_)))
        })
        .unwrap_or(grid.height())
}

/// A printed figure whose cell covers the columns of several keys.
#[derive(Clone, Debug)]
struct Straddle {
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
fn assign_parts(row: &[&GridCell], keys: &[Option<usize>], n: usize) -> (Vec<Read>, Vec<Straddle>) {
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
fn assign(
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
fn resolve_by_row_sum(reads: &mut [Read], straddles: &[Straddle]) -> Option<(usize, String)> {
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
fn column_keys(grid: &Grid, header: std::ops::Range<usize>, labels: &[&str]) -> Vec<Option<usize>> {
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

fn read_table2(t: &mut Tables, grid: Option<&Grid>) {
    let specs = match t.edition {
        Edition::E2019 => &ROWS_2019[..],
        Edition::E2021 => &ROWS_2021[..],
    };
    let Some(grid) = grid else {
        t.note(
            "table2".into(),
            format!("{UNSURE}: 没有找到表二（主动公开政府信息情况）"),
        );
        for spec in specs {
            for (i, col) in spec.columns.iter().enumerate() {
                t.unsure(cell_path2(spec, i), &format!("{col}: 没有找到表二"));
            }
        }
        return;
    };
    let mut header: Option<usize> = None;
    let mut seen: Vec<Option<Vec<Read>>> = vec![None; specs.len()];
    for r in 0..grid.height() {
        if grid.breaks.contains(&r) {
            header = None;
        }
        let row = grid.row(r);
        let Some(first) = row.first() else { continue };
        let first_core = label_core(&first.text);
        if squash(&first.text).contains("第二十条") {
            header = None;
            continue;
        }
        if first_core == "信息内容" || is_header_row(&row, specs) {
            header = Some(r);
            continue;
        }
        let spec_index = match best(&first.text, specs.iter().map(|s| s.label)) {
            Match::One(i) => i,
            Match::Ambiguous(_) | Match::None => {
                if row.iter().skip(1).any(|c| is_figure_cell(c)) {
                    t.note(
                        "table2".into(),
                        format!(
                            "{UNSURE}: 表二中“{}”一行对应不上模板的任何一行，其数字未采用",
                            squash(&first.text)
                        ),
                    );
                    t.uncertain += 1;
                }
                continue;
            }
        };
        let spec = &specs[spec_index];
        let reads = match header {
            Some(h) => {
                let keys = column_keys(grid, h..h + 1, spec.columns);
                let value_row: Vec<&GridCell> =
                    row.iter().copied().filter(|c| c.col > first.col).collect();
                assign(&value_row, &keys, spec.columns.len(), &|k| {
                    spec.columns[k].to_owned()
                })
            }
            None => spec
                .columns
                .iter()
                .map(|_| Read::Unsure("此行上方没有列标题（信息内容……）".to_owned()))
                .collect(),
        };
        if seen[spec_index].is_some() {
            seen[spec_index] = Some(
                spec.columns
                    .iter()
                    .map(|_| Read::Unsure(format!("表二中“{}”出现了两次", spec.label)))
                    .collect(),
            );
        } else {
            seen[spec_index] = Some(reads);
        }
    }
    for (spec, reads) in specs.iter().zip(seen) {
        let reads = reads.unwrap_or_else(|| {
            spec.columns
                .iter()
                .map(|_| Read::Unsure(format!("表二中没有找到“{}”一行", spec.label)))
                .collect()
        });
        for (i, read) in reads.into_iter().enumerate() {
            let path = cell_path2(spec, i);
            let column = spec.columns[i];
            if Table2::is_money(t.edition, spec.key, i) {
                let v = t.money(path, read, column);
                t.table2.set_money(spec.key, i, v);
            } else {
                let v = t.count(path, read, column);
                t.table2.set_count(spec.key, i, v);
            }
        }
    }
}

/// A row of table 2 naming columns: no figures, and a cell after the first that is one of
/// the template's column labels (typos and split words allowed).
fn is_header_row(row: &[&GridCell], specs: &[ogi_model::table2::RowSpec]) -> bool {
    let columns: Vec<&str> = specs
        .iter()
        .flat_map(|s| s.columns.iter().copied())
        .collect();
    row.len() > 1
        && row.iter().skip(1).all(|c| !is_figure_cell(c))
        && row.iter().skip(1).any(|c| {
            matches!(
                best(&c.text, columns.iter().copied()),
                Match::One(_) | Match::Ambiguous(_)
            )
        })
}

fn cell_path2(spec: &ogi_model::table2::RowSpec, column: usize) -> String {
    if spec.columns.len() == 1 {
        spec.path()
    } else {
        column_path(&spec.path(), column)
    }
}

fn is_figure_cell(c: &GridCell) -> bool {
    matches!(figure(&c.text), Figure::Number(_)) || looks_like_money(&c.text)
}

const GROUP_WORDS: [(&str, &str); 4] = [
    ("不予公开", "（三）不予公开"),
    ("无法提供", "（四）无法提供"),
    ("不予处理", "（五）不予处理"),
    ("其他处理", "（六）其他处理"),
];

fn read_table3(t: &mut Tables, grid: Option<&Grid>) {
    let specs = Table3::all_specs();
    let n_cols = table3::COLUMNS.len();
    let mut seen: Vec<Option<Vec<Read>>> = vec![None; specs.len()];
    if let Some(grid) = grid {
        let first = first_figure_row(grid);
        let keys = column_keys(grid, 0..first, &table3::COLUMNS);
        for r in first..grid.height() {
            let row = grid.row(r);
            let labels: Vec<&GridCell> = row
                .iter()
                .copied()
                .filter(|c| {
                    c.columns()
                        .all(|col| keys.get(col).copied().flatten().is_none())
                })
                .collect();
            let has_figures = row
                .iter()
                .any(|c| is_figure_cell(c) && !labels.iter().any(|l| std::ptr::eq(*l, *c)));
            let Some(leaf) = labels.iter().rev().find(|c| !squash(&c.text).is_empty()) else {
                if has_figures {
                    t.note(
                        "table3".into(),
                        format!("{UNSURE}: 表三第 {} 行有数字而没有行标题，未采用", r + 1),
                    );
                    t.uncertain += 1;
                }
                continue;
            };
            let matched = best(&leaf.text, specs.iter().map(|s| s.label));
            let i = match matched {
                Match::One(i) => i,
                Match::Ambiguous(_) | Match::None => {
                    if has_figures {
                        let why = match matched {
                            Match::Ambiguous(ref c) => format!(
                                "可能是{}",
                                c.iter()
                                    .map(|i| specs[*i].full_label())
                                    .collect::<Vec<_>>()
                                    .join("或")
                            ),
                            _ => "对应不上模板的任何一行".to_owned(),
                        };
                        t.note(
                            "table3".into(),
                            format!(
                                "{UNSURE}: 表三中“{}”一行{why}，其数字未采用",
                                squash(&leaf.text)
                            ),
                        );
                        // Counted: figures printed and not used must not pass unnoticed.
                        t.uncertain += 1;
                    }
                    continue;
                }
            };
            let spec = &specs[i];
            // A group label printed beside the row must agree with the row's own group.
            let group_cells: Vec<&&GridCell> = labels
                .iter()
                .filter(|c| !std::ptr::eq(**c, *leaf))
                .collect();
            let printed_group = group_cells.iter().find_map(|c| {
                let core = label_core(&c.text);
                GROUP_WORDS
                    .iter()
                    .find(|(w, _)| core.contains(w))
                    .map(|(_, g)| *g)
            });
            let reads = if printed_group.is_some() && printed_group != spec.group {
                let why = format!(
                    "行标题“{}”属于{}，而它旁边印的是{}",
                    squash(&leaf.text),
                    spec.group.unwrap_or("表三的第一级"),
                    printed_group.unwrap_or_default()
                );
                vec![Read::Unsure(why); n_cols]
            } else {
                let value_row: Vec<&GridCell> = row
                    .iter()
                    .copied()
                    .filter(|c| !labels.iter().any(|l| std::ptr::eq(*l, *c)))
                    .collect();
                let (mut reads, straddles) = assign_parts(&value_row, &keys, n_cols);
                if let Some((k, note)) = resolve_by_row_sum(&mut reads, &straddles) {
                    t.note(column_path(&spec.path(), k), note);
                }
                reads
            };
            seen[i] = Some(match seen[i] {
                Some(_) => vec![
                    Read::Unsure(format!("表三中“{}”出现了两次", spec.full_label()));
                    n_cols
                ],
                None => reads,
            });
        }
    } else {
        t.note(
            "table3".into(),
            format!("{UNSURE}: 没有找到表三（收到和处理政府信息公开申请情况）"),
        );
    }
    // The shape of （六） is the one printed: three sub-rows if any was found.
    let split = specs
        .iter()
        .zip(&seen)
        .any(|(s, r)| r.is_some() && s.key.starts_with("other."));
    if split {
        t.table3.other = OtherOutcome::Split(OtherSplit::default());
    }
    for (spec, reads) in specs.iter().zip(seen) {
        if t.table3.row_mut(spec.key).is_none() {
            if reads.is_some() {
                t.note(
                    "table3.other".into(),
                    format!(
                        "{UNSURE}: 表三同时印有（六）的一行和三个分项，“{}”一行未采用",
                        spec.label
                    ),
                );
                t.uncertain += 1;
            }
            continue;
        }
        let reads = reads.unwrap_or_else(|| {
            vec![
                Read::Unsure(format!("表三中没有找到“{}”一行", spec.full_label()));
                n_cols
            ]
        });
        let mut values = [None; 7];
        for (c, read) in reads.into_iter().enumerate() {
            values[c] = t.count(column_path(&spec.path(), c), read, table3::COLUMNS[c]);
        }
        if let Some(row) = t.table3.row_mut(spec.key) {
            row.0 = values;
        }
    }
}

/// Which group of table 4 a header path names.
fn group4(path: &str) -> Option<usize> {
    if path.contains("复议后起诉") {
        Some(2)
    } else if path.contains("直接起诉") || path.contains("未经复议") {
        Some(1)
    } else if path.contains("复议") && !path.contains("诉讼") {
        Some(0)
    } else {
        None
    }
}

/// Which column of a group of table 4 a header names.
fn column4(leaf: &str) -> Option<usize> {
    let words = ["维持", "纠正", "其他", "审结", "总计"];
    let hits: Vec<usize> = (0..5)
        .filter(|&i| leaf.contains(words[i]) || i == 4 && leaf.contains("合计"))
        .collect();
    match hits.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

fn read_table4(t: &mut Tables, grid: Option<&Grid>) {
    let n = GROUPS.len() * table4::COLUMNS.len();
    let mut reads: Vec<Read> =
        vec![Read::Unsure("没有找到表四（行政复议、行政诉讼情况）".into()); n];
    if let Some(grid) = grid {
        let first = first_figure_row(grid);
        let width = grid.slots.iter().map(Vec::len).max().unwrap_or(0);
        let keys: Vec<Option<usize>> = (0..width)
            .map(|c| {
                let mut path = String::new();
                let mut leaf = String::new();
                for r in 0..first {
                    if let Some(cell) = grid.at(r, c) {
                        let s = squash(&cell.text);
                        if !path.ends_with(&s) {
                            path.push_str(&s);
                            path.push('|');
                            leaf = s;
                        }
                    }
                }
                Some(group4(&path)? * 5 + column4(&leaf)?)
            })
            .collect();
        let data: Vec<usize> = (first..grid.height())
            .filter(|&r| grid.row(r).iter().any(|c| is_figure_cell(c)))
            .collect();
        reads = match data.as_slice() {
            [r] => assign(&grid.row(*r), &keys, n, &|k| name4(k)),
            [] => vec![Read::Unsure("表四中没有数字".into()); n],
            _ => vec![
                Read::Unsure(format!("表四有 {} 行数字，模板只有一行", data.len()));
                n
            ],
        };
    }
    for (k, read) in reads.into_iter().enumerate() {
        let (g, c) = (k / 5, k % 5);
        let spec = GROUPS[g];
        let v = t.count(column_path(&spec.path(), c), read, table4::COLUMNS[c]);
        if let Some(row) = t.table4.group_mut(spec.key) {
            row.0[c] = v;
        }
    }
}

fn name4(k: usize) -> String {
    format!("{} · {}", GROUPS[k / 5].label, table4::COLUMNS[k % 5])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid::from_rows(
            rows.iter()
                .map(|r| r.iter().map(|t| ((*t).to_owned(), 1, 1)).collect())
                .collect(),
        )
    }

    #[test]
    fn a_table_2_part_without_its_own_header_is_not_read_under_the_previous_one() {
        let mut t2 = grid(&[
            &["第二十条第（一）项"],
            &["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            &["规章", "1", "2", "3"],
        ]);
        // The next page: a data row with a column fewer, no header above it.
        t2.append(grid(&[&["行政规范性文件", "4", "5"]]));
        let t = read(&[&t2], Some(2022));
        assert_eq!(t.edition, Edition::E2021);
        let cells = t.table2.cells();
        assert_eq!(cells[0].value.display(), "1");
        assert_eq!(cells[3].value.display(), "~", "{:?}", t.notes);
        assert!(t.notes["table2.normative_documents[0]"].contains("没有列标题"));
    }

    #[test]
    fn table_3_parts_with_other_columns_are_not_joined() {
        let a = Grid {
            column_x: Some(vec![0.0, 10.0, 20.0]),
            ..grid(&[&["申请人情况", "x"]])
        };
        let b = Grid {
            column_x: Some(vec![0.0, 15.0, 20.0]),
            ..grid(&[&["y", "z"]])
        };
        assert!(!a.same_columns(&b));
        assert!(a.same_columns(&a.clone()));
    }
}
