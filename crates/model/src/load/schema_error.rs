//! Explaining a file that is YAML but not a report: serde's message located, translated
//! into Chinese, and given a hint (a "did you mean" for a misspelt key).

use std::path::Path;

use super::{LoadError, LoadErrorKind};
use crate::message::Message;
use crate::source_map::{SourceMap, Span};

/// The error of a file that is well-formed YAML but not a report, located at the value
/// serde stopped at, in both languages, with a hint.
pub(super) fn schema_error(
    path: &Path,
    text: &str,
    map: &SourceMap,
    e: &serde_yaml::Error,
) -> LoadError {
    let full = e.to_string();
    let raw = match (e.location(), full.rfind(" at line ")) {
        (Some(_), Some(cut)) => &full[..cut],
        _ => full.as_str(),
    };
    // Our own deserializers send both languages; serde's and serde_yaml's speak English.
    let (english, chinese) = Message::split(raw);
    let message = english.to_owned();
    let kind = if message.contains("repetition limit") || message.contains("recursion limit") {
        LoadErrorKind::Aliases
    } else {
        LoadErrorKind::Schema
    };
    let (key, body) = match message.split_once(": ") {
        Some((key, body)) if !key.contains(' ') && !key.contains('`') => (Some(key), body),
        _ => (None, message.as_str()),
    };
    let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    let zh = chinese.map_or_else(|| serde_zh(body, line, column), str::to_owned);
    let zh = match key {
        Some(key) => format!("`{key}`：{zh}"),
        None => zh,
    };
    let mut err = LoadError::new(path, kind, Message::new(message.clone(), zh)).with_text(text);
    // serde_yaml prefixes the message with the value's path (`table2.fees: …`); the
    // source map locates that value exactly, which serde_yaml's own mark does not always.
    let by_path = message
        .split_once(": ")
        .filter(|_| !message.contains("unknown field") && !message.contains("missing field"))
        .and_then(|(path, _)| map.value(path));
    if let Some(span) = by_path {
        err = err.at(narrow(text, map, span, &message));
    } else if let Some(loc) = e.location() {
        let start = map
            .lines()
            .offset(text, loc.line(), loc.column().saturating_sub(1));
        let end = text[start..]
            .find(['\n', ',', ']', ':'])
            .map_or(text.len(), |n| start + n)
            .max(start + 1)
            .min(text.len());
        err = err.at(map.lines().span(text, start, end));
    }
    if let Some(field) = message
        .split("duplicate field `")
        .nth(1)
        .and_then(|s| s.split('`').next())
    {
        let parent = message
            .split_once(": duplicate field")
            .map(|(p, _)| p)
            .filter(|p| !p.contains(' '));
        let path = parent.map_or_else(|| field.to_owned(), |p| format!("{p}.{field}"));
        if let Some(span) = map.duplicate_key(&path) {
            err = err.at(span);
        }
        return err.help(Message::new(
            format!("`{field}` is written twice here: keep one"),
            format!("`{field}` 在这里写了两次：只保留一个"),
        ));
    }
    let help = if kind == LoadErrorKind::Aliases {
        Message::new(
            "this file expands YAML aliases (*name) or nesting far beyond any report: write the values out",
            "此文件的别名（*name）展开或嵌套层次远超任何报告：请把各个值直接写出来",
        )
    } else if message.contains("unknown field") {
        unknown_field_help(&message)
    } else if let Some(field) = message
        .split("missing field `")
        .nth(1)
        .and_then(|s| s.split('`').next())
    {
        Message::new(
            format!(
                "add `{field}:`; `ogi new` writes a complete report and docs/content-format.md lists every key"
            ),
            format!(
                "请添加 `{field}:`；`ogi new` 会生成一份完整的报告，docs/content-format.md 列出了所有键"
            ),
        )
    } else {
        Message::new(
            "see docs/content-format.md for what this key holds",
            "此键应写什么，见 docs/content-format.md",
        )
    };
    err.help(help)
}

