//! PDF reports with a text layer: the glyphs (Chinese through the fonts' ToUnicode maps)
//! and the table rulings, as pdf-extract hands them over; tables rebuilt from the rulings
//! (a cell is a region no ruling crosses), text placed in cells by position, the rest
//! joined into paragraphs.

use std::path::Path;

use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, PathOp, Transform};

use crate::ImportError;
use crate::grid::Grid;
use crate::page::{Block, Page};

/// A glyph: its text, left edge, baseline, advance and size, in PDF points (y up).
#[derive(Clone, Debug)]
struct Glyph {
    text: String,
    x: f64,
    y: f64,
    w: f64,
    size: f64,
}

/// A horizontal or vertical ruling: fixed coordinate and extent.
#[derive(Clone, Copy, Debug)]
struct Rule {
    at: f64,
    from: f64,
    to: f64,
}

#[derive(Default)]
struct PageInk {
    glyphs: Vec<Glyph>,
    horizontal: Vec<Rule>,
    vertical: Vec<Rule>,
}

#[derive(Default)]
struct Collector {
    pages: Vec<PageInk>,
}

/// Tolerance for "the same line" in points.
const EPS: f64 = 2.0;

impl Collector {
    fn page(&mut self) -> &mut PageInk {
        if self.pages.is_empty() {
            self.pages.push(PageInk::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn segment(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64)) {
        let page = self.page();
        if (y1 - y2).abs() < 1.0 && (x1 - x2).abs() > EPS {
            page.horizontal.push(Rule {
                at: (y1 + y2) / 2.0,
                from: x1.min(x2),
                to: x1.max(x2),
            });
        } else if (x1 - x2).abs() < 1.0 && (y1 - y2).abs() > EPS {
            page.vertical.push(Rule {
                at: (x1 + x2) / 2.0,
                from: y1.min(y2),
                to: y1.max(y2),
            });
        }
    }

    fn path(&mut self, ctm: &Transform, ops: &[PathOp], filled: bool) {
        let t = |x: f64, y: f64| {
            (
                ctm.m11 * x + ctm.m21 * y + ctm.m31,
                ctm.m12 * x + ctm.m22 * y + ctm.m32,
            )
        };
        let mut at = (0.0, 0.0);
        let mut start = (0.0, 0.0);
        for op in ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    at = t(x, y);
                    start = at;
                }
                PathOp::LineTo(x, y) => {
                    let to = t(x, y);
                    if !filled {
                        self.segment(at, to);
                    }
                    at = to;
                }
                PathOp::Rect(x, y, w, h) => {
                    let (a, b) = (t(x, y), t(x + w, y + h));
                    let (wide, high) = ((a.0 - b.0).abs(), (a.1 - b.1).abs());
                    if filled && high < 3.0 && wide > EPS {
                        // A thin filled bar: Word and WPS draw rulings so.
                        self.segment((a.0, (a.1 + b.1) / 2.0), (b.0, (a.1 + b.1) / 2.0));
                    } else if filled && wide < 3.0 && high > EPS {
                        self.segment(((a.0 + b.0) / 2.0, a.1), ((a.0 + b.0) / 2.0, b.1));
                    } else if !filled {
                        self.segment(a, (b.0, a.1));
                        self.segment((b.0, a.1), b);
                        self.segment(b, (a.0, b.1));
                        self.segment((a.0, b.1), a);
                    }
                }
                PathOp::Close => {
                    if !filled {
                        self.segment(at, start);
                    }
                    at = start;
                }
                PathOp::CurveTo(_, _, _, _, x, y) => at = t(x, y),
            }
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _: u32,
        _: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.pages.push(PageInk::default());
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let size = (font_size * trm.m11.hypot(trm.m12)).abs();
        let size = if size.is_finite() && size > 0.5 {
            size
        } else {
            10.0
        };
        self.page().glyphs.push(Glyph {
            text: text.to_owned(),
            x: trm.m31,
            y: trm.m32,
            w: (width * size).abs(),
            size,
        });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn stroke(
        &mut self,
        ctm: &Transform,
        _: &ColorSpace,
        _: &[f64],
        path: &pdf_extract::Path,
    ) -> Result<(), OutputError> {
        self.path(ctm, &path.ops, false);
        Ok(())
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        _: &ColorSpace,
        _: &[f64],
        path: &pdf_extract::Path,
    ) -> Result<(), OutputError> {
        self.path(ctm, &path.ops, true);
        Ok(())
    }
}

/// Reads a PDF's text layer into paragraphs and tables.
pub(crate) fn read(path: &Path, bytes: &[u8]) -> Result<Page, ImportError> {
    let fail = |why: String| ImportError::Pdf {
        path: path.to_owned(),
        why,
    };
    let doc = pdf_extract::Document::load_mem(bytes)
        .map_err(|e| fail(format!("the PDF cannot be read ({e})")))?;
    if doc.is_encrypted() {
        return Err(fail("the PDF is encrypted".into()));
    }
    let mut ink = Collector::default();
    // pdf-extract may panic on malformed content streams; a bad file is an error, not a crash.
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pdf_extract::output_doc(&doc, &mut ink)
    }));
    match run {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(fail(format!("the PDF's text cannot be read ({e})"))),
        Err(_) => {
            return Err(fail(
                "the PDF's text cannot be read (malformed content)".into(),
            ));
        }
    }
    if ink
        .pages
        .iter()
        .all(|p| p.glyphs.iter().all(|g| g.text.trim().is_empty()))
    {
        return Err(ImportError::Scanned(path.to_owned()));
    }
    let mut page = Page::default();
    let mut last_was_table = false;
    for p in ink.pages {
        let blocks = page_blocks(p);
        for (i, block) in blocks.into_iter().enumerate() {
            match block {
                Block::Table(grid) => {
                    // A table continued from the previous page: same columns, no text between.
                    if i == 0 && last_was_table {
                        if let Some(Block::Table(prev)) = page.blocks.last_mut() {
                            if prev.same_columns(&grid) {
                                prev.append(grid);
                                continue;
                            }
                        }
                    }
                    page.blocks.push(Block::Table(grid));
                    last_was_table = true;
                }
                Block::Paragraph(text) => {
                    // A paragraph running on from the previous page: no sentence end before
                    // the break, no heading after it.
                    if i == 0 && !last_was_table {
                        if let Some(Block::Paragraph(prev)) = page.blocks.last_mut() {
                            let ended = prev.ends_with(['。', '！', '？', '；', '：', ':']);
                            let heading =
                                text.starts_with(|c: char| "一二三四五六七八九十（(".contains(c));
                            if !ended && !heading {
                                prev.push_str(&text);
                                continue;
                            }
                        }
                    }
                    page.blocks.push(Block::Paragraph(text));
                    last_was_table = false;
                }
            }
        }
    }
    Ok(page)
}

