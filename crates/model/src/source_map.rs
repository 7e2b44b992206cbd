//! Where each value of a YAML file stands: a map from a value's path to its span.
//!
//! Paths join mapping keys with `.` and sequence indexes with `[i]`:
//! `table3.withheld.third_party[0]`. The map is built from the parser's events, so
//! anchors and aliases are recorded, never expanded.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use saphyr_parser::{Event, Parser, ScanError, Span as YamlSpan};

use crate::message::Message;

/// A region of the source: byte offsets for slicing, line and column for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Line of the start, counting from 1.
    pub line: usize,
    /// Column of the start in characters, counting from 1.
    pub column: usize,
}

/// Byte offsets of line starts, to turn the parser's character positions into byte offsets.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The byte offset of `column` (0-based, in characters) on `line` (1-based).
    pub fn offset(&self, text: &str, line: usize, column: usize) -> usize {
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(text.len());
        let rest = text.get(start..).unwrap_or("");
        start
            + rest
                .char_indices()
                .nth(column)
                .map_or(rest.len(), |(i, _)| i)
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = text.get(start..offset).map_or(0, |s| s.chars().count());
        (line, column + 1)
    }

    /// The span of a byte range.
    pub fn span(&self, text: &str, start: usize, end: usize) -> Span {
        let (line, column) = self.line_column(text, start);
        Span {
            start,
            end,
            line,
            column,
        }
    }
}

/// Turns the parser's positions (line, column in characters) into byte offsets by walking
/// from the previous position: the parser's events come nearly in order, so a file costs
/// time linear in its size even when it is one long line (counting from each line's start
/// would cost the square of the line's length).
struct Cursor {
    line: usize,
    column: usize,
    byte: usize,
}

impl Cursor {
    /// The byte offset of `column` (0-based, in characters) on `line` (1-based).
    fn offset(&mut self, lines: &LineIndex, text: &str, line: usize, column: usize) -> usize {
        if line != self.line {
            let start = lines
                .starts
                .get(line.saturating_sub(1))
                .copied()
                .unwrap_or(text.len());
            *self = Cursor {
                line,
                column: 0,
                byte: start,
            };
        }
        while self.column < column {
            match text.get(self.byte..).and_then(|r| r.chars().next()) {
                Some(c) => {
                    self.byte += c.len_utf8();
                    self.column += 1;
                }
                None => break,
            }
        }
        while self.column > column {
            match text.get(..self.byte).and_then(|r| r.chars().next_back()) {
                Some(c) => {
                    self.byte -= c.len_utf8();
                    self.column -= 1;
                }
                None => break,
            }
        }
        self.byte
    }
}

/// Spans of every node and every mapping key of one YAML document.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    values: HashMap<String, Span>,
    keys: HashMap<String, Span>,
    duplicate_keys: HashMap<String, Span>,
    top_scalars: HashMap<String, String>,
    lines: LineIndex,
}

/// A syntax error found while mapping the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// What the parser reported, in both languages.
    pub message: Message,
    /// Where.
    pub span: Span,
}

enum Frame {
    Map {
        path: String,
        key: Option<String>,
        in_key: bool,
        flow: Option<Span>,
    },
    Seq {
        path: String,
        next: usize,
        flow: Option<Span>,
    },
}

impl Frame {
    /// The opening bracket, if this is a flow collection (`[…]` or `{…}`).
    fn flow(&self) -> Option<Span> {
        match self {
            Frame::Map { flow, .. } | Frame::Seq { flow, .. } => *flow,
        }
    }
}

/// The Chinese for a syntax error of the YAML scanner: its common messages in an editor's
/// terms, any other as a general sentence with the line and column (never the English).
fn scanner_zh(info: &str, line: usize, column: usize) -> String {
    let what = if info.contains("tab") {
        "出现了制表符：只能用空格缩进"
    } else if info.contains("mapping values are not allowed") || info.contains("':' indicator") {
        "此处不能出现“键: 值”：请检查缩进，含冒号的文字请加引号"
    } else if info.contains("did not find expected key") || info.contains("indentation") {
        "缩进不正确：同一层的键应对齐，下级内容应多缩进两个空格"
    } else if info.contains("expected ',' or ']'") {
        "方括号列表中缺少 `,` 或 `]`"
    } else if info.contains("expected ',' or '}'") {
        "花括号中缺少 `,` 或 `}`"
    } else if info.contains("quoted scalar") {
        "引号内的文字有误：引号没有配对，或含有无效的转义字符"
    } else if info.contains("cannot start any token") || info.contains("unexpected character") {
        "出现了不能作为值开头的字符：含特殊字符的文字请加引号"
    } else if info.contains("anchor") || info.contains("alias") {
        "别名（&、*）使用有误"
    } else if info.contains("did not find expected node content") {
        "此处缺少值"
    } else if info.contains("recursion limit") {
        "嵌套层次过深"
    } else {
        "语法错误，无法解析"
    };
    format!("{what}（第 {line} 行第 {column} 列）")
}

