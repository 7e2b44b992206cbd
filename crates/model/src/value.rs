//! Cell values: whole-number counts, exact money, calendar dates and fixed-width rows.
//!
//! Every value is read from the YAML scalar's own text, never through a float, so
//! `108426.00` stays `108426.00` and a count that is not a whole number is an error
//! that names what was written.

use std::fmt;
use std::num::NonZeroI64;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::message::Message;

/// The largest magnitude a count may have: the range of an unsigned 32-bit number.
pub const COUNT_MAX: i64 = u32::MAX as i64;

/// A whole number in a table cell.
///
/// Counts of requests, documents and decisions are never negative; the model keeps
/// the sign as written so that validation (rule `NEGATIVE`) can point at the cell,
/// and so that the one signed column (本年增/减) needs no separate type.
///
/// It is kept as `n + COUNT_OFFSET`, never zero, so that a blank cell (`Option<Count>`)
/// takes 8 bytes instead of 16: a report holds about 200 cells, and an archive keeps
/// every report in memory while it builds.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Count(NonZeroI64);

/// What [`Count`] adds to its number: above [`COUNT_MAX`], so the sum is never zero, and
/// far below `i64::MAX`, so it never overflows; adding it keeps the order of counts.
const COUNT_OFFSET: i64 = 1 << 40;

impl Count {
    /// A count of `n`; `None` when `n` is outside ±[`COUNT_MAX`].
    pub fn new(n: i64) -> Option<Count> {
        // `unsigned_abs`: the magnitude of i64::MIN (`-9223372036854775808` in a cell)
        // does not fit an i64, and `abs` would overflow on it.
        if n.unsigned_abs() > COUNT_MAX.unsigned_abs() {
            return None;
        }
        NonZeroI64::new(n + COUNT_OFFSET).map(Count)
    }

    /// The number.
    pub fn get(self) -> i64 {
        self.0.get() - COUNT_OFFSET
    }
}

impl Default for Count {
    /// Zero.
    fn default() -> Count {
        Count(ZERO)
    }
}

/// Zero as a [`Count`] keeps it ([`COUNT_OFFSET`]); checked when compiling.
const ZERO: NonZeroI64 = NonZeroI64::new(COUNT_OFFSET).expect("COUNT_OFFSET is not zero");

impl fmt::Debug for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Count").field(&self.get()).finish()
    }
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.get())
    }
}

impl FromStr for Count {
    type Err = Message;

    fn from_str(text: &str) -> Result<Count, Message> {
        let t = text.trim();
        let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            let (why, why_zh) =
                if digits.contains('.') || digits.contains('e') || digits.contains('E') {
                    ("is not a whole number", "不是整数")
                } else {
                    ("is not a number", "不是数字")
                };
            return Err(Message::new(
                format!(
                    "`{t}` {why}: a count is a whole number such as 0 or 12 (write ~ for a blank cell)"
                ),
                format!("`{t}` {why_zh}：数量应为整数，如 0 或 12（空白单元格写 ~）"),
            ));
        }
        let too_large = || {
            Message::new(
                format!("`{t}` is too large for a count (at most {COUNT_MAX}); check for a typo"),
                format!("`{t}` 超出数量的上限（最大 {COUNT_MAX}）：请检查是否输错"),
            )
        };
        let n: i64 = t.trim_start_matches('+').parse().map_err(|_| too_large())?;
        Count::new(n).ok_or_else(too_large)
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Count, D::Error> {
        d.deserialize_str(ScalarText::<Count>::new("a count (a whole number)"))?
            .map_err(|m: Message| de::Error::custom(m.for_serde()))
    }
}

impl Serialize for Count {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.get())
    }
}

/// The currency unit written beside an amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum MoneyUnit {
    /// 元.
    #[serde(rename = "元")]
    Yuan,
    /// 万元 (ten thousand yuan).
    #[serde(rename = "万元")]
    WanYuan,
}

impl MoneyUnit {
    /// The unit as printed.
    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::WanYuan => "万元",
        }
    }
}

/// An exact amount of money, with the unit if one was written.
///
/// The decimal keeps the scale it was written with: `108426.00` prints as `108426.00`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Money {
    /// The amount, exactly as written.
    pub amount: Decimal,
    /// The unit, when the source names one; `None` means the template's own unit.
    pub unit: Option<MoneyUnit>,
}

impl Money {
    /// Whether the amount is below zero.
    pub fn is_negative(&self) -> bool {
        self.amount.is_sign_negative() && !self.amount.is_zero()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unit {
            Some(unit) => write!(f, "{}{}", self.amount, unit.label()),
            None => write!(f, "{}", self.amount),
        }
    }
}

impl FromStr for Money {
    type Err = Message;