/// Merges sorted coordinates closer than EPS.
fn distinct(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for x in v {
        match out.last() {
            Some(l) if x - l < EPS => {}
            _ => out.push(x),
        }
    }
    out
}

/// A table region: its rulings.
struct Region {
    horizontal: Vec<Rule>,
    vertical: Vec<Rule>,
    top: f64,
}

/// Groups the rulings of a page into tables: rulings that touch belong together.
fn regions(h: &[Rule], v: &[Rule]) -> Vec<Region> {
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for (i, a) in h.iter().enumerate() {
        for (j, b) in v.iter().enumerate() {
            let touch = b.at >= a.from - EPS
                && b.at <= a.to + EPS
                && a.at >= b.from - EPS
                && a.at <= b.to + EPS;
            if touch {
                let (x, y) = (find(&mut parent, i), find(&mut parent, h.len() + j));
                parent[x] = y;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Region> = std::collections::BTreeMap::new();
    for i in 0..n {
        let root = find(&mut parent, i);
        let r = groups.entry(root).or_insert(Region {
            horizontal: Vec::new(),
            vertical: Vec::new(),
            top: f64::MIN,
        });
        if i < h.len() {
            r.top = r.top.max(h[i].at);
            r.horizontal.push(h[i]);
        } else {
            r.vertical.push(v[i - h.len()]);
        }
    }
    let mut out: Vec<Region> = groups
        .into_values()
        .filter(|r| r.horizontal.len() >= 2 && r.vertical.len() >= 2)
        .collect();
    out.sort_by(|a, b| b.top.total_cmp(&a.top));
    out
}

/// The blocks of one page in reading order: tables from rulings, paragraphs from lines.
fn page_blocks(p: PageInk) -> Vec<Block> {
    let regions = regions(&p.horizontal, &p.vertical);
    let mut used = vec![false; p.glyphs.len()];
    // (top y, block)
    let mut placed: Vec<(f64, Block)> = Vec::new();
    for region in &regions {
        let ys: Vec<f64> = distinct(region.horizontal.iter().map(|r| r.at).collect())
            .into_iter()
            .rev()
            .collect();
        let xs = distinct(region.vertical.iter().map(|r| r.at).collect());
        if ys.len() < 2 || xs.len() < 2 {
            continue;
        }
        let (rows, cols) = (ys.len() - 1, xs.len() - 1);
        let has_v = |x: f64, y0: f64, y1: f64| {
            let mid = (y0 + y1) / 2.0;
            region
                .vertical
                .iter()
                .any(|r| (r.at - x).abs() < EPS && r.from - EPS <= mid && mid <= r.to + EPS)
        };
        let has_h = |y: f64, x0: f64, x1: f64| {
            let mid = (x0 + x1) / 2.0;
            region
                .horizontal
                .iter()
                .any(|r| (r.at - y).abs() < EPS && r.from - EPS <= mid && mid <= r.to + EPS)
        };
        // Elementary cells joined where no ruling separates them.
        let mut owner: Vec<Vec<usize>> = vec![vec![usize::MAX; cols]; rows];
        let mut cells: Vec<(String, usize, usize, usize, usize)> = Vec::new();
        for r in 0..rows {
            for c in 0..cols {
                if owner[r][c] != usize::MAX {
                    continue;
                }
                let mut w = 1;
                while c + w < cols && !has_v(xs[c + w], ys[r + 1], ys[r]) {
                    w += 1;
                }
                let mut h = 1;
                while r + h < rows && !has_h(ys[r + h], xs[c], xs[c + 1]) {
                    h += 1;
                }
                let id = cells.len();
                for row in owner.iter_mut().skip(r).take(h) {
                    for slot in row.iter_mut().skip(c).take(w) {
                        if *slot == usize::MAX {
                            *slot = id;
                        }
                    }
                }
                cells.push((String::new(), r, c, h, w));
            }
        }
        // Glyphs into cells by their centres.
        let mut texts: Vec<Vec<&Glyph>> = vec![Vec::new(); cells.len()];
        for (i, g) in p.glyphs.iter().enumerate() {
            let (cx, cy) = (g.x + g.w / 2.0, g.y + g.size * 0.35);
            if cx < xs[0] || cx > xs[cols] || cy > ys[0] || cy < ys[rows] {
                continue;
            }
            let c = xs.windows(2).position(|w| cx >= w[0] && cx <= w[1]);
            let r = ys.windows(2).position(|w| cy <= w[0] && cy >= w[1]);
            if let (Some(r), Some(c)) = (r, c) {
                texts[owner[r][c]].push(g);
                used[i] = true;
            }
        }
        for (cell, glyphs) in cells.iter_mut().zip(texts) {
            cell.0 = lines(&glyphs).join("\n");
        }
        let mut grid = Grid::from_cells(rows, cols, cells);
        grid.column_x = Some(xs.clone());
        placed.push((ys[0], Block::Table(grid)));
    }
    // The rest: lines, then paragraphs.
    let rest: Vec<&Glyph> = p
        .glyphs
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(g, _)| g)
        .collect();
    for (top, text) in paragraphs(&rest) {
        placed.push((top, Block::Paragraph(text)));
    }
    placed.sort_by(|a, b| b.0.total_cmp(&a.0));
    placed.into_iter().map(|(_, b)| b).collect()
}

/// Glyphs grouped into lines (top to bottom), each line's text left to right; a gap wider
/// than half a character is a space.
fn line_groups<'a>(glyphs: &[&'a Glyph]) -> Vec<Vec<&'a Glyph>> {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut out: Vec<Vec<&Glyph>> = Vec::new();
    for g in sorted {
        match out.last_mut() {
            Some(line) if (line[0].y - g.y).abs() < g.size.min(line[0].size) * 0.5 => line.push(g),
            _ => out.push(vec![g]),
        }
    }
    for line in &mut out {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    out
}

