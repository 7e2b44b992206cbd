//! The fast path for report files in their regular shape: a hand-written reader of the
//! small part of YAML that report files are written in (block mappings of plain keys, one-line
//! plain or quoted scalars, one-line flow sequences of scalars, literal blocks), feeding the
//! model's own `Deserialize` implementations through a deserializer that presents each value
//! as serde_yaml's does. libyaml then never reads the file.
//!
//! The fast path only ever succeeds where serde_yaml gives the same value: anything outside
//! that part of YAML (a tab, a quote or bracket left open, an anchor, alias or tag, a block
//! sequence, a folded block, a multi-line plain scalar, an escape, a document marker, odd
//! indentation) and any error at all, however small, gives `None`, and the caller parses the
//! file the full way, so that every message, line and column is serde_yaml's own. The
//! differential tests (`tests/fast_path.rs`) hold the two paths to the same results.

use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};

use crate::lift::{Chomp, block_end, indentation, literal, plain_chars};

/// Why the fast path gave up; never shown: the full path says what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("outside the regular shape of a report file")]
pub(crate) struct Bail;

impl de::Error for Bail {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        // Not formatted: the message would be thrown away.
        Bail
    }
}

type Result<T, E = Bail> = std::result::Result<T, E>;

/// How deep mappings may nest on the fast path (a report nests three levels).
const MAX_NESTING: usize = 8;

// What the fast path reads is within the depth budget (mappings, and one flow collection
// inside), which is why the loader need not check the budget before it.
const _: () = assert!(MAX_NESTING + 2 < crate::budget::MAX_DEPTH);

/// Longest key taken on the fast path (libyaml refuses simple keys past 1,024 characters).
const MAX_KEY: usize = 64;

/// Whether a scalar was written plain (its text may then mean null, a number, a boolean)
/// or quoted or as a block (always a string).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Plain,
    Quoted,
}

/// The parser events of the part of YAML read here, as libyaml would emit them.
#[derive(Debug, PartialEq, Eq)]
enum Event<'a> {
    MapStart,
    MapEnd,
    SeqStart,
    SeqEnd,
    /// A scalar whose text stands in the file as it is.
    Scalar(&'a str, Style),
    /// A scalar whose text had to be put together (a literal block, a `''` escape).
    Owned(String),
}

/// Reads `text` into `T` on the fast path, or `None` when the text is not in the regular
/// shape or does not deserialize (the full path then says why).
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    let events = scan(text).ok()?;
    let mut reader = Events { events, pos: 0 };
    let value = T::deserialize(&mut reader).ok()?;
    (reader.pos == reader.events.len()).then_some(value)
}

/// The events of `text`, if it is in the regular shape.
fn scan(text: &str) -> Result<Vec<Event<'_>>> {
    if !plain_chars(text) {
        return Err(Bail);
    }
    // The lines, each with its line break, found by a vectorized search for the breaks.
    let mut lines = Vec::with_capacity(text.len() / 64 + 16);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        lines.push(&text[start..=end]);
        start = end + 1;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    let mut scanner = Scanner {
        lines,
        next: 0,
        events: Vec::with_capacity(512),
    };
    scanner.mapping(0, 0)?;
    if scanner.events.len() <= 2 || scanner.next_content(scanner.next)?.is_some() {
        return Err(Bail);
    }
    Ok(scanner.events)
}

/// A line without its line break.
fn content(line: &str) -> &str {
    line.strip_suffix('\n').unwrap_or(line)
}

/// A byte that may appear in a key read here.
fn key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Reads the lines of a file into events.
struct Scanner<'a> {
    lines: Vec<&'a str>,
    /// The next line to read.
    next: usize,
    events: Vec<Event<'a>>,
}

impl<'a> Scanner<'a> {
    /// The first line from `from` on that is neither blank nor a comment; no line on the
    /// way may hold a tab.
    fn next_content(&self, from: usize) -> Result<Option<usize>> {
        for (j, line) in self.lines.iter().enumerate().skip(from) {
            let line = content(line);
            if line.as_bytes().contains(&b'\t') {
                return Err(Bail);
            }
            let rest = line.trim_start_matches(' ');
            if !(rest.is_empty() || rest.starts_with('#')) {
                return Ok(Some(j));
            }
        }
        Ok(None)
    }

