//! A table as a grid of slots: rowspan and colspan expanded, each slot naming the cell
//! that covers it, so rows and columns can be read by their labels whatever the markup.

/// A cell of a table as published.
#[derive(Clone, Debug)]
pub(crate) struct GridCell {
    /// Its text, with line breaks between its paragraphs.
    pub(crate) text: String,
    /// First grid column.
    pub(crate) col: usize,
    /// Number of grid columns it spans.
    pub(crate) cols: usize,
}

impl GridCell {
    /// The grid columns the cell covers.
    pub(crate) fn columns(&self) -> std::ops::Range<usize> {
        self.col..self.col + self.cols
    }
}

/// A table with its spans expanded.
#[derive(Clone, Debug, Default)]
pub(crate) struct Grid {
    /// Every cell once.
    pub(crate) cells: Vec<GridCell>,
    /// `slots[row][col]`: index into `cells` of the cell covering that slot.
    pub(crate) slots: Vec<Vec<Option<usize>>>,
    /// Rows where a part appended from another grid begins (a table broken over pages).
    pub(crate) breaks: Vec<usize>,
    /// The x of each column boundary, for grids rebuilt from a PDF's rulings.
    pub(crate) column_x: Option<Vec<f64>>,
}

/// Spans beyond these are markup errors; clamping them keeps a hostile file linear.
const MAX_COLSPAN: usize = 64;

impl Grid {
    /// Builds the grid from rows of `(text, rowspan, colspan)` as they appear in markup.
    pub(crate) fn from_rows(rows: Vec<Vec<(String, usize, usize)>>) -> Grid {
        let height = rows.len();
        let mut grid = Grid {
            cells: Vec::new(),
            slots: vec![Vec::new(); height],
            ..Grid::default()
        };
        for (r, row) in rows.into_iter().enumerate() {
            let mut c = 0;
            for (text, rowspan, colspan) in row {
                while grid.slots[r].get(c).copied().flatten().is_some() {
                    c += 1;
                }
                let colspan = colspan.clamp(1, MAX_COLSPAN);
                let rowspan = rowspan.clamp(1, height - r);
                let id = grid.cells.len();
                grid.cells.push(GridCell {
                    text,
                    col: c,
                    cols: colspan,
                });
                for rr in r..r + rowspan {
                    let slots = &mut grid.slots[rr];
                    if slots.len() < c + colspan {
                        slots.resize(c + colspan, None);
                    }
                    for slot in &mut slots[c..c + colspan] {
                        if slot.is_none() {
                            *slot = Some(id);
                        }
                    }
                }
                c += colspan;
            }
        }
        grid
    }

    /// Builds the grid from cells placed by position: `(text, row, col, rows, cols)`.
    pub(crate) fn from_cells(
        height: usize,
        width: usize,
        cells: Vec<(String, usize, usize, usize, usize)>,
    ) -> Grid {
        let mut grid = Grid {
            cells: Vec::new(),
            slots: vec![vec![None; width]; height],
            ..Grid::default()
        };
        for (text, row, col, rows, cols) in cells {
            let id = grid.cells.len();
            grid.cells.push(GridCell { text, col, cols });
            for r in row..(row + rows).min(height) {
                for c in col..(col + cols).min(width) {
                    grid.slots[r][c] = Some(id);
                }
            }
        }
        grid
    }

    /// Appends the rows of `more` (a table continued on the next page).
    pub(crate) fn append(&mut self, more: Grid) {
        self.breaks.push(self.slots.len());
        let offset = self.cells.len();
        self.cells.extend(more.cells);
        self.slots.extend(
            more.slots
                .into_iter()
                .map(|row| row.into_iter().map(|s| s.map(|id| id + offset)).collect()),
        );
    }

    /// Whether `other` continues this grid column for column: as many columns, and for
    /// grids from a PDF, the same boundaries.
    pub(crate) fn same_columns(&self, other: &Grid) -> bool {
        self.width() == other.width()
            && match (&self.column_x, &other.column_x) {
                (Some(a), Some(b)) => {
                    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 3.0)
                }
                (None, None) => true,
                _ => false,
            }
    }

    /// Number of grid columns.
    pub(crate) fn width(&self) -> usize {
        self.slots.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// Number of grid rows.
    pub(crate) fn height(&self) -> usize {
        self.slots.len()
    }

    /// The distinct cells covering row `r`, left to right (cells spanning down from above
    /// included).
    pub(crate) fn row(&self, r: usize) -> Vec<&GridCell> {
        let mut out: Vec<&GridCell> = Vec::new();
        let mut last = None;
        for id in self.slots.get(r).into_iter().flatten().flatten() {
            if last != Some(*id) {
                out.push(&self.cells[*id]);
                last = Some(*id);
            }
        }
        out
    }

    /// The cell covering `(r, c)`.
    pub(crate) fn at(&self, r: usize, c: usize) -> Option<&GridCell> {
        let id = self.slots.get(r)?.get(c).copied().flatten()?;
        self.cells.get(id)
    }

    /// All text of the table, for recognising which table it is.
    pub(crate) fn all_text(&self) -> String {
        self.cells.iter().map(|c| c.text.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(t: &str, r: usize, c: usize) -> (String, usize, usize) {
        (t.to_owned(), r, c)
    }

    #[test]
    fn spans_expand_and_later_cells_skip_covered_slots() {
        let g = Grid::from_rows(vec![
            vec![cell("a", 2, 1), cell("b", 1, 2)],
            vec![cell("c", 1, 1), cell("d", 1, 1)],
        ]);
        assert_eq!(g.at(1, 0).map(|c| c.text.as_str()), Some("a"));
        assert_eq!(g.at(1, 1).map(|c| c.text.as_str()), Some("c"));
        assert_eq!(g.at(1, 2).map(|c| c.text.as_str()), Some("d"));
        assert_eq!(g.row(0).len(), 2);
    }

    #[test]
    fn absurd_spans_are_clamped() {
        let g = Grid::from_rows(vec![vec![cell("a", 100_000, 100_000)]]);
        assert_eq!(g.height(), 1);
        assert_eq!(g.slots[0].len(), MAX_COLSPAN);
    }
}
