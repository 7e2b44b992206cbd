//! The outcomes of 三、本年度办理结果: what became of the requests handled, table 3's rows
//! （一） to （六）. Their labels are written here once; the row specs, the site's
//! statistics and charts, the rules reading the prose, the generator and the importer all
//! take them from [`Outcome`].

/// Declares [`Outcome`] from one line per outcome: YAML key, ordinal, short label and the
/// template's remark, so that each label is written once and its longer forms are joined
/// at compile time.
macro_rules! outcomes {
    ($($variant:ident = $key:literal, $ordinal:literal, $short:literal, $remark:literal;)+) => {
        /// An outcome of the requests handled: one of table 3's rows （一）–（六）, each
        /// with its sub-rows (the reasons of （三）, （四）, （五）, and （六） when split).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Outcome {
            $(
                #[doc = concat!($ordinal, $short, $remark, ".")]
                $variant,
            )+
        }

        impl Outcome {
            /// Every outcome, in template order (the order of the site's chart series).
            pub const ALL: [Outcome; 6] = [$(Outcome::$variant),+];

            /// The YAML key of its row or group below `table3`, such as `withheld`.
            pub const fn key(self) -> &'static str {
                match self {
                    $(Outcome::$variant => $key,)+
                }
            }

            /// The short label lists and prose use, such as `不予公开`.
            pub const fn short_label(self) -> &'static str {
                match self {
                    $(Outcome::$variant => $short,)+
                }
            }

            /// The ordinal and short label, such as `（二）部分公开`: the name of a group of
            /// rows, and of the outcome in messages.
            pub const fn heading(self) -> &'static str {
                match self {
                    $(Outcome::$variant => concat!($ordinal, $short),)+
                }
            }

            /// The label as the template prints it on the outcome's own row, remark
            /// included, such as `（二）部分公开（区分处理的，只计这一情形，不计其他情形）`.
            pub const fn label(self) -> &'static str {
                match self {
                    $(Outcome::$variant => concat!($ordinal, $short, $remark),)+
                }
            }
        }
    };
}

outcomes! {
    Granted = "granted", "（一）", "予以公开", "";
    PartlyGranted = "partly_granted", "（二）", "部分公开", "（区分处理的，只计这一情形，不计其他情形）";
    Withheld = "withheld", "（三）", "不予公开", "";
    Unavailable = "unavailable", "（四）", "无法提供", "";
    NotProcessed = "not_processed", "（五）", "不予处理", "";
    Other = "other", "（六）", "其他处理", "";
}

impl Outcome {
    /// The short labels of [`Outcome::ALL`], in that order: the columns of outcome tables
    /// and the series of outcome charts.
    pub const fn short_labels() -> [&'static str; 6] {
        let mut labels = [""; 6];
        let mut i = 0;
        while i < labels.len() {
            labels[i] = Outcome::ALL[i].short_label();
            i += 1;
        }
        labels
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_joined_from_one_definition() {
        assert_eq!(Outcome::Granted.label(), "（一）予以公开");
        assert_eq!(Outcome::PartlyGranted.heading(), "（二）部分公开");
        assert!(
            Outcome::PartlyGranted
                .label()
                .starts_with(Outcome::PartlyGranted.heading())
        );
        assert_eq!(Outcome::short_labels()[4], "不予处理");
        assert_eq!(Outcome::Other.key(), "other");
    }
}