impl SourceMap {
    /// Maps `text`, or reports its first syntax error.
    pub fn build(text: &str) -> Result<SourceMap, SyntaxError> {
        let lines = LineIndex::new(text);
        let mut map = SourceMap {
            lines,
            ..SourceMap::default()
        };
        let mut stack: Vec<Frame> = Vec::new();
        let mut documents = 0usize;
        let mut cursor = Cursor {
            line: 0,
            column: 0,
            byte: 0,
        };
        for item in Parser::new_from_str(text) {
            let (event, span) = item.map_err(|e| map.syntax_error(text, &e, &stack))?;
            let span = map.convert(text, span, &mut cursor);
            if matches!(event, Event::MappingStart(..) | Event::SequenceStart(..))
                && stack.len() >= crate::budget::MAX_DEPTH
            {
                // Paths grow with depth: past the budget, mapping would cost the square.
                return Err(SyntaxError {
                    message: crate::budget::too_deep_message(),
                    span,
                });
            }
            match event {
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        return Err(SyntaxError {
                            message: Message::new(
                                "a report file holds one YAML document; remove the second `---`",
                                "一个报告文件只能有一份文档：请删除第二个 `---`",
                            ),
                            span,
                        });
                    }
                }
                Event::Scalar(value, ..) => {
                    if let Some(path) = map.enter(&mut stack, span, Some(&value)) {
                        if !path.contains(['.', '[']) {
                            map.top_scalars.insert(path, value.to_string());
                        }
                    }
                    Self::complete(&mut stack, Some(value.into_owned()));
                }
                Event::Alias(_) => {
                    map.enter(&mut stack, span, None);
                    Self::complete(&mut stack, Some("*".to_owned()));
                }
                Event::MappingStart(..) => {
                    let path = map
                        .enter(&mut stack, span, None)
                        .unwrap_or_else(|| "?".to_owned());
                    let flow = text[span.start..].starts_with('{').then_some(span);
                    stack.push(Frame::Map {
                        path,
                        key: None,
                        in_key: false,
                        flow,
                    });
                }
                Event::SequenceStart(..) => {
                    let path = map
                        .enter(&mut stack, span, None)
                        .unwrap_or_else(|| "?".to_owned());
                    let flow = text[span.start..].starts_with('[').then_some(span);
                    stack.push(Frame::Seq {
                        path,
                        next: 0,
                        flow,
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                    Self::complete(&mut stack, Some("?".to_owned()));
                }
                _ => {}
            }
        }
        Ok(map)
    }

    /// Records a node that starts at `span`; returns its path, or `None` when it is a key.
    fn enter(&mut self, stack: &mut [Frame], span: Span, scalar: Option<&str>) -> Option<String> {
        let path = match stack.last_mut() {
            None => String::new(),
            Some(Frame::Seq { path, next, .. }) => format!("{path}[{next}]"),
            Some(Frame::Map {
                path, key, in_key, ..
            }) => match key {
                None => {
                    *in_key = true;
                    if let Some(name) = scalar {
                        let full = if path.is_empty() {
                            name.to_owned()
                        } else {
                            format!("{path}.{name}")
                        };
                        match self.keys.entry(full) {
                            Entry::Occupied(seen) => {
                                self.duplicate_keys
                                    .entry(seen.key().clone())
                                    .or_insert(span);
                            }
                            Entry::Vacant(new) => {
                                new.insert(span);
                            }
                        }
                    }
                    return None;
                }
                Some(name) if path.is_empty() => name.clone(),
                Some(name) => format!("{path}.{name}"),
            },
        };
        self.values.entry(path.clone()).or_insert(span);
        Some(path)
    }

    /// Notes that a node has ended: a key is now known, or a value is done.
    fn complete(stack: &mut [Frame], text: Option<String>) {
        match stack.last_mut() {
            Some(Frame::Seq { next, .. }) => *next += 1,
            Some(Frame::Map { key, in_key, .. }) => {
                if *in_key {
                    *key = text;
                    *in_key = false;
                } else {
                    *key = None;
                }
            }
            None => {}
        }
    }

    fn convert(&self, text: &str, span: YamlSpan, cursor: &mut Cursor) -> Span {
        let start = cursor.offset(&self.lines, text, span.start.line(), span.start.col());
        let end = cursor
            .offset(&self.lines, text, span.end.line(), span.end.col())
            .max(start);
        Span {
            start,
            end,
            line: span.start.line(),
            column: span.start.col() + 1,
        }
    }

