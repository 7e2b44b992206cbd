//! Portal pages: the article's paragraphs and tables, with Word's and CMS editors' markup
//! (inline styles, `<span>` wrappers, `<p>` inside cells, `&nbsp;`) read through.

use scraper::{ElementRef, Html, Node, Selector};

use crate::grid::Grid;
use crate::page::{Block, Page};
use crate::text::tidy;

/// The page's text: UTF-8 (a byte-order mark dropped), else the encoding its `charset`
/// names (older portals save GBK or GB2312), else GB18030, which reads both.
pub(crate) fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_owned();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let label = head.find("charset=").map(|at| {
        head[at + 8..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect::<String>()
    });
    let encoding = label
        .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
        .filter(|e| *e != encoding_rs::UTF_8)
        .unwrap_or(encoding_rs::GB18030);
    encoding.decode(bytes).0.into_owned()
}

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