/// The Chinese of a serde or serde_yaml error message (which only speak English), without
/// its key prefix: the common cases in an editor's terms, others as a general sentence
/// with the line and column.
fn serde_zh(body: &str, line: usize, column: usize) -> String {
    let quoted = |s: &str| s.split('`').nth(1).unwrap_or("").to_owned();
    if body.starts_with("unknown field `") {
        format!("未知的键 `{}`", quoted(body))
    } else if body.starts_with("missing field `") {
        format!("缺少键 `{}`", quoted(body))
    } else if body.starts_with("duplicate field `") {
        format!("键 `{}` 重复出现", quoted(body))
    } else if body.starts_with("unknown variant `") {
        let names: Vec<&str> = body.split('`').skip(1).step_by(2).collect();
        match names.split_first() {
            Some((found, allowed)) if !allowed.is_empty() => format!(
                "`{found}` 不是可用的取值，可选：{}",
                allowed
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            _ => format!("`{}` 不是可用的取值", quoted(body)),
        }
    } else if let Some(rest) = body.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        format!(
            "值的类型不对：应为{}，这里写的是{}",
            expected_zh(expected),
            found_zh(found)
        )
    } else if let Some(rest) = body.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        format!(
            "值不符合要求：应为{}，这里写的是{}",
            expected_zh(expected),
            found_zh(found)
        )
    } else if let Some(rest) = body.strip_prefix("invalid length ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        format!("项数不对：这里有 {found} 项，应为{}", expected_zh(expected))
    } else if body.contains("repetition limit") || body.contains("recursion limit") {
        "别名（*name）展开过多或嵌套过深".to_owned()
    } else if line > 0 {
        format!("内容不符合报告格式（第 {line} 行第 {column} 列）")
    } else {
        "内容不符合报告格式".to_owned()
    }
}

/// What serde says a value should be (`a row of 7 numbers…`), in Chinese.
fn expected_zh(expected: &str) -> String {
    if let Some(rest) = expected.strip_prefix("a row of ") {
        let n = rest.split(' ').next().unwrap_or("");
        if rest.contains("sub-rows") {
            return format!(
                "{n} 个数字组成的一行，或 overdue_correction、overdue_fee、other 三个子行"
            );
        }
        return match rest.split_once("such as ") {
            Some((_, example)) => format!("按模板顺序排列的 {n} 个数字，如 {example}"),
            None => format!("按模板顺序排列的 {n} 个数字"),
        };
    }
    let zh = if expected.starts_with("a count")
        || expected.starts_with("i")
        || expected.starts_with("u")
    {
        "整数"
    } else if expected.starts_with("a date") {
        "日期，如 2021-01-15"
    } else if expected.starts_with("an amount of money") {
        "金额，如 108426.00"
    } else if expected.starts_with("a string") {
        "文字"
    } else if expected.starts_with("a sequence") {
        "列表"
    } else if expected.starts_with("struct") || expected.starts_with("a map") {
        "若干“键: 值”"
    } else if expected.starts_with("a boolean") {
        "`true` 或 `false`"
    } else {
        "符合格式的值"
    };
    zh.to_owned()
}

/// What serde says a value is (`string "abc"`, `sequence`), in Chinese.
fn found_zh(found: &str) -> String {
    // The value as written, as code: it is the editor's own text.
    let value = |prefix: &str| {
        let v = found[prefix.len()..].trim_matches(['`', '"']);
        format!("`{v}`")
    };
    if found.starts_with("string ") {
        format!("文字 {}", value("string "))
    } else if found.starts_with("integer ") {
        format!("整数 {}", value("integer "))
    } else if found.starts_with("floating point ") {
        format!("小数 {}", value("floating point "))
    } else if found.starts_with("boolean ") {
        format!("布尔值 {}", value("boolean "))
    } else if found == "sequence" {
        "列表".to_owned()
    } else if found == "map" {
        "若干“键: 值”".to_owned()
    } else if found == "unit value" || found == "null" {
        "空值".to_owned()
    } else {
        "其他类型的值".to_owned()
    }
}

/// Narrows `span` to the value the message quotes (`4.5` in a row), if it stands on the span's line.
fn narrow(text: &str, map: &SourceMap, span: Span, message: &str) -> Span {
    let Some(quoted) = message.split('`').nth(1).filter(|q| !q.is_empty()) else {
        return span;
    };
    let line_end = text[span.start..]
        .find('\n')
        .map_or(text.len(), |i| span.start + i);
    let row = &text[span.start..line_end];
    let found = row.match_indices(quoted).find(|(i, _)| {
        let before = row[..*i].chars().next_back();
        let after = row[i + quoted.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '.')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '.')
    });
    match found {
        Some((i, _)) => map
            .lines()
            .span(text, span.start + i, span.start + i + quoted.len()),
        None => span,
    }
}

/// "did you mean" for serde's `unknown field `x`, expected one of `a`, `b`` message.
pub(super) fn unknown_field_help(message: &str) -> Message {
    let names: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let Some((unknown, expected)) = names.split_first() else {
        return Message::new("remove the key or fix its spelling", "请删除该键或改正拼写");
    };
    match suggest(unknown, expected) {
        Some(best) => Message::new(
            format!("did you mean `{best}`?"),
            format!("是否应为 `{best}`？"),
        ),
        None => Message::new(
            format!("remove the key or use one of: {}", expected.join(", ")),
            format!("请删除该键，或改用以下之一：{}", expected.join("、")),
        ),
    }
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