    fn from_str(text: &str) -> Result<Money, Message> {
        let t = text.trim();
        let (number, unit) = if let Some(n) = t.strip_suffix("万元") {
            (n, Some(MoneyUnit::WanYuan))
        } else if let Some(n) = t.strip_suffix('元') {
            (n, Some(MoneyUnit::Yuan))
        } else {
            (t, None)
        };
        let number = number.trim().replace([',', '，'], "");
        let plain = number.strip_prefix(['-', '+']).unwrap_or(&number);
        let well_formed = !plain.is_empty()
            && plain.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && plain.bytes().filter(|&b| b == b'.').count() <= 1
            && plain.bytes().any(|b| b.is_ascii_digit());
        if !well_formed {
            return Err(Message::new(
                format!(
                    "`{t}` is not an amount of money: write digits with an optional decimal point \
                     and unit, such as 108426.00 or 3.5万元"
                ),
                format!("`{t}` 不是金额：请写数字，可带小数点和单位，如 108426.00 或 3.5万元"),
            ));
        }
        let amount = Decimal::from_str_exact(number.trim_start_matches('+')).map_err(|_| {
            Message::new(
                format!(
                    "`{t}` has too many digits for an exact amount (at most 28 significant digits)"
                ),
                format!("`{t}` 位数过多，无法精确表示（最多 28 位有效数字）"),
            )
        })?;
        Ok(Money { amount, unit })
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        d.deserialize_str(ScalarText::<Money>::new(
            "an amount of money such as 108426.00",
        ))?
        .map_err(|m: Message| de::Error::custom(m.for_serde()))
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A calendar date (year, month, day), as written in ISO form `2021-01-15`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

impl Date {
    /// A date, if it exists in the Gregorian calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// The date in Chinese, as printed under a signature: `2021年1月15日`.
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = Message;

    fn from_str(text: &str) -> Result<Date, Message> {
        let t = text.trim();
        let bad = || {
            Message::new(
                format!("`{t}` is not a date: write it as YYYY-MM-DD, such as 2021-01-15"),
                format!("`{t}` 不是日期：请按“年-月-日”的格式书写，如 2021-01-15"),
            )
        };
        let mut parts = t.splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) else {
            return Err(bad());
        };
        Date::new(y, m, d).ok_or_else(|| {
            Message::new(
                format!("`{t}` is not a day of the calendar"),
                format!("`{t}` 不是日历上存在的日期"),
            )
        })
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        d.deserialize_str(ScalarText::<Date>::new("a date such as 2021-01-15"))?
            .map_err(|m: Message| de::Error::custom(m.for_serde()))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A table row of exactly `N` cells; `None` is a blank cell, distinct from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Row<const N: usize>(pub [Option<Count>; N]);

impl<const N: usize> Serialize for Row<N> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter())
    }
}

impl<const N: usize> Default for Row<N> {
    fn default() -> Self {
        Row([Some(Count::default()); N])
    }
}

impl<const N: usize> Row<N> {
    /// The cell in column `i`.
    pub fn cell(&self, i: usize) -> Option<Count> {
        self.0.get(i).copied().flatten()
    }
}

impl<'de, const N: usize> Deserialize<'de> for Row<N> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Row<N>, D::Error> {
        struct RowVisitor<const N: usize>;
        impl<'de, const N: usize> Visitor<'de> for RowVisitor<N> {
            type Value = Row<N>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    "a row of {N} numbers in template order, such as [{}]",
                    zeros(N)
                )
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Row<N>, A::Error> {
                let mut cells = [None; N];
                for (i, cell) in cells.iter_mut().enumerate() {
                    match seq.next_element::<Option<Count>>()? {
                        Some(value) => *cell = value,
                        None => return Err(de::Error::custom(wrong_length::<N>(i))),
                    }
                }
                let mut extra = N;
                while seq.next_element::<de::IgnoredAny>()?.is_some() {
                    extra += 1;
                }
                if extra > N {
                    return Err(de::Error::custom(wrong_length::<N>(extra)));
                }
                Ok(Row(cells))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Row<N>, E> {
                if N == 1 {
                    let count = v.parse().map_err(|m: Message| E::custom(m.for_serde()))?;
                    return Ok(Row([Some(count); N]));
                }
                Err(E::invalid_type(de::Unexpected::Str(v), &self))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Row<N>, E> {
                if N == 1 {
                    return Ok(Row([None; N]));
                }
                Err(E::invalid_type(de::Unexpected::Unit, &self))
            }
        }
        if N == 1 {
            // A one-cell row may be written as a bare number.
            d.deserialize_any(OneCell(RowVisitor::<N>))
        } else {
            d.deserialize_seq(RowVisitor::<N>)
        }
    }
}

fn zeros(n: usize) -> String {
    vec!["0"; n].join(", ")
}

fn wrong_length<const N: usize>(found: usize) -> String {
    Message::new(
        format!(
            "this row has {found} numbers but the template has {N}: write [{}] with ~ for a blank cell",
            zeros(N)
        ),
        format!(
            "这一行有 {found} 个数字，而模板有 {N} 个：请写成 [{}]，空白单元格写 ~",
            zeros(N)
        ),
    )
    .for_serde()
}