    fn syntax_error(&self, text: &str, e: &ScanError, stack: &[Frame]) -> SyntaxError {
        let m = e.marker();
        let mut start = self.lines.offset(text, m.line(), m.col());
        let mut message = e.info().to_owned();
        let mut tab = false;
        if message.contains("tab") {
            // The parser marks the token before the tab; point at the tab itself.
            if let Some(i) = text[start..].find('\t') {
                start += i;
                message = format!("{message}: indent with spaces, YAML does not allow tabs");
                tab = true;
            }
        }
        // An unclosed `[` or `{` is noticed only where the parser gives up, often lines
        // later; the bracket that was never closed is where the fix goes.
        if let Some(open) = stack.iter().rev().find_map(Frame::flow) {
            if open.line < self.lines.line_column(text, start).0 {
                let bracket = &text[open.start..open.start + 1];
                let close = if bracket == "[" { "]" } else { "}" };
                return SyntaxError {
                    message: Message::new(
                        format!(
                            "this `{bracket}` is never closed ({message}): close the bracket with `{close}` on the same line"
                        ),
                        format!("这个 `{bracket}` 没有闭合：请在同一行用 `{close}` 闭合"),
                    ),
                    span: Span {
                        start: open.start,
                        end: open.start + 1,
                        line: open.line,
                        column: open.column,
                    },
                };
            }
        }
        let end = text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
        let (line, column) = self.lines.line_column(text, start);
        let zh = if tab {
            "缩进中有制表符：只能用空格缩进".to_owned()
        } else {
            scanner_zh(e.info(), line, column)
        };
        SyntaxError {
            message: Message::new(message, zh),
            span: Span {
                start,
                end,
                line,
                column,
            },
        }
    }

    /// The span of the value at `path`.
    pub fn value(&self, path: &str) -> Option<Span> {
        self.values.get(path).copied()
    }

    /// The span of the key that introduces `path`.
    pub fn key(&self, path: &str) -> Option<Span> {
        self.keys.get(path).copied()
    }

    /// The value at `path`, else the nearest enclosing value that is present.
    pub fn nearest(&self, path: &str) -> Option<Span> {
        let mut p = path;
        loop {
            if let Some(span) = self.value(p).or_else(|| self.key(p)) {
                return Some(span);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }

    /// The span of the second occurrence of the key at `path`, if it occurs twice.
    pub fn duplicate_key(&self, path: &str) -> Option<Span> {
        self.duplicate_keys.get(path).copied()
    }

    /// The text of a top-level scalar, such as the value of `edition`.
    pub fn top_scalar(&self, key: &str) -> Option<&str> {
        self.top_scalars.get(key).map(String::as_str)
    }

    /// Line and column lookups for this source.
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "edition: 2019\ntable3:\n  total: [4, 0, 12]\n  withheld:\n    third_party:\n      - 1\n      - 名\n";

    #[test]
    fn maps_paths_to_lines_and_columns() {
        let map = SourceMap::build(SAMPLE).unwrap();
        let total2 = map.value("table3.total[2]").unwrap();
        assert_eq!((total2.line, total2.column), (3, 17));
        assert_eq!(&SAMPLE[total2.start..total2.end], "12");
        let item = map.value("table3.withheld.third_party[1]").unwrap();
        assert_eq!((item.line, item.column), (7, 9));
        assert_eq!(&SAMPLE[item.start..item.end], "名");
        assert_eq!(map.key("table3.withheld").map(|s| s.line), Some(4));
        assert_eq!(map.top_scalar("edition"), Some("2019"));
        assert_eq!(map.nearest("table3.total[9]").map(|s| s.line), Some(3));
    }

    #[test]
    fn byte_offsets_count_multibyte_characters() {
        let text = "名称: 温泉\nx: [1, 2]\n";
        let map = SourceMap::build(text).unwrap();
        let v = map.value("名称").unwrap();
        assert_eq!(&text[v.start..v.end], "温泉");
        assert_eq!(v.column, 5);
        let (line, col) = map.lines().line_column(text, v.start);
        assert_eq!((line, col), (1, 5));
    }

    #[test]
    fn an_unclosed_bracket_is_reported_where_it_opens() {
        let err = SourceMap::build("a:\n  b: [1, 2\n  c: [3]\nd: 4\n").unwrap_err();
        assert_eq!((err.span.line, err.span.column), (2, 6), "{err:?}");
        assert!(err.message.en.contains("never closed"), "{}", err.message);
        assert!(err.message.zh.contains("没有闭合"), "{}", err.message.zh);
    }

    #[test]
    fn a_tab_is_reported_where_it_is() {
        let err = SourceMap::build("a:\n  b: 1\n\tc: 2\n").unwrap_err();
        assert_eq!(err.span.line, 3, "{err:?}");
        assert!(err.message.en.contains("tab"), "{}", err.message);
        assert!(err.message.zh.contains("制表符"), "{}", err.message.zh);
    }

    #[test]
    fn duplicate_keys_are_remembered() {
        let map = SourceMap::build("a: 1\nb: {x: 1, x: 2}\na: 3\n").unwrap();
        assert_eq!(map.duplicate_key("a").map(|s| s.line), Some(3));
        assert_eq!(map.duplicate_key("b.x").map(|s| s.column), Some(11));
    }

    #[test]
    fn syntax_errors_carry_a_position() {
        let err = SourceMap::build("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.span.line >= 1);
        assert!(!err.message.en.is_empty() && !err.message.zh.is_empty());
    }
}