    /// A block mapping whose keys stand `indent` spaces in, from the next line on.
    fn mapping(&mut self, indent: usize, depth: usize) -> Result<()> {
        if depth > MAX_NESTING {
            return Err(Bail);
        }
        self.events.push(Event::MapStart);
        while let Some(j) = self.next_content(self.next)? {
            let line = content(self.lines[j]);
            let at = indentation(line);
            if at < indent {
                break;
            }
            if at > indent {
                return Err(Bail);
            }
            self.next = j + 1;
            let rest = &line[at..];
            let key_len = rest.bytes().take_while(|&b| key_byte(b)).count();
            if key_len == 0 || key_len > MAX_KEY {
                return Err(Bail);
            }
            let (key, after) = rest.split_at(key_len);
            let after = after.strip_prefix(':').ok_or(Bail)?;
            if !(after.is_empty() || after.starts_with(' ')) {
                return Err(Bail);
            }
            self.events.push(Event::Scalar(key, Style::Plain));
            self.value(after.trim_start_matches(' '), indent, depth)?;
        }
        self.events.push(Event::MapEnd);
        Ok(())
    }

    /// The value of a key of a mapping at `indent`, which starts with `value` on the key's
    /// line (after the spaces that follow the colon).
    fn value(&mut self, value: &'a str, indent: usize, depth: usize) -> Result<()> {
        let bytes = value.as_bytes();
        match bytes.first() {
            // Nothing on the line (or a comment): a block below, or an empty scalar.
            None | Some(b'#') => match self.next_content(self.next)? {
                Some(j) if indentation(self.lines[j]) > indent => {
                    let line = content(self.lines[j]);
                    let at = indentation(line);
                    if line[at..].starts_with('-') {
                        return Err(Bail); // a block sequence
                    }
                    self.next = j;
                    self.mapping(at, depth + 1)
                }
                _ => {
                    self.events.push(Event::Scalar("", Style::Plain));
                    Ok(())
                }
            },
            Some(b'|') => self.block(value, indent),
            Some(b'"') => {
                let (text, after) = double_quoted(value)?;
                self.events.push(Event::Scalar(text, Style::Quoted));
                line_end(after)
            }
            Some(b'\'') => {
                let (text, after) = single_quoted(value)?;
                self.events.push(text);
                line_end(after)
            }
            Some(b'[') => self.flow(&value[1..]),
            Some(b'{') => self.flow_mapping(&value[1..]),
            Some(&b) if starts_plain(b, bytes.get(1).copied()) => {
                // A plain scalar ends at a comment; it may not hold a mapping's `: `.
                let end = value.find(" #").unwrap_or(value.len());
                let text = value[..end].trim_end_matches(' ');
                if text.contains(": ") || text.ends_with(':') {
                    return Err(Bail);
                }
                self.events.push(Event::Scalar(text, Style::Plain));
                Ok(())
            }
            Some(_) => Err(Bail),
        }
    }

    /// A literal block (`|`, `|-`, `|+`) whose header is `header`, under a key at `indent`.
    fn block(&mut self, header: &str, indent: usize) -> Result<()> {
        let chomp = match header.trim_end_matches(' ') {
            "|" => Chomp::Clip,
            "|-" => Chomp::Strip,
            "|+" => Chomp::Keep,
            _ => return Err(Bail),
        };
        let end = block_end(&self.lines, self.next, indent);
        let text = literal(&self.lines[self.next..end], chomp).ok_or(Bail)?;
        self.events.push(Event::Owned(text));
        self.next = end;
        Ok(())
    }

    /// A flow sequence of scalars that closes on its line; `rest` follows its `[`.
    fn flow(&mut self, mut rest: &'a str) -> Result<()> {
        self.events.push(Event::SeqStart);
        rest = rest.trim_start_matches(' ');
        if let Some(after) = rest.strip_prefix(']') {
            self.events.push(Event::SeqEnd);
            return line_end(after);
        }
        loop {
            let (item, after) = Self::flow_scalar(rest)?;
            self.events.push(item);
            rest = after;
            rest = rest.trim_start_matches(' ');
            match rest.as_bytes().first() {
                Some(b',') => rest = rest[1..].trim_start_matches(' '),
                Some(b']') => {
                    self.events.push(Event::SeqEnd);
                    return line_end(&rest[1..]);
                }
                _ => return Err(Bail),
            }
        }
    }