/// Adapts a row visitor so that a bare scalar (a one-cell row) arrives as text.
struct OneCell<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for OneCell<V> {
    type Value = V::Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(seq)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.0.visit_str(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        self.0.visit_str(&v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.0.visit_str(&v.to_string())
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<V::Value, E> {
        self.0.visit_str(&v.to_string())
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<V::Value, E> {
        self.0.visit_str(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        // `{:?}` keeps the fraction visible (3.0), so it is refused as a count.
        self.0.visit_str(&format!("{v:?}"))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        self.0.visit_str(&v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }
}

/// Reads a scalar's text into `T` without copying it: the value is the parse's result,
/// whose error the caller raises after the deserializer has returned, where an error about
/// the text was raised when the text was copied (serde_yaml gives it the same place).
struct ScalarText<T>(&'static str, std::marker::PhantomData<T>);

impl<T> ScalarText<T> {
    fn new(expecting: &'static str) -> Self {
        ScalarText(expecting, std::marker::PhantomData)
    }
}

impl<T: FromStr<Err = Message>> Visitor<'_> for ScalarText<T> {
    type Value = Result<T, Message>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Result<T, Message>, E> {
        Ok(v.parse())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_count_costs_no_more_than_a_count() {
        assert_eq!(std::mem::size_of::<Option<Count>>(), 8);
        for n in [-COUNT_MAX, -1, 0, 1, COUNT_MAX] {
            let c = Count::new(n).expect("in range");
            assert_eq!(c.get(), n);
            assert_eq!(c.to_string(), n.to_string());
            assert_eq!(format!("{c:?}"), format!("Count({n})"));
        }
        assert_eq!(Count::default().get(), 0);
        assert!(Count::new(COUNT_MAX + 1).is_none() && Count::new(i64::MIN).is_none());
        // The one i64 whose magnitude an i64 cannot hold is too large, not a negative count.
        let min = "-9223372036854775808".parse::<Count>();
        assert!(min.is_err_and(|m| m.en.contains("too large")));
        let (a, b) = (Count::new(-2), Count::new(3));
        assert!(a < b && a.max(b) == b, "counts order by their numbers");
    }

    #[test]
    fn counts_parse_whole_numbers_only() {
        assert_eq!("12".parse::<Count>().map(Count::get), Ok(12));
        assert_eq!("-3".parse::<Count>().map(Count::get), Ok(-3));
        assert!(
            "1.5"
                .parse::<Count>()
                .unwrap_err()
                .en
                .contains("not a whole number")
        );
        assert!(
            "abc"
                .parse::<Count>()
                .unwrap_err()
                .en
                .contains("not a number")
        );
        assert!(
            "4294967296"
                .parse::<Count>()
                .unwrap_err()
                .en
                .contains("too large")
        );
        assert!(
            "99999999999999999999999"
                .parse::<Count>()
                .unwrap_err()
                .en
                .contains("too large")
        );
        assert_eq!("4294967295".parse::<Count>().map(Count::get), Ok(COUNT_MAX));
    }

    #[test]
    fn money_keeps_its_written_scale_and_unit() {
        let m: Money = "108426.00".parse().unwrap();
        assert_eq!(m.to_string(), "108426.00");
        assert_eq!(m.unit, None);
        let m: Money = "12.345678万元".parse().unwrap();
        assert_eq!(m.to_string(), "12.345678万元");
        let m: Money = "1,200 元".parse().unwrap();
        assert_eq!(m.to_string(), "1200元");
        assert!("12.3.4".parse::<Money>().is_err());
        assert!("".parse::<Money>().is_err());
        assert!("-1".parse::<Money>().unwrap().is_negative());
        assert!(!"-0".parse::<Money>().unwrap().is_negative());
    }

    #[test]
    fn dates_exist_in_the_calendar() {
        assert_eq!(
            "2021-01-15".parse::<Date>().unwrap().chinese(),
            "2021年1月15日"
        );
        assert!("2021-02-29".parse::<Date>().is_err());
        assert!("2020-02-29".parse::<Date>().is_ok());
        assert!("15/01/2021".parse::<Date>().is_err());
    }

    #[test]
    fn rows_have_exactly_their_width() {
        let row: Row<3> = serde_yaml::from_str("[1, ~, 3]").unwrap();
        assert_eq!(row.0, [Count::new(1), None, Count::new(3)]);
        let short = serde_yaml::from_str::<Row<3>>("[1, 2]")
            .unwrap_err()
            .to_string();
        assert!(
            short.contains("has 2 numbers but the template has 3"),
            "{short}"
        );
        let long = serde_yaml::from_str::<Row<3>>("[1, 2, 3, 4]")
            .unwrap_err()
            .to_string();
        assert!(long.contains("has 4 numbers"), "{long}");
        let one: Row<1> = serde_yaml::from_str("7").unwrap();
        assert_eq!(one.cell(0).map(Count::get), Some(7));
        let one: Row<1> = serde_yaml::from_str("[7]").unwrap();
        assert_eq!(one.cell(0).map(Count::get), Some(7));
        assert!(serde_yaml::from_str::<Row<1>>("3.0").is_err());
        let blank: Row<1> = serde_yaml::from_str("~").unwrap();
        assert_eq!(blank.0, [None]);
    }
}