fn line_text(line: &[&Glyph]) -> String {
    let mut s = String::new();
    let mut end: Option<f64> = None;
    for g in line {
        if let Some(e) = end {
            if g.x - e > g.size * 0.5 {
                s.push(' ');
            }
        }
        s.push_str(&g.text);
        end = Some(g.x + g.w);
    }
    s
}

fn lines(glyphs: &[&Glyph]) -> Vec<String> {
    line_groups(glyphs).iter().map(|l| line_text(l)).collect()
}

/// Lines joined into paragraphs: a line that starts indented, or follows a line that
/// ends short of the right margin, starts a new paragraph. Page numbers are dropped.
fn paragraphs(glyphs: &[&Glyph]) -> Vec<(f64, String)> {
    let groups = line_groups(glyphs);
    let left = groups
        .iter()
        .filter_map(|l| l.first())
        .map(|g| g.x)
        .fold(f64::MAX, f64::min);
    let right = groups
        .iter()
        .filter_map(|l| l.last())
        .map(|g| g.x + g.w)
        .fold(f64::MIN, f64::max);
    let mut out: Vec<(f64, String)> = Vec::new();
    let mut open = false;
    for line in &groups {
        let text = line_text(line);
        let t = text.trim();
        if t.is_empty() || is_page_number(t) {
            continue;
        }
        let first = line[0];
        let last = line[line.len() - 1];
        let indented = first.x > left + first.size * 1.2;
        if open && !indented {
            if let Some((_, p)) = out.last_mut() {
                p.push_str(t);
            }
        } else {
            out.push((first.y, t.to_owned()));
        }
        open = last.x + last.w > right - last.size * 1.5;
    }
    out
}

fn is_page_number(t: &str) -> bool {
    let core: String = t
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '—' | '第' | '页'))
        .collect();
    !core.is_empty() && core.chars().all(|c| c.is_ascii_digit()) && core.len() <= 3
}