    /// A scalar in a flow collection, from the start of `rest`: its event and what follows.
    fn flow_scalar(rest: &'a str) -> Result<(Event<'a>, &'a str)> {
        let bytes = rest.as_bytes();
        match bytes.first() {
            Some(b'"') => {
                let (text, after) = double_quoted(rest)?;
                Ok((Event::Scalar(text, Style::Quoted), after))
            }
            Some(b'\'') => single_quoted(rest),
            Some(&b) if starts_plain(b, bytes.get(1).copied()) => {
                let end = rest.find([',', ']', '}']).ok_or(Bail)?;
                let text = rest[..end].trim_end_matches(' ');
                if text.contains([':', '#', '[', ']', '{', '}', '"', '\'']) {
                    return Err(Bail);
                }
                Ok((Event::Scalar(text, Style::Plain), &rest[end..]))
            }
            _ => Err(Bail),
        }
    }

    /// A flow mapping of plain keys and scalars that closes on its line; `rest` follows
    /// its `{`.
    fn flow_mapping(&mut self, mut rest: &'a str) -> Result<()> {
        self.events.push(Event::MapStart);
        rest = rest.trim_start_matches(' ');
        if let Some(after) = rest.strip_prefix('}') {
            self.events.push(Event::MapEnd);
            return line_end(after);
        }
        loop {
            let key_len = rest.bytes().take_while(|&b| key_byte(b)).count();
            if key_len == 0 || key_len > MAX_KEY {
                return Err(Bail);
            }
            let (key, after) = rest.split_at(key_len);
            let after = after.strip_prefix(": ").ok_or(Bail)?;
            self.events.push(Event::Scalar(key, Style::Plain));
            let (value, after) = Self::flow_scalar(after.trim_start_matches(' '))?;
            self.events.push(value);
            rest = after.trim_start_matches(' ');
            match rest.as_bytes().first() {
                Some(b',') => rest = rest[1..].trim_start_matches(' '),
                Some(b'}') => {
                    self.events.push(Event::MapEnd);
                    return line_end(&rest[1..]);
                }
                _ => return Err(Bail),
            }
        }
    }
}

/// Whether a plain scalar may start with `b` (followed by `next`) in either context: not
/// an indicator, but for a `-` before a digit (a negative number).
fn starts_plain(b: u8, next: Option<u8>) -> bool {
    match b {
        b'-' => next.is_some_and(|n| n.is_ascii_digit()),
        b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
        | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' | b' ' => false,
        _ => true,
    }
}

/// What may follow a value on its line: spaces, then nothing or a comment.
fn line_end(after: &str) -> Result<()> {
    let rest = after.trim_start_matches(' ');
    if rest.is_empty() || (rest.starts_with('#') && rest.len() < after.len()) {
        Ok(())
    } else {
        Err(Bail)
    }
}

/// A double-quoted scalar without escapes that opens `value` and closes on its line: its
/// text and what follows the closing quote.
fn double_quoted(value: &str) -> Result<(&str, &str)> {
    let body = &value[1..];
    let close = body.find(['"', '\\']).ok_or(Bail)?;
    if body.as_bytes()[close] != b'"' {
        return Err(Bail);
    }
    Ok((&body[..close], &body[close + 1..]))
}

/// A single-quoted scalar that opens `value` and closes on its line: its event (its text
/// put together when it has `''` escapes) and what follows the closing quote.
fn single_quoted(value: &str) -> Result<(Event<'_>, &str)> {
    let body = &value[1..];
    let mut owned: Option<String> = None;
    let mut from = 0;
    loop {
        let close = from + body[from..].find('\'').ok_or(Bail)?;
        if body[close + 1..].starts_with('\'') {
            owned
                .get_or_insert_with(String::new)
                .push_str(&body[from..=close]);
            from = close + 2;
            continue;
        }
        let after = &body[close + 1..];
        return Ok(match owned {
            Some(mut text) => {
                text.push_str(&body[from..close]);
                (Event::Owned(text), after)
            }
            None => (Event::Scalar(&body[..close], Style::Quoted), after),
        });
    }
}

/// Whether a plain scalar means null to serde_yaml.
fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// A plain scalar that serde_yaml reads as an integer, in the plain decimal form read here
/// (`0`, `12`, `-3`; no sign on a positive number, no leading zero, at most 18 digits):
/// `Ok` for one that is not negative, `Err` for a negative one. Other numbers, booleans
/// and floats give `None`, and the fast path gives up on them.
fn small_int(text: &str) -> Option<Result<u64, i64>> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text),
    };
    let plain = !digits.is_empty()
        && digits.len() <= 18
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits.len() == 1 || !digits.starts_with('0'));
    if !plain {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    Some(if negative {
        Err(-i64::try_from(n).ok()?)
    } else {
        Ok(n)
    })
}

