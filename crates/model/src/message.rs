//! Text for people in the two languages ogi speaks. Each message is written once, where it
//! is made, with its English and its Chinese side by side, so the two cannot drift apart.

use std::fmt;

use serde::{Serialize, Serializer};

/// A language of messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English: the default of the command line.
    #[default]
    En,
    /// Simplified Chinese: public pages, the preview overlay, and a Chinese locale.
    Zh,
}

/// One message in English and in Chinese.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Message {
    /// The English text.
    pub en: String,
    /// The Chinese text.
    pub zh: String,
}

/// Separates the two languages of a message that has to travel through serde's
/// `Error::custom` (a plain string) from a deserializer back to [`crate::LoadError`].
const SERDE_SEPARATOR: char = '\u{1f}';

impl Message {
    /// A message from its English and its Chinese.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Message {
        Message {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// Text that reads the same in both languages, such as `一、本年新收 = 4` or a path.
    pub fn same(text: impl Into<String>) -> Message {
        let text = text.into();
        Message {
            en: text.clone(),
            zh: text,
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }

    /// Both languages in one string, for `serde::de::Error::custom`; [`Message::split`]
    /// takes it apart again.
    pub(crate) fn for_serde(&self) -> String {
        format!("{}{SERDE_SEPARATOR}{}", self.en, self.zh)
    }

    /// The English and, if `text` came from [`Message::for_serde`], the Chinese of `text`.
    pub(crate) fn split(text: &str) -> (&str, Option<&str>) {
        match text.split_once(SERDE_SEPARATOR) {
            Some((en, zh)) => (en, Some(zh)),
            None => (text, None),
        }
    }
}

/// English, as before messages had two languages (`ogi check --format json` keeps its shape).
impl Serialize for Message {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.en)
    }
}

/// English: for logs and errors that are not shown to readers of the site.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// The English words of `text`: runs of two or more ASCII letters, except inside `code`
/// spans, rule ids (`T3-BALANCE`, `错误[YAML-SYNTAX]`) and file names or paths (`2020.yaml`,
/// `content/…`). What a message meant for Chinese readers must not hold; the tests of every
/// crate that writes such messages ask it.
pub fn english_words(text: &str) -> Vec<String> {
    let outside_code: String = text.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    outside_code
        .split(|c: char| c.is_whitespace() || "：:，（）()[]“”".contains(c))
        .filter(|token| {
            let rule_id = token
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
            !rule_id && !token.contains(".yaml") && !token.contains('/')
        })
        .flat_map(|token| {
            token
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() >= 2)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_survives_serde_custom_errors() {
        let m = Message::new("bad", "不对");
        assert_eq!(Message::split(&m.for_serde()), ("bad", Some("不对")));
        assert_eq!(Message::split("plain"), ("plain", None));
        assert_eq!(m.get(Lang::Zh), "不对");
        assert_eq!(m.to_string(), "bad");
    }
}
