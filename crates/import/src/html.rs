//! Portal pages: the article's paragraphs and tables, with Word's and CMS editors' markup
//! (inline styles, `<span>` wrappers, `<p>` inside cells, `&nbsp;`) read through.

use scraper::{ElementRef, Html, Node, Selector};

use crate::grid::Grid;
use crate::page::{Block, Page};
use crate::text::tidy;

/// Reads an HTML page (a saved portal page or just its article).
pub(crate) fn read(source: &str) -> Page {
    let doc = Html::parse_document(source);
    let mut page = Page {
        title: meta_title(&doc),
        blocks: Vec::new(),
    };
    let mut walker = Walker::default();
    walker.walk(doc.root_element(), &mut page.blocks);
    walker.flush(&mut page.blocks);
    page
}

fn meta_title(doc: &Html) -> Option<String> {
    for (selector, attr) in [
        ("meta[name=ArticleTitle]", Some("content")),
        ("meta[property='og:title']", Some("content")),
        ("title", None),
    ] {
        let Ok(sel) = Selector::parse(selector) else {
            continue;
        };
        if let Some(el) = doc.select(&sel).next() {
            let text = match attr {
                Some(a) => el.value().attr(a).unwrap_or_default().to_owned(),
                None => el.text().collect(),
            };
            // A page title often carries the column and site: `题目_栏目_网站`.
            let text = tidy(text.split(['_', '|']).next().unwrap_or_default());
            if !text.is_empty() {
                return Some(text);
            }
        }
    }
    None
}

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "blockquote",
    "center",
    "tr",
    "hr",
    "pre",
    "dd",
    "dt",
    "dl",
];
const SKIP: &[&str] = &[
    "script", "style", "head", "noscript", "template", "iframe", "select",
];

#[derive(Default)]
struct Walker {
    line: String,
}

impl Walker {
    fn flush(&mut self, blocks: &mut Vec<Block>) {
        let text = tidy(&self.line);
        self.line.clear();
        if !text.is_empty() {
            blocks.push(Block::Paragraph(text));
        }
    }

    fn walk(&mut self, el: ElementRef<'_>, blocks: &mut Vec<Block>) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.line.push_str(t),
                Node::Element(e) => {
                    let Some(child) = ElementRef::wrap(child) else {
                        continue;
                    };
                    let name = e.name();
                    if SKIP.contains(&name) {
                        continue;
                    }
                    if name == "table" {
                        self.flush(blocks);
                        if has_inner_table(child) {
                            // A layout table around the article: read what it holds.
                            self.walk(child, blocks);
                        } else {
                            blocks.push(Block::Table(grid(child)));
                        }
                        continue;
                    }
                    let block = BLOCKS.contains(&name);
                    if block {
                        self.flush(blocks);
                    }
                    self.walk(child, blocks);
                    if block {
                        self.flush(blocks);
                    }
                }
                _ => {}
            }
        }
    }
}

fn has_inner_table(table: ElementRef<'_>) -> bool {
    table
        .descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .any(|e| e.value().name() == "table")
}

/// The rows of a table (those of nested tables excluded) as a grid.
fn grid(table: ElementRef<'_>) -> Grid {
    let mut rows = Vec::new();
    collect_rows(table, &mut rows);
    Grid::from_rows(rows)
}

fn collect_rows(el: ElementRef<'_>, rows: &mut Vec<Vec<(String, usize, usize)>>) {
    for child in el.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => {
                let cells = child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|c| matches!(c.value().name(), "td" | "th"))
                    .map(|c| {
                        let span = |name| {
                            c.value()
                                .attr(name)
                                .and_then(|v| v.trim().parse::<usize>().ok())
                                .unwrap_or(1)
                        };
                        (cell_text(c), span("rowspan"), span("colspan"))
                    })
                    .collect();
                rows.push(cells);
            }
            "table" => {}
            _ => collect_rows(child, rows),
        }
    }
}

/// A cell's text, its paragraphs and line breaks kept as `\n`.
fn cell_text(cell: ElementRef<'_>) -> String {
    let mut out = String::new();
    for node in cell.descendants() {
        match node.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if BLOCKS.contains(&e.name()) => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_owned()
}