/// The deserializer over the events, presenting each value as serde_yaml's deserializer
/// does for the same events (`serde_yaml::de`, 0.9), but giving up where serde_yaml would
/// fail or where a value would need more of its rules than are written here.
struct Events<'a> {
    events: Vec<Event<'a>>,
    pos: usize,
}

/// A node as it starts, taken from the events.
enum Node<'a> {
    Scalar(&'a str, Style),
    Owned(String),
    Seq,
    Map,
}

impl<'a> Events<'a> {
    fn peek(&self) -> Option<&Event<'a>> {
        self.events.get(self.pos)
    }

    /// Takes the event that starts the next node.
    fn node(&mut self) -> Result<Node<'a>> {
        let event = self.events.get_mut(self.pos).ok_or(Bail)?;
        self.pos += 1;
        Ok(match event {
            Event::Scalar(text, style) => Node::Scalar(text, *style),
            Event::Owned(text) => Node::Owned(std::mem::take(text)),
            Event::SeqStart => Node::Seq,
            Event::MapStart => Node::Map,
            Event::SeqEnd | Event::MapEnd => return Err(Bail),
        })
    }

    /// Takes `end`, which must come next: serde_yaml refuses a collection whose visitor
    /// left entries unread.
    fn end(&mut self, end: &Event<'_>) -> Result<()> {
        if self.peek() == Some(end) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Bail)
        }
    }

    fn visit_seq<'de, V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let value = visitor.visit_seq(Seq {
            events: self,
            empty: false,
        })?;
        self.end(&Event::SeqEnd)?;
        Ok(value)
    }

    fn visit_map<'de, V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let value = visitor.visit_map(Map {
            events: self,
            empty: false,
        })?;
        self.end(&Event::MapEnd)?;
        Ok(value)
    }
}

/// The deserialize methods no report type calls: the fast path gives up on them.
macro_rules! bail {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
                Err(Bail)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for &mut Events<'_> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.node()? {
            Node::Scalar(text, Style::Plain) => {
                if is_null(text) {
                    return visitor.visit_unit();
                }
                match small_int(text) {
                    Some(Ok(n)) => visitor.visit_u64(n),
                    Some(Err(n)) => visitor.visit_i64(n),
                    None => Err(Bail),
                }
            }
            Node::Scalar(text, Style::Quoted) => visitor.visit_str(text),
            Node::Owned(text) => visitor.visit_string(text),
            Node::Seq => self.visit_seq(visitor),
            Node::Map => self.visit_map(visitor),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.node()? {
            Node::Scalar(text, _) => visitor.visit_str(text),
            Node::Owned(text) => visitor.visit_string(text),
            Node::Seq | Node::Map => Err(Bail),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek() {
            Some(Event::Scalar(text, Style::Plain)) if is_null(text) => {
                self.pos += 1;
                visitor.visit_none()
            }
            Some(Event::Scalar(..) | Event::Owned(_) | Event::SeqStart | Event::MapStart) => {
                visitor.visit_some(self)
            }
            _ => Err(Bail),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.node()? {
            Node::Seq => self.visit_seq(visitor),
            // An empty plain scalar is an empty sequence to serde_yaml.
            Node::Scalar("", Style::Plain) => visitor.visit_seq(Seq {
                events: self,
                empty: true,
            }),
            _ => Err(Bail),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.node()? {
            Node::Map => self.visit_map(visitor),
            // An empty plain scalar is an empty mapping to serde_yaml.
            Node::Scalar("", Style::Plain) => visitor.visit_map(Map {
                events: self,
                empty: true,
            }),
            _ => Err(Bail),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // A unit variant named by a scalar; serde_yaml reads the scalar as its name.
        match self.peek() {
            Some(Event::Scalar(..) | Event::Owned(_)) => visitor.visit_enum(UnitVariant(self)),
            _ => Err(Bail),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let mut depth = 0usize;
        loop {
            let event = self.events.get(self.pos).ok_or(Bail)?;
            self.pos += 1;
            match event {
                Event::SeqStart | Event::MapStart => depth += 1,
                Event::SeqEnd | Event::MapEnd => depth = depth.checked_sub(1).ok_or(Bail)?,
                Event::Scalar(..) | Event::Owned(_) => {}
            }
            if depth == 0 {
                return visitor.visit_unit();
            }
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value> {
        Err(Bail)
    }

    bail! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32
        deserialize_f64 deserialize_char deserialize_bytes deserialize_byte_buf
        deserialize_unit
    }
}

/// The entries of a sequence, up to its end.
struct Seq<'r, 'a> {
    events: &'r mut Events<'a>,
    empty: bool,
}

impl<'de> de::SeqAccess<'de> for Seq<'_, '_> {
    type Error = Bail;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.empty || self.events.peek() == Some(&Event::SeqEnd) {
            return Ok(None);
        }
        seed.deserialize(&mut *self.events).map(Some)
    }
}

/// The entries of a mapping, up to its end.
struct Map<'r, 'a> {
    events: &'r mut Events<'a>,
    empty: bool,
}

impl<'de> de::MapAccess<'de> for Map<'_, '_> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.empty || self.events.peek() == Some(&Event::MapEnd) {
            return Ok(None);
        }
        seed.deserialize(&mut *self.events).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.events)
    }
}

/// A unit variant named by the scalar that comes next.
struct UnitVariant<'r, 'a>(&'r mut Events<'a>);

impl<'de, 'r, 'a> de::EnumAccess<'de> for UnitVariant<'r, 'a> {
    type Error = Bail;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        Ok((seed.deserialize(&mut *self.0)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'_, '_> {
    type Error = Bail;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value> {
        Err(Bail)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(Bail)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value> {
        Err(Bail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_regular_shape_gives_the_events_libyaml_gives() {
        use Event::*;
        use Style::*;
        let text = "# c\na: 1 # n\nb:\n  # c\n  c: x y\n  d: \"q # r\"\ne: ['it''s', ~, -3]\nf: {g: h}\n\
                    h:\ni: |-\n  l1\n\n  l2\n\nj: ''\n";
        let events = scan(text).expect("regular");
        assert_eq!(
            events,
            [
                MapStart,
                Scalar("a", Plain),
                Scalar("1", Plain),
                Scalar("b", Plain),
                MapStart,
                Scalar("c", Plain),
                Scalar("x y", Plain),
                Scalar("d", Plain),
                Scalar("q # r", Quoted),
                MapEnd,
                Scalar("e", Plain),
                SeqStart,
                Owned("it's".into()),
                Scalar("~", Plain),
                Scalar("-3", Plain),
                SeqEnd,
                Scalar("f", Plain),
                MapStart,
                Scalar("g", Plain),
                Scalar("h", Plain),
                MapEnd,
                Scalar("h", Plain),
                Scalar("", Plain),
                Scalar("i", Plain),
                Owned("l1\n\nl2".into()),
                Scalar("j", Plain),
                Scalar("", Quoted),
                MapEnd,
            ]
        );
    }

    #[test]
    fn anything_else_is_left_to_the_full_path() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: !t 1\n",
            "a:\n  - 1\n",
            "a:\n- 1\n",
            "a: [1,\n  2]\n",
            "a: \"x\n  y\"\n",
            "a: x\n  y\n",
            "a: >\n  x\n",
            "a: |2\n   x\n",
            "a:\tx\n",
            "a: x\r\n",
            "---\na: 1\n",
            "a: 1\n...\n",
            "a: {b: {c: 1}}\n",
            "a: {b:1}\n",
            "a: {b: , c: 1}\n",
            "a: b: c\n",
            "a: x:\n",
            "a: \"x\\ty\"\n",
            "a: [1, 2,]\n",
            "a: [1, , 2]\n",
            "a: [[1]]\n",
            "a: 1\n b: 2\n",
            "  a: 1\n",
            "a: 1\n  # c\n  b\n",
            "\"a\": 1\n",
            "a : 1\n",
            "? a\n: 1\n",
            "a: -\n",
            "a: - 1\n",
            "a: %x\n",
            "a: @x\n",
            "a: \"x\"y\n",
            "a: [1]x\n",
            "a: 1 #c\n  b: 2\n",
            "# only a comment\n",
            "",
        ] {
            assert!(scan(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn numbers_are_read_as_serde_yaml_reads_them_or_left_to_it() {
        for (text, expected) in [
            ("0", Some(Ok(0))),
            ("12", Some(Ok(12))),
            ("-3", Some(Err(-3))),
            ("-0", Some(Err(0))),
            ("007", None),
            ("+5", None),
            ("1.5", None),
            ("1e3", None),
            ("0x1F", None),
            ("9999999999999999999", None),
            ("", None),
            ("-", None),
        ] {
            assert_eq!(small_int(text), expected, "{text}");
        }
    }
}
